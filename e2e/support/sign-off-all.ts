// Answers and signs off every applicable item of an assessment straight through the query layer, so a
// browser test can reach "one item left" without clicking through dozens of items. The same checks apply as
// in the UI (four eyes, digests); only the clicking is skipped.
// Run with: node --conditions=react-server --import tsx e2e/support/sign-off-all.ts '<json>'  (DATA_DIR set)
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/connection';
import { findUserByEmail } from '@/db/queries/auth';
import { saveItem } from '@/db/queries/items';
import { digestOfItem } from '@/db/queries/reviews';
import { signOffItem } from '@/db/queries/sign-off';
import { assessmentItems } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ItemUpdateSchema } from '@/lib/checklist/item-schema';
import { ensureSecrets } from '@/lib/secrets';

// The data folder's own secrets (the audit key seals what this writes), as the server loads them.
ensureSecrets(process.env);

type Args = { assessmentId: string; memberEmail: string; reviewerEmail: string; except: string[] };

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const db = getDb();
const actorFor = (email: string): Actor => {
  const u = findUserByEmail(email);
  if (!u) throw new Error(`no user ${email}`);
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, ip: '127.0.0.1' };
};
const member = actorFor(args.memberEmail);
const reviewer = actorFor(args.reviewerEmail);
const rows = db.select().from(assessmentItems).where(and(eq(assessmentItems.assessmentId, args.assessmentId), eq(assessmentItems.excludedByProfile, false))).all();
let signed = 0;
for (const row of rows) {
  if (args.except.includes(row.catalogItemId) || row.removedFromCatalogAt) continue;
  const result = saveItem(
    member,
    ItemUpdateSchema.parse({ assessmentId: args.assessmentId, catalogItemId: row.catalogItemId, version: row.version, status: 'met', justification: 'Checked by the end-to-end suite without attached evidence.', gapResponse: '', gapText: '', gapDueDate: '', riskAcceptedById: '', ownerId: member.id, dueDate: '', notes: row.notes, criteriaMet: [] }),
  );
  if (!result.saved) throw new Error(`conflict on ${row.catalogItemId}`);
  const fresh = db.select().from(assessmentItems).where(eq(assessmentItems.id, row.id)).get()!;
  signOffItem(reviewer, { assessmentId: args.assessmentId, catalogItemId: row.catalogItemId, digest: digestOfItem(db, fresh), comment: 'Checked' });
  signed += 1;
}
db.$client.close();
console.log(JSON.stringify({ signed }));
