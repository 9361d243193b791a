import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('Orbit-Lantern-42-Quietly');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Orbit-Lantern-42-Quietly', hash)).toBe(true);
    expect(await verifyPassword('Orbit-Lantern-42-quietly', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['short', 'Use at least 12 characters.'],
    ['x'.repeat(257), 'Use at most 256 characters.'],
    ['password1234', 'This password is on a list of commonly used passwords. Choose another.'],
    ['qwerty123456', 'This password is on a list of commonly used passwords. Choose another.'],
    ['Football2024!!', 'This password is on a list of commonly used passwords. Choose another.'],
    ['aaaaaaaaaaaaaaaa', 'This password repeats too few characters. Choose another.'],
  ])('refuses %s', (pw, message) => {
    expect(passwordProblem(pw)).toBe(message);
  });

  it('refuses a password containing the email name', () => {
    expect(passwordProblem('ada.lovelace-rocks-2026', { email: 'ada.lovelace@example.com' })).toBe('The password must not contain your email address.');
  });

  it('accepts a long uncommon passphrase', () => {
    expect(passwordProblem('Orbit-Lantern-42-Quietly', { email: 'ada@example.com' })).toBeNull();
  });
});
