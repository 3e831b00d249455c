import type { LoadedWorkflow } from '../../model/project-files.js';
import type { NodeData } from './canvas-model.js';

/** One line under a node's name: what it does, so a canvas reads without opening panels. */
export function nodeSummary(data: NodeData, workflows: readonly LoadedWorkflow[]): string {
  const c = data.config;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (data.type) {
    case 'transform': {
      const keys = Object.keys((c['fields'] as Record<string, unknown> | undefined) ?? {});
      return keys.length === 0 ? 'no fields yet' : `{ ${keys.join(', ')} }`;
    }
    case 'code':
      return str(c['code']).split('\n')[0] || 'no code yet';
    case 'condition':
      return str(c['expression']) || 'no expression yet';
    case 'httpRequest':
      return `${str(c['method']) || 'GET'} ${str(c['url'])}`.trim();
    case 'workflowCall': {
      if (c['callType'] === 'http') return `→ ${str(c['httpUrl']) || 'URL not set'} (http)`;
      const id = str(c['targetWorkflowId']);
      const target = workflows.find((w) => w.workflow.id === id)?.workflow.name;
      return `→ ${target ?? (id || 'no workflow chosen')} (local)`;
    }
    case 'llm':
      return `${str(c['provider'])} ${str(c['model'])}`.trim() || 'no model yet';
    case 'postgresQuery':
      return str(c['query']).split('\n')[0] || 'no query yet';
    case 'vectorSearch':
      return str(c['collection']) || 'no collection yet';
    case 'response':
      return `status ${typeof c['statusCode'] === 'number' ? c['statusCode'] : 200}`;
    default:
      return data.type;
  }
}
