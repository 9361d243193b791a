// The one place that reads process.env. Everything else asks `env()`.
import { z } from 'zod';

const boolish = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    DATA_DIR: z.string().min(1).default('./data'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
    EVIDENCE_KEYS: z.string().min(1),
    AUDIT_KEY: z.string().min(32, 'AUDIT_KEY must be at least 32 characters'),
    EVIDENCE_ACTIVE_KEY_ID: z.string().optional(),
    // Ed25519 private key that signs report exports (PKCS#8, base64 DER or PEM; ADR 021).
    REPORT_SIGNING_KEY: z.string().min(1, 'REPORT_SIGNING_KEY must be set'),
    // Verifications one client address may ask the public verify page for per minute.
    PUBLIC_VERIFY_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    TRUST_PROXY: boolish,
    EVIDENCE_MAX_MB: z.coerce.number().int().min(1).max(10_240).default(100),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FILE: z.string().optional(),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().default('Single sign-on'),
    // Hosts, addresses or CIDR ranges the probe may contact although they are private (lib/probe/egress.ts).
    PROBE_ALLOW_HOSTS: z.string().default(''),
    // PEM file of extra roots the probe trusts beside the system's, for apps behind a private CA.
    PROBE_CA_FILE: z.string().optional(),
    // Requests one API token may make per minute (a burst of up to this many, refilled evenly).
    API_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  })
  .transform((e) => ({
    ...e,
    PUBLIC_URL: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    oidcEnabled: Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET),
  }));

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    // Names the variables only; values may be secrets.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
