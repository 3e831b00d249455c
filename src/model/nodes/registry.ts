import type { z } from 'zod';
import type { WorkflowNode } from '../workflow.js';
import type { NodeDefinition } from './definition.js';
import { codeNode } from './types/code.js';
import { conditionNode } from './types/condition.js';
import { httpRequestNode } from './types/http-request.js';
import { llmNode } from './types/llm.js';
import { postgresQueryNode } from './types/postgres-query.js';
import { responseNode } from './types/response.js';
import { transformNode } from './types/transform.js';
import { vectorSearchNode } from './types/vector-search.js';
import { workflowCallNode } from './types/workflow-call.js';

/**
 * Every node type Catalyst ships (DESIGN §4), in palette order within a category. A node type
 * is one module in `types/`, listed here; ARCHITECTURE.md "How to add a node type" has the rest.
 */
export const NODE_DEFINITIONS = {
  transform: transformNode,
  code: codeNode,
  condition: conditionNode,
  httpRequest: httpRequestNode,
  workflowCall: workflowCallNode,
  llm: llmNode,
  postgresQuery: postgresQueryNode,
  vectorSearch: vectorSearchNode,
  response: responseNode,
} as const;

export type NodeType = keyof typeof NODE_DEFINITIONS;
export const NODE_TYPES = Object.keys(NODE_DEFINITIONS) as NodeType[];

/** The parsed config of each node type, as the compiler sees it after validation. */
export type NodeConfig<T extends NodeType> = z.infer<(typeof NODE_DEFINITIONS)[T]['configSchema']>;

/** Every icon name the registry uses: the studio maps each to a component (`Record<NodeIcon, …>`). */
export type NodeIcon = (typeof NODE_DEFINITIONS)[NodeType]['icon'];

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(NODE_DEFINITIONS, type);
}

export function nodeDefinition(type: string): NodeDefinition | undefined {
  return isNodeType(type) ? (NODE_DEFINITIONS[type] as NodeDefinition) : undefined;
}

/**
 * The one line under a node's name on the canvas, from its config as edited; an unknown type
 * shows its type name. `workflowName` finds a workflow of the project by id.
 */
export function nodeSummary(
  node: Pick<WorkflowNode, 'type' | 'config'>,
  workflowName: (id: string) => string | undefined,
): string {
  const definition = nodeDefinition(node.type);
  return definition ? definition.summary(node.config, { workflowName }) : node.type;
}
