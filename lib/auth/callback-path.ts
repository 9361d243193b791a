// Used by the server (login page, next-auth's redirect callback) and in the browser (the login form), so it
// stays free of env and Node: the caller passes the origin it trusts.

export const MAX_CALLBACK_LENGTH = 2048;

// Controls (C0, DEL, C1), every Unicode space and line/paragraph separator, format characters (zero-width,
// bidi overrides, BOM), lone surrogates and the backslash. Browsers drop or reinterpret several of these
// ("/\t/evil" → "//evil", "/\evil" → "//evil"), so a value that has one is never what it looks like.
const SUSPICIOUS = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}\\]/u;

/**
 * The path (with query and fragment) to send a user to after sign-in, or "/" when `value` would leave
 * `origin`. Decided by parsing the value the way a browser does, against our origin, and comparing origins;
 * the result is re-serialized from the parsed URL, so what we emit is exactly what was checked.
 */
export function safeCallbackPath(value: unknown, origin: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CALLBACK_LENGTH || SUSPICIOUS.test(value)) return '/';
  let own: URL;
  let target: URL;
  try {
    own = new URL(origin);
    target = new URL(value, own.origin);
  } catch {
    return '/';
  }
  if (own.origin === 'null' || target.origin !== own.origin) return '/';
  const path = target.pathname + target.search + target.hash;
  // Dot segments can collapse to a leading "//" ("/.//evil" → "//evil"), which a Location header would read
  // as another host.
  if (!path.startsWith('/') || path.startsWith('//')) return '/';
  return path;
}
