import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/build/free-port.js';
import { type StudioFixture, startFixture } from './support/studio-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
type Body = any;

const TOKEN = 'studio-run-s3cret-value';

/** Studio Run hands back what the generated code did: the app's redaction must hold there too. */
describe('studio Run of a workflow whose failure carries a secret', () => {
  let f: StudioFixture;
  let demo: { id: string; folder: string };
  beforeAll(async () => {
    f = await startFixture();
    demo = await f.demo('leaky');
  });
  afterAll(() => f.close());

  it('answers with [secret NAME] and the URL without its query, never the value', async () => {
    const base = `/api/projects/${demo.id}`;
    const secret = await f.call('PUT', `${base}/secrets/API_TOKEN`, { value: TOKEN });
    expect(secret.status).toBe(200);
    const created = (await (
      await f.call('POST', `${base}/workflows`, {
        name: 'Leak',
        visibility: 'public',
        endpoint: { method: 'POST', path: '/api/leak' },
      })
    ).json()) as Body;
    const id = created.workflow.id;
    const closed = `http://127.0.0.1:${await freePort()}`;
    const saved = await f.call('PUT', `${base}/workflows/${id}`, {
      ...created.workflow,
      deploymentTargetId: 'local',
      nodes: {
        call: {
          id: 'call',
          type: 'workflowCall',
          name: 'Call',
          position: { x: 0, y: 0 },
          config: {
            callType: 'http',
            httpUrl: `${closed}/k/{{ secrets.API_TOKEN }}?key={{ secrets.API_TOKEN }}`,
            timeout: 5,
          },
        },
      },
      edges: [],
    });
    expect(saved.status, await saved.clone().text()).toBe(200);

    const res = await f.call('POST', `${base}/workflows/${id}/runs`, { input: {} });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).not.toContain(TOKEN);
    const { run } = JSON.parse(text) as Body;
    expect(run.trace).toMatchObject({ workflow: 'Leak', status: 'error' });
    const call = run.trace.nodes[0];
    expect(call).toMatchObject({ id: 'call', status: 'error' });
    expect(call.error).toMatch(
      new RegExp(`^Workflow call failed: cannot connect to ${closed}/k/\\[secret API_TOKEN\\] \\(`),
    );
    // The node's input shows the URL it was given, the secret hidden there too.
    expect(JSON.stringify(call.input)).not.toContain(TOKEN);
    const kept = await f.call('GET', `${base}/workflows/${id}/runs/${run.id}`);
    expect(await kept.text()).not.toContain(TOKEN);
    expect(f.logs.join('\n')).not.toContain(TOKEN);
  });
});
