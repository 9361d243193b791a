import { getDb } from '@/db';

// For load balancers and uptime checks: says whether the database answers, nothing more.
export async function GET() {
  try {
    getDb().$client.prepare('select 1').get();
    return Response.json({ status: 'ok' });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503 });
  }
}
