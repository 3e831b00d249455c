/**
 * Scripts that run inside the studio page. Kept as plain JavaScript text: functions compiled by
 * tsx may carry helper calls (`__name`) that do not exist in the page. Times are the page's
 * `performance.now()` — milliseconds since navigation started. A change counts as shown at the
 * next animation frame after the DOM mutation that made it, when the browser is about to paint.
 */

export const CARD = '[data-testid="project-card"]';

/** Init script: records when the first project card is in the DOM, at the next frame. */
export const RECORD_FIRST_CARD = `
(() => {
  const bench = (window.__bench = {});
  const observer = new MutationObserver(() => {
    if (bench.firstCardAt !== undefined || !document.querySelector('${CARD}')) return;
    observer.disconnect();
    requestAnimationFrame(() => { bench.firstCardAt = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})();
`;

export const FIRST_CARD_AT = '(() => window.__bench && window.__bench.firstCardAt)()';

/**
 * Arms a watcher: the next keydown starts the clock; the first later DOM state whose visible
 * result (page info, card titles, the "no match" line) differs from the current one stops it,
 * at the next frame. The elapsed ms land in window.__bench.keystrokeMs.
 */
export const ARM_KEYSTROKE_TIMER = `
(() => {
  const signature = () => [
    (document.querySelector('[data-testid="page-info"]') || {}).textContent || '',
    ...Array.from(document.querySelectorAll('${CARD} h3'), (h) => h.textContent || ''),
    ((document.querySelector('main') || {}).textContent || '').includes('No projects match') ? 'none' : '',
  ].join('|');
  const before = signature();
  const bench = (window.__bench = window.__bench || {});
  bench.keystrokeMs = undefined;
  let keyAt;
  const onKey = () => { keyAt = performance.now(); document.removeEventListener('keydown', onKey, true); };
  document.addEventListener('keydown', onKey, true);
  const observer = new MutationObserver(() => {
    if (keyAt === undefined || signature() === before) return;
    observer.disconnect();
    const start = keyAt;
    requestAnimationFrame(() => { bench.keystrokeMs = performance.now() - start; });
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
})();
`;

export const KEYSTROKE_MS = '(() => window.__bench && window.__bench.keystrokeMs)()';

/** Resource timing of the dashboard's project list request: [requested at, response done at] in ms. */
export const PROJECTS_API_TIMING = `(() => {
  const e = performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === '/api/projects');
  return e ? [e.startTime, e.responseEnd] : null;
})()`;
