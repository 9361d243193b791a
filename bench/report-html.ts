// The same report content as HTML, only for the bench's headless-Chromium baseline.
import { statusLabels } from '@/lib/checklist/statuses';
import type { ReportData } from '@/lib/report/model';
import { signOffText } from '@/lib/report/pdf';
import { appSentence, reportVerdict } from '@/lib/report/verdict';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function reportToHtml(r: ReportData): string {
  const items = r.items
    .filter((i) => i.applicable)
    .map(
      (i) => `<section id="i-${i.catalogItemId}"><h3>${esc(i.title)}</h3><p class="meta">${esc(i.catalogItemId)} · ${esc(i.severity)} · ${statusLabels[i.status]} · owner ${esc(i.owner ?? '—')}</p>
${i.justification ? `<p>${esc(i.justification)}</p>` : ''}<ul>${i.criteria.map((c) => `<li>${c.met ? '[x]' : '[ ]'} ${esc(c.text)}</li>`).join('')}</ul>
<table><tr><th>Evidence</th><th>Kind</th><th>Size</th><th>SHA-256</th><th>Valid until</th></tr>${i.evidence.map((e) => `<tr><td>${esc(e.name)}${e.url ? `<br><a href="${esc(e.url)}">${esc(e.url)}</a>` : ''}${e.text ? `<br>${esc(e.text)}` : ''}</td><td>${e.kind}</td><td>${e.sizeBytes ?? ''}</td><td class="h">${(e.sha256 ?? '—').slice(0, 12)}</td><td>${e.validUntil ?? '—'}</td></tr>`).join('')}</table>
<p>${esc(signOffText(i.signOff))}</p></section>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(r.assessment.appName)}</title><style>
body{font:10pt Helvetica,Arial,sans-serif;margin:0} h1{font-size:26pt} table{border-collapse:collapse;width:100%;font-size:7pt} td,th{border-bottom:1px solid #bbb;text-align:left;padding:2px}
.h{font-family:Courier,monospace;font-size:6pt} .bar{display:inline-block;height:8px;background:#1f4e8c} .verdict{background:#fdecea;padding:8px} .cover{page-break-after:always} section{break-inside:avoid}</style></head><body>
<div class="cover"><h1>${esc(r.assessment.appName)}</h1><p>Security readiness report · ${esc(r.team)} · ${esc(appSentence(r.assessment))}</p><h2 class="verdict">${esc(reportVerdict(r).headline)}</h2>
<p>Readiness <span class="bar" style="width:${r.readiness.percent}px"></span> ${r.readiness.percent} %<br>Report ${r.reportId}</p>
<table><tr><th>Category</th><th>Readiness</th><th>Done</th><th>Signed off</th></tr>${r.readiness.byCategory.map((c) => `<tr><td><a href="#c-${c.slug}">${esc(c.title)}</a></td><td><span class="bar" style="width:${c.percent}px"></span> ${c.percent} %</td><td>${c.done} / ${c.applicable}</td><td>${c.signed} / ${c.applicable}</td></tr>`).join('')}</table></div>
<h2>Items at a glance</h2><table>${r.items.filter((i) => i.applicable).map((i) => `<tr><td><a href="#i-${i.catalogItemId}">${esc(i.title)}</a></td><td>${statusLabels[i.status]}</td><td>${i.evidence.length}</td><td>${i.signOff.state}</td></tr>`).join('')}</table>
<h2>Applicable items</h2>${items}
<h2>Not applicable by profile</h2><table>${r.items.filter((i) => !i.applicable).map((i) => `<tr><td>${esc(i.title)}</td><td>${esc(i.notApplicableReason ?? '')}</td></tr>`).join('')}</table>
<h2>Plans</h2><table>${r.plans.map((p) => `<tr><td>${esc(p.title)}</td><td>v${p.version ?? '-'}</td><td class="h">${p.sha256 ?? ''}</td></tr>`).join('')}</table>
<h2>Probe results</h2>${(r.probe?.checks ?? []).map((c) => `<h3>${c.status.toUpperCase()} ${esc(c.title)}</h3><p>${esc(c.summary)}</p><pre class="h">${esc(c.proof.slice(0, 30).join('\n'))}</pre>`).join('')}
<h2>Appendix: evidence manifest</h2><table><tr><th>Item</th><th>Evidence</th><th>Kind</th><th>SHA-256</th><th>Valid until</th></tr>${r.manifest.map((e) => `<tr><td>${esc(e.catalogItemId)}</td><td>${esc(e.name)}</td><td>${e.kind}</td><td class="h">${e.sha256 ?? ''}</td><td>${e.validUntil ?? '—'}</td></tr>`).join('')}</table>
</body></html>`;
}
