import { describe, expect, it } from 'vitest';
import { collectAppUrls, fillContextVariables, findModuleUrls, resolveAppUrl } from './connect-urls';

// Shaped like real Jira and Confluence descriptors: module arrays, single-object modules, nested url fields.
const modules = {
  generalPages: [
    { key: 'main', name: { value: 'Main' }, url: '/main?project={project.key}', icon: { url: '/img/icon.png' } },
    { key: 'help', name: { value: 'Help' }, url: '/main?project={project.key}' },
  ],
  webPanels: [{ key: 'panel', location: 'atl.jira.view.issue.right.context', url: 'panel/{issue.id}' }],
  webhooks: [
    { event: 'jira:issue_created', url: '/hooks/created' },
    { event: 'jira:issue_updated', url: '/hooks/updated?user_id=${user.id}' },
  ],
  postInstallPage: { key: 'welcome', name: { value: 'Welcome' }, url: '/welcome' },
  configurePage: { key: 'config', url: '/configure{condition.is_admin}' },
  jiraWorkflowPostFunctions: [
    { key: 'pf', create: { url: '/pf/create' }, edit: { url: '/pf/edit' }, view: { url: '/pf/view' }, triggered: { url: '/pf/triggered' } },
  ],
  dynamicContentMacros: [
    {
      key: 'macro',
      url: '/macro?id={macro.id}#top',
      editor: { url: '/macro-editor' },
      imagePlaceholder: { url: '/placeholder.png' },
      documentation: { url: 'https://docs.example.com/macro' },
      renderModes: { default: { url: '/macro-static' } },
    },
  ],
  webItems: [
    { key: 'product-link', context: 'product', url: '/secure/Dashboard.jspa' },
    { key: 'app-link', context: 'addon', url: '/from-item' },
    { key: 'absolute-same', url: 'https://app.example.com/connect/absolute' },
    { key: 'absolute-other', url: 'https://other.example.org/page' },
  ],
  jiraIssueGlances: [{ key: 'glance', target: { type: 'web_panel', url: '/glance' } }],
};

describe('findModuleUrls', () => {
  it('finds url fields at any depth, in arrays and single objects, and skips icons, docs and product links', () => {
    const raws = findModuleUrls(modules).map((d) => d.raw);
    expect(raws).toEqual([
      '/main?project={project.key}',
      '/main?project={project.key}',
      'panel/{issue.id}',
      '/hooks/created',
      '/hooks/updated?user_id=${user.id}',
      '/welcome',
      '/configure{condition.is_admin}',
      '/pf/create',
      '/pf/edit',
      '/pf/view',
      '/pf/triggered',
      '/macro?id={macro.id}#top',
      '/macro-editor',
      '/macro-static',
      '/from-item',
      'https://app.example.com/connect/absolute',
      'https://other.example.org/page',
      '/glance',
    ]);
    expect(raws).not.toContain('/img/icon.png');
    expect(raws).not.toContain('/placeholder.png');
    expect(raws).not.toContain('/secure/Dashboard.jspa');
  });

  it('names where each URL was declared', () => {
    const found = findModuleUrls(modules);
    expect(found.find((d) => d.raw === '/welcome')?.from).toBe('modules.postInstallPage.url');
    expect(found.find((d) => d.raw === '/pf/edit')?.from).toBe('modules.jiraWorkflowPostFunctions[0].edit.url');
  });

  it('ignores non-string url values and non-object modules', () => {
    expect(findModuleUrls({ generalPages: [{ url: 42 }, null, 'x'], webhooks: 7 })).toEqual([]);
    expect(findModuleUrls(undefined)).toEqual([]);
  });
});

describe('fillContextVariables', () => {
  it('gives conditions true, ids a number and everything else a plain word', () => {
    expect(fillContextVariables('/p?k={project.key}&i={issue.id}&c={condition.is_admin}&u=${user.accountId}')).toBe('/p?k=preflight&i=10000&c=true&u=preflight');
    // Two variables on one line are two replacements, not one greedy match.
    expect(fillContextVariables('/{a}/{b}')).toBe('/preflight/preflight');
  });
});

describe('resolveAppUrl and collectAppUrls', () => {
  it('hangs relative URLs off baseUrl including its path, with or without slashes', () => {
    expect(resolveAppUrl('/page', 'https://app.example.com/connect/')?.href).toBe('https://app.example.com/connect/page');
    expect(resolveAppUrl('page', 'https://app.example.com/connect')?.href).toBe('https://app.example.com/connect/page');
    expect(resolveAppUrl('https://app.example.com/x#frag', 'https://app.example.com/connect')?.href).toBe('https://app.example.com/x');
    expect(resolveAppUrl('http://[bad', 'https://app.example.com')).toBeNull();
  });

  it('dedupes, keeps the baseUrl origin only and reports what it left out', () => {
    const { urls, skipped } = collectAppUrls(findModuleUrls(modules), 'https://app.example.com/connect');
    const hrefs = urls.map((u) => u.url);
    expect(hrefs).toContain('https://app.example.com/connect/main?project=preflight');
    expect(hrefs).toContain('https://app.example.com/connect/panel/10000');
    expect(hrefs).toContain('https://app.example.com/connect/hooks/updated?user_id=10000');
    expect(hrefs).toContain('https://app.example.com/connect/configuretrue');
    expect(hrefs).toContain('https://app.example.com/connect/macro?id=10000');
    expect(hrefs).toContain('https://app.example.com/connect/absolute');
    expect(hrefs).not.toContain('https://other.example.org/page');
    expect(new Set(hrefs).size).toBe(hrefs.length);
    expect(urls).toHaveLength(16);
    expect(urls.find((u) => u.url.endsWith('/main?project=preflight'))?.from).toEqual(['modules.generalPages[0].url', 'modules.generalPages[1].url']);
    expect(skipped).toEqual([{ raw: 'https://other.example.org/page', from: 'modules.webItems[3].url', reason: 'not on https://app.example.com' }]);
  });
});
