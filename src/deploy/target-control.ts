import { resolve } from 'node:path';
import { CatalystError } from '../errors.js';
import { findTarget } from '../store/operations/lookup.js';
import { loadState } from '../store/operations/session.js';
import { type DeployDeps, deployRecords } from './deploy-workspace.js';
import type { TargetContext, TargetStatus } from './deployer.js';
import { deployerFor } from './platforms/index.js';

async function targetContext(projectDir: string, targetId: string, deps: DeployDeps): Promise<TargetContext> {
  const state = await loadState(resolve(projectDir));
  const target = findTarget(state, targetId);
  return {
    projectDir: resolve(projectDir),
    manifest: state.manifest,
    target,
    env: deps.env ?? process.env,
    log: (line) => deps.onLog?.(line),
    scrub: (text) => text,
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

/** Recent logs of the running app, as the platform keeps them. */
export async function targetLogs(projectDir: string, targetId: string, deps: DeployDeps): Promise<string> {
  const ctx = await targetContext(projectDir, targetId, deps);
  return deployerFor(ctx.target.platform).logs(ctx);
}
