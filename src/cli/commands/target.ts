import { CatalystError } from '../../errors.js';
import { PLATFORM_LABELS, PLATFORMS } from '../../model/project.js';
import {
  addTarget,
  describeProject,
  removeTarget,
  type TargetChanges,
  updateTarget,
} from '../../store/project-store.js';
import { defineCommand, UsageError } from '../command.js';
import { table } from '../render.js';

const ID_ARG = { name: 'id', description: 'target id, e.g. production' };

export const targetListCommand = defineCommand({
  name: ['target', 'list'],
  summary: 'list the deployment targets',
  async run({ projectDir }) {
    const { manifest, workflows } = await describeProject(projectDir);
    const targets = Object.values(manifest.deploymentTargets).map((t) => ({
      ...t,
      workflows: workflows.filter((w) => w.deploymentTargetId === t.id).map((w) => w.name),
    }));
    const rows = targets.map((t) => [
      t.id,
      t.name,
      PLATFORM_LABELS[t.platform],
      t.platformConfig.region ?? '-',
      String(t.workflows.length),
      t.url ?? '-',
    ]);
    return {
      data: { targets },
      text: rows.length ? table(rows, ['ID', 'NAME', 'PLATFORM', 'REGION', 'WORKFLOWS', 'URL']) : '',
    };
  },
});

interface TargetOptions {
  name?: string;
  platform?: string;
  url?: string | false;
  region?: string;
  instanceSize?: string;
  autoscaling?: string | false;
  config?: string;
  corsOrigins?: string;
  /** false with --no-cors (commander's default for a lone --no- flag is true). */
  cors?: boolean;
}

const SETTING_OPTIONS = [
  { flags: '--name <name>', description: 'display name' },
  { flags: '--url <url>', description: 'URL of the deployed app' },
  { flags: '--region <region>', description: 'platform region, e.g. us-west1' },
  { flags: '--instance-size <size>', description: 'platform instance size' },
  { flags: '--autoscaling <min-max>', description: 'instances, e.g. 1-3' },
  {
    flags: '--config <json>',
    description: 'more platform settings as a JSON object (merged; null removes a key)',
  },
  {
    flags: '--cors-origins <origins>',
    description:
      'browser origins that may call the app (CORS), comma-separated, e.g. https://app.example.com',
  },
] as const;

/** `--cors-origins a,b` → the list; empty entries (a trailing comma) are dropped. */
function corsOrigins(options: TargetOptions): string[] | undefined {
  if (options.corsOrigins === undefined) return undefined;
  const origins = options.corsOrigins
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  if (origins.length === 0)
    throw new UsageError(
      '--cors-origins needs at least one origin, e.g. https://app.example.com (--no-cors removes CORS)',
    );
  return origins;
}

/** The platformConfig changes the options describe. */
function platformSettings(options: TargetOptions): Record<string, unknown> | undefined {
  const settings: Record<string, unknown> = {};
  if (options.config !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(options.config);
    } catch (error) {
      throw new CatalystError('invalid_input', `--config is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new CatalystError('invalid_input', '--config must be a JSON object, e.g. {"namespace": "apps"}');
    }
    Object.assign(settings, parsed);
  }
  if (options.region !== undefined) settings['region'] = options.region;
  if (options.instanceSize !== undefined) settings['instanceSize'] = options.instanceSize;
  if (options.autoscaling === false) settings['autoscaling'] = null;
  else if (options.autoscaling !== undefined) settings['autoscaling'] = parseAutoscaling(options.autoscaling);
  return Object.keys(settings).length ? settings : undefined;
}

function parseAutoscaling(spec: string): { enabled: true; minInstances: number; maxInstances: number } {
  const match = /^(\d+)-(\d+)$/.exec(spec.trim());
  if (!match)
    throw new CatalystError('invalid_input', `Invalid --autoscaling "${spec}": write MIN-MAX, e.g. 1-3.`);
  return { enabled: true, minInstances: Number(match[1]), maxInstances: Number(match[2]) };
}

export const targetAddCommand = defineCommand<TargetOptions>({
  name: ['target', 'add'],
  summary: 'add a deployment target',
  args: [ID_ARG],
  options: [
    { flags: '--platform <platform>', description: 'where it deploys', choices: PLATFORMS },
    ...SETTING_OPTIONS,
  ],
  async run({ args, options, projectDir }, ctx) {
    if (!options.platform) throw new UsageError(`--platform is required (one of ${PLATFORMS.join(', ')})`);
    const id = args['id']!;
    const settings = platformSettings(options);
    const origins = corsOrigins(options);
    const target = await addTarget(projectDir, {
      id,
      name: options.name ?? id.charAt(0).toUpperCase() + id.slice(1),
      platform: options.platform as (typeof PLATFORMS)[number],
      ...(typeof options.url === 'string' ? { url: options.url } : {}),
      platformConfig: settings
        ? Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== null))
        : {},
      ...(origins ? { cors: { allowOrigins: origins } } : {}),
    });
    ctx.note(`Added target ${target.id} (${PLATFORM_LABELS[target.platform]}).`);
    return { data: { target } };
  },
});

export const targetUpdateCommand = defineCommand<TargetOptions>({
  name: ['target', 'update'],
  summary: "change a target's name, platform, URL, platform settings or CORS origins",
  args: [ID_ARG],
  options: [
    { flags: '--platform <platform>', description: 'where it deploys', choices: PLATFORMS },
    ...SETTING_OPTIONS,
    { flags: '--no-url', description: 'remove the URL' },
    { flags: '--no-autoscaling', description: 'remove the autoscaling settings' },
    { flags: '--no-cors', description: 'remove CORS: the app sends no CORS headers' },
  ],
  async run({ args, options, projectDir }, ctx) {
    const changes: TargetChanges = {};
    if (options.name !== undefined) changes.name = options.name;
    if (options.platform !== undefined) changes.platform = options.platform;
    if (options.url === false) changes.url = null;
    else if (options.url !== undefined) changes.url = options.url;
    const settings = platformSettings(options);
    if (settings) changes.platformConfig = settings;
    const origins = corsOrigins(options);
    if (origins && options.cors === false)
      throw new UsageError('use either --cors-origins or --no-cors, not both');
    if (origins) changes.cors = { allowOrigins: origins };
    else if (options.cors === false) changes.cors = null;
    if (Object.keys(changes).length === 0)
      throw new UsageError('nothing to change: pass at least one option');
    const target = await updateTarget(projectDir, args['id']!, changes);
    ctx.note(`Updated target ${target.id}.`);
    return { data: { target } };
  },
});

export const targetRemoveCommand = defineCommand({
  name: ['target', 'remove'],
  summary: 'remove a deployment target (refused while workflows are assigned to it)',
  args: [ID_ARG],
  async run({ args, projectDir }, ctx) {
    const target = await removeTarget(projectDir, args['id']!);
    ctx.note(`Removed target ${target.id}.`);
    return { data: { removed: target } };
  },
});

export const targetCommands = [targetListCommand, targetAddCommand, targetUpdateCommand, targetRemoveCommand];
