import type { NextRequest } from 'next/server';
import { getPlanVersion, recordPlanExport } from '@/db/queries/plans';
import { requireActor } from '@/app/_server/current-user';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { planToPdf } from '@/lib/plans/pdf';
import { planToMarkdown } from '@/lib/plans/render';
import { API_HEADERS, handleRoute } from '@/app/_server/route-handler';
import { contentDisposition } from '@/lib/vault/filename';

/** GET /api/plans/:planId/versions/:n/export?format=pdf|md — a published version as a download. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ planId: string; number: string }> }) {
  return handleRoute(async () => {
    const actor = await requireActor();
    const { planId, number } = await params;
    const n = Number(number);
    if (!/^[0-9a-f-]{36}$/.test(planId) || !Number.isInteger(n) || n < 1) throw new NotFoundError();
    const format = request.nextUrl.searchParams.get('format');
    if (format !== 'pdf' && format !== 'md') throw new ValidationError('Choose format=pdf or format=md.');
    const { teamName, template, version } = getPlanVersion(actor, planId, n);
    const meta = { title: version.title, templateTitle: template.title, number: version.number, publishedAt: version.publishedAt, publishedBy: version.publishedBy, sha256: version.sha256, teamName };
    const base = `${version.title.replace(/[^\w .-]+/g, '').trim().slice(0, 80) || 'plan'} v${version.number}`;
    const body = format === 'pdf' ? await planToPdf(template, version.content, meta) : Buffer.from(planToMarkdown(template, version.content, meta), 'utf8');
    recordPlanExport(actor, version.id, format);
    return new Response(new Uint8Array(body), {
      headers: {
        ...API_HEADERS,
        'Content-Type': format === 'pdf' ? 'application/pdf' : 'text/markdown; charset=utf-8',
        'Content-Disposition': contentDisposition(`${base}.${format}`),
        'Content-Length': String(body.length),
      },
    });
  });
}
