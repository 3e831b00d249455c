import { join } from 'node:path';
import { startApp } from '../../build/app-server.js';
import { appPlan } from '../../build/compile-app.js';
import { freePort } from '../../build/free-port.js';
import { generateApp } from '../../build/generate.js';
import { findPython } from '../../build/python-interpreter.js';
import type { TargetPlan } from '../../compiler/types.js';
import { CatalystError } from '../../errors.js';
import { effectiveEndpoint } from '../../model/endpoint.js';
import { childEnv } from '../../store/child-env.js';
import { type CommandContext, defineCommand, UsageError } from '../command.js';
import { onInterrupt } from '../interrupt.js';
import { endProgress, progressPrinter } from '../pipeline-progress.js';

interface RunOptions {
  target?: string;
  port?: string;
  host?: string;
}

/** Where `run` generates: inside the project's local, git-ignored `.catalyst/` folder. */
export function runDir(projectDir: string, targetId: string): string {
  return join(projectDir, '.catalyst', 'run', targetId);
}

export const DEFAULT_RUN_PORT = 8080;

export const runCommand = defineCommand<RunOptions>({
  name: ['run'],
  summary:
    'generate a target into .catalyst/run/ and serve it here until Ctrl+C (secrets come from the vault)',
  options: [
    { flags: '--target <id>', description: 'deployment target id (see `catalyst target list`)' },
    {
      flags: '--port <port>',
      description: `port to listen on (default ${DEFAULT_RUN_PORT}; 0 picks a free one)`,
    },
    { flags: '--host <host>', description: 'address to bind (default 127.0.0.1: this machine only)' },
  ],
  async run({ options, projectDir }, ctx) {
    if (!options.target) throw new UsageError('run needs --target <id> (see `catalyst target list`)');
    const requested = options.port === undefined ? DEFAULT_RUN_PORT : Number(options.port);
    if (!Number.isInteger(requested) || requested < 0 || requested > 65_535) {
      throw new UsageError(`--port must be a whole number from 0 to 65535, not ${options.port}`);
    }
    const host = options.host ?? '127.0.0.1';
    const outDir = runDir(projectDir, options.target);
    const generated = await generateApp({
      projectDir,
      targetId: options.target,
      outDir,
      onEvent: progressPrinter(ctx),
      env: ctx.env,
    }).finally(() => endProgress(ctx));
    const plan = appPlan(generated.app);
    const python = await findPython(ctx.env);
    const port = requested === 0 ? await freePort(host) : requested;
    const env = childEnv(ctx.env, {
      envVars: plan.envVars,
      set: {
        ...secretValues(plan, ctx),
        PORT: String(port),
        // The run folder is regenerated in place; bytecode caches there would only be noise.
        PYTHONDONTWRITEBYTECODE: '1',
      },
    });
    const app = await startApp({
      python,
      dir: outDir,
      host,
      port,
      env,
      healthTimeoutMs: 30_000,
      onOutput: (chunk) => void ctx.stderr.write(chunk),
    });
    ctx.note(`Serving ${plan.project.manifest.name} (${plan.target.id}) at ${app.url} — Ctrl+C to stop`);
    for (const w of plan.workflows.filter((w) => w.workflow.visibility === 'public')) {
      const { method, path } = effectiveEndpoint(w.workflow);
      ctx.note(`  ${method.padEnd(6)} ${app.url}${path}  (${w.workflow.name})`);
    }

    // Forward Ctrl+C / SIGTERM to the server so it shuts down cleanly, and exit when it has.
    let stopping = false;
    const stopForwarding = onInterrupt(() => {
      stopping = true;
      void app.stop();
    });
    let exit: number | string;
    try {
      exit = await app.exited;
    } finally {
      stopForwarding();
    }
    const ok = stopping || exit === 0;
    ctx.note(ok ? 'Stopped.' : `The app exited unexpectedly (${exit}).`);
    return { data: { url: app.url, dir: outDir, exit }, exitCode: ok ? 0 : 1 };
  },
});

/**
 * Values for the secrets the target's workflows use: from the workspace vault, else from
 * this process's environment. Revealing is allowed here: they go only into the child's
 * environment, never into a file or a log line.
 */
export function secretValues(plan: TargetPlan, ctx: CommandContext): Record<string, string> {
  if (plan.secrets.length === 0) return {};
  const projectId = plan.project.manifest.id;
  const vault = ctx.workspace().vault;
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of plan.secrets) {
    if (vault.has(projectId, name)) values[name] = vault.reveal(projectId, name);
    else if (ctx.env[name] !== undefined) values[name] = ctx.env[name]!;
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new CatalystError(
      'vault',
      `The app needs ${missing.length === 1 ? 'a secret that has' : 'secrets that have'} no value in this workspace: ${missing.join(', ')}. ` +
        `Set ${missing.length === 1 ? 'it' : 'each'} with \`printf %s "$VALUE" | catalyst secret set ${missing[0]}\` (or export it in the environment), then run again.`,
    );
  }
  return values;
}
