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
 * Waits until the canvas's view (React Flow's viewport transform) has stayed the same for three
 * frames in a row: an animated move of the view (a clicked problem's node gliding to the middle,
 * 250 ms) has ended. The transform changes on every frame while such a move runs.
 */
export async function viewAtRest(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __viewSeen?: { style: string | null; frames: number } };
      const style = document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? null;
      const seen = w.__viewSeen;
      if (seen === undefined || seen.style !== style) {
        w.__viewSeen = { style, frames: 0 };
        return false;
      }
      seen.frames += 1;
      if (seen.frames < 3) return false;
      delete w.__viewSeen;
      return true;
    },
    undefined,
    { polling: 'raf' },
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
