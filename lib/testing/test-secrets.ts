// Vitest setup: the secrets a started server would have, so the data layer can seal audit entries in tests.
// Values are per run and never used outside this process and the CLIs it spawns.
import { randomBytes } from 'node:crypto';
import { generateSigningKeySecret } from '@/lib/report/signing/keys';

process.env.AUTH_SECRET ||= randomBytes(32).toString('base64url');
process.env.AUDIT_KEY ||= randomBytes(32).toString('base64url');
process.env.EVIDENCE_KEYS ||= `ktest:${randomBytes(32).toString('base64')}`;
process.env.REPORT_SIGNING_KEY ||= generateSigningKeySecret();
