import type { NodeConfig, NodeType } from '../../../model/nodes/registry.js';
import { codeGenerator } from './code.js';
import { conditionGenerator } from './condition.js';
import { httpRequestGenerator } from './http-request.js';
import { llmGenerator } from './llm.js';
import { postgresQueryGenerator } from './postgres-query.js';
import { responseGenerator } from './response.js';
import { transformGenerator } from './transform.js';
import type { NodeGenerator } from './types.js';
import { vectorSearchGenerator } from './vector-search.js';
import { workflowCallGenerator } from './workflow-call.js';

/** The Python generator of every node type; the registry's types and this table match one to one. */
export const NODE_GENERATORS: { [T in NodeType]: NodeGenerator<NodeConfig<T>> } = {
  transform: transformGenerator,
  code: codeGenerator,
  condition: conditionGenerator,
  httpRequest: httpRequestGenerator,
  workflowCall: workflowCallGenerator,
  llm: llmGenerator,
  postgresQuery: postgresQueryGenerator,
  vectorSearch: vectorSearchGenerator,
  response: responseGenerator,
};
