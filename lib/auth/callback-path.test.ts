import { describe, expect, it } from 'vitest';
import { callbackBypasses } from '@/lib/testing/callback-bypasses';
import { safeCallbackPath } from './callback-path';

const ORIGIN = 'http://localhost:3310';

/** What a browser does with our Location header or window.location.assign: resolve it against the page. */
function landsOn(path: string): string {
  return new URL(path, `${ORIGIN}/login`).origin;
}

describe('sign-in callback path', () => {
  it.each(callbackBypasses(ORIGIN).map((b) => [JSON.stringify(b).slice(0, 80), b]))('%s stays on our origin', (_label, value) => {
    const path = safeCallbackPath(value, ORIGIN);
    expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
    expect(landsOn(path)).toBe(ORIGIN);
    // And it is stable: checking what we emit gives the same answer.
    expect(safeCallbackPath(path, ORIGIN)).toBe(path);
  });

  it.each([
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/.//evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['http://localhost:3310@evil.example', '/'],
    ['blob:http://localhost:3310/x', '/'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/%2F/evil.example', '/%2F/evil.example'],
    ['／／evil.example', '/%EF%BC%8F%EF%BC%8Fevil.example'],
  ])('%j → %j', (input, expected) => {
    expect(safeCallbackPath(input, ORIGIN)).toBe(expected);
  });

  it.each([
    ['/teams/abc?x=1#h', '/teams/abc?x=1#h'],
    ['/teams/1', '/teams/1'],
    ['/', '/'],
    ['/teams/abc/assessments/def/items/authn-every-request?tab=history', '/teams/abc/assessments/def/items/authn-every-request?tab=history'],
    ['/search?q=a%20b&x=%2F%2F', '/search?q=a%20b&x=%2F%2F'],
    ['/teams/café', '/teams/caf%C3%A9'],
    ['http://localhost:3310/teams/1?x=1#h', '/teams/1?x=1#h'],
    ['HTTP://LOCALHOST:3310/teams/1', '/teams/1'],
    ['/teams/1/../2', '/teams/2'],
    ['?notice=x', '/?notice=x'],
  ])('keeps the same-origin %j as %j', (input, expected) => {
    expect(safeCallbackPath(input, ORIGIN)).toBe(expected);
  });

  it('answers "/" for nothing, non-strings and a bad origin', () => {
    for (const v of [undefined, null, '', 42, ['/teams'], {}]) expect(safeCallbackPath(v, ORIGIN)).toBe('/');
    expect(safeCallbackPath('/teams', 'not a url')).toBe('/');
    expect(safeCallbackPath('/teams', 'data:text/plain,x')).toBe('/');
  });

  it('follows the origin it is given', () => {
    expect(safeCallbackPath('https://preflight.example.com/teams', 'https://preflight.example.com')).toBe('/teams');
    expect(safeCallbackPath('https://preflight.example.com/teams', 'https://preflight.example.com/some/path')).toBe('/teams');
    expect(safeCallbackPath('http://preflight.example.com/teams', 'https://preflight.example.com')).toBe('/');
    expect(safeCallbackPath('https:teams', 'https://preflight.example.com')).toBe('/teams');
  });
});
