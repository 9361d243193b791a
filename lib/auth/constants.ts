// __Host- prefix: the browser only accepts it with Secure, Path=/ and no Domain, so no subdomain can plant or read it.
export const SESSION_COOKIE = '__Host-preflight.session';
/** Set by server.ts from the socket (or X-Forwarded-For when TRUST_PROXY is on); any client-sent value is dropped. */
export const CLIENT_IP_HEADER = 'x-preflight-client-ip';
