import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getAssessment } from '@/db/queries/assessments';
import { previewCatalogUpgrade } from '@/db/queries/catalog-upgrade';
import { requireUser } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';
import { fingerprintFields } from '@/lib/checklist/fingerprint';
import { orNotFound } from '@/app/_server/page-helpers';
import { UpgradeButton } from './upgrade-button';

export const metadata: Metadata = { title: 'Catalog upgrade' };

export default async function UpgradePage({ params }: { params: Promise<{ teamId: string; assessmentId: string }> }) {
  const actor = await requireUser();
  const { teamId, assessmentId } = await params;
  const { assessment, canEdit } = orNotFound(() => getAssessment(actor, assessmentId, teamId));
  if (!canEdit) notFound();
  const catalog = currentCatalog();
  const { from, to, diff } = previewCatalogUpgrade(actor, assessmentId);
  const title = (id: string) => catalog.itemsById.get(id)?.title ?? id;
  const back = `/teams/${teamId}/assessments/${assessmentId}`;
  return (
    <>
      <p>
        <Link href={back}>← {assessment.appName}</Link>
      </p>
      <h1>
        Upgrade from catalog {from} to {to}
      </h1>
      {from === to ? (
        <p>This assessment already follows the newest catalog.</p>
      ) : (
        <>
          <p>Answers to unchanged items carry over. Changed items that had an answer go back to “in progress” with a note. Removed items stay in the history.</p>
          <section aria-labelledby="added">
            <h2 id="added">Added ({diff.added.length})</h2>
            <ul>{diff.added.map((id) => <li key={id}>{title(id)}</li>)}</ul>
          </section>
          <section aria-labelledby="changed">
            <h2 id="changed">Changed ({diff.changed.length})</h2>
            <ul>
              {diff.changed.map((c) => (
                <li key={c.id}>
                  {title(c.id)} <span className="muted">({c.fields.map((f) => fingerprintFields[f]).join(', ')})</span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="removed">
            <h2 id="removed">Removed ({diff.removed.length})</h2>
            <ul>{diff.removed.map((id) => <li key={id}><code>{id}</code></li>)}</ul>
          </section>
          <p className="muted">{diff.unchanged.length} items are unchanged.</p>
          <UpgradeButton assessmentId={assessmentId} to={to} back={back} />
        </>
      )}
    </>
  );
}
