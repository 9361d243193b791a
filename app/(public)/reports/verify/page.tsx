import type { Metadata } from 'next';
import { PublicVerifyForm } from './public-verify-form';

export const metadata: Metadata = { title: 'Verify a Preflight report' };

/** Open to anyone: the marketplace, a customer or an auditor who received a report checks it here. */
export default function PublicVerifyPage() {
  return (
    <>
      <h1>Verify a Preflight report</h1>
      <p className="muted">
        Every report this Preflight instance exports is signed with its Ed25519 key. Choose the file you received to check that it is genuine and unaltered. A PDF carries its signature inside;
        a CSV or JSON report comes with a <code>.sig</code> file, choose both. Nothing you send is stored; the check is recorded with the file&apos;s SHA-256.
      </p>
      <PublicVerifyForm />
      <p className="muted">
        The public keys are at <a href="/.well-known/preflight-report-keys">/.well-known/preflight-report-keys</a>. To check offline: <code>npm run -s report:verify -- FILE --keys URL</code>.
      </p>
    </>
  );
}
