import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, resizeTo } from './browser.js';

/** Where screenshots to look at go (SHOTS_DIR, else /tmp/shots-loop). */
export const SHOTS = process.env['SHOTS_DIR'] ?? '/tmp/shots-loop';

/** Chromium with one 1440×900 page that has opened `url` (a studio's link takes its token). */
export async function openStudioPage(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  return { browser, page };
}

/** Screenshots of the page as it is, 1440 and 800 px wide (`<name>-<width>.png`); back to 1440 after. */
export async function shotAtWidths(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  for (const width of [1440, 800]) {
    await resizeTo(page, width);
    await page.screenshot({
      path: path.join(SHOTS, `${name}-${width}.png`),
      fullPage: options.fullPage ?? false,
    });
  }
  await resizeTo(page, 1440);
}
