'use client';

import { useState } from 'react';
import { useActionRunner } from '@/app/_components/use-action-runner';
import { deleteEvidenceAction, purgeEvidenceAction, restoreEvidenceAction } from '../../item-actions';
import { DeletedEvidence } from './_evidence/deleted-evidence';
import { EvidenceTable } from './_evidence/evidence-table';
import { LinkEvidenceForm } from './_evidence/link-evidence-form';
import { NoteEvidenceForm } from './_evidence/note-evidence-form';
import { PlanEvidenceForm } from './_evidence/plan-evidence-form';
import type { AttachablePlan, EvidenceView } from './_evidence/types';
import { UndoNotice, type Deleted } from './_evidence/undo-notice';
import { UploadDropZone } from './_evidence/upload-drop-zone';
import { UploadList } from './_evidence/upload-list';
import { useEvidenceUploads } from './_evidence/use-evidence-uploads';
import { useStaleSignOffGuard } from './_evidence/use-stale-sign-off-guard';

/** The item's evidence: what is attached, the ways to add more, and delete with undo. */
export function EvidencePanel(props: {
  assessmentId: string;
  catalogItemId: string;
  rows: EvidenceView[];
  canEdit: boolean;
  canPurge: boolean;
  today: string;
  plans: AttachablePlan[];
  // Who signed the item off as it is now; adding evidence then makes that sign-off stale, so it asks first.
  signedOffBy: string | null;
}) {
  const { assessmentId, catalogItemId } = props;
  const { pending, error, run } = useActionRunner();
  const uploads = useEvidenceUploads(assessmentId, catalogItemId);
  const { confirmed, dialog } = useStaleSignOffGuard(props.signedOffBy);
  const [undo, setUndo] = useState<Deleted | null>(null);
  const [restored, setRestored] = useState<string | null>(null);

  function remove(row: Deleted) {
    setRestored(null);
    run(
      () => deleteEvidenceAction({ evidenceId: row.id }),
      () => setUndo({ id: row.id, name: row.name }),
    );
  }

  function restore(row: Deleted) {
    run(
      () => restoreEvidenceAction({ evidenceId: row.id }),
      () => {
        setUndo(null);
        setRestored(`Restored “${row.name}”.`);
      },
    );
  }

  const purge = (id: string) => run(() => purgeEvidenceAction({ evidenceId: id }));

  const current = props.rows.filter((r) => !r.replacedAt && !r.deletedAt);
  const deleted = props.rows.filter((r) => r.deletedAt && !r.replacedAt);
  const earlierOf = (row: EvidenceView) => props.rows.filter((r) => r.replacedAt && (r.lineageId ?? r.id) === (row.lineageId ?? row.id));

  return (
    <section className="card evidence-panel" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence ({current.length})</h2>
      <UndoNotice undo={undo} restored={restored} pending={pending} onRestore={restore} />
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {current.length === 0 ? (
        <p className="muted">No evidence attached yet.</p>
      ) : (
        <EvidenceTable
          current={current}
          earlierOf={earlierOf}
          canEdit={props.canEdit}
          canPurge={props.canPurge}
          today={props.today}
          pending={pending}
          confirmed={confirmed}
          onReplace={(row, file) => uploads.upload(file, row.id)}
          onDelete={remove}
          onPurge={purge}
        />
      )}
      {props.canPurge && <DeletedEvidence deleted={deleted} pending={pending} onPurge={purge} />}
      {dialog}
      {props.canEdit && (
        <>
          <h3>Attach files</h3>
          <UploadDropZone uploads={uploads} confirmed={confirmed} />
          <UploadList uploads={uploads.uploads} />
          {props.plans.length > 0 && <PlanEvidenceForm assessmentId={assessmentId} catalogItemId={catalogItemId} plans={props.plans} confirmed={confirmed} />}
          <LinkEvidenceForm assessmentId={assessmentId} catalogItemId={catalogItemId} confirmed={confirmed} />
          <NoteEvidenceForm assessmentId={assessmentId} catalogItemId={catalogItemId} confirmed={confirmed} />
        </>
      )}
    </section>
  );
}
