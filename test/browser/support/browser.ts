import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './web-build.js';

export const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');

/** Debian's Chromium, headless; one per test file. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Waits until the page has drawn `count` more frames: what it does a frame or a few after an
 * event (a refit after a resize) has happened by then, however slow the machine is.
 */
export async function frames(page: Page, count: number): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        const tick = (left: number) => (left === 0 ? done() : requestAnimationFrame(() => tick(left - 1)));
        tick(n);
      }),
    count,
  );
}

/**
 * Resizes the page and waits two frames, so that what follows a resize in the page (media-query
 * listeners folding the side panels, the canvas refitting) has been drawn before a test looks.
 */
export async function resizeTo(page: Page, width: number, height = 900): Promise<void> {
  await page.setViewportSize({ width, height });
  await frames(page, 2);
}
