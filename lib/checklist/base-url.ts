const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a base URL is not acceptable, or null. https only; plain http only for an app on this machine. */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address like https://app.example.com.';
  }
  if (url.username || url.password) return 'Leave credentials out of the address.';
  const local = LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
  if (url.protocol === 'http:' && !local) return 'Use https. Plain http is only accepted for localhost.';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an https:// address.';
  return null;
}
