import { resolve } from 'node:path';
import { appPlan, compileApp } from '../build/compile-app.js';
import { CatalystError } from '../errors.js';
import { loadProject } from '../model/load.js';
import { findTarget } from '../store/operations/lookup.js';
import { loadState } from '../store/operations/session.js';
import { deployAppDir } from './app-dir.js';
import { DeployError } from './deploy-error.js';
import { type DeployDeps, deployRecords } from './deploy-workspace.js';
import type { DeployContext } from './deployer.js';
import { isStoppedRecord } from './local/local-process-store.js';
import { localDeployer } from './platforms/local.js';
import { revealSecrets } from './reveal-secrets.js';
import { makeScrubber } from './scrub.js';
import { sourceAtCommit } from './source-at-commit.js';

/**
 * `catalyst restart --target T`: starts the deployed version of a local target again (after
 * `stop`, a crash or a reboot) without recording a new deployment. A running app is
 * replaced on the same port, so its URL stays.
 */
export async function restartTarget(projectDir: string, targetId: string, deps: DeployDeps): Promise<string> {
  const dir = resolve(projectDir);
  const state = await loadState(dir);
  const current = findTarget(state, targetId);
  if (current.platform !== 'docker') {
    throw new CatalystError(
      'invalid_input',
      `Target ${targetId} runs on ${current.platform}; only local (docker) targets can be restarted by Catalyst. Deploy again with \`catalyst deploy --target ${targetId}\`.`,
    );
  }
  const { states, processes } = deployRecords(deps.workspace);
  const runtime = states.get(state.manifest.id, targetId);
  const commit = runtime?.deployedCommit;
  if (commit === undefined) {
    throw new CatalystError(
      'not_found',
      `Target ${targetId} has not been deployed yet: deploy it with \`catalyst deploy --target ${targetId}\`.`,
    );
  }
  const source = await sourceAtCommit(dir, commit);
  const { project } = loadProject(source);
  const target = project?.manifest.deploymentTargets[targetId];
  if (project === undefined || target === undefined) {
    throw new CatalystError(
      'invalid_project',
      `The deployed commit ${commit.slice(0, 7)} of ${targetId} cannot be loaded.`,
    );
  }
  const appDir = deployAppDir(dir, targetId, commit);
  // The deployed app is reused as it is when its files still match its lock; else regenerated.
  const plan = appPlan(
    await compileApp({ from: { kind: 'commit', dir, commit, source }, targetId, outDir: appDir }),
  );
  const secrets = revealSecrets(deps.workspace, project.manifest.id, plan.secrets);
  const running = processes.get(project.manifest.id, targetId);
  const scrub = makeScrubber(Object.values(secrets));
  const log = (line: string) => deps.onLog?.(scrub(line));
  const ctx: DeployContext = {
    projectDir: dir,
    manifest: project.manifest,
    // Reusing the running app's port keeps the target's URL (a stopped app's port is taken
    // back by the deploy itself when it is still free).
    target:
      running === undefined || isStoppedRecord(running)
        ? target
        : { ...target, platformConfig: { ...target.platformConfig, port: running.port } },
    env: deps.env ?? process.env,
    log,
    scrub,
    home: deps.workspace.home,
    processes,
    appDir,
    commit,
    secrets,
  };
  const { url } = await localDeployer.deploy(ctx);
  if (url === undefined) throw new DeployError('the local app reported no URL');
  states.resumed(project.manifest.id, targetId, url);
  log(`Restarted ${targetId} at ${commit.slice(0, 7)}: ${url}`);
  return url;
}
