import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getPlanVersion } from '@/db/queries/plans';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound } from '@/app/_server/page-helpers';
import { fieldLines } from '@/lib/plans/render';

export const metadata: Metadata = { title: 'Compare plan versions' };

const versionNumber = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : null;
};

export default async function ComparePage({ params, searchParams }: { params: Promise<{ teamId: string; planId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser();
  const { teamId, planId } = await params;
  const query = await searchParams;
  const a = versionNumber(query.a);
  const b = versionNumber(query.b);
  if (!a || !b) notFound();
  const left = orNotFound(() => getPlanVersion(actor, planId, a, teamId));
  const right = orNotFound(() => getPlanVersion(actor, planId, b, teamId));
  const { template } = left;
  const rows = template.sections.map((section) => ({
    section,
    fields: section.fields.map((field) => {
      const l = fieldLines(field, left.version.content[section.id]?.[field.id]);
      const r = fieldLines(field, right.version.content[section.id]?.[field.id]);
      return { field, l, r, changed: JSON.stringify(l) !== JSON.stringify(r) };
    }),
  }));
  const changes = rows.reduce((n, s) => n + s.fields.filter((f) => f.changed).length, 0);
  return (
    <>
      <p>
        <Link href={`/teams/${teamId}/plans/${planId}`}>← {left.plan.title}</Link>
      </p>
      <h1>
        Version {a} and version {b}
      </h1>
      {rows.map(({ section, fields }) => (
        <section key={section.id} aria-labelledby={`cmp-${section.id}`}>
          <h2 id={`cmp-${section.id}`}>{section.title}</h2>
          <div className="table-scroll" tabIndex={0} role="group" aria-label={`${section.title}: the two versions side by side`}>
            <table className="compare">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Version {a}</th>
                  <th scope="col">Version {b}</th>
                </tr>
              </thead>
              <tbody>
                {fields.map(({ field, l, r, changed }) => {
                  return (
                    <tr key={field.id} className={changed ? 'changed' : undefined}>
                      <th scope="row">
                        {field.label}
                        {changed && <div className="badge stale-badge">changed</div>}
                      </th>
                      <td className="pre-wrap">{l.join('\n') || '—'}</td>
                      <td className="pre-wrap">{r.join('\n') || '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <p role="status">{changes === 0 ? 'The two versions have the same content.' : `${changes} field${changes === 1 ? '' : 's'} differ.`}</p>
    </>
  );
}
