import { databaseAnswers } from '@/db/queries/health';

// For load balancers and uptime checks: says whether the database answers, nothing more.
export async function GET() {
  return databaseAnswers() ? Response.json({ status: 'ok' }) : Response.json({ status: 'unavailable' }, { status: 503 });
}
