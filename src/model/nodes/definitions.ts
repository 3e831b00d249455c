import { z } from 'zod';
import {
  CALL_TIMEOUT_DEFAULT_S,
  CALL_TIMEOUT_MAX_S,
  CALL_TIMEOUT_MIN_S,
  ENV_NAME_HINT,
  ENV_NAME_RE,
} from '../limits.js';
import { HTTP_METHODS } from '../workflow.js';
import type { NodeDefinition, PythonRequirement } from './definition.js';

const none: readonly PythonRequirement[] = [];
const secretName = z.string().regex(ENV_NAME_RE, `Invalid secret name: ${ENV_NAME_HINT}`);
const timeout = z
  .number()
  .min(CALL_TIMEOUT_MIN_S, `Timeout must be at least ${CALL_TIMEOUT_MIN_S} s`)
  .max(CALL_TIMEOUT_MAX_S, `Timeout must be at most ${CALL_TIMEOUT_MAX_S} s`)
  .default(CALL_TIMEOUT_DEFAULT_S);
const timeoutField = {
  key: 'timeout',
  label: 'Timeout (s)',
  kind: 'number',
  required: false,
  min: CALL_TIMEOUT_MIN_S,
  max: CALL_TIMEOUT_MAX_S,
  default: CALL_TIMEOUT_DEFAULT_S,
} as const;
/** Retries of an external call (connection failures and "try again" statuses); 0 = none. */
const RETRIES_MAX = 10;
const retries = z
  .number()
  .int('Retries must be a whole number')
  .min(0, 'Retries must be at least 0 (0 turns retrying off)')
  .max(RETRIES_MAX, `Retries must be at most ${RETRIES_MAX}`)
  .default(2);
const retriesField = (statuses: string) =>
  ({
    key: 'retries',
    label: 'Retries',
    kind: 'number',
    required: false,
    min: 0,
    max: RETRIES_MAX,
    default: 2,
    description: `Extra attempts after a connection failure or a ${statuses} answer, with exponential backoff honouring Retry-After; 0 turns retrying off. Repeated failures open a per-host circuit breaker.`,
  }) as const;
const methodOptions = HTTP_METHODS.map((m) => ({ value: m, label: m }));
/** JSON template values: anything JSON can hold. */
const jsonValue: z.ZodType<unknown> = z.unknown();
/**
 * A `json-template` field (DESIGN §5): JSON text, or any JSON value written in the file
 * (`{"price": "{{ input.price }}"}`), or exactly one `{{ expr }}`. See `jsonTemplateOf`.
 */
const jsonTemplate = z.unknown().optional();

export const transformNode = {
  type: 'transform',
  category: 'data',
  label: 'Transform',
  description: 'Build an object from fields; each value is a template.',
  icon: 'shuffle',
  color: '#6366f1',
  outputs: ['out'],
  fields: [
    {
      key: 'fields',
      label: 'Fields',
      kind: 'template-map',
      required: true,
      description: 'Output field name → template, e.g. "{{ input.userId }}"',
    },
  ],
  configSchema: z.object({ fields: z.record(z.string(), jsonValue) }),
  packages: () => none,
} satisfies NodeDefinition;

export const codeNode = {
  type: 'code',
  category: 'logic',
  label: 'Python code',
  description:
    'Run Python as the body of an async function; `input` and `context` are in scope; return the output.',
  icon: 'code',
  color: '#0ea5e9',
  outputs: ['out'],
  fields: [
    {
      key: 'code',
      label: 'Code',
      kind: 'code',
      required: true,
      placeholder: 'return {"total": sum(input["items"])}',
    },
  ],
  configSchema: z.object({ code: z.string().min(1, 'Code is required') }),
  packages: () => none,
} satisfies NodeDefinition;

export const conditionNode = {
  type: 'condition',
  category: 'logic',
  label: 'Condition',
  description: 'Follow the true or the false edges; passes its input through.',
  icon: 'git-branch',
  color: '#f59e0b',
  outputs: ['true', 'false'],
  fields: [
    {
      key: 'expression',
      label: 'Expression',
      kind: 'expression',
      required: true,
      placeholder: 'input.amount > 100 and input.currency == "EUR"',
    },
  ],
  configSchema: z.object({ expression: z.string().trim().min(1, 'Expression is required') }),
  packages: () => none,
} satisfies NodeDefinition;

export const httpRequestNode = {
  type: 'httpRequest',
  category: 'integration',
  label: 'HTTP request',
  description: 'Call any HTTP API; output {status, headers, body}.',
  icon: 'globe',
  color: '#10b981',
  outputs: ['out'],
  fields: [
    {
      key: 'method',
      label: 'Method',
      kind: 'select',
      required: true,
      options: methodOptions,
      default: 'GET',
    },
    {
      key: 'url',
      label: 'URL',
      kind: 'template',
      required: true,
      placeholder: 'https://api.example.com/users/{{ input.id }}',
    },
    { key: 'headers', label: 'Headers', kind: 'template-map', required: false },
    {
      key: 'body',
      label: 'Body (JSON)',
      kind: 'json-template',
      required: false,
      placeholder: '{"name": "{{ input.name }}"}',
    },
    timeoutField,
    retriesField('429, 502, 503 or 504'),
  ],
  configSchema: z.object({
    method: z.enum(HTTP_METHODS).default('GET'),
    url: z.string().min(1, 'URL is required'),
    headers: z.record(z.string(), z.string()).default({}),
    body: jsonTemplate,
    timeout,
    retries,
  }),
  packages: () => [{ name: 'httpx', min: '0.23' }],
} satisfies NodeDefinition;

export const workflowCallNode = {
  type: 'workflowCall',
  category: 'flow',
  label: 'Call workflow',
  description: 'Call another workflow: locally as a function call, or over HTTP.',
  icon: 'workflow',
  color: '#8b5cf6',
  outputs: ['out'],
  fields: [
    {
      key: 'callType',
      label: 'Call type',
      kind: 'select',
      required: true,
      options: [
        { value: 'local', label: 'Local (same app, direct call)' },
        { value: 'http', label: 'HTTP (any public workflow)' },
      ],
      default: 'local',
    },
    {
      key: 'targetWorkflowId',
      label: 'Workflow',
      kind: 'workflow',
      required: false,
      showWhen: { key: 'callType', equals: ['local'] },
    },
    {
      key: 'httpUrl',
      label: 'URL',
      kind: 'template',
      required: false,
      placeholder: 'https://other-app.example.com/api/score',
      showWhen: { key: 'callType', equals: ['http'] },
    },
    {
      key: 'input',
      label: 'Input (JSON)',
      kind: 'json-template',
      required: false,
      description: "Leave empty to pass this node's input",
      placeholder: '{"userId": "{{ input.userId }}"}',
    },
    timeoutField,
  ],
  configSchema: z
    .object({
      callType: z.enum(['local', 'http']).default('local'),
      targetWorkflowId: z.string().min(1).optional(),
      httpUrl: z.string().min(1).optional(),
      input: jsonTemplate,
      timeout,
    })
    .superRefine((c, ctx) => {
      if (c.callType === 'local' && !c.targetWorkflowId) {
        ctx.addIssue({
          code: 'custom',
          path: ['targetWorkflowId'],
          message: 'A local call needs targetWorkflowId',
        });
      }
      if (c.callType === 'http' && !c.httpUrl) {
        ctx.addIssue({ code: 'custom', path: ['httpUrl'], message: 'An HTTP call needs httpUrl' });
      }
    }),
  packages: (c: { callType: string }) => (c.callType === 'http' ? [{ name: 'httpx', min: '0.23' }] : none),
} satisfies NodeDefinition;

export const LLM_PROVIDERS = ['anthropic', 'openai', 'groq'] as const;

export const llmNode = {
  type: 'llm',
  category: 'ai',
  label: 'LLM',
  description: 'Chat completion with Anthropic, OpenAI or Groq; output {text, model, usage}.',
  icon: 'sparkles',
  color: '#ec4899',
  outputs: ['out'],
  fields: [
    {
      key: 'provider',
      label: 'Provider',
      kind: 'select',
      required: true,
      options: [
        { value: 'anthropic', label: 'Anthropic' },
        { value: 'openai', label: 'OpenAI' },
        { value: 'groq', label: 'Groq' },
      ],
      default: 'anthropic',
    },
    { key: 'model', label: 'Model', kind: 'text', required: true, placeholder: 'claude-sonnet-4-5' },
    { key: 'system', label: 'System prompt', kind: 'template', required: false },
    {
      key: 'prompt',
      label: 'Prompt',
      kind: 'template',
      required: true,
      placeholder: 'Summarise: {{ input.text }}',
    },
    {
      key: 'apiKeySecret',
      label: 'API key secret',
      kind: 'secret',
      required: true,
      placeholder: 'ANTHROPIC_API_KEY',
    },
    {
      key: 'maxTokens',
      label: 'Max tokens',
      kind: 'number',
      required: false,
      min: 1,
      max: 200_000,
      default: 1024,
    },
    retriesField('429, 502, 503, 504 or 529 (overloaded)'),
  ],
  configSchema: z.object({
    provider: z.enum(LLM_PROVIDERS),
    model: z.string().min(1, 'Model is required'),
    system: z.string().optional(),
    prompt: z.string().min(1, 'Prompt is required'),
    apiKeySecret: secretName,
    maxTokens: z.number().int().min(1).max(200_000).default(1024),
    retries,
  }),
  // Calls the providers' REST APIs through the app's shared httpx pool (no SDK needed).
  packages: () => [{ name: 'httpx', min: '0.23' }],
} satisfies NodeDefinition;

export const postgresQueryNode = {
  type: 'postgresQuery',
  category: 'data',
  label: 'PostgreSQL query',
  description: 'Run a parameterised SQL query; output the rows.',
  icon: 'database',
  color: '#3b82f6',
  outputs: ['out'],
  fields: [
    {
      key: 'connectionSecret',
      label: 'Connection secret (DSN)',
      kind: 'secret',
      required: true,
      placeholder: 'DATABASE_URL',
    },
    {
      key: 'query',
      label: 'Query',
      kind: 'textarea',
      required: true,
      placeholder: 'SELECT * FROM users WHERE id = $1',
    },
    {
      key: 'params',
      label: 'Parameters',
      kind: 'template-list',
      required: false,
      description: 'Values for $1, $2, …',
    },
    { ...timeoutField, description: 'The query is cancelled on the server when it runs longer' },
  ],
  configSchema: z.object({
    connectionSecret: secretName,
    query: z.string().min(1, 'Query is required'),
    params: z.array(jsonValue).default([]),
    timeout,
  }),
  packages: () => [{ name: 'asyncpg', min: '0.27' }],
} satisfies NodeDefinition;

export const vectorSearchNode = {
  type: 'vectorSearch',
  category: 'ai',
  label: 'Vector search',
  description: 'Nearest neighbours in a Qdrant collection; output the matches.',
  icon: 'search',
  color: '#14b8a6',
  outputs: ['out'],
  fields: [
    {
      key: 'urlSecret',
      label: 'Qdrant URL secret',
      kind: 'secret',
      required: true,
      placeholder: 'QDRANT_URL',
    },
    {
      key: 'apiKeySecret',
      label: 'Qdrant API key secret',
      kind: 'secret',
      required: false,
      placeholder: 'QDRANT_API_KEY',
    },
    { key: 'collection', label: 'Collection', kind: 'text', required: true },
    {
      key: 'vector',
      label: 'Vector',
      kind: 'template',
      required: true,
      placeholder: '{{ nodes.embed.vector }}',
    },
    { key: 'limit', label: 'Limit', kind: 'number', required: false, min: 1, max: 1000, default: 10 },
    retriesField('429, 502, 503 or 504'),
  ],
  configSchema: z.object({
    urlSecret: secretName,
    apiKeySecret: secretName.optional(),
    collection: z.string().min(1, 'Collection is required'),
    vector: z.string().min(1, 'Vector is required'),
    limit: z.number().int().min(1).max(1000).default(10),
    retries,
  }),
  // Qdrant's REST API through the shared httpx pool.
  packages: () => [{ name: 'httpx', min: '0.23' }],
} satisfies NodeDefinition;

export const responseNode = {
  type: 'response',
  category: 'flow',
  label: 'Response',
  description: 'Shape the HTTP reply: status code, headers and body.',
  icon: 'reply',
  color: '#64748b',
  outputs: ['out'],
  fields: [
    {
      key: 'statusCode',
      label: 'Status code',
      kind: 'number',
      required: false,
      min: 100,
      max: 599,
      default: 200,
    },
    { key: 'headers', label: 'Headers', kind: 'template-map', required: false },
    {
      key: 'body',
      label: 'Body (JSON)',
      kind: 'json-template',
      required: false,
      placeholder: '{"result": "{{ input }}"}',
    },
  ],
  configSchema: z.object({
    statusCode: z.number().int().min(100).max(599).default(200),
    headers: z.record(z.string(), z.string()).default({}),
    body: jsonTemplate,
  }),
  packages: () => none,
} satisfies NodeDefinition;
