import { describe, expect, it } from 'vitest';
import { demoProject } from '../../src/model/demo.js';
import { fieldOfPath } from '../../src/server/http/errors.js';
import { detailOf, mainTarget } from '../../src/server/projects/project-views.js';

/** A private copy: the demo's workflow objects are shared module constants. */
const demo = () =>
  structuredClone(demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' }));

/** Stand-in file versions: these tests read the views, not the files. */
const versionsOf = (project: ReturnType<typeof demo>) => ({
  manifest: 'manifest-v1',
  workflows: new Map(project.workflows.map((w) => [w.file, `${w.file}-v1`])),
});

const head = { branch: 'main', sha: '0123456789abcdef0123456789abcdef01234567' };

describe('project views', () => {
  it('picks the target most workflows deploy to, else the first by id', () => {
    const { manifest } = demo();
    expect(mainTarget(manifest, [])?.id).toBe('local');
    expect(mainTarget(manifest, ['production', 'production', 'local'])?.id).toBe('production');
    expect(mainTarget({ ...manifest, deploymentTargets: {} }, ['local'])).toBeNull();
  });

  it('lists local and HTTP calls, naming a missing callee honestly', () => {
    const project = demo();
    const main = project.workflows.find((w) => w.workflow.id === 'wf_main')!.workflow;
    main.nodes['remote'] = {
      id: 'remote',
      type: 'workflowCall',
      name: 'Remote',
      position: { x: 0, y: 0 },
      config: { callType: 'http', httpUrl: 'https://other.example/api/x' },
    };
    main.nodes['ghost'] = {
      id: 'ghost',
      type: 'workflowCall',
      name: 'Ghost',
      position: { x: 0, y: 0 },
      config: { callType: 'local', targetWorkflowId: 'wf_gone' },
    };
    const detail = detailOf(project, '/p', head, versionsOf(project));
    const calls = detail.workflows.find((w) => w.id === 'wf_main')!.calls;
    expect(calls.map((c) => [c.nodeId, c.callType, c.workflowName ?? c.url])).toEqual([
      ['extract', 'local', 'extract_data'],
      ['process', 'local', 'process_results'],
      ['remote', 'http', 'https://other.example/api/x'],
      ['ghost', 'local', null],
    ]);
    expect(detail.git).toEqual({ branch: 'main', commit: '0123456', repoUrl: null });
    expect(detail.health.status).toBe('unknown');
    expect(detail.deployments).toEqual([]);
  });

  it('serves a public workflow without an endpoint at POST /api/<slug>', () => {
    const project = demo();
    const extract = project.workflows.find((w) => w.workflow.id === 'wf_extract')!.workflow;
    extract.visibility = 'public';
    const view = detailOf(project, '/p', head, versionsOf(project)).workflows.find(
      (w) => w.id === 'wf_extract',
    );
    expect(view?.endpoint).toEqual({ method: 'POST', path: '/api/extract_data', isDefault: true });
  });

  it('names the form field a JSON path points at', () => {
    expect(fieldOfPath('$.folder')).toBe('folder');
    expect(fieldOfPath('$.deploymentTargets.production.name')).toBe('name');
    expect(fieldOfPath('$.nodes["odd id"]')).toBe('odd id');
    expect(fieldOfPath('$')).toBeNull();
  });
});
