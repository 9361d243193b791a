// DELIBERATELY UNPROTECTED, for one demonstration run of the security matrix; removed in the next commit.
import { getDb } from '@/db';
import { teams } from '@/db/schema';
import { eq } from 'drizzle-orm';

export async function GET(_: Request, { params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  return Response.json(getDb().select().from(teams).where(eq(teams.id, teamId)).get() ?? {});
}
