import { reportExportSignature } from '@/db/queries/report';
import { requireActor } from '@/app/_server/current-user';
import { reportFileBase } from '@/app/_server/report-export';
import { API_HEADERS, handleRoute } from '@/app/_server/route-handler';
import { NotFoundError } from '@/lib/errors';
import { contentDisposition } from '@/lib/vault/filename';

/** GET /api/reports/exports/:id/signature — the detached .sig of an export, to hand over beside a CSV or JSON. */
export async function GET(_request: Request, { params }: { params: Promise<{ exportId: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { exportId } = await params;
    if (!/^[0-9a-f-]{36}$/.test(exportId)) throw new NotFoundError();
    const row = reportExportSignature(actor, exportId);
    const body = Buffer.from(`${row.signature}\n`, 'utf8');
    return new Response(new Uint8Array(body), {
      headers: {
        ...API_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': contentDisposition(`${reportFileBase(row.appName)} security report ${row.createdAt.toISOString().slice(0, 10)}.${row.format}.sig`),
        'Content-Length': String(body.length),
      },
    });
  });
}
