import { spawn } from 'node:child_process';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from '../../src/store/journal.js';
import { onStoreNotice } from '../../src/store/notices.js';
import { openProject } from '../../src/store/project-folder.js';
import { loadState, renameWorkflow, setEnvVar } from '../../src/store/project-store.js';
import { FAIL_AT_ENV, KILL_AT_ENV } from '../../src/store/test-kill-point.js';
import { demoFolder, readJson } from './helpers.js';

const STORE = new URL('../../src/store/project-store.ts', import.meta.url).pathname;
const REPO = new URL('../..', import.meta.url).pathname;

/**
 * Runs `call` (an expression over `store` and `dir`) in a separate Node process that kills
 * itself with SIGKILL at `killAt` (the store's test hook); resolves with how it ended.
 */
function crashingChild(dir: string, call: string, killAt: string) {
  const script = `
    import * as store from ${JSON.stringify(STORE)};
    const dir = ${JSON.stringify(dir)};
    await ${call};
    console.log('finished');
  `;
  return new Promise<{ signal: string | null; out: string }>((resolve) => {
    // `--import tsx` (not the tsx CLI, which would wrap it in a second process): the signal
    // that ends this very process is what the test sees.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      env: { ...process.env, [KILL_AT_ENV]: killAt },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (_code, signal) => resolve({ signal, out }));
  });
}

/** Every file of the project folder that is not a plain project file, plus workflow ids per file. */
async function inventory(dir: string) {
  const workflows = (await readdir(join(dir, 'workflows'))).sort();
  const ids: Record<string, string> = {};
  for (const name of workflows) ids[name] = (await readJson(join(dir, 'workflows', name))).id;
  const leftovers = [
    ...(await readdir(dir)).filter((n) => n.endsWith('.tmp')),
    ...workflows.filter((n) => !n.endsWith('.json') || n.startsWith('.')),
    ...(await readdir(join(dir, '.catalyst')).catch(() => [] as string[])),
  ];
  return { workflows, ids, leftovers };
}

/** catalyst.json and every workflow file's text, by name. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    'catalyst.json': await readFile(join(dir, 'catalyst.json'), 'utf8'),
  };
  for (const name of await readdir(join(dir, 'workflows'), { withFileTypes: true })) {
    if (name.isFile()) files[name.name] = await readFile(join(dir, 'workflows', name.name), 'utf8');
  }
  return files;
}

const notices: string[] = [];
let stopListening = onStoreNotice((m) => notices.push(m));
afterEach(() => {
  notices.length = 0;
  stopListening();
  stopListening = onStoreNotice((m) => notices.push(m));
});

describe('a change killed part-way is finished or undone as a whole on the next open', () => {
  // The rename writes workflows/fetch_orders.json, removes workflows/extract_data.json and
  // updates catalyst.json; it is killed after the journal and after each of those steps.
  it.each(['journal:written', 'journal:applied-1', 'journal:applied-2'])(
    'workflow rename killed at %s: rolled forward, one file with the id, no leftovers',
    async (killAt) => {
      const dir = await demoFolder();
      const before = await readJson(join(dir, 'catalyst.json'));
      const { signal, out } = await crashingChild(
        dir,
        "store.renameWorkflow(dir, 'extract_data', 'Fetch Orders')",
        killAt,
      );
      expect(signal).toBe('SIGKILL');
      expect(out).not.toContain('finished');
      // The journal is what the killed process left; the next open (a plain read) replays it.
      await access(join(dir, '.catalyst', JOURNAL_FILE));

      const state = await loadState(dir);
      const after = await inventory(dir);
      expect(after.leftovers).toEqual([]);
      expect(Object.values(after.ids).filter((id) => id === 'wf_extract')).toHaveLength(1);
      expect(after.workflows).toEqual(['fetch_orders.json', 'main_workflow.json', 'process_results.json']);
      expect(state.workflows.find((w) => w.workflow.id === 'wf_extract')?.workflow.name).toBe('Fetch Orders');
      expect(state.manifest.updatedAt > before.updatedAt).toBe(true);
      // The killed process also left its edit lock, which the reader removes.
      expect(notices).toEqual([
        expect.stringMatching(
          /^Removed the edit lock .*edit\.lock: its process \(pid \d+\) is no longer running\.$/,
        ),
        expect.stringMatching(
          /^Finished a change to the project in .* that was interrupted \(process \d+ stopped part-way\): wrote workflows\/fetch_orders\.json, removed workflows\/extract_data\.json, wrote catalyst\.json\.$/,
        ),
      ]);
      // The project is fully usable again.
      await renameWorkflow(dir, 'wf_extract', 'extract_data');
      expect((await inventory(dir)).workflows).toEqual([
        'extract_data.json',
        'main_workflow.json',
        'process_results.json',
      ]);
    },
  );

  it('workflow delete killed after removing the file: the next change finishes it first', async () => {
    const dir = await demoFolder();
    const { signal } = await crashingChild(
      dir,
      "store.deleteWorkflow(dir, 'main_workflow')",
      'journal:applied-1',
    );
    expect(signal).toBe('SIGKILL');
    // The file is gone but catalyst.json was not rewritten yet: replayed by a change.
    await setEnvVar(dir, 'AFTER', 'yes');
    const after = await inventory(dir);
    expect(after.leftovers).toEqual([]);
    expect(after.workflows).toEqual(['extract_data.json', 'process_results.json']);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(
      /^Finished a change .*: removed workflows\/main_workflow\.json, wrote catalyst\.json\.$/,
    );
    expect((await loadState(dir)).manifest.envVars['AFTER']).toBe('yes');
  });

  it('a kill while the journal itself is written leaves the change undone and no temp file', async () => {
    const dir = await demoFolder();
    const { signal } = await crashingChild(
      dir,
      "store.renameWorkflow(dir, 'extract_data', 'Fetch Orders')",
      'atomic-write:before-rename:journal.json',
    );
    expect(signal).toBe('SIGKILL');
    // The killed writer's temp file is there until the next open.
    expect((await readdir(join(dir, '.catalyst'))).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    const opened = await openProject(dir);
    expect(opened.problems).toEqual([]);
    const after = await inventory(dir);
    expect(after.leftovers).toEqual([]);
    expect(after.workflows).toEqual(['extract_data.json', 'main_workflow.json', 'process_results.json']);
    // Nothing to finish: only the killed process's lock was cleared.
    expect(notices).toEqual([expect.stringMatching(/^Removed the edit lock /)]);
  });

  it('a kill during the manifest rename leaves no .tmp after the next open, and the change undone', async () => {
    const dir = await demoFolder();
    const { signal } = await crashingChild(
      dir,
      "store.setEnvVar(dir, 'NEVER', 'x')",
      'atomic-write:before-rename:catalyst.json',
    );
    expect(signal).toBe('SIGKILL');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    const state = await loadState(dir);
    expect(state.manifest.envVars['NEVER']).toBeUndefined();
    expect((await inventory(dir)).leftovers).toEqual([]);
  });

  it.each(['journal:applied-1', 'journal:applied-2', 'journal:applied-3'])(
    'a change that fails in the process at %s is rolled back: its error, nothing half-written',
    async (failAt) => {
      const dir = await demoFolder();
      const before = await snapshot(dir);
      process.env[FAIL_AT_ENV] = failAt;
      try {
        await expect(renameWorkflow(dir, 'extract_data', 'Fetch Orders')).rejects.toThrow(
          `Injected failure at ${failAt} (${FAIL_AT_ENV} is set).`,
        );
      } finally {
        delete process.env[FAIL_AT_ENV];
      }
      expect(await snapshot(dir)).toEqual(before);
      expect(await readdir(join(dir, '.catalyst'))).toEqual([]);
    },
  );

  it('refuses a change whose file name a folder occupies, changing nothing', async () => {
    const dir = await demoFolder();
    const before = await snapshot(dir);
    await mkdir(join(dir, 'workflows', 'fetch_orders.json', 'x'), { recursive: true });
    await expect(renameWorkflow(dir, 'extract_data', 'Fetch Orders')).rejects.toThrow(
      `Cannot change ${join(dir, 'workflows', 'fetch_orders.json')}: a folder is in its place. Nothing was changed.`,
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it('leaves the temp file of a live writer alone', async () => {
    const dir = await demoFolder();
    const live = join(dir, `.catalyst.json.${process.ppid}.0123abcd.tmp`);
    await writeFile(live, '{"partial"');
    await loadState(dir);
    expect(await readFile(live, 'utf8')).toBe('{"partial"');
  });

  it('refuses a journal that names files outside the project, saying what to do', async () => {
    const dir = await demoFolder();
    await mkdir(join(dir, '.catalyst'));
    await writeFile(
      join(dir, '.catalyst', JOURNAL_FILE),
      JSON.stringify({
        journal: 1,
        pid: 999999999,
        files: [
          { path: '../outside.json', text: 'x', before: null },
          { path: 'catalyst.json', text: 'x', before: null },
        ],
      }),
    );
    const journal = join(dir, '.catalyst', JOURNAL_FILE);
    await expect(loadState(dir)).rejects.toThrow(
      `${journal} records a change to the project that was interrupted, but it cannot be read. Check catalyst.json and workflows/ (\`git status\` and \`git diff\` show what changed), then delete ${journal}.`,
    );
    await expect(access(join(dir, '..', 'outside.json'))).rejects.toThrow(/ENOENT/);
  });
});
