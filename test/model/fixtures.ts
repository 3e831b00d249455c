import type { ProjectManifest } from '../../src/model/project.js';
import type { Project, ProjectSource } from '../../src/model/project-files.js';
import type { Edge, Workflow, WorkflowNode } from '../../src/model/workflow.js';

/**
 * Small builders for model tests: the demo-like project built in code, to be broken one
 * way per test. Every call returns fresh objects, so a test may mutate what it gets.
 */

export function node(id: string, type: string, config: Record<string, unknown> = {}): WorkflowNode {
  return { id, type, name: id, position: { x: 0, y: 0 }, config };
}

export function edge(source: string, target: string, sourceHandle?: string): Edge {
  const id = `${source}-${target}${sourceHandle ? `-${sourceHandle}` : ''}`;
  return sourceHandle ? { id, source, target, sourceHandle } : { id, source, target };
}

export function workflow(
  fields: Partial<Omit<Workflow, 'nodes'>> & { id: string; name: string; nodes?: WorkflowNode[] },
): Workflow {
  const { nodes = [], ...rest } = fields;
  return {
    deploymentTargetId: 'production',
    visibility: 'internal',
    edges: [],
    ...rest,
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
  };
}

export function manifest(): ProjectManifest {
  return {
    schemaVersion: 1,
    id: 'proj_demo',
    name: 'demo',
    description: 'Demo project',
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: {
      production: { id: 'production', name: 'Production', platform: 'railway', platformConfig: {} },
      staging: { id: 'staging', name: 'Staging', platform: 'docker', platformConfig: {} },
    },
    envVars: { LOG_LEVEL: 'info', API_BASE: 'https://api.example.com' },
    secrets: {
      API_TOKEN: { name: 'API_TOKEN' },
      ANTHROPIC_API_KEY: { name: 'ANTHROPIC_API_KEY' },
    },
    sharedFunctions: {},
  };
}

/** main_workflow (public) calls extract_data and process_results (internal) locally; ping lives on staging. */
export function demoWorkflows(): Workflow[] {
  return [
    workflow({
      id: 'wf_main',
      name: 'main_workflow',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/main' },
      nodes: [
        node('shape', 'transform', { fields: { user: '{{ input.userId }}', kind: 'lookup' } }),
        node('extract', 'workflowCall', {
          callType: 'local',
          targetWorkflowId: 'wf_extract',
          input: '{"userId": "{{ nodes.shape.user }}"}',
          timeout: 30,
        }),
        node('process', 'workflowCall', {
          callType: 'local',
          targetWorkflowId: 'wf_process',
          input: '{"data": "{{ nodes.extract.result }}", "user": "{{ nodes.shape.user }}"}',
        }),
        node('check', 'condition', { expression: 'nodes.process.result.score > 0.5' }),
        node('ok', 'response', { body: '{"ok": true, "result": "{{ nodes.process.result }}"}' }),
        node('reject', 'response', { statusCode: 422, body: '{"ok": false}' }),
      ],
      edges: [
        edge('shape', 'extract'),
        edge('extract', 'process'),
        edge('process', 'check'),
        edge('check', 'ok', 'true'),
        edge('check', 'reject', 'false'),
      ],
    }),
    workflow({
      id: 'wf_extract',
      name: 'extract_data',
      nodes: [
        node('fetch', 'httpRequest', {
          method: 'GET',
          url: '{{ env.API_BASE }}/users/{{ input.userId }}',
          headers: { Authorization: 'Bearer {{ secrets.API_TOKEN }}' },
        }),
        node('pick', 'transform', {
          fields: { name: '{{ nodes.fetch.body.name }}', level: '{{ env.LOG_LEVEL }}' },
        }),
      ],
      edges: [edge('fetch', 'pick')],
    }),
    workflow({
      id: 'wf_process',
      name: 'process_results',
      nodes: [
        node('summarize', 'llm', {
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          prompt: 'Summarise {{ input.data }}',
          apiKeySecret: 'ANTHROPIC_API_KEY',
        }),
        node('score', 'code', { code: 'return {"score": len(input["text"]) / 100}' }),
      ],
      edges: [edge('summarize', 'score')],
    }),
    workflow({
      id: 'wf_ping',
      name: 'ping',
      deploymentTargetId: 'staging',
      visibility: 'public',
      endpoint: { method: 'GET', path: '/api/ping' },
      nodes: [node('pong', 'response', { body: '{"pong": true}' })],
    }),
  ];
}

export function demoProject(): Project {
  return {
    manifest: manifest(),
    workflows: demoWorkflows().map((w) => ({ file: `workflows/${w.name}.json`, workflow: w })),
  };
}

/** The project as the files a store would read. */
export function sourceOf(project: Project): ProjectSource {
  return {
    manifest: { path: 'catalyst.json', text: JSON.stringify(project.manifest, null, 2) },
    workflows: project.workflows.map((w) => ({ path: w.file, text: JSON.stringify(w.workflow, null, 2) })),
  };
}

/** The demo project's workflow with this id (tests break it in place). */
export function find(project: Project, workflowId: string): Workflow {
  const found = project.workflows.find((w) => w.workflow.id === workflowId);
  if (!found) throw new Error(`fixture has no workflow ${workflowId}`);
  return found.workflow;
}
