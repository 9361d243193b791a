import { env } from '@/lib/env';

export function setPasswordLink(token: string): string {
  return new URL(`/set-password/link?token=${encodeURIComponent(token)}`, env().PUBLIC_URL).toString();
}
