import { describe, expect, it } from 'vitest';
import { broadScopeReason, externalAddresses, judgeAddress, runForgeChecks } from './forge';

const manifest = (permissions: string, extra = '') => ({
  name: 'manifest.yml',
  text: `modules:\n  jira:issuePanel:\n    - key: panel\n      resource: main\n      title: Panel\napp:\n  id: ari:cloud:ecosystem::app/0000\n  runtime:\n    name: nodejs22.x\n${extra}permissions:\n${permissions}`,
});

function run(text: { name?: string; text: string } | undefined) {
  const [egress, scopes] = runForgeChecks(text);
  if (!egress || !scopes) throw new Error('expected two results');
  return { egress, scopes };
}

describe('runForgeChecks', () => {
  it('returns forge.egress then forge.scopes, skipped without a manifest', () => {
    const results = runForgeChecks(undefined);
    expect(results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['forge.egress', 'skip', 'no Forge manifest given'],
      ['forge.scopes', 'skip', 'no Forge manifest given'],
    ]);
    expect(results[0]?.items).toEqual(['egress-domain-allowlist']);
  });

  it('passes a manifest with named https hosts and narrow scopes, listing them', () => {
    const { egress, scopes } = run(
      manifest(`  scopes:\n    - read:jira-work\n    - write:jira-work\n    - storage:app\n  external:\n    fetch:\n      backend:\n        - api.example.com\n        - address: https://hooks.example.com\n      client:\n        - https://cdn.example.com\n    images:\n      - https://img.example.com\n`),
    );
    expect(egress.status).toBe('pass');
    expect(egress.summary).toBe('The manifest allows egress only to named https hosts: api.example.com, https://hooks.example.com, https://cdn.example.com, https://img.example.com.');
    expect(egress.proof).toEqual([
      'permissions.external.fetch.backend[0]: api.example.com',
      'permissions.external.fetch.backend[1]: https://hooks.example.com',
      'permissions.external.fetch.client[0]: https://cdn.example.com',
      'permissions.external.images[0]: https://img.example.com',
    ]);
    expect(scopes.status).toBe('pass');
    expect(scopes.summary).toBe('The manifest requests read:jira-work, write:jira-work, storage:app; none of them is broad.');
  });

  it('passes a manifest with no external permissions and no scopes, saying so', () => {
    const { egress, scopes } = run(manifest('  {}\n'));
    expect(egress).toMatchObject({ status: 'pass', summary: expect.stringContaining('no external permissions') });
    expect(scopes).toMatchObject({ status: 'pass', summary: 'The manifest requests no scopes.' });
  });

  it('warns on sub-domain wildcards and fails a bare *', () => {
    const wild = run(manifest(`  external:\n    fetch:\n      backend:\n        - '*.example.com'\n        - https://*.cdn.example.net\n`)).egress;
    expect(wild.status).toBe('warn');
    expect(wild.summary).toContain('*.example.com (wildcard: any subdomain of example.com can be reached)');
    expect(wild.summary).toContain('https://*.cdn.example.net');
    const bare = run(manifest(`  external:\n    fetch:\n      client:\n        - '*'\n        - ok.example.com\n`)).egress;
    expect(bare.status).toBe('fail');
    expect(bare.summary).toContain('* (allows every host on the internet)');
    expect(bare.proof).toContain('permissions.external.fetch.client[1]: ok.example.com');
  });

  it('fails plain http anywhere under external, including resolved remotes', () => {
    const { egress } = run(
      manifest(`  external:\n    scripts:\n      - http://scripts.example.com\n    fetch:\n      backend:\n        - remote: legacy\n`, `remotes:\n  - key: legacy\n    baseUrl: http://legacy.example.com\n`),
    );
    expect(egress.status).toBe('fail');
    expect(egress.proof).toContain('permissions.external.fetch.backend[0] (remote legacy): http://legacy.example.com (fail: plain http: the traffic and any token in it can be read and changed on the way)');
    expect(egress.summary).toContain('http://scripts.example.com');
  });

  it('warns about entries it cannot read instead of passing them', () => {
    const { egress } = run(manifest(`  external:\n    fetch:\n      backend:\n        - remote: missing\n        - 42\n    frames: not-a-list\n`));
    expect(egress.status).toBe('warn');
    expect(egress.proof).toEqual([
      'unreadable: permissions.external.fetch.backend[0] names remote "missing", which the manifest does not define',
      'unreadable: permissions.external.fetch.backend[1] has no address',
      'unreadable: permissions.external.frames is not a list',
    ]);
  });

  it('warns on broad scopes, each with its reason', () => {
    const { scopes } = run(manifest(`  scopes:\n    - read:jira-work\n    - manage:jira-configuration\n    - read:jira-user\n    - write:confluence-content\n    - delete:page:confluence\n    - read:audit-log:admin\n    - write:permission:confluence\n`));
    expect(scopes.status).toBe('warn');
    expect(scopes.proof).toEqual([
      'scopes: read:jira-work, manage:jira-configuration, read:jira-user, write:confluence-content, delete:page:confluence, read:audit-log:admin, write:permission:confluence',
      'manage:jira-configuration: manages site, project or webhook configuration',
      'read:jira-user: reads personal data of users',
      'delete:page:confluence: can delete data',
      'read:audit-log:admin: administrative access',
      'write:permission:confluence: changes who can do what (permissions, groups, users)',
    ]);
    expect(scopes.summary).not.toContain('read:jira-work');
    expect(scopes.summary).not.toContain('write:confluence-content');
  });

  it('ends both as error, in words, for YAML that does not parse or is not a mapping', () => {
    const broken = runForgeChecks({ name: 'manifest.yml', text: 'permissions:\n  scopes: [read:jira-work\n' });
    expect(broken.map((r) => r.status)).toEqual(['error', 'error']);
    expect(broken[0]?.summary).toMatch(/^manifest.yml is not valid YAML: .+/);
    expect(broken[0]?.summary).not.toContain('\n');
    const list = runForgeChecks({ text: '- a\n- b\n' });
    expect(list[1]?.summary).toBe('manifest.yml should be a YAML mapping (app:, modules:, permissions: …), but it is something else.');
    const wrongScopes = run(manifest('  scopes: read:jira-work\n')).scopes;
    expect(wrongScopes).toMatchObject({ status: 'error', summary: 'permissions.scopes should be a list of scope names.' });
  });

  it('refuses alias bombs rather than expanding them', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    expect(runForgeChecks({ text: bomb }).map((r) => r.status)).toEqual(['error', 'error']);
  });
});

describe('judgeAddress and broadScopeReason', () => {
  it('judges each address shape', () => {
    expect(judgeAddress('api.example.com').status).toBe('ok');
    expect(judgeAddress('https://api.example.com/path').status).toBe('ok');
    expect(judgeAddress('wss://socket.example.com').status).toBe('ok');
    expect(judgeAddress('HTTP://api.example.com').status).toBe('fail');
    expect(judgeAddress('https://*').status).toBe('fail');
    expect(judgeAddress('*.example.com').status).toBe('warn');
    expect(judgeAddress('ftp://files.example.com').status).toBe('warn');
  });

  it('leaves narrow scopes alone', () => {
    for (const scope of ['read:jira-work', 'write:jira-work', 'storage:app', 'read:confluence-content.summary', 'read:page:confluence']) expect(broadScopeReason(scope)).toBeNull();
    expect(broadScopeReason('write:jira-configuration')).toBe('changes the site’s configuration');
  });

  it('reads string and {address} entries from every external list', () => {
    expect(externalAddresses({ fonts: [{ address: 'https://fonts.example.com' }], fetch: { backend: ['a.example.com'] } }, undefined).addresses.map((a) => a.from)).toEqual([
      'permissions.external.fonts[0]',
      'permissions.external.fetch.backend[0]',
    ]);
  });
});
