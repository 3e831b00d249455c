import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppWorkspace } from '../../src/cli/app-workspace.js';
import { loadProject } from '../../src/model/load.js';
import { readProjectSource } from '../../src/store/project-folder.js';
import { createProject } from '../../src/store/project-store.js';
import {
  type DraftStudio,
  greetAnswer,
  SECRET_VALUE,
  startDraftStudio,
} from '../draft/support/draft-studio.js';
import { type Scripted, type StandIn, startStandIn } from '../draft/support/llm-stand-in.js';
import { snapshot } from '../draft/support/shop-project.js';

// biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON paths
type Body = any;

const KEY = 'sk-studio-draft-key-5f1c9a';
type Studio = DraftStudio;
const studioWith = (env: NodeJS.ProcessEnv) => startDraftStudio(env);

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

async function setup(script: Scripted[]): Promise<{ api: StandIn; s: Studio }> {
  const api = await startStandIn({ key: KEY, script });
  opened.push(api);
  const s = await studioWith({
    CATALYST_LLM_BASE_URL: api.url,
    ANTHROPIC_API_KEY: KEY,
    CATALYST_LLM_BACKOFF_MS: '1',
  });
  opened.push(s);
  return { api, s };
}

/** Reads the draft until drafting has ended (no clock: it ends when the stand-in has answered). */
async function finished(s: Studio, draftId: string): Promise<Body> {
  for (;;) {
    const { status, body } = await s.call('GET', `/api/projects/${s.project.id}/drafts/${draftId}`);
    expect(status).toBe(200);
    if (body.draft.phase !== 'drafting') return body.draft;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('studio drafts (POST /api/projects/:id/drafts) against a stand-in LLM', () => {
  it('drafts live, shows the result, and Accept writes a file that validates (never committed)', async () => {
    const { api, s } = await setup([{ answer: greetAnswer() }]);
    const started = await s.call('POST', `/api/projects/${s.project.id}/drafts`, {
      prompt: 'A public webhook that greets a customer by name',
    });
    expect(started.status).toBe(202);
    const draftId: string = started.body.draftId;
    const draft = await finished(s, draftId);

    expect(draft.phase).toBe('ready');
    expect(draft.result).toMatchObject({
      ok: true,
      action: 'create',
      file: 'workflows/greet_customer.json',
      notes: 'POST {"name": "Ada"} to /api/greet.',
      rounds: 0,
      problems: [],
      diff: null,
    });
    expect(draft.result.workflow).toMatchObject({ id: 'wf_greet', name: 'greet_customer' });
    expect(draft.result.tokens.input).toBeGreaterThan(0);
    // The stages went out live over /api/events, in order, with their times.
    const pushed = s.events.filter((e) => e.type === 'draft' && e.draftId === draftId) as Body[];
    const stages = pushed.filter((e) => e.event?.status === 'completed').map((e) => e.event.stage);
    expect(stages).toEqual(['context', 'draft', 'validate', 'compile']);
    expect(pushed.at(-1)).toMatchObject({ end: 'ready', error: null });
    expect(draft.events.filter((e: Body) => e.status === 'completed').every((e: Body) => e.ms >= 0)).toBe(
      true,
    );
    // Nothing is written before Accept.
    expect(Object.keys(await snapshot(s.project.folder))).not.toContain('workflows/greet_customer.json');

    const accepted = await s.call('POST', `/api/projects/${s.project.id}/drafts/${draftId}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      file: 'workflows/greet_customer.json',
      workflow: { id: 'wf_greet' },
    });
    const written = JSON.parse(
      await readFile(path.join(s.project.folder, 'workflows/greet_customer.json'), 'utf8'),
    );
    expect(written.name).toBe('greet_customer');
    const { project, problems } = loadProject(await readProjectSource(s.project.folder));
    expect(problems).toEqual([]);
    expect(project!.workflows.map((w) => w.workflow.name)).toContain('greet_customer');
    const status = execFileSync('git', ['status', '--porcelain'], {
      cwd: s.project.folder,
      encoding: 'utf8',
    });
    expect(status).toContain('workflows/greet_customer.json');
    // A second accept is refused; the secret's value never went to the model, nor the key anywhere but the header.
    expect((await s.call('POST', `/api/projects/${s.project.id}/drafts/${draftId}/accept`)).status).toBe(409);
    expect(api.refused).toEqual([]);
    for (const r of api.requests) expect(r.raw).not.toContain(SECRET_VALUE);
    expect(api.requests[0]!.raw).toContain('DATABASE_URL');
    expect(JSON.stringify(draft)).not.toContain(KEY);
  });

  it('Discard writes nothing and forgets the draft', async () => {
    const { s } = await setup([{ answer: greetAnswer() }]);
    const before = await snapshot(s.project.folder);
    const { body } = await s.call('POST', `/api/projects/${s.project.id}/drafts`, {
      prompt: 'Greet a customer',
    });
    await finished(s, body.draftId);
    const discarded = await s.call('POST', `/api/projects/${s.project.id}/drafts/${body.draftId}/discard`);
    expect(discarded).toEqual({ status: 200, body: { discarded: true } });
    expect(await snapshot(s.project.folder)).toEqual(before);
    expect((await s.call('GET', `/api/projects/${s.project.id}/drafts/${body.draftId}`)).status).toBe(404);
    expect((await s.call('POST', `/api/projects/${s.project.id}/drafts/${body.draftId}/accept`)).status).toBe(
      404,
    );
  });

  it('a draft of an existing workflow gives a diff; Accept is refused (409) when the file changed meanwhile', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'catalyst-drafts-src-'));
    const tmp = openAppWorkspace({ home, env: { CATALYST_HOME: home } });
    const made = await createProject(path.join(home, 'p'), { name: 'p', example: true }, { workspace: tmp });
    const original = JSON.parse(await readFile(path.join(made.dir, 'workflows/extract_data.json'), 'utf8'));
    tmp.close();
    await rm(home, { recursive: true, force: true });
    const changed = structuredClone(original);
    changed.nodes.pick.config.fields.orderCount = '{{ len(input.orders) }}';
    const { s } = await setup([
      { answer: { workflow: changed, notes: 'Adds orderCount.' } },
      { answer: { workflow: changed, notes: 'Adds orderCount.' } },
    ]);

    const first = await s.call('POST', `/api/projects/${s.project.id}/drafts`, {
      prompt: 'Also count the orders',
      workflowId: 'extract_data',
    });
    const draft = await finished(s, first.body.draftId);
    expect(draft.result).toMatchObject({ ok: true, action: 'update', file: 'workflows/extract_data.json' });
    expect(draft.result.diff).toContain(
      '--- a/workflows/extract_data.json\n+++ b/workflows/extract_data.json\n@@ ',
    );
    expect(draft.result.diff).toContain('+          "orderCount": "{{ len(input.orders) }}"');

    // Someone edits the file before Accept: nothing is written, 409 names the file.
    const file = path.join(s.project.folder, 'workflows/extract_data.json');
    const edited = `${(await readFile(file, 'utf8')).replace('"extract_data"', '"extract_data" ')}`;
    await writeFile(file, edited);
    const refused = await s.call('POST', `/api/projects/${s.project.id}/drafts/${first.body.draftId}/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('workflows/extract_data.json changed since the draft was made');
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('without a key: 400 with the one line naming the variable, and the rest of the studio keeps working', async () => {
    const api = await startStandIn({ key: KEY, script: [{ answer: greetAnswer() }] });
    opened.push(api);
    const s = await studioWith({ CATALYST_LLM_BASE_URL: api.url });
    opened.push(s);
    const before = await snapshot(s.project.folder);
    const res = await s.call('POST', `/api/projects/${s.project.id}/drafts`, { prompt: 'Greet a customer' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(
      'No API key for anthropic: set ANTHROPIC_API_KEY in the environment (or store it with `catalyst secret set ANTHROPIC_API_KEY`).',
    );
    expect(api.requests).toEqual([]);
    expect(await snapshot(s.project.folder)).toEqual(before);
    expect((await s.call('GET', `/api/projects/${s.project.id}`)).status).toBe(200);
    // OpenAI names its own variable.
    const o = await studioWith({ CATALYST_LLM_PROVIDER: 'openai', CATALYST_LLM_BASE_URL: api.url });
    opened.push(o);
    const res2 = await o.call('POST', `/api/projects/${o.project.id}/drafts`, { prompt: 'Greet' });
    expect(res2.status).toBe(400);
    expect(res2.body.error).toContain('set OPENAI_API_KEY');
    // An empty description is refused before anything runs.
    const empty = await s.call('POST', `/api/projects/${s.project.id}/drafts`, { prompt: '  ' });
    expect(empty.status).toBe(400);
  });
});
