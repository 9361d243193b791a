import { describe, expect, it } from 'vitest';
import { baseUrlProblem } from './base-url';

describe('base URL rule', () => {
  it.each(['https://app.example.com', 'https://app.example.com:8443/base', 'http://localhost:8080', 'http://127.0.0.1', 'http://my-app.localhost'])('accepts %s', (u) => {
    expect(baseUrlProblem(u)).toBeNull();
  });
  it.each([
    ['http://app.example.com', 'Use https. Plain http is only accepted for localhost.'],
    ['ftp://app.example.com', 'Use an https:// address.'],
    ['javascript:alert(1)', 'Use an https:// address.'],
    ['app.example.com', 'Enter a full address like https://app.example.com.'],
    ['https://user:pw@app.example.com', 'Leave credentials out of the address.'],
  ])('refuses %s', (u, message) => {
    expect(baseUrlProblem(u)).toBe(message);
  });
});
