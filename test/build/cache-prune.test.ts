import { existsSync, statSync, utimesSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticProject, syntheticWorkflow, workflowName } from '../../bench/codegen/synthetic-project.js';
import { workflowText, writeProjectFolder } from '../../bench/lib/project-folder.js';
import { forgetBuildMemory } from '../../src/build/build-memory.js';
import { compileApp } from '../../src/build/compile-app.js';
import { cachePathOf, UNUSED_CACHE_MS } from '../../src/build/generate-cache.js';

/**
 * .catalyst/cache keeps one generate cache per app folder ever generated into (each deployed
 * commit's folder, each `generate --out`): one not used for 30 days is removed, and using one —
 * even when the app is reused and nothing is written — keeps it.
 */

const TARGET = 'production';
const DAY = 24 * 60 * 60 * 1000;
let root: string;
let dir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'catalyst-cache-prune-'));
  dir = join(root, 'project');
  writeProjectFolder(dir, syntheticProject(3), { git: false });
});
afterAll(async () => {
  forgetBuildMemory();
  await rm(root, { recursive: true, force: true });
});

const generate = (out: string) =>
  compileApp({ from: { kind: 'worktree', dir }, targetId: TARGET, outDir: join(root, out) });
const cacheOf = (out: string) => cachePathOf(dir, join(root, out));
const ageBy = (file: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  utimesSync(file, then, then);
};
/** Edits one workflow, so the next generation writes its cache again. */
let edits = 0;
const editWorkflow = () =>
  writeFile(join(dir, 'workflows', `${workflowName(2)}.json`), workflowText(syntheticWorkflow(2, ++edits)));

describe('generate caches of app folders no longer used', () => {
  it('removes a cache unused for 30 days at the next cache write, and keeps a younger one', async () => {
    for (const out of ['app', 'old-deploy', 'recent-deploy']) await generate(out);
    ageBy(cacheOf('old-deploy'), UNUSED_CACHE_MS + DAY);
    ageBy(cacheOf('recent-deploy'), UNUSED_CACHE_MS - DAY);

    await editWorkflow();
    expect((await generate('app')).kind).toBe('generated');

    expect(existsSync(cacheOf('old-deploy'))).toBe(false);
    expect(existsSync(cacheOf('recent-deploy'))).toBe(true);
    expect(existsSync(cacheOf('app'))).toBe(true);
    // The folder whose cache went still generates (in full) and gets a cache again.
    expect((await generate('old-deploy')).kind).toBe('generated');
    expect(existsSync(cacheOf('old-deploy'))).toBe(true);
  });

  it('marks a cache used when its app is reused, so an app reused daily keeps it', async () => {
    await generate('daily');
    const cache = cacheOf('daily');
    ageBy(cache, UNUSED_CACHE_MS - DAY);
    forgetBuildMemory(); // a new process, as a later `catalyst generate` would be

    expect((await generate('daily')).kind).toBe('reused');
    expect(Date.now() - statSync(cache).mtimeMs).toBeLessThan(DAY);

    ageBy(cacheOf('daily'), 2 * DAY); // in this process too: what it remembers follows the file
    expect((await generate('daily')).kind).toBe('reused');
    expect(Date.now() - statSync(cache).mtimeMs).toBeLessThan(DAY);

    await editWorkflow();
    await generate('app');
    expect(existsSync(cache)).toBe(true);
  });
});
