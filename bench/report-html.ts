// The same report content as HTML, only for the bench's headless-Chromium baseline.
import { statusLabels } from '@/lib/checklist/statuses';
import type { ReportData } from '@/lib/report/model';
import { signOffText } from '@/lib/report/pdf';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function reportToHtml(r: ReportData): string {
  const items = r.items
    .filter((i) => i.applicable)
    .map(
      (i) => `<section><h3>${esc(i.title)}</h3><p class="meta">${esc(i.catalogItemId)} · ${esc(i.severity)} · ${statusLabels[i.status]} · owner ${esc(i.owner ?? '—')}</p>
${i.justification ? `<p>${esc(i.justification)}</p>` : ''}<ul>${i.criteria.map((c) => `<li>${c.met ? '[x]' : '[ ]'} ${esc(c.text)}</li>`).join('')}</ul>
<table><tr><th>Evidence</th><th>Kind</th><th>SHA-256</th><th>Valid until</th></tr>${i.evidence.map((e) => `<tr><td>${esc(e.name)}</td><td>${e.kind}</td><td class="h">${e.sha256 ?? '—'}</td><td>${e.validUntil ?? '—'}</td></tr>`).join('')}</table>
<p>${esc(signOffText(i.signOff))}</p></section>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(r.assessment.appName)}</title><style>
body{font:10pt Helvetica,Arial,sans-serif;margin:0} h1{font-size:26pt} table{border-collapse:collapse;width:100%;font-size:7pt} td,th{border-bottom:1px solid #bbb;text-align:left;padding:2px}
.h{font-family:Courier,monospace;font-size:6pt} .cover{page-break-after:always} section{break-inside:avoid}</style></head><body>
<div class="cover"><h1>${esc(r.assessment.appName)}</h1><p>Security readiness report</p><p>Team: ${esc(r.team)}<br>Catalog ${esc(r.assessment.catalogVersion)}<br>Readiness ${r.readiness.percent} %<br>Report ${r.reportId}</p></div>
<h2>Summary by category</h2><table><tr><th>Category</th><th>Done</th><th>Readiness</th><th>Signed off</th></tr>${r.readiness.byCategory.map((c) => `<tr><td>${esc(c.title)}</td><td>${c.done} / ${c.applicable}</td><td>${c.percent} %</td><td>${c.signed} / ${c.applicable}</td></tr>`).join('')}</table>
<h2>Applicable items</h2>${items}
<h2>Not applicable by profile</h2><table>${r.items.filter((i) => !i.applicable).map((i) => `<tr><td>${esc(i.title)}</td><td>${esc(i.notApplicableReason ?? '')}</td></tr>`).join('')}</table>
<h2>Plans</h2><table>${r.plans.map((p) => `<tr><td>${esc(p.title)}</td><td>v${p.version ?? '-'}</td><td class="h">${p.sha256 ?? ''}</td></tr>`).join('')}</table>
<h2>Appendix: evidence manifest</h2><table><tr><th>Item</th><th>Evidence</th><th>Kind</th><th>SHA-256</th><th>Valid until</th></tr>${r.manifest.map((e) => `<tr><td>${esc(e.catalogItemId)}</td><td>${esc(e.name)}</td><td>${e.kind}</td><td class="h">${e.sha256 ?? ''}</td><td>${e.validUntil ?? '—'}</td></tr>`).join('')}</table>
</body></html>`;
}
