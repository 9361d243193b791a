import type { Metadata } from 'next';
import { requireUser } from '@/app/_server/current-user';
import { VerifyForm } from './verify-form';

export const metadata: Metadata = { title: 'Verify a report' };

export default async function VerifyPage() {
  await requireUser();
  return (
    <>
      <h1>Verify a report</h1>
      <p className="muted">Every report Preflight exports is recorded with the SHA-256 of the file. Choose a report to check whether it is one of them, byte for byte.</p>
      <VerifyForm />
    </>
  );
}
