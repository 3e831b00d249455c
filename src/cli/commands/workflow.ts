import { CatalystError } from '../../errors.js';
import { servedEndpoint } from '../../model/endpoint.js';
import { type Endpoint, HTTP_METHODS, VISIBILITIES, type Visibility } from '../../model/workflow.js';
import {
  createWorkflow,
  deleteWorkflow,
  describeProject,
  renameWorkflow,
  updateWorkflow,
  type WorkflowChanges,
} from '../../store/project-store.js';
import { defineCommand, UsageError } from '../command.js';
import { table } from '../render.js';

const WORKFLOW_ARG = { name: 'workflow', description: 'workflow name, slug or id' };

export const workflowListCommand = defineCommand({
  name: ['workflow', 'list'],
  summary: 'list the workflows with visibility, endpoint and target',
  async run({ projectDir }) {
    const { workflows } = await describeProject(projectDir);
    const rows = workflows.map((w) => [
      w.name,
      w.id,
      w.visibility,
      w.endpoint ? `${w.endpoint.method} ${w.endpoint.path}` : '-',
      w.deploymentTargetId,
      w.file,
    ]);
    return {
      data: { workflows },
      text: rows.length ? table(rows, ['NAME', 'ID', 'VISIBILITY', 'ENDPOINT', 'TARGET', 'FILE']) : '',
    };
  },
});

/** `POST /api/x`, or just `/api/x` (POST). */
export function parseEndpoint(spec: string): Endpoint {
  const parts = spec.trim().split(/\s+/);
  const [method, path] = parts.length === 1 ? ['POST', parts[0]!] : [parts[0]!.toUpperCase(), parts[1]!];
  if (parts.length > 2 || !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new CatalystError(
      'invalid_input',
      `Invalid endpoint "${spec}": write METHOD /path, e.g. "POST /api/orders" (methods: ${HTTP_METHODS.join(', ')}).`,
    );
  }
  return { method: method as Endpoint['method'], path };
}

interface CreateOptions {
  target?: string;
  visibility?: Visibility;
  public?: boolean;
  endpoint?: string;
  description?: string;
}

export const workflowCreateCommand = defineCommand<CreateOptions>({
  name: ['workflow', 'create'],
  summary: 'create an empty workflow (file workflows/<slug>.json)',
  args: [{ name: 'name', description: 'workflow name, e.g. "Extract data"' }],
  options: [
    { flags: '--target <id>', description: 'deployment target (default: the only one, or local)' },
    {
      flags: '--visibility <visibility>',
      description: 'public or internal (default internal)',
      choices: VISIBILITIES,
    },
    { flags: '--public', description: 'same as --visibility public' },
    { flags: '--endpoint <spec>', description: 'e.g. "POST /api/orders" (default POST /api/<slug>)' },
    { flags: '--description <text>', description: 'what the workflow does' },
  ],
  async run({ args, options, projectDir }, ctx) {
    if (options.public && options.visibility === 'internal') {
      throw new UsageError('--public contradicts --visibility internal');
    }
    const created = await createWorkflow(projectDir, {
      name: args['name']!,
      visibility: options.public ? 'public' : (options.visibility ?? 'internal'),
      ...(options.target === undefined ? {} : { deploymentTargetId: options.target }),
      ...(options.endpoint === undefined ? {} : { endpoint: parseEndpoint(options.endpoint) }),
      ...(options.description === undefined ? {} : { description: options.description }),
    });
    const endpoint = servedEndpoint(created.workflow);
    ctx.note(
      `Created workflow ${created.workflow.name} (${created.workflow.id}) in ${created.file}` +
        (endpoint ? `, served at ${endpoint.method} ${endpoint.path}.` : ', internal.'),
    );
    return { data: { workflow: created.workflow, file: created.file } };
  },
});

export const workflowRenameCommand = defineCommand({
  name: ['workflow', 'rename'],
  summary: 'rename a workflow; its id stays, so calls to it stay valid',
  args: [WORKFLOW_ARG, { name: 'new-name', description: 'the new name' }],
  async run({ args, projectDir }, ctx) {
    const renamed = await renameWorkflow(projectDir, args['workflow']!, args['new-name']!);
    ctx.note(`Renamed ${args['workflow']} to ${renamed.workflow.name} (${renamed.file}).`);
    return { data: { workflow: renamed.workflow, file: renamed.file } };
  },
});

export const workflowDeleteCommand = defineCommand({
  name: ['workflow', 'delete'],
  summary: 'delete a workflow (refused while other workflows call it)',
  args: [WORKFLOW_ARG],
  async run({ args, projectDir }, ctx) {
    const deleted = await deleteWorkflow(projectDir, args['workflow']!);
    ctx.note(`Deleted workflow ${deleted.workflow.name} (${deleted.file}).`);
    return {
      data: { deleted: { id: deleted.workflow.id, name: deleted.workflow.name, file: deleted.file } },
    };
  },
});

interface SetOptions {
  target?: string;
  visibility?: Visibility;
  endpoint?: string | false;
  description?: string;
}

export const workflowSetCommand = defineCommand<SetOptions>({
  name: ['workflow', 'set'],
  summary: "change a workflow's target, visibility, endpoint or description",
  args: [WORKFLOW_ARG],
  options: [
    { flags: '--target <id>', description: 'assign to this deployment target' },
    { flags: '--visibility <visibility>', description: 'public or internal', choices: VISIBILITIES },
    { flags: '--endpoint <spec>', description: 'e.g. "GET /api/orders"' },
    {
      flags: '--no-endpoint',
      description: 'remove the endpoint (public ones are then served at POST /api/<slug>)',
    },
    { flags: '--description <text>', description: 'what the workflow does' },
  ],
  async run({ args, options, projectDir }, ctx) {
    const changes: WorkflowChanges = {};
    if (options.target !== undefined) changes.deploymentTargetId = options.target;
    if (options.visibility !== undefined) changes.visibility = options.visibility;
    if (options.endpoint === false) changes.endpoint = null;
    else if (options.endpoint !== undefined) changes.endpoint = parseEndpoint(options.endpoint);
    if (options.description !== undefined) changes.description = options.description;
    if (Object.keys(changes).length === 0) {
      throw new UsageError(
        'nothing to change: pass --target, --visibility, --endpoint, --no-endpoint or --description',
      );
    }
    const updated = await updateWorkflow(projectDir, args['workflow']!, changes);
    const endpoint = servedEndpoint(updated.workflow);
    ctx.note(
      `Updated workflow ${updated.workflow.name}: ${updated.workflow.visibility}` +
        `${endpoint ? ` at ${endpoint.method} ${endpoint.path}` : ''}, target ${updated.workflow.deploymentTargetId}.`,
    );
    return { data: { workflow: updated.workflow, file: updated.file } };
  },
});

export const workflowCommands = [
  workflowListCommand,
  workflowCreateCommand,
  workflowRenameCommand,
  workflowDeleteCommand,
  workflowSetCommand,
];
