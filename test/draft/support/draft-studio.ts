import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openAppWorkspace } from '../../../src/cli/app-workspace.js';
import type { StudioEvent } from '../../../src/server/events/event-bus.js';
import { type RunningStudio, startStudio } from '../../../src/server/start.js';
import { createStoreServices } from '../../../src/server/store-services.js';
import { createProject, setSecret } from '../../../src/store/project-store.js';
import type { Workspace } from '../../../src/workspace/workspace.js';

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON paths
type Body = any;

export const DRAFT_TOKEN = 'test-token-0123456789';
/** A project secret's value: it must never reach the model. */
export const SECRET_VALUE = 'postgres://shop:hunter2-9d8e7f@db.internal/shop';

export interface DraftStudio {
  studio: RunningStudio;
  workspace: Workspace;
  home: string;
  events: StudioEvent[];
  /** The demo project (main_workflow → extract_data, process_results) with a DATABASE_URL secret. */
  project: { id: string; folder: string };
  call(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: Body }>;
  close(): Promise<void>;
}

/** A real studio whose own environment is `env` (where it reads the LLM variables and key from). */
export async function startDraftStudio(env: NodeJS.ProcessEnv, webRoot?: string): Promise<DraftStudio> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-drafts-'));
  const workspace = openAppWorkspace({ home, env: { CATALYST_HOME: home } });
  const studio = await startStudio({
    services: createStoreServices(workspace, {}, env),
    port: 0,
    token: DRAFT_TOKEN,
    webRoot: webRoot ?? path.join(home, 'no-web'),
    log: () => {},
  });
  const events: StudioEvent[] = [];
  studio.bus.subscribe((e) => events.push(e));
  const created = await createProject(
    path.join(home, 'projects', 'shop'),
    { name: 'shop', example: true },
    { workspace },
  );
  const project = { id: created.manifest.id, folder: created.dir };
  await setSecret(project.folder, workspace, { name: 'DATABASE_URL', value: SECRET_VALUE });
  return {
    studio,
    workspace,
    home,
    events,
    project,
    async call(method, apiPath, body) {
      const res = await fetch(`${studio.origin}${apiPath}`, {
        method,
        headers: {
          'x-catalyst-token': DRAFT_TOKEN,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await studio.close();
      workspace.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A right answer: a public workflow with one transform node and a response. */
export function greetAnswer(): { workflow: Record<string, unknown>; notes: string } {
  return {
    workflow: {
      id: 'wf_greet',
      name: 'greet_customer',
      deploymentTargetId: 'local',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/greet' },
      nodes: {
        shape: {
          id: 'shape',
          type: 'transform',
          name: 'Shape greeting',
          position: { x: 0, y: 0 },
          config: { fields: { message: 'Hello {{ upper(input.name) }}' } },
        },
        reply: {
          id: 'reply',
          type: 'response',
          name: 'Reply',
          position: { x: 300, y: 0 },
          config: { statusCode: 200, body: { greeting: '{{ nodes.shape.message }}' } },
        },
      },
      edges: [{ id: 'e1', source: 'shape', target: 'reply' }],
    },
    notes: 'POST {"name": "Ada"} to /api/greet.',
  };
}
