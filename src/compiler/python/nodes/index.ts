import type { NodePython } from '../../../model/nodes/emit.js';
import type { NodeConfig, NodeType } from '../../../model/nodes/registry.js';
import { codePython } from '../../../model/nodes/types/code.js';
import { conditionPython } from '../../../model/nodes/types/condition.js';
import { httpRequestPython } from '../../../model/nodes/types/http-request.js';
import { llmPython } from '../../../model/nodes/types/llm.js';
import { postgresQueryPython } from '../../../model/nodes/types/postgres-query.js';
import { responsePython } from '../../../model/nodes/types/response.js';
import { transformPython } from '../../../model/nodes/types/transform.js';
import { vectorSearchPython } from '../../../model/nodes/types/vector-search.js';
import { workflowCallPython } from '../../../model/nodes/types/workflow-call.js';

/** The Python generator of every node type; the registry's types and this table match one to one. */
export const NODE_GENERATORS: { [T in NodeType]: NodePython<NodeConfig<T>> } = {
  transform: transformPython,
  code: codePython,
  condition: conditionPython,
  httpRequest: httpRequestPython,
  workflowCall: workflowCallPython,
  llm: llmPython,
  postgresQuery: postgresQueryPython,
  vectorSearch: vectorSearchPython,
  response: responsePython,
};
