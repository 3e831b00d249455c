import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type BenchContext, type Benchmark, type BenchOutcome, NotAvailable } from '../lib/benchmark.js';
import { atMost, measure } from '../lib/targets.js';
import {
  ARM_KEYSTROKE_TIMER,
  CARD,
  FIRST_CARD_AT,
  KEYSTROKE_MS,
  PROJECTS_API_TIMING,
  RECORD_FIRST_CARD,
} from './page-probes.js';
import { projectName, seedProjects } from './seed.js';

export const STUDIO_TARGETS = { firstCardsMs: 1000, keystrokeMs: 100 } as const;
export const STUDIO_PROJECTS = 1000;

/** The same Chromium settings as the studio's browser tests. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const WAIT_MS = 30_000;

/**
 * Polls an expression until it yields a value. Not `page.waitForFunction`: that compiles its
 * predicate inside the page, which the studio's Content-Security-Policy (no eval) rightly
 * forbids; `page.evaluate` goes through the DevTools protocol instead. The timings themselves
 * are taken inside the page, so the polling interval does not enter them.
 */
async function pollValue<T>(page: Page, expression: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const v = (await page.evaluate(expression)) as T | null | undefined;
    if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${WAIT_MS} ms waiting for ${expression.trim().slice(0, 80)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function timedKeystroke(page: Page, key: string): Promise<number> {
  await page.evaluate(ARM_KEYSTROKE_TIMER);
  await page.keyboard.press(key);
  return pollValue<number>(page, KEYSTROKE_MS);
}

async function cardTitles(page: Page): Promise<string[]> {
  return page.locator(`${CARD} h3`).allTextContents();
}

interface PageLoad {
  /** Navigation start → first card shown. */
  firstCardMs: number;
  /** Navigation start → the project list requested, and its response complete (resource timing). */
  apiRequestedMs: number;
  apiDoneMs: number;
}

/** One cold page load in a fresh browser context. */
async function firstCards(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(RECORD_FIRST_CARD);
    await page.goto(url);
    const firstCardMs = await pollValue<number>(page, FIRST_CARD_AT);
    const api = (await page.evaluate(PROJECTS_API_TIMING)) as [number, number] | null;
    if (!api) throw new Error('the dashboard made no /api/projects request');
    const info = await page.getByTestId('page-info').textContent();
    if (info !== `Showing 1–12 of ${STUDIO_PROJECTS.toLocaleString('en-US')}`) {
      throw new Error(`dashboard shows "${info}", expected all ${STUDIO_PROJECTS} projects`);
    }
    return { firstCardMs, apiRequestedMs: api[0], apiDoneMs: api[1] };
  } finally {
    await context.close();
  }
}

/**
 * Keystrokes whose result differs from what was shown: from the full list to those containing
 * "7" and back, and from the ten `project-077x` to `project-0777` alone and back.
 */
async function keystrokes(page: Page, reps: number): Promise<number[]> {
  const search = page.getByRole('searchbox', { name: 'Search projects' });
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    await search.fill('');
    await search.focus();
    times.push(await timedKeystroke(page, '7'));
    times.push(await timedKeystroke(page, 'Backspace'));
    await search.fill('project-077');
    await pollValue<boolean>(page, `document.querySelectorAll('${CARD}').length === 10`);
    times.push(await timedKeystroke(page, '7'));
    const titles = await cardTitles(page);
    if (titles.join() !== projectName(777))
      throw new Error(`search for project-0777 shows ${titles.join(', ')}`);
    times.push(await timedKeystroke(page, 'Backspace'));
  }
  return times;
}

async function run(ctx: BenchContext): Promise<BenchOutcome> {
  if (!fs.existsSync(path.join(ctx.root, 'src', 'server', 'start.ts')))
    throw new NotAvailable('studio not built');
  const [{ startStudio }, { createStoreServices }, { openAppWorkspace }, web, { chromium }] =
    await Promise.all([
      import('../../src/server/start.js'),
      import('../../src/server/store-services.js'),
      import('../../src/cli/app-workspace.js'),
      import('../../test/browser/support/web-build.js'),
      import('playwright-core'),
    ]);
  ctx.log('   building the studio web app if its sources changed (vite)');
  await web.ensureWebBuilt();

  const home = path.join(ctx.tmp, 'studio-home');
  const workspace = openAppWorkspace({ home, env: { CATALYST_HOME: home } });
  const seeded = seedProjects(path.join(home, 'projects'), STUDIO_PROJECTS);
  for (const p of seeded) workspace.registry.register(p);
  const studio = await startStudio({
    services: createStoreServices(workspace),
    port: 0,
    webRoot: web.WEB_ROOT,
    log: () => {},
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const loads = ctx.quick ? 2 : 7;
  const reps = ctx.quick ? 1 : 5;
  try {
    const pageLoads: PageLoad[] = [];
    for (let i = 0; i < loads; i++) pageLoads.push(await firstCards(browser, studio.url));
    const loadMs = pageLoads.map((l) => l.firstCardMs);
    ctx.log(`   first cards: ${loadMs.map((m) => m.toFixed(0)).join(', ')} ms`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(studio.url);
    await page.locator(CARD).first().waitFor({ timeout: WAIT_MS });
    const keyMs = await keystrokes(page, reps);
    ctx.log(`   keystroke → filtered: ${keyMs.map((m) => m.toFixed(0)).join(', ')} ms`);
    await context.close();
    return {
      settings: {
        projects: STUDIO_PROJECTS,
        pageLoads: loads,
        keystrokes: keyMs.length,
        browser: `/usr/bin/chromium ${CHROMIUM_ARGS.join(' ')}, 1280×800, a fresh context per load`,
        server: 'src/server/start.ts startStudio, in-process, on 127.0.0.1:0',
      },
      measurements: [
        measure(`dashboard: navigation → first cards shown, ${STUDIO_PROJECTS} projects`, loadMs, {
          unit: 'ms',
          target: atMost(STUDIO_TARGETS.firstCardsMs),
          note: 'cold browser context each load; the first load is also the server’s first read of the projects',
        }),
        measure(
          'dashboard: navigation → /api/projects requested',
          pageLoads.map((l) => l.apiRequestedMs),
          {
            unit: 'ms',
            note: 'HTML, scripts and styles loaded and the app started (resource timing)',
          },
        ),
        measure(
          'dashboard: /api/projects request → response complete',
          pageLoads.map((l) => l.apiDoneMs - l.apiRequestedMs),
          {
            unit: 'ms',
            note: `the server listing ${STUDIO_PROJECTS} projects`,
          },
        ),
        measure(
          'dashboard: response → first cards shown',
          pageLoads.map((l) => l.firstCardMs - l.apiDoneMs),
          {
            unit: 'ms',
            note: 'parsing the list and rendering the first page of cards',
          },
        ),
        measure('search: keystroke → filtered result shown', keyMs, {
          unit: 'ms',
          target: atMost(STUDIO_TARGETS.keystrokeMs),
          note: 'keydown to the frame after the DOM shows the new result',
        }),
      ],
    };
  } finally {
    await browser.close();
    await studio.close();
    workspace.close();
  }
}

export const studioBenchmark: Benchmark = {
  id: 'studio',
  title: 'Studio dashboard with 1,000 projects (headless Chromium)',
  run,
};
