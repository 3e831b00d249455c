import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopPythonApp } from '../../src/deploy/local/python-process.js';
import { SqliteLocalProcessStore } from '../../src/deploy/records/local-apps.js';
import { ensureDeploySchema } from '../../src/deploy/records/schema.js';
import { openWorkspace, type Workspace } from '../../src/workspace/workspace.js';

export const FAKE_CLI_DIR = fileURLToPath(new URL('../fixtures/fake-cli/', import.meta.url));

/** What a stand-in CLI recorded about one call. */
export interface FakeCall {
  tool: string;
  args: string[];
  cwd: string;
  stdin: string;
  env: Record<string, string>;
}

export interface Sandbox {
  root: string;
  home: string;
  workspace: Workspace;
  /** Environment for deploys: the stand-in CLIs first on PATH, a git identity, the call log. */
  env: NodeJS.ProcessEnv;
  fakeLog: string;
  calls(): Promise<FakeCall[]>;
  cleanup(): Promise<void>;
}

/** A temp folder with its own CATALYST_HOME and workspace; cleanup stops every app it started. */
export async function makeSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'catalyst-deploy-'));
  const home = path.join(root, 'home');
  const workspace = openWorkspace({
    home,
    env: { CATALYST_SECRET_KEY: 'a test passphrase of enough length' },
  });
  ensureDeploySchema(workspace.db);
  const fakeLog = path.join(root, 'fake-cli.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${FAKE_CLI_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    FAKE_CLI_LOG: fakeLog,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  return {
    root,
    home,
    workspace,
    env,
    fakeLog,
    async calls() {
      const text = await readFile(fakeLog, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as FakeCall);
    },
    async cleanup() {
      for (const app of new SqliteLocalProcessStore(workspace.db).all()) {
        if (app.kind === 'process') await stopPythonApp(app.pid);
      }
      // Containers of the docker stand-in: `<call log>.container-<name>` holds the server's pid.
      for (const name of await readdir(root)) {
        if (!name.startsWith(`${path.basename(fakeLog)}.container-`)) continue;
        try {
          process.kill(Number(await readFile(path.join(root, name), 'utf8')), 'SIGTERM');
        } catch {
          // already stopped
        }
      }
      workspace.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
