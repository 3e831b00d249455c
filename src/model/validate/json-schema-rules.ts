import { workflowCalls } from '../graph.js';
import { childPath } from '../json-path.js';
import {
  hasType,
  type JsonSchema,
  jsonKind,
  jsonSchemaIssues,
  SCHEMA_MESSAGES,
  schemaTypes,
  type ValueProblem,
  valueProblems,
} from '../json-schema.js';
import { jsonTemplateOf } from '../nodes/sites.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import type { Workflow } from '../workflow.js';
import { workflowProblem } from './problem.js';

const SCHEMA_FIELDS = ['inputSchema', 'outputSchema'] as const;

/** `inputSchema` / `outputSchema` use only the supported JSON Schema subset, and use it correctly (DESIGN §12). */
export function workflowSchemasValid(_project: Project, loaded: LoadedWorkflow): Problem[] {
  const problems: Problem[] = [];
  for (const field of SCHEMA_FIELDS) {
    const schema = loaded.workflow[field];
    if (schema === undefined) continue;
    for (const issue of jsonSchemaIssues(schema))
      problems.push(workflowProblem(loaded, [field, ...issue.path], issue.message));
  }
  return problems;
}

/**
 * A local call whose `input` is an object template must give the callee's required input
 * fields, and its literal values must fit the callee's input schema. Values that come from
 * templates are only known at run time, where the generated app checks them.
 */
export function callInputsMatchSchemas(project: Project): Problem[] {
  const byId = new Map(project.workflows.map((w) => [w.workflow.id, w.workflow] as const));
  const problems: Problem[] = [];
  for (const loaded of project.workflows) problems.push(...callInputProblems(loaded, byId));
  return problems;
}

function callInputProblems(loaded: LoadedWorkflow, byId: ReadonlyMap<string, Workflow>): Problem[] {
  const problems: Problem[] = [];
  for (const call of workflowCalls(loaded.workflow)) {
    if (call.callType !== 'local') continue;
    const callee = byId.get(call.to);
    const schema = usableInputSchema(callee);
    if (!callee || !schema) continue;
    const node = loaded.workflow.nodes[call.nodeId];
    const template = jsonTemplateOf(node?.config['input']);
    if (template.kind !== 'value' || !isObject(template.value)) continue;
    for (const problem of templateProblems(schema, template.value, '$'))
      problems.push(
        workflowProblem(
          loaded,
          ['nodes', call.nodeId, 'config', 'input'],
          `Node '${call.nodeId}' passes input that does not match the input schema of workflow '${callee.name}': ${problem.path} ${problem.message}`,
          { nodeId: call.nodeId, field: 'input' },
        ),
      );
  }
  return problems;
}

/** Per callee (never changed after parsing): its usable input schema, or null. */
const usableSchemas = new WeakMap<Workflow, JsonSchema | null>();

/** The callee's input schema when it is a valid one (a broken schema is reported on its own file). */
function usableInputSchema(callee: Workflow | undefined): JsonSchema | undefined {
  if (callee === undefined) return undefined;
  let usable = usableSchemas.get(callee);
  if (usable === undefined) {
    const schema = callee.inputSchema;
    usable = schema === undefined || jsonSchemaIssues(schema).length > 0 ? null : schema;
    usableSchemas.set(callee, usable);
  }
  return usable ?? undefined;
}

/** What is known to be wrong with a template value: its literal parts, its object shape. */
function templateProblems(schema: JsonSchema, value: unknown, path: string): ValueProblem[] {
  if (!hasTemplate(value)) return valueProblems(schema, value, path);
  if (typeof value === 'string') return []; // a template: its value is known only at run time
  const types = schemaTypes(schema);
  if (types && !types.some((t) => hasType(value, t)))
    return [{ path, message: SCHEMA_MESSAGES.typePrefix(types) + jsonKind(value) }];
  const out: ValueProblem[] = [];
  if (Array.isArray(value)) {
    if (schema.items)
      for (const [i, item] of value.entries())
        out.push(...templateProblems(schema.items, item, childPath(path, i)));
    return out;
  }
  const obj = value as Record<string, unknown>;
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  // The order of the generated validators: each property in turn, then other required names.
  for (const [name, sub] of Object.entries(props)) {
    if (Object.hasOwn(obj, name)) out.push(...templateProblems(sub, obj[name], childPath(path, name)));
    else if (required.has(name) && !('default' in sub))
      out.push({ path: childPath(path, name), message: SCHEMA_MESSAGES.required });
  }
  for (const name of required)
    if (!Object.hasOwn(props, name) && !Object.hasOwn(obj, name))
      out.push({ path: childPath(path, name), message: SCHEMA_MESSAGES.required });
  if (schema.additionalProperties === false)
    for (const name of Object.keys(obj))
      if (!Object.hasOwn(props, name))
        out.push({ path: childPath(path, name), message: SCHEMA_MESSAGES.additional });
  return out;
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (isObject(value)) return Object.values(value).some(hasTemplate);
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
