// __Host- prefix: the browser only accepts it with Secure, Path=/ and no Domain, so no subdomain can plant or read it.
export const SESSION_COOKIE = '__Host-preflight.session';
/** Set by server.ts from the socket (or X-Forwarded-For when TRUST_PROXY is on); any client-sent value is dropped. */
export const CLIENT_IP_HEADER = 'x-preflight-client-ip';
/** A sign-in between its password (or OIDC) step and its second factor; HttpOnly, five minutes, no session. */
export const SIGN_IN_STEP_COOKIE = '__Host-preflight.sign-in-step';
/** What authorize throws when the password passed and a second factor is due; the form moves to that step. */
export const SECOND_FACTOR_REQUIRED = 'SecondFactorRequired';
