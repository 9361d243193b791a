import { currentCatalog } from '@/lib/catalog/load';

/** The catalog's categories as a GET filter field, shared by the checklist and the review queue. */
export function CategorySelect({ id, value }: { id: string; value: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>Category</label>
      <select id={id} name="category" defaultValue={value ?? ''}>
        <option value="">All categories</option>
        {currentCatalog().categories.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}
