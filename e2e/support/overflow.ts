import type { Page } from '@playwright/test';

export type Overflow = { element: string; container: string; by: number };
export type FitReport = { heading: string | null; pageScroll: string | null; overflows: Overflow[] };

/**
 * Runs in the page: is the page wider than the window, and which elements (or runs of text) stick out of their
 * nearest container (main, the header, a card, a fieldset, a dialog…)? Content inside a box that scrolls or clips
 * sideways (a .table-scroll, an <svg>) is left alone: that overflow is intended, and the box itself is checked.
 * Only the outermost offender of a nest is reported, described by tag, classes and a snippet of its text.
 */
function measureFit(): FitReport {
  const CONTAINERS = 'main, .site-header, .card, dialog, fieldset, aside, .alert, .drop-zone, .plan-row, .conflict, figure';
  const doc = document.documentElement;
  const viewport = { left: 0, right: doc.clientWidth };
  const describe = (el: Element) => {
    const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim();
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes}>${text ? ` “${text.length > 60 ? `${text.slice(0, 57)}…` : text}”` : ''}`;
  };
  type Box = { left: number; right: number };
  const reported: Element[] = [];
  const overflows: Overflow[] = [];
  const range = document.createRange();

  function measure(el: Element, rect: DOMRect, container: Element | null, box: Box) {
    if (rect.width === 0 && rect.height === 0) return;
    const by = Math.max(rect.right - box.right, box.left - rect.left);
    if (by <= 1 || reported.some((r) => r.contains(el))) return;
    reported.push(el);
    overflows.push({ element: describe(el), container: container ? describe(container) : 'the window', by: Math.round(by) });
  }

  /** Measures `el` against its container, then its children and text against the container they are in. */
  function visit(el: Element, container: Element | null, box: Box) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.matches('.sr-only, .skip-link')) return;
    const rect = el.getBoundingClientRect();
    measure(el, rect, container, box);
    // A box that scrolls or clips sideways keeps what is inside it; the box itself was measured above.
    if (style.overflowX !== 'visible') return;
    const inner = el.matches(CONTAINERS) ? { container: el, box: rect } : { container, box };
    for (const child of Array.from(el.childNodes)) {
      if (child instanceof Element) {
        visit(child, inner.container, inner.box);
      } else if (child.nodeType === Node.TEXT_NODE && child.textContent?.trim()) {
        range.selectNodeContents(child);
        measure(el, range.getBoundingClientRect(), inner.container, inner.box);
      }
    }
  }

  visit(document.body, null, viewport);
  const pageScroll = doc.scrollWidth > doc.clientWidth ? `the page scrolls sideways: ${doc.scrollWidth}px of content in a ${doc.clientWidth}px window` : null;
  if (pageScroll && overflows.length === 0) {
    // Something escaped every container: typically an absolutely placed element whose containing block lies outside
    // the scroll box it sits in, which then does not clip it. Name what reaches past the window, placed ones first.
    const past = Array.from(document.body.querySelectorAll('*')).filter((el) => el.getBoundingClientRect().right > viewport.right + 1);
    const placed = past.filter((el) => ['absolute', 'fixed'].includes(getComputedStyle(el).position));
    for (const el of placed.length ? placed : past) {
      if (reported.some((r) => r.contains(el))) continue;
      reported.push(el);
      overflows.push({ element: describe(el), container: 'the window (escaping its containers)', by: Math.round(el.getBoundingClientRect().right - viewport.right) });
    }
  }
  const heading = document.querySelector('h1')?.textContent?.trim() || null;
  return { heading, pageScroll, overflows };
}

/** What does not fit on the page as it is now (empty when everything fits), and the page's main heading. */
export async function layoutProblems(page: Page): Promise<{ heading: string | null; problems: string[] }> {
  const { heading, pageScroll, overflows } = await page.evaluate(measureFit);
  return { heading, problems: [...(pageScroll ? [pageScroll] : []), ...overflows.map((o) => `${o.element} sticks out of ${o.container} by ${o.by}px`)] };
}
