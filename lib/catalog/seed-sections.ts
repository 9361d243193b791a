/** The source guidelines' sections and bullet counts, as tabled in the seed README. seedRefs are checked against it. */
export const seedSections = [
  { slug: 'authentication-and-authorization', bullets: 3 },
  { slug: 'input-validation-and-output-encoding', bullets: 2 },
  { slug: 'session-cookies', bullets: 3 },
  { slug: 'data-storage', bullets: 3 },
  { slug: 'egress-traffic', bullets: 2 },
  { slug: 'information-leakage', bullets: 3 },
  { slug: 'cryptography', bullets: 2 },
  { slug: 'app-server-configuration', bullets: 9 },
  { slug: 'logging', bullets: 2 },
  { slug: 'monitoring-and-alerting', bullets: 2 },
  { slug: 'sdlc', bullets: 0 },
  { slug: 'operational-activities', bullets: 2 },
] as const;

export function allSeedRefs(): string[] {
  return seedSections.flatMap((s) => Array.from({ length: s.bullets }, (_, i) => `${s.slug}#${i + 1}`));
}
