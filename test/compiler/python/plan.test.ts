import { describe, expect, it } from 'vitest';
import { compareVersions, planTarget } from '../../../src/compiler/plan.js';
import { demoProject } from '../../../src/model/demo.js';
import { allNodesProject } from '../../fixtures/all-nodes-project.js';
import { buildProject } from '../../fixtures/build-project.js';

const opts = { generatorVersion: '1.2.3' };

describe('planTarget', () => {
  it('plans the demo: callees before callers, topological node order, no secrets used', () => {
    const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
    const plan = planTarget(project, 'local', { ...opts, commit: 'abc123' });
    expect(plan.workflows.map((w) => [w.workflow.name, w.moduleName, w.order, w.calls])).toEqual([
      ['extract_data', 'extract_data', ['load', 'pick'], []],
      ['process_results', 'process_results', ['totals', 'report'], []],
      ['main_workflow', 'main_workflow', ['shape', 'extract', 'process'], ['wf_extract', 'wf_process']],
    ]);
    expect(plan.secrets).toEqual([]);
    expect(plan.envVars).toEqual([['LOG_LEVEL', 'info']]);
    expect(plan.commit).toBe('abc123');
    expect(plan.target.id).toBe('local');
    expect(plan.requirements).toEqual([
      { name: 'fastapi', min: '0.92' },
      { name: 'httpx', min: '0.23' },
      { name: 'uvicorn[standard]', min: '0.17' },
    ]);
  });

  it('collects secrets from secret fields and expressions, and node packages', () => {
    const plan = planTarget(allNodesProject(), 'production', opts);
    expect(plan.secrets).toEqual([
      'ANTHROPIC_KEY',
      'API_TOKEN',
      'DATABASE_URL',
      'GROQ_KEY',
      'OPENAI_KEY',
      'QDRANT_KEY',
      'QDRANT_URL',
    ]);
    expect(plan.requirements.map((r) => `${r.name}>=${r.min}`)).toEqual([
      'asyncpg>=0.27',
      'fastapi>=0.92',
      'httpx>=0.23',
      'uvicorn[standard]>=0.17',
    ]);
    expect(plan.commit).toBeUndefined();
  });

  it('includes only the target’s workflows', () => {
    const project = buildProject(
      {
        name: 'two',
        deploymentTargets: {
          production: { id: 'production', name: 'P', platform: 'docker', platformConfig: {} },
          staging: { id: 'staging', name: 'S', platform: 'fly', platformConfig: {} },
        },
      },
      [
        { id: 'a', name: 'A', visibility: 'public', nodes: [] },
        { id: 'b', name: 'B', visibility: 'public', deploymentTargetId: 'staging', nodes: [] },
      ],
    );
    expect(planTarget(project, 'staging', opts).workflows.map((w) => w.workflow.id)).toEqual(['b']);
  });

  it('refuses an unknown target, naming the known ones', () => {
    const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
    expect(() => planTarget(project, 'nope', opts)).toThrow(
      'Unknown deployment target "nope"; the project has local, production',
    );
  });

  it('refuses a local call to a workflow of another target', () => {
    const project = buildProject(
      {
        name: 'two',
        deploymentTargets: {
          production: { id: 'production', name: 'P', platform: 'docker', platformConfig: {} },
          staging: { id: 'staging', name: 'S', platform: 'fly', platformConfig: {} },
        },
      },
      [
        {
          id: 'a',
          name: 'A',
          visibility: 'public',
          nodes: [{ id: 'c', type: 'workflowCall', name: 'Call B', config: { targetWorkflowId: 'b' } }],
        },
        { id: 'b', name: 'B', visibility: 'internal', deploymentTargetId: 'staging', nodes: [] },
      ],
    );
    expect(() => planTarget(project, 'production', opts)).toThrow(
      'Node "Call B" of workflow "A" calls workflow "b" locally, but it is deployed to target "staging"; ' +
        'a local call needs both in target "production"',
    );
  });

  it('compares versions numerically', () => {
    expect(compareVersions('0.100', '0.92')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1')).toBe(0);
    expect(compareVersions('0.23', '0.27')).toBeLessThan(0);
  });
});
