import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PlanContentView } from '@/app/_components/plan-content-view';
import { getPlanVersion } from '@/db/queries/plans';
import { requireUser } from '@/app/_server/current-user';
import { orNotFound } from '@/app/_server/page-helpers';
import { LocalTime } from '@/app/_components/local-time';

export const metadata: Metadata = { title: 'Plan version' };

export default async function PlanVersionPage({ params }: { params: Promise<{ teamId: string; planId: string; number: string }> }) {
  const actor = await requireUser();
  const { teamId, planId, number } = await params;
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) notFound();
  const { plan, template, version } = orNotFound(() => getPlanVersion(actor, planId, n, teamId));
  const exportBase = `/api/plans/${planId}/versions/${n}/export`;
  return (
    <>
      <p>
        <Link href={`/teams/${teamId}/plans/${planId}`}>← {plan.title}</Link>
      </p>
      <h1>
        {version.title} — version {version.number}
      </h1>
      <p className="muted">
        Published <LocalTime value={version.publishedAt} /> by {version.publishedBy ?? 'a former member'} · SHA-256 <code className="break">{version.sha256}</code>
      </p>
      <p className="row-actions">
        <a className="button secondary" href={`${exportBase}?format=pdf`} download>
          Download PDF
        </a>
        <a className="button secondary" href={`${exportBase}?format=md`} download>
          Download Markdown
        </a>
      </p>
      <PlanContentView template={template} content={version.content} />
    </>
  );
}
