import { effectiveEndpoint } from '../model/endpoint.js';
import type { JsonSchema } from '../model/json-schema.js';
import type { GeneratedFile, PlannedWorkflow, TargetPlan } from './types.js';

/** Where the document is written in the app; main.py serves this file's bytes at GET /openapi.json. */
export const OPENAPI_FILE = 'openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A workflow's schema as the document holds it: JSON read from the workflow file, checked by validation. */
const asJson = (schema: JsonSchema): JsonObject => schema as unknown as JsonObject;

/** Path parameters as Starlette reads them from a route path: `{name}`. */
const PATH_PARAM_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** OpenAPI's own method order, so a path with several workflows lists them the same way every time. */
const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const ref = (kind: 'schemas' | 'responses' | 'headers', name: string): JsonObject => ({
  $ref: `#/components/${kind}/${name}`,
});
const json = (schema: Json): JsonObject => ({ 'application/json': { schema } });
const nullable = (type: string): JsonObject => ({ type: [type, 'null'] });

/**
 * The app's OpenAPI 3.1 document (DESIGN §12): every public workflow of the target with its
 * method, path, summary, request (JSON body, or query parameters for GET) from `inputSchema`,
 * its 200 answer from `outputSchema` (any JSON when absent) and the app's error shapes; and
 * /health. OpenAPI 3.1 schemas are JSON Schema 2020-12, so the workflow's schemas go in as
 * written. Built in a fixed order from the plan alone: the same project gives the same bytes.
 */
export function buildOpenApi(plan: TargetPlan): JsonObject {
  const manifest = plan.project.manifest;
  const operations = plan.workflows
    .filter((w) => w.workflow.visibility === 'public')
    .map((w) => ({ ...effectiveEndpoint(w.workflow), operation: workflowOperation(w) }));
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const { method, path, operation } of operations) {
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  paths['/health'] = healthPath();
  const sortedPaths = Object.keys(paths)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((path): [string, Json] => {
      const item = paths[path]!;
      const methods = Object.keys(item).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
      return [path, Object.fromEntries(methods.map((m) => [m, item[m]!]))];
    });
  const info: JsonObject = { title: manifest.name, version: manifest.version };
  if (manifest.description) info['description'] = manifest.description;
  return {
    openapi: '3.1.0',
    info,
    // Object.fromEntries defines keys as own properties, even one spelled __proto__.
    paths: Object.fromEntries(sortedPaths),
    components: COMPONENTS,
  };
}

/** The document as the app's `openapi.json`: two-space JSON and a final newline. */
export function renderOpenApi(plan: TargetPlan): GeneratedFile {
  return { path: OPENAPI_FILE, content: `${JSON.stringify(buildOpenApi(plan), null, 2)}\n`, kind: 'config' };
}

function workflowOperation(planned: PlannedWorkflow): JsonObject {
  const { workflow } = planned;
  const { method, path } = effectiveEndpoint(workflow);
  const input = workflow.inputSchema && asJson(workflow.inputSchema);
  const output = workflow.outputSchema && asJson(workflow.outputSchema);
  const properties = objectField(input, 'properties');
  const required = new Set(stringList(input?.['required']));
  const pathNames = [...path.matchAll(PATH_PARAM_RE)].map((m) => m[1]!);
  const parameters: JsonObject[] = pathNames.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: (properties && Object.hasOwn(properties, name) ? properties[name] : undefined) ?? {
      type: 'string',
    },
  }));
  const operation: JsonObject = {
    operationId: planned.moduleName,
    summary: workflow.description?.trim() ? workflow.description : workflow.name,
  };
  if (method === 'GET') {
    // The query parameters are the trigger data (path parameters join them).
    const query = Object.entries(properties ?? {}).filter(([name]) => !pathNames.includes(name));
    if (properties) {
      for (const [name, schema] of query)
        parameters.push({ name, in: 'query', required: required.has(name), schema });
    } else {
      parameters.push({
        name: 'query',
        in: 'query',
        description: 'Every query parameter, as the trigger data of the workflow',
        style: 'form',
        explode: true,
        schema: input ?? { type: 'object', additionalProperties: { type: 'string' } },
      });
    }
  }
  if (parameters.length) operation['parameters'] = parameters;
  if (method !== 'GET') {
    operation['requestBody'] = {
      description: 'The trigger data as JSON (an empty body is read as {}); path parameters are added to it',
      required: false,
      content: json(input ?? {}),
    };
  }
  const responses: JsonObject = {
    '200': {
      description: "The workflow's result",
      headers: { 'X-Request-ID': ref('headers', 'RequestId') },
      content: json(output ?? {}),
    },
  };
  // A body that is not JSON, or input that does not match the schema, is refused before any node runs.
  const badRequest = [...(method === 'GET' ? [] : ['BadJson']), ...(input ? ['InvalidInput'] : [])];
  if (badRequest.length === 2) responses['400'] = ref('responses', 'BadRequest');
  else if (badRequest.length === 1) responses['400'] = ref('responses', badRequest[0]!);
  if (method !== 'GET') responses['413'] = ref('responses', 'TooLarge');
  responses['500'] = ref('responses', 'WorkflowFailed');
  operation['responses'] = responses;
  return operation;
}

function healthPath(): Record<string, JsonObject> {
  const answer = (content: boolean): JsonObject => ({
    '200': {
      description: 'The app is up; no dependency is called',
      ...(content ? { content: json(ref('schemas', 'Health')) } : {}),
    },
  });
  // camelCase ids cannot collide with a workflow's operationId, which is its snake_case slug.
  return {
    get: { operationId: 'getHealth', summary: 'Health of the app', responses: answer(true) },
    head: {
      operationId: 'headHealth',
      summary: 'Health of the app, without a body',
      responses: answer(false),
    },
  };
}

function objectField(schema: JsonObject | undefined, key: string): Record<string, Json> | undefined {
  const value = schema?.[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function stringList(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const ERROR: JsonObject = {
  type: 'object',
  description: 'A request the app refused before running the workflow',
  required: ['error'],
  properties: { error: { type: 'string' } },
};

const INVALID_INPUT: JsonObject = {
  type: 'object',
  description: "The input does not match the workflow's inputSchema: every problem, up to 50",
  required: ['error', 'workflow', 'problems', 'requestId'],
  properties: {
    error: { type: 'string', examples: ['Invalid input'] },
    workflow: { type: 'string' },
    problems: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', examples: ['$.items[0].qty'] },
          message: { type: 'string' },
        },
      },
    },
    requestId: { type: 'string' },
  },
};

const WORKFLOW_FAILURE: JsonObject = {
  type: 'object',
  description: 'The workflow failed: what failed and where; the stack trace is only in the log',
  required: ['error', 'workflow', 'node', 'requestId'],
  properties: {
    error: { type: 'string' },
    workflow: nullable('string'),
    node: nullable('string'),
    requestId: nullable('string'),
  },
};

const HEALTH: JsonObject = {
  type: 'object',
  required: ['status', 'project', 'version', 'target', 'commit', 'uptime', 'workflows', 'requests'],
  properties: {
    status: { type: 'string', examples: ['healthy'] },
    project: { type: 'string' },
    version: { type: 'string' },
    target: { type: 'string' },
    commit: nullable('string'),
    uptime: { type: 'number', description: 'Seconds since the app started' },
    workflows: { type: 'array', items: { type: 'string' }, description: 'The public workflows' },
    requests: {
      type: 'object',
      required: ['total', 'errors'],
      properties: { total: { type: 'integer' }, errors: { type: 'integer' } },
    },
  },
};

const errorResponse = (description: string, schema: Json): JsonObject => ({
  description,
  headers: { 'X-Request-ID': ref('headers', 'RequestId') },
  content: json(schema),
});

const COMPONENTS: JsonObject = {
  schemas: {
    Error: ERROR,
    Health: HEALTH,
    InvalidInput: INVALID_INPUT,
    WorkflowFailure: WORKFLOW_FAILURE,
  },
  responses: {
    BadJson: errorResponse('The body is not JSON', ref('schemas', 'Error')),
    BadRequest: errorResponse('The body is not JSON, or the input does not match the schema', {
      oneOf: [ref('schemas', 'InvalidInput'), ref('schemas', 'Error')],
    }),
    InvalidInput: errorResponse('The input does not match the schema', ref('schemas', 'InvalidInput')),
    TooLarge: errorResponse('The body is larger than 10 MiB', ref('schemas', 'Error')),
    WorkflowFailed: errorResponse('The workflow failed', ref('schemas', 'WorkflowFailure')),
  },
  headers: {
    RequestId: {
      description: "The request's id: the caller's X-Request-ID when it sent a sane one, else a new one",
      schema: { type: 'string' },
    },
  },
};
