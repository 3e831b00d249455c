import { didYouMean } from '../near-miss.js';
import { parseNodeConfig } from '../nodes/config-parse.js';
import { NODE_TYPES, nodeDefinition } from '../nodes/registry.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import { listOf, workflowProblem } from './problem.js';
import { schemaProblems } from './schema-issues.js';

/** A node's key in `nodes` is its id everywhere else (edges, expressions), so the two must agree. */
export function nodeKeysMatch(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  return Object.entries(workflow.nodes)
    .filter(([key, node]) => key !== node.id)
    .map(([key, node]) =>
      workflowProblem(
        loaded,
        ['nodes', key, 'id'],
        `Node key '${key}' in workflow '${workflow.name}' differs from its id '${node.id}': make the key and the id the same`,
        { nodeId: key },
      ),
    );
}

export function nodeTypesKnown(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  return Object.entries(workflow.nodes)
    .filter(([, node]) => nodeDefinition(node.type) === undefined)
    .map(([key, node]) =>
      workflowProblem(
        loaded,
        ['nodes', key, 'type'],
        `Node '${key}' in workflow '${workflow.name}' has unknown type '${node.type}': use one of ${listOf(NODE_TYPES)}${didYouMean(node.type, NODE_TYPES)}`,
        { nodeId: key },
      ),
    );
}

/** Each node's config against its type's schema (unknown types are reported once, above). */
export function nodeConfigsValid(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const problems: Problem[] = [];
  for (const [key, node] of Object.entries(workflow.nodes)) {
    const result = parseNodeConfig(node);
    if (!result || result.success) continue;
    problems.push(
      ...schemaProblems(result.error.issues, node.config, {
        file: loaded.file,
        prefix: ['nodes', key, 'config'],
        messagePrefix: `Node '${key}' in workflow '${workflow.name}': `,
        tag: ([field]) => ({
          workflowId: workflow.id,
          nodeId: key,
          ...(typeof field === 'string' && { field }),
        }),
      }),
    );
  }
  return problems;
}

/** Config keys the node type does not have are ignored by the compiler — usually a typo worth naming. */
export function nodeConfigKeysKnown(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const problems: Problem[] = [];
  for (const [key, node] of Object.entries(workflow.nodes)) {
    const definition = nodeDefinition(node.type);
    if (!definition) continue;
    const known = definition.fields.map((f) => f.key);
    for (const field of Object.keys(node.config)) {
      if (known.includes(field)) continue;
      problems.push(
        workflowProblem(
          loaded,
          ['nodes', key, 'config', field],
          `Node '${key}' in workflow '${workflow.name}' has config field '${field}', which ${node.type} nodes do not have: remove it, or use one of ${listOf(known)}${didYouMean(field, known)}`,
          { nodeId: key, field },
        ),
      );
    }
  }
  return problems;
}

/** Node types whose `headers` config is sent as HTTP header names. */
const HEADER_NODE_TYPES: ReadonlySet<string> = new Set(['httpRequest', 'response']);
/** RFC 9110 token (tchar+): the only characters an HTTP header name may have. */
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A header name with a space, quote or emoji cannot be sent: the app would fail at run time. */
export function nodeHeaderNamesValid(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const { workflow } = loaded;
  const problems: Problem[] = [];
  for (const [key, node] of Object.entries(workflow.nodes)) {
    if (!HEADER_NODE_TYPES.has(node.type)) continue;
    const headers = node.config['headers'];
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) continue;
    for (const name of Object.keys(headers)) {
      if (HEADER_NAME_RE.test(name)) continue;
      problems.push(
        workflowProblem(
          loaded,
          ['nodes', key, 'config', 'headers', name],
          `Node '${key}' in workflow '${workflow.name}' has header name ${JSON.stringify(name)}, which is not a valid HTTP header name: use only letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ (no spaces, quotes or other characters), e.g. X-Request-Source`,
          { nodeId: key, field: 'headers' },
        ),
      );
    }
  }
  return problems;
}
