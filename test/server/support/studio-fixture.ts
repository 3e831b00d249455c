import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openAppWorkspace } from '../../../src/cli/app-workspace.js';
import { type RunningStudio, startStudio } from '../../../src/server/start.js';
import { createStoreServices } from '../../../src/server/store-services.js';
import { createProject } from '../../../src/store/project-store.js';
import type { Workspace } from '../../../src/workspace/workspace.js';

export const TEST_TOKEN = 'test-token-0123456789';

export interface StudioFixture {
  studio: RunningStudio;
  workspace: Workspace;
  home: string;
  /** Everything the server logged. */
  logs: string[];
  /** fetch against the studio with the token (unless overridden) and a JSON body. */
  call(method: string, apiPath: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Creates the demo project (main_workflow → extract_data, process_results) and returns its id. */
  demo(name?: string): Promise<{ id: string; folder: string }>;
  close(): Promise<void>;
}

/** fetch against a studio at `origin` with the test token (unless overridden) and a JSON body. */
export function callStudio(
  origin: string,
  method: string,
  apiPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${origin}${apiPath}`, {
    method,
    headers: {
      'x-catalyst-token': TEST_TOKEN,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function startFixture(options: { webRoot?: string } = {}): Promise<StudioFixture> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-studio-'));
  const workspace = openAppWorkspace({ home, env: { CATALYST_HOME: home } });
  const logs: string[] = [];
  const studio = await startStudio({
    services: createStoreServices(workspace),
    port: 0,
    token: TEST_TOKEN,
    webRoot: options.webRoot ?? path.join(home, 'no-web'),
    log: (line) => logs.push(line),
  });
  return {
    studio,
    workspace,
    home,
    logs,
    call: (method, apiPath, body, headers) => callStudio(studio.origin, method, apiPath, body, headers),
    async demo(name = 'demo') {
      const created = await createProject(
        path.join(home, 'projects', name),
        { name, example: true },
        { workspace },
      );
      return { id: created.manifest.id, folder: created.dir };
    },
    async close() {
      await studio.close();
      workspace.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A raw request: fetch cannot set `Host`, and these tests need to. */
export function rawRequest(
  url: string,
  headers: Record<string, string>,
  options: { host?: string } = {},
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.host ?? target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'GET',
        headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
