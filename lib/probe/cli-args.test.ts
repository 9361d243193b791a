import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseHeader, targetFromArgs, UsageError } from './cli-args';

const run = (argv: string[], env: Record<string, string> = {}) => {
  const a = parseCliArgs(argv, env);
  if (a.kind !== 'run') throw new Error('expected a run');
  return a;
};

describe('parseCliArgs', () => {
  it('reads every option, in either spelling', () => {
    const a = run([
      'https://app.example/',
      '--descriptor=https://app.example/d.json',
      '--manifest',
      'manifest.yml',
      '--ca',
      'a.pem',
      '--ca=b.pem',
      '--allow-private',
      '--header',
      'Authorization: Bearer abc:def',
      '--auth-url',
      'https://app.example/me',
      '--host',
      'api.example',
      '--host',
      'cdn.example:8443',
      '--http-port',
      '8080',
      '--format',
      'json',
    ]);
    expect(a).toEqual({
      kind: 'run',
      url: 'https://app.example/',
      descriptor: { kind: 'url', url: 'https://app.example/d.json' },
      manifest: 'manifest.yml',
      ca: ['a.pem', 'b.pem'],
      allowPrivate: true,
      header: { name: 'Authorization', value: 'Bearer abc:def' },
      authUrl: 'https://app.example/me',
      hosts: ['api.example', 'cdn.example:8443'],
      httpPort: 8080,
      format: 'json',
    });
  });

  it('has quiet defaults', () => {
    expect(run(['https://app.example/'])).toEqual({ kind: 'run', url: 'https://app.example/', descriptor: undefined, manifest: undefined, ca: [], allowPrivate: false, header: undefined, authUrl: undefined, hosts: [], httpPort: undefined, format: 'text' });
  });

  it('tells a descriptor file from a URL and from none', () => {
    expect(run(['https://a.example/', '--descriptor', './atlassian-connect.json']).descriptor).toEqual({ kind: 'file', path: './atlassian-connect.json' });
    expect(run(['https://a.example/', '--descriptor', 'none']).descriptor).toEqual({ kind: 'none' });
  });

  it('takes the header from PROBE_AUTH_HEADER so it stays out of the process list', () => {
    expect(run(['https://a.example/', '--auth-url', 'https://a.example/me'], { PROBE_AUTH_HEADER: 'Cookie: s=1' }).header).toEqual({ name: 'Cookie', value: 's=1' });
  });

  it('answers --help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['https://a.example/', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /give the https URL/],
    [['http://a.example/'], /must be https/],
    [['a.example'], /not a URL/],
    [['https://a.example/', 'https://b.example/'], /one URL only/],
    [['https://a.example/', '--bogus'], /unknown option --bogus/],
    [['https://a.example/', '--format', 'xml'], /json or text/],
    [['https://a.example/', '--format'], /--format needs a value/],
    [['https://a.example/', '--host', '--allow-private'], /--host needs a value/],
    [['https://a.example/', '--http-port', '0'], /port number/],
    [['https://a.example/', '--http-port', '80x'], /port number/],
    [['https://a.example/', '--http-port', '65536'], /port number/],
    [['https://a.example/', '--header', 'Cookie: s=1'], /needs --auth-url/],
    [['https://a.example/', '--auth-url', 'https://a.example/me'], /needs --header/],
    [['https://a.example/', '--header', 'Cookie: s=1', '--auth-url', 'http://a.example/me'], /must be https/],
    [['https://a.example/', '--header', 'no-colon-secret', '--auth-url', 'https://a.example/me'], /'Name: value'/],
    [['https://a.example/', '--format', 'json', '--format', 'text'], /once/],
    [['https://a.example/', '--allow-private=yes'], /takes no value/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('never echoes a malformed header value', () => {
    expect(() => parseHeader('Bearer super-secret-token')).toThrow(/^(?!.*super-secret)/);
    try {
      parseHeader('Bearer super-secret-token');
    } catch (e) {
      expect((e as Error).message).not.toContain('super-secret');
    }
  });
});

describe('targetFromArgs', () => {
  const files: Record<string, string> = { 'dir/atlassian-connect.json': '{"key":"x"}', 'm/manifest.yml': 'app: {}', 'ca.pem': '-----BEGIN CERTIFICATE-----' };
  const read = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return files[p]!;
  };

  it('reads the named files into the target', () => {
    const t = targetFromArgs(
      run(['https://a.example/', '--descriptor', 'dir/atlassian-connect.json', '--manifest', 'm/manifest.yml', '--ca', 'ca.pem', '--header', 'Cookie: s=1', '--auth-url', 'https://a.example/me', '--host', 'b.example', '--http-port', '8080']),
      read,
    );
    expect(t).toEqual({
      baseUrl: 'https://a.example/',
      extraHosts: ['b.example'],
      httpPort: 8080,
      descriptor: { kind: 'inline', text: '{"key":"x"}', name: 'atlassian-connect.json' },
      manifest: { text: 'app: {}', name: 'manifest.yml' },
      authenticated: { url: 'https://a.example/me', header: { name: 'Cookie', value: 's=1' } },
      ca: ['-----BEGIN CERTIFICATE-----'],
    });
  });

  it('turns an unreadable file into a usage error naming it', () => {
    expect(() => targetFromArgs(run(['https://a.example/', '--manifest', 'nope.yml']), read)).toThrow(/cannot read the manifest nope\.yml: ENOENT/);
  });
});
