import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENDPOINTS,
  EXPECTED,
  INPUT_SCHEMA,
  ORDER,
  REQUEST_BODY,
  SCHEMA_TARGET,
  schemaProject,
} from '../../bench/schema/schema-project.js';
import { validateProject } from '../../src/model/validate/validate-project.js';
import {
  generate,
  postJson,
  type RunningApp,
  removeDir,
  startApp,
  writeApp,
} from '../compiler/python/support.js';

let app: RunningApp;

beforeAll(async () => {
  app = await startApp(writeApp(generate(schemaProject(), SCHEMA_TARGET)));
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
});

describe('schema bench project', () => {
  it('is valid, and its two workflows differ only in their schemas; the input schema has 10 fields', () => {
    const project = schemaProject();
    expect(validateProject(project)).toEqual([]);
    const [plain, typed] = project.workflows.map((w) => w.workflow);
    expect(typed!.nodes).toEqual(plain!.nodes);
    expect(plain!.inputSchema).toBeUndefined();
    expect(Object.keys(INPUT_SCHEMA.properties)).toHaveLength(10);
    expect(Object.keys(ORDER)).toHaveLength(10);
  });

  it('both answer the bench body alike; only the typed one refuses a bad order', async () => {
    for (const path of [ENDPOINTS.plain, ENDPOINTS.typed]) {
      const res = await fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: REQUEST_BODY,
      });
      expect(await res.json()).toEqual(EXPECTED);
    }
    const bad = { ...ORDER, email: 'nope', items: [{ ...ORDER.items[0], qty: 0 }] };
    expect((await postJson(`${app.url}${ENDPOINTS.plain}`, bad)).status).toBe(200);
    const refused = await postJson(`${app.url}${ENDPOINTS.typed}`, bad);
    expect(refused.status).toBe(400);
    expect((await refused.json()).problems).toEqual([
      { path: '$.email', message: 'must be an email address' },
      { path: '$.items[0].qty', message: 'must be at least 1' },
    ]);
  });
});
