import { describe, expect, it } from 'vitest';
import { contentTypeRefusal, crossSiteRefusal } from './request-origin';

const own = 'https://preflight.example.com';
const h = (values: Record<string, string>) => new Headers(values);

describe('cross-site refusal', () => {
  it('lets same-origin browser requests and header-less clients through', () => {
    expect(crossSiteRefusal(h({ 'sec-fetch-site': 'same-origin' }), own)).toBeNull();
    expect(crossSiteRefusal(h({ origin: 'https://preflight.example.com' }), own)).toBeNull();
    expect(crossSiteRefusal(h({ origin: 'https://PREFLIGHT.example.com:443' }), own)).toBeNull();
    expect(crossSiteRefusal(h({}), own)).toBeNull();
  });

  it('refuses other sites, sibling subdomains, opaque and malformed origins', () => {
    for (const site of ['cross-site', 'same-site', 'none', '']) expect(crossSiteRefusal(h({ 'sec-fetch-site': site }), own)).toMatch(/other sites/);
    // Sec-Fetch-Site wins over a forged-looking Origin either way.
    expect(crossSiteRefusal(h({ 'sec-fetch-site': 'cross-site', origin: own }), own)).toMatch(/other sites/);
    for (const origin of ['https://evil.example', 'https://preflight.example.com.evil.example', 'http://preflight.example.com', 'https://preflight.example.com:8443', 'null', 'not a url', 'https://sub.preflight.example.com']) {
      expect(crossSiteRefusal(h({ origin }), own)).toMatch(/other sites/);
    }
  });
});

describe('content type', () => {
  it('accepts exactly the expected type, with parameters and in any case', () => {
    expect(contentTypeRefusal(h({ 'content-type': 'application/octet-stream' }), 'application/octet-stream')).toBeNull();
    expect(contentTypeRefusal(h({ 'content-type': 'Application/Octet-Stream; charset=binary' }), 'application/octet-stream')).toBeNull();
  });

  it('refuses the types a cross-site form can send without a preflight, and none', () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-streamx']) {
      expect(contentTypeRefusal(h({ 'content-type': type }), 'application/octet-stream')).toMatch(/Content-Type: application\/octet-stream/);
    }
    expect(contentTypeRefusal(h({}), 'application/octet-stream')).toMatch(/raw request body/);
  });
});
