import type { PlannedWorkflow, TargetPlan } from '../../../src/compiler/types.js';
import { demoProject } from '../../../src/model/demo.js';
import { type Platform, projectManifestSchema } from '../../../src/model/project.js';
import type { Project } from '../../../src/model/project-files.js';
import { workflowSchema } from '../../../src/model/workflow.js';

/**
 * A TargetPlan built by hand, so the platform renderers are tested without the planner:
 * one public and one internal workflow, two env vars, two secrets, autoscaling on.
 */
export function handPlan(
  platform: Platform,
  overrides: { platformConfig?: Record<string, unknown> } = {},
): TargetPlan {
  const manifest = projectManifestSchema.parse({
    schemaVersion: 1,
    id: 'proj_7f3a9c',
    name: 'visualhive-prod',
    description: 'Conference search',
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: {
      production: {
        id: 'production',
        name: 'Production',
        platform,
        platformConfig: overrides.platformConfig ?? {
          region: 'us-west2',
          instanceSize: 'shared-cpu-2x',
          autoscaling: { enabled: true, minInstances: 1, maxInstances: 3 },
        },
      },
    },
    envVars: { LOG_LEVEL: 'info', GREETING: "it's on: yes" },
    secrets: {
      OPENAI_API_KEY: { name: 'OPENAI_API_KEY', description: 'LLM key' },
      DATABASE_URL: { name: 'DATABASE_URL', description: 'Postgres DSN' },
    },
  });
  const main = workflowSchema.parse({
    id: 'wf_main',
    name: 'main_workflow',
    description: 'Entry point',
    deploymentTargetId: 'production',
    visibility: 'public',
    endpoint: { method: 'POST', path: '/api/main' },
  });
  const extract = workflowSchema.parse({
    id: 'wf_extract',
    name: 'Extract Data',
    deploymentTargetId: 'production',
    visibility: 'internal',
  });
  const planned = (file: string, workflow: typeof main, moduleName: string): PlannedWorkflow => ({
    file,
    workflow,
    moduleName,
    order: [],
    calls: [],
  });
  const target = manifest.deploymentTargets['production']!;
  return {
    project: { manifest, workflows: [] },
    target,
    workflows: [
      planned('workflows/extract_data.json', extract, 'extract_data'),
      planned('workflows/main_workflow.json', main, 'main_workflow'),
    ],
    secrets: ['DATABASE_URL', 'OPENAI_API_KEY'],
    envVars: [
      ['GREETING', "it's on: yes"],
      ['LOG_LEVEL', 'info'],
    ],
    requirements: [
      { name: 'uvicorn', min: '0.17' },
      { name: 'fastapi', min: '0.92' },
      { name: 'httpx', min: '0.23' },
    ],
    commit: 'abc1234',
    generatorVersion: '0.1.0',
  };
}

/** The demo with its `local` target moved to `platform`, carrying the production target's settings (region, autoscaling). */
export function demoOnPlatform(platform: Platform): Project {
  const project = demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' });
  const targets = project.manifest.deploymentTargets;
  targets['local'] = {
    ...targets['local']!,
    platform,
    platformConfig: { ...targets['production']!.platformConfig },
  };
  return project;
}
