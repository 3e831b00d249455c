import { effectiveEndpoint } from '../../model/endpoint.js';
import type { ConfigField } from '../../model/nodes/definition.js';
import { NODE_DEFINITIONS, NODE_TYPES, nodeDefinition } from '../../model/nodes/registry.js';
import type { LoadedWorkflow, Project } from '../../model/project-files.js';
import { SUBMIT_TOOL } from './tool.js';

/** What the model is told about the project: names and shapes, never a secret's value. */
export interface DraftContext {
  project: Project;
  /** The target the draft goes to (`--target`, the edited workflow's, or the default). */
  targetId: string;
  /** The workflow being changed (`--workflow`), if any. */
  editing?: LoadedWorkflow;
}

/** The system prompt: the role, the file format, the expression language and the node registry. */
export function systemPrompt(): string {
  return [
    'You design workflows for Catalyst, which compiles them into Python FastAPI apps.',
    `Answer only by calling the ${SUBMIT_TOOL} tool with {"workflow": <workflow>, "notes": <a few sentences for the user>}.`,
    'If the tool result lists problems (one per line: JSON path, then message), fix all of them and call the tool again with the whole corrected workflow.',
    '',
    '# Workflow file format',
    '- `id`: letters, digits, _ and - (e.g. `wf_order_intake`); `name`: a display name (its slug names the file and the Python function); `description`: optional.',
    '- `deploymentTargetId`: a target of the project. `visibility`: `public` (an HTTP endpoint) or `internal` (only called by other workflows).',
    '- `endpoint` (public only, optional): {"method": GET|POST|PUT|PATCH|DELETE, "path": "/api/..."}; without it the workflow is served at POST /api/<slug>. GET takes query parameters, other methods the JSON body.',
    '- `inputSchema` / `outputSchema` (optional): JSON Schema with only type, properties, required, additionalProperties (boolean), items, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern, minItems, maxItems, format (email, uri, date, date-time, uuid), title, description, default.',
    '- `nodes`: an object of node id → {"id", "type", "name", "position": {"x", "y"}, "config"}; the key equals the node id. Lay nodes out left to right, 240 px apart.',
    '- `edges`: [{"id", "source": <node id>, "target": <node id>}]; edges leaving a condition node need `"sourceHandle": "true"` or `"false"`. No cycles.',
    '',
    '# How a workflow runs',
    '- Nodes without incoming edges get the trigger data (request body or query) as `input`. A node with one parent gets its output; with several parents it gets {parentId: output, …}.',
    '- Independent branches run concurrently. A condition node follows only the edges of its result.',
    "- The result is the `response` node's body when one ran, else the output of the last node that ran.",
    '',
    '# Templates and expressions',
    "- Template fields are strings with `{{ expr }}`. A string that is exactly one `{{ expr }}` keeps the value's type.",
    '- JSON-template fields hold a JSON value (object, array) whose strings are templates, or a single "{{ expr }}".',
    "- Expression roots: `input` (this node's input), `trigger` (the workflow's input), `nodes.<nodeId>` (an upstream node's output), `env.NAME`, `secrets.NAME`; then `.field`, `[0]`, `[\"key\"]`.",
    '- Operators: == != < <= > >= in and or not + - * / % , `c ? a : b`, `a ?? b`, list and object literals.',
    '- Functions (nothing else is callable): len lower upper trim split join replace contains startsWith endsWith round floor ceil abs min max sum int float str bool keys values json parseJson now default.',
    '- A node may read `nodes.<id>` only for nodes upstream of it (connected through edges). Read only env vars and secrets the project declares.',
    '- Condition expressions are bare expressions without braces, e.g. `input.amount > 100`.',
    '',
    '# Node types (config fields; * = required)',
    ...NODE_TYPES.map((type) => describeNode(type)),
  ].join('\n');
}

function describeNode(type: (typeof NODE_TYPES)[number]): string {
  const def = nodeDefinition(type) ?? NODE_DEFINITIONS[type];
  const outputs = def.outputs.length > 1 ? ` Outputs: ${def.outputs.join(', ')}.` : '';
  const lines = [`## ${type} — ${def.label}: ${def.description}${outputs}`];
  for (const field of def.fields) lines.push(`- ${describeField(field)}`);
  return lines.join('\n');
}

const KIND_HELP: Record<ConfigField['kind'], string> = {
  text: 'text',
  textarea: 'text',
  code: 'Python source, the body of an async function; `input` and `context` in scope; return the output',
  select: 'one of',
  number: 'number',
  secret: 'the name of a declared secret',
  workflow: 'the id of a workflow of this project on the same target',
  expression: 'expression without braces',
  template: 'template string',
  'json-template': 'JSON template (object/array/one "{{ expr }}")',
  'template-map': 'object of name → template',
  'template-list': 'list of templates',
};

function describeField(field: ConfigField): string {
  const parts = [`\`${field.key}\`${field.required ? '*' : ''}: ${KIND_HELP[field.kind]}`];
  if (field.options) parts[0] += ` ${field.options.map((o) => o.value).join(' | ')}`;
  if (field.min !== undefined || field.max !== undefined)
    parts.push(`range ${field.min ?? ''}–${field.max ?? ''}`);
  if (field.default !== undefined) parts.push(`default ${JSON.stringify(field.default)}`);
  if (field.showWhen) parts.push(`only when ${field.showWhen.key} is ${field.showWhen.equals.join(' or ')}`);
  if (field.description) parts.push(field.description);
  if (field.placeholder) parts.push(`e.g. ${field.placeholder}`);
  return parts.join('; ');
}

/**
 * The user message: the project as it is (workflows, targets, declared env var and secret
 * names), the task and the user's prompt. Security: the vault is never read here; only names
 * from catalyst.json reach the model.
 */
export function userPrompt(context: DraftContext, prompt: string): string {
  const { project, targetId, editing } = context;
  const manifest = project.manifest;
  const targets = Object.values(manifest.deploymentTargets).map((t) => `${t.id} (${t.platform})`);
  const workflows = project.workflows.map((w) => describeWorkflow(w));
  const lines = [
    `# Project ${JSON.stringify(manifest.name)}`,
    `Targets: ${targets.join(', ') || '(none)'}.`,
    `Declared secrets (names only): ${Object.keys(manifest.secrets).join(', ') || '(none)'}.`,
    `Declared env vars: ${Object.keys(manifest.envVars).join(', ') || '(none)'}.`,
    '',
    '## Workflows',
    ...(workflows.length ? workflows : ['(none yet)']),
    '',
    '# Task',
  ];
  if (editing) {
    lines.push(
      `Change the workflow ${JSON.stringify(editing.workflow.name)} (keep id ${editing.workflow.id}, name and deploymentTargetId ${editing.workflow.deploymentTargetId}). It is now:`,
      '```json',
      JSON.stringify(editing.workflow, null, 2),
      '```',
    );
  } else {
    const taken = project.workflows.map((w) => w.workflow.id);
    lines.push(
      `Draft a new workflow on target ${targetId}. Choose an id and a name no other workflow uses${taken.length ? ` (taken ids: ${taken.join(', ')})` : ''}.`,
    );
  }
  lines.push('', 'The user asks:', prompt);
  return lines.join('\n');
}

function describeWorkflow({ workflow }: LoadedWorkflow): string {
  const route = workflow.visibility === 'public' ? effectiveEndpoint(workflow) : undefined;
  const parts = [
    `- ${workflow.id} ${JSON.stringify(workflow.name)}: ${workflow.visibility}`,
    route ? ` ${route.method} ${route.path}` : '',
    `, target ${workflow.deploymentTargetId}`,
    workflow.description ? `. ${workflow.description}` : '',
  ];
  const schemas: string[] = [];
  if (workflow.inputSchema) schemas.push(`  inputSchema: ${JSON.stringify(workflow.inputSchema)}`);
  if (workflow.outputSchema) schemas.push(`  outputSchema: ${JSON.stringify(workflow.outputSchema)}`);
  return [parts.join(''), ...schemas].join('\n');
}
