import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../../src/model/load.js';
import { projectManifestSchema } from '../../../src/model/project.js';
import { workflowSchema } from '../../../src/model/workflow.js';
import { buildProject } from '../../fixtures/build-project.js';
import { generate, postJson, type RunningApp, removeDir, runPython, startApp, writeApp } from './support.js';

/**
 * DESIGN §5 (issue 11 item 14): display names — project, workflow, node, target — are any
 * text of 1–100 characters without control characters; modules and Python names come from
 * them through the slug and the escaping layer.
 */
const BOB = `Bob's "Orders" (EU)`;
const TARGET = `Prod "EU" — it's #1 \\ """`;

function project() {
  return buildProject(
    {
      name: BOB,
      deploymentTargets: {
        production: { id: 'production', name: TARGET, platform: 'docker', platformConfig: {} },
      },
    },
    [
      {
        id: 'wf_bob',
        name: BOB,
        visibility: 'public',
        nodes: [
          { id: 'shape', type: 'transform', name: BOB, config: { fields: { who: '{{ input.who }}' } } },
          {
            id: 'call',
            type: 'workflowCall',
            name: `'''"""\\`,
            config: { callType: 'local', targetWorkflowId: 'wf_symbols' },
          },
        ],
        edges: [['shape', 'call']],
      },
      {
        // Nothing a slug can use: the module is `workflow`, the function `execute_workflow`.
        id: 'wf_symbols',
        name: '(((!!!)))',
        visibility: 'internal',
        nodes: [
          { id: 'n', type: 'transform', name: '¿¿¿ ??? ¡¡¡', config: { fields: { got: '{{ input.who }}' } } },
        ],
      },
    ],
  );
}

describe('display names are any one-line text', () => {
  it('the model accepts them and refuses control characters and over-long names, naming the field', () => {
    expect(validateProject(project())).toEqual([]);
    for (const bad of ['two\nlines', 'tab\there', 'nul\u0000', 'x'.repeat(101), '   ']) {
      expect(workflowSchema.shape.name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(projectManifestSchema.shape.name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(projectManifestSchema.shape.name.safeParse('x'.repeat(100)).success).toBe(true);
    expect(projectManifestSchema.shape.name.safeParse('two\nlines').error?.issues[0]?.message).toBe(
      'Project name has a line break, tab or other control character: use plain text on one line',
    );
  });

  describe('the generated app', () => {
    const files = generate(project());
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(writeApp(files));
    });
    afterAll(async () => {
      await app?.stop();
      if (app) removeDir(app.dir);
    });

    it('names modules by slug and compiles', () => {
      expect(files.filter((f) => f.path.startsWith('workflows/')).map((f) => f.path)).toEqual([
        'workflows/__init__.py',
        'workflows/bob_s_orders_eu.py',
        'workflows/workflow.py',
      ]);
      const compiled = runPython(['-m', 'compileall', '-q', '.'], app.dir);
      expect(compiled.status, compiled.stdout + compiled.stderr).toBe(0);
    });

    it('runs, and reports the names verbatim', async () => {
      const res = await postJson(`${app.url}/api/bob_s_orders_eu`, { who: BOB });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: { got: BOB }, workflow: '(((!!!)))', call_type: 'local' });
      const health = await (await fetch(`${app.url}/health`)).json();
      expect(health).toMatchObject({ project: BOB, target: 'production', workflows: [BOB] });
    });
  });
});
