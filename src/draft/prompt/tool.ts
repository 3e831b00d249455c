import { ID_RE } from '../../model/limits.js';
import { NODE_TYPES } from '../../model/nodes/registry.js';
import { HTTP_METHODS, VISIBILITIES } from '../../model/workflow.js';
import type { ToolSpec } from '../providers/index.js';

export const SUBMIT_TOOL = 'submit_workflow';

/**
 * `submit_workflow` (DESIGN §14): its input is `{workflow, notes}`, the workflow in the file
 * format of DESIGN §3. The schema gives the shape; the node configs are described in the
 * system prompt (from the registry), and Catalyst's validator has the last word.
 */
export function submitWorkflowTool(): ToolSpec {
  const id = { type: 'string', pattern: ID_RE.source };
  const node = {
    type: 'object',
    required: ['id', 'type', 'name', 'config'],
    properties: {
      id,
      type: { type: 'string', enum: [...NODE_TYPES] },
      name: { type: 'string', description: 'Display name, 1–100 characters' },
      description: { type: 'string' },
      position: {
        type: 'object',
        properties: { x: { type: 'number' }, y: { type: 'number' } },
        required: ['x', 'y'],
      },
      config: { type: 'object', description: "The node type's config fields (see the node registry)" },
    },
  };
  const edge = {
    type: 'object',
    required: ['id', 'source', 'target'],
    properties: {
      id,
      source: { type: 'string', description: 'A node id' },
      target: { type: 'string', description: 'A node id' },
      sourceHandle: { type: 'string', description: '"true" or "false" on edges leaving a condition node' },
    },
  };
  const workflow = {
    type: 'object',
    required: ['id', 'name', 'deploymentTargetId', 'visibility', 'nodes', 'edges'],
    properties: {
      id,
      name: { type: 'string' },
      description: { type: 'string' },
      deploymentTargetId: { type: 'string' },
      visibility: { type: 'string', enum: [...VISIBILITIES] },
      endpoint: {
        type: 'object',
        required: ['method', 'path'],
        properties: { method: { type: 'string', enum: [...HTTP_METHODS] }, path: { type: 'string' } },
      },
      inputSchema: { type: 'object', description: 'JSON Schema (2020-12 subset) of the trigger data' },
      outputSchema: { type: 'object', description: 'JSON Schema (2020-12 subset) of the result' },
      nodes: {
        type: 'object',
        description: 'Node id → node; each key equals its node id',
        additionalProperties: node,
      },
      edges: { type: 'array', items: edge },
    },
  };
  return {
    name: SUBMIT_TOOL,
    description:
      'Submit the drafted workflow. Catalyst validates it; if the result lists problems, fix every one and call this tool again with the whole corrected workflow.',
    inputSchema: {
      type: 'object',
      required: ['workflow', 'notes'],
      properties: {
        workflow,
        notes: {
          type: 'string',
          description: 'A few sentences for the user: what the workflow does, what to set up',
        },
      },
    },
  };
}
