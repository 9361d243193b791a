/** Only same-site paths: "//evil.example" and absolute URLs would turn sign-in into an open redirect. */
export function safeCallbackPath(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 2000) return '/';
  return value;
}
