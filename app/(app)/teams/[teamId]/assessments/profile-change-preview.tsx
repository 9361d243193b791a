import { useId } from 'react';

type Ref = { catalogItemId: string; title: string };
export type ProfileChangePreviewData = {
  stopApplying: Ref[];
  startApplying: Ref[];
  staleSignOffs: (Ref & { reviewerName: string | null })[];
  restoredSignOffs: (Ref & { reviewerName: string })[];
  changesApplicability: boolean;
  fingerprint: string;
};

function ItemList({ heading, items, render }: { heading: string; items: Ref[]; render?: (item: Ref) => string }) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <>
      <h3 id={id}>
        {heading} ({items.length})
      </h3>
      <ul aria-labelledby={id}>
        {items.map((item) => (
          <li key={item.catalogItemId}>{render ? render(item) : item.title}</li>
        ))}
      </ul>
    </>
  );
}

/** What saving new profile answers would do to the checklist, listed by item, for the confirmation dialog. */
export function ProfileChangePreview({ preview }: { preview: ProfileChangePreviewData }) {
  const signer = new Map([...preview.staleSignOffs, ...preview.restoredSignOffs].map((s) => [s.catalogItemId, s.reviewerName]));
  const signedBy = (item: Ref) => `${item.title} (signed off by ${signer.get(item.catalogItemId) ?? 'a former reviewer'})`;
  return (
    <>
      <p>Saving these answers changes which checklist items apply. Answers and evidence stay with every item.</p>
      <ItemList heading="Stop applying" items={preview.stopApplying} />
      <ItemList heading="Start applying" items={preview.startApplying} />
      <ItemList heading="Sign-offs that go stale" items={preview.staleSignOffs} render={signedBy} />
      {preview.staleSignOffs.length > 0 && <p className="muted">A stale sign-off needs a new review, unless the item later returns to the very state that was signed.</p>}
      <ItemList heading="Sign-offs that come back" items={preview.restoredSignOffs} render={signedBy} />
    </>
  );
}
