import { resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { findTarget } from '../store/operations/lookup.js';
import { loadState } from '../store/operations/session.js';
import { type DeployDeps, deployRecords } from './deploy-workspace.js';
import type { LogOptions, TargetContext, TargetStatus } from './deployer.js';
import { deployerFor } from './platforms/index.js';
import { makeScrubber } from './scrub.js';

async function targetContext(projectDir: string, targetId: string, deps: DeployDeps): Promise<TargetContext> {
  const state = await loadState(resolve(projectDir));
  const target = findTarget(state, targetId);
  return {
    projectDir: resolve(projectDir),
    manifest: state.manifest,
    target,
    env: deps.env ?? process.env,
    log: (line) => deps.onLog?.(line),
    // Platform CLIs may print a secret back: every line passes through the deploy's scrub of
    // this project's secret values (the generated app already redacts its own lines).
    scrub: makeScrubber(
      deps.workspace.vault
        .list(state.manifest.id)
        .map((s) => deps.workspace.vault.reveal(state.manifest.id, s.name)),
    ),
    home: deps.workspace.home,
    processes: deployRecords(deps.workspace).processes,
  };
}

/** `catalyst stop --target T`: stops a local target's app and records it as stopped. */
export async function stopTarget(projectDir: string, targetId: string, deps: DeployDeps): Promise<void> {
  const ctx = await targetContext(projectDir, targetId, deps);
  const deployer = deployerFor(ctx.target.platform);
  if (deployer.stop === undefined) {
    throw new CatalystError(
      'invalid_input',
      `Target ${targetId} runs on ${ctx.target.platform}; only local (docker) targets can be stopped by Catalyst. Use the platform's console to stop it.`,
    );
  }
  await deployer.stop(ctx);
  deployRecords(deps.workspace).states.stopped(ctx.manifest.id, targetId);
  ctx.log(`Stopped ${targetId}`);
}

/** What the platform says about the target right now. */
export async function targetStatus(
  projectDir: string,
  targetId: string,
  deps: DeployDeps,
): Promise<TargetStatus> {
  const ctx = await targetContext(projectDir, targetId, deps);
  return deployerFor(ctx.target.platform).status(ctx);
}

/** How many lines `catalyst logs` and the studio's Logs tab show unless asked otherwise. */
export const DEFAULT_LOG_LINES = 200;

/**
 * The running app's log, as the platform keeps it: the local process's log file (or its
 * container's), else the platform CLI's logs command, through the same CLI runner and
 * messages as a deploy. With `follow`, lines stream to `onLine` until the signal aborts.
 */
export async function targetLogs(
  projectDir: string,
  targetId: string,
  deps: DeployDeps,
  options: Partial<LogOptions> = {},
): Promise<string> {
  const ctx = await targetContext(projectDir, targetId, deps);
  const lines = options.lines ?? DEFAULT_LOG_LINES;
  const deployer = deployerFor(ctx.target.platform);
  // The same checks as a deploy: CLI installed, logged in, app linked, each with what to run.
  await deployer.preflight(ctx);
  return deployer.logs(ctx, {
    lines,
    ...(options.follow === undefined ? {} : { follow: options.follow }),
  });
}
