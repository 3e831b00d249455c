import type { z } from 'zod';
import type { NodeDefinition } from './definition.js';
import {
  codeNode,
  conditionNode,
  httpRequestNode,
  llmNode,
  postgresQueryNode,
  responseNode,
  transformNode,
  vectorSearchNode,
  workflowCallNode,
} from './definitions.js';

/** Every node type Catalyst ships (DESIGN §4). Adding a type: define it, list it here, give the compiler its generator. */
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

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(NODE_DEFINITIONS, type);
}

export function nodeDefinition(type: string): NodeDefinition | undefined {
  return isNodeType(type) ? (NODE_DEFINITIONS[type] as NodeDefinition) : undefined;
}
