// Guards for the custom route handlers that change state from a raw request body (uploads, report checks).
// Server actions get Next's own Origin check; these routes do not, so a page on another site could otherwise
// post to them with the victim's cookies.

type HeaderSource = { get(name: string): string | null };

/**
 * Why the request must be refused as cross-site, or null when it may proceed. Browsers send Sec-Fetch-Site on
 * every request; where it is missing (older browsers) the Origin must be ours. A request with neither comes from
 * a script or a command-line client, which holds the session itself and is no forgery.
 */
export function crossSiteRefusal(headers: HeaderSource, ownOrigin: string): string | null {
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' ? null : 'Requests from other sites are refused.';
  const origin = headers.get('origin');
  if (origin === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return 'Requests from other sites are refused.';
  }
  return parsed.origin === new URL(ownOrigin).origin ? null : 'Requests from other sites are refused.';
}

/**
 * Why the body's declared type is wrong, or null. Insisting on a type that is not CORS-safelisted means a
 * cross-site page cannot send it without a preflight, which nothing here answers.
 */
export function contentTypeRefusal(headers: HeaderSource, expected: string): string | null {
  const declared = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return declared === expected ? null : `Send the file as the raw request body with Content-Type: ${expected}.`;
}
