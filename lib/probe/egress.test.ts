import { describe, expect, it } from 'vitest';
import { assertAddressAllowed, parseAllowHosts, parseProbeUrl, refusedRangeOf, resolvePinned, systemLookup } from './egress';
import { EgressRefusedError, type EgressPolicy } from './types';

const strict: EgressPolicy = { allowPrivate: false, allowHosts: [] };
const open: EgressPolicy = { allowPrivate: true, allowHosts: [] };

describe('parseAllowHosts', () => {
  it('accepts host names, IPs and CIDRs, trimmed and lower-cased, ignoring blank entries', () => {
    expect(parseAllowHosts(' App.Internal , 10.1.2.3,192.168.0.0/16, fd00::/8 ,[::1],')).toEqual(['app.internal', '10.1.2.3', '192.168.0.0/16', 'fd00::/8', '::1']);
    expect(parseAllowHosts(undefined)).toEqual([]);
    expect(parseAllowHosts('')).toEqual([]);
  });

  it.each([
    ['https://app.internal', /not a host name/],
    ['app.internal:8443', /no schemes, ports or paths/],
    ['app internal', /not a host name/],
    ['10.0.0.0/33', /not a CIDR/],
    ['10.0.0.0/', /not a CIDR/],
    ['example.com/8', /not a host name/],
    ['::1/129', /not a CIDR/],
    ['-bad.example', /not a host name/],
    ['1.2.3', /not a host name/],
    ['*', /not a host name/],
  ])('refuses %s', (entry, message) => {
    expect(() => parseAllowHosts(`ok.example,${entry}`)).toThrow(message);
  });
});

describe('refusedRangeOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['10.9.8.7', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fdab::1', 'private'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    // IPv4-mapped IPv6 must not slip past the IPv4 ranges.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:10.0.0.1', 'private'],
  ])('%s is %s', (address, range) => {
    expect(refusedRangeOf(address)).toBe(range);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(refusedRangeOf(address)).toBeNull();
  });
});

describe('assertAddressAllowed', () => {
  it('refuses loopback and private unless allowPrivate', () => {
    expect(() => assertAddressAllowed('127.0.0.1', 'localhost', strict)).toThrow(EgressRefusedError);
    expect(() => assertAddressAllowed('10.0.0.1', '10.0.0.1', strict)).toThrow(/private address/);
    expect(() => assertAddressAllowed('127.0.0.1', 'localhost', open)).not.toThrow();
    expect(() => assertAddressAllowed('10.0.0.1', '10.0.0.1', open)).not.toThrow();
    expect(() => assertAddressAllowed('8.8.8.8', 'dns.google', strict)).not.toThrow();
  });

  it('never opens link-local or metadata with allowPrivate', () => {
    expect(() => assertAddressAllowed('169.254.169.254', 'metadata', open)).toThrow(/cloud metadata.*--allow-private does not/);
    expect(() => assertAddressAllowed('fd00:ec2::254', 'fd00:ec2::254', open)).toThrow(/cloud metadata/);
    expect(() => assertAddressAllowed('fe80::1', 'fe80::1', open)).toThrow(/link-local/);
    expect(() => assertAddressAllowed('0.0.0.0', '0.0.0.0', open)).toThrow(/unspecified/);
  });

  it('opens exactly what an allowHosts entry names', () => {
    const byName: EgressPolicy = { allowPrivate: false, allowHosts: ['app.internal'] };
    expect(() => assertAddressAllowed('10.0.0.5', 'app.internal', byName)).not.toThrow();
    expect(() => assertAddressAllowed('10.0.0.5', 'other.internal', byName)).toThrow(EgressRefusedError);
    // A name never opens the metadata address it might be pointed at.
    expect(() => assertAddressAllowed('169.254.169.254', 'app.internal', byName)).toThrow(/cloud metadata/);

    const byCidr: EgressPolicy = { allowPrivate: false, allowHosts: ['10.1.0.0/16', '::1'] };
    expect(() => assertAddressAllowed('10.1.200.3', 'x', byCidr)).not.toThrow();
    expect(() => assertAddressAllowed('10.2.0.1', 'x', byCidr)).toThrow(EgressRefusedError);
    expect(() => assertAddressAllowed('::1', 'x', byCidr)).not.toThrow();
    expect(() => assertAddressAllowed('127.0.0.1', 'x', byCidr)).toThrow(EgressRefusedError);

    const metadataSpelledOut: EgressPolicy = { allowPrivate: false, allowHosts: ['169.254.169.254'] };
    expect(() => assertAddressAllowed('169.254.169.254', '169.254.169.254', metadataSpelledOut)).not.toThrow();
    expect(() => assertAddressAllowed('169.254.169.253', '169.254.169.253', metadataSpelledOut)).toThrow(/link-local/);
  });
});

describe('resolvePinned', () => {
  it('refuses when ANY answer is refused, even if the first is public', async () => {
    const lookup = async () => [{ address: '93.184.216.34', family: 4 }, { address: '169.254.169.254', family: 4 }];
    await expect(resolvePinned('evil.example', open, lookup)).rejects.toThrow(/169\.254\.169\.254 \(evil\.example resolves to it\).*cloud metadata/);
  });

  it('returns the first answer as the pin and does not look up IP literals', async () => {
    let calls = 0;
    const lookup = async () => {
      calls++;
      return [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800::1', family: 6 }];
    };
    expect(await resolvePinned('Example.COM', strict, lookup)).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await resolvePinned('[2606:4700::1111]', strict, lookup)).toEqual({ address: '2606:4700::1111', family: 6 });
    expect(calls).toBe(1);
  });

  it('refuses the real name localhost without allowPrivate and allows it with', async () => {
    await expect(resolvePinned('localhost', strict, systemLookup)).rejects.toThrow(/loopback/);
    expect((await resolvePinned('localhost', open, systemLookup)).address).toMatch(/^(127\.|::1$)/);
  });

  it('reports lookup failures and nonsense answers in words', async () => {
    const fails = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(resolvePinned('nowhere.invalid', strict, fails)).rejects.toThrow('could not resolve nowhere.invalid (ENOTFOUND)');
    await expect(resolvePinned('empty.example', strict, async () => [])).rejects.toThrow(/no addresses/);
    await expect(resolvePinned('odd.example', strict, async () => [{ address: 'not-an-ip', family: 4 }])).rejects.toThrow(/not an IP address/);
  });
});

describe('parseProbeUrl', () => {
  it('accepts http and https', () => {
    expect(parseProbeUrl('https://app.example/x?y=1').href).toBe('https://app.example/x?y=1');
    expect(parseProbeUrl('http://app.example:8080/').port).toBe('8080');
  });

  it.each([
    ['ftp://app.example/', /only https: and http:/],
    ['file:///etc/passwd', /only https: and http:/],
    ['javascript:alert(1)', /only https: and http:/],
    ['https://user:pw@app.example/', /user name or password/],
    ['https://user@app.example/', /user name or password/],
    ['httpsx://app.example/', /only https: and http:/],
    ['not a url', /not a valid URL/],
    ['//app.example/', /not a valid URL/],
  ])('refuses %s', (input, message) => {
    expect(() => parseProbeUrl(input)).toThrow(message);
  });
});
