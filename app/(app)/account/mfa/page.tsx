import type { Metadata } from 'next';
import Link from 'next/link';
import QRCode from 'qrcode';
import { requireUser } from '@/app/_server/current-user';
import { ownMfa } from '@/db/queries/mfa';
import { groupedSecret, totpUri } from '@/lib/auth/totp';
import { MfaSettings } from './mfa-settings';

export const metadata: Metadata = { title: 'Sign-in security' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MfaPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireUser({ duringMfaEnrolment: true });
  const mfa = ownMfa(actor);
  const required = (await searchParams).required === '1' || actor.mfaEnrolmentDue;
  let pending: { qr: string; secret: string } | null = null;
  if (mfa.pendingTotpSecret) {
    const svg = await QRCode.toString(totpUri(mfa.pendingTotpSecret, actor.email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    pending = { qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, secret: groupedSecret(mfa.pendingTotpSecret) };
  }
  return (
    <>
      {!actor.mfaEnrolmentDue && (
        <p>
          <Link href="/account">← Your account</Link>
        </p>
      )}
      <h1>Sign-in security</h1>
      {actor.mfaEnrolmentDue && (
        <div className="alert error" role="alert">
          Your administrator requires a second sign-in step for your account. Set up an authenticator app or a passkey below to continue using Preflight.
        </div>
      )}
      {required && !actor.mfaEnrolmentDue && mfa.hasFactor && (
        <div className="alert success" role="status">
          Your second sign-in step is set up. <Link href="/">Continue to Preflight</Link>
        </div>
      )}
      <p>
        A second step after your password means a stolen password alone cannot open your account. Use an authenticator app (such as 1Password, Google Authenticator or
        Aegis), a passkey or a security key, or both.
        {mfa.required && ' Your administrator requires one for your account.'}
      </p>
      <MfaSettings
        totp={{ confirmedAt: mfa.totpConfirmedAt?.toISOString() ?? null, pending }}
        passkeys={mfa.passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null, discoverable: p.discoverable }))}
        recoveryCodesLeft={mfa.recoveryCodesLeft}
        hasFactor={mfa.hasFactor}
        passwordlessAllowed={mfa.passwordlessAllowed}
      />
    </>
  );
}
