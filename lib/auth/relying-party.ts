/** The WebAuthn relying party is this instance's public address: credentials are bound to its host name. */
export function relyingParty(publicUrl: string): { rpID: string; origin: string; rpName: string } {
  const url = new URL(publicUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Preflight' };
}
