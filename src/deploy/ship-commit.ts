import { appPlan, compileApp } from '../build/compile-app.js';
import { noWorkflowsWarning } from '../build/generate.js';
import { CatalystError } from '../errors.js';
import { loadProject } from '../model/load.js';
import { deployAppDir } from './app-dir.js';
import { DeployError } from './deploy-error.js';
import { type DeployDeps, deployRecords } from './deploy-workspace.js';
import type { DeployContext } from './deployer.js';
import { indentedProblems } from './format-problems.js';
import { deployerFor } from './platforms/index.js';
import type { DeploymentRecord } from './records/deployments.js';
import { revealSecrets } from './reveal-secrets.js';
import { makeScrubber, type Scrubber } from './scrub.js';
import { sourceAtCommit } from './source-at-commit.js';

export interface ShipRequest {
  projectDir: string;
  targetId: string;
  /** Full sha; the app is generated from this commit's files in git. */
  commit: string;
  rollbackOf?: string;
  /** Lines that happened before the record existed (e.g. the auto-commit), kept at the top of its logs. */
  notes?: readonly string[];
}

/**
 * Generates the target's app at a commit and ships it, recording the deployment and the
 * target's runtime state. Deploy failures end as a `failed` record (returned, not thrown);
 * a project that cannot be loaded at that commit throws before anything is recorded.
 */
export async function shipCommit(req: ShipRequest, deps: DeployDeps): Promise<DeploymentRecord> {
  const source = await sourceAtCommit(req.projectDir, req.commit);
  const { project, problems } = loadProject(source);
  if (project === undefined || problems.length > 0) {
    throw new CatalystError(
      'invalid_project',
      `The project at commit ${req.commit.slice(0, 7)} is invalid; nothing was deployed:\n${indentedProblems(problems)}`,
    );
  }
  const manifest = project.manifest;
  const target = manifest.deploymentTargets[req.targetId];
  if (target === undefined) {
    const known = Object.keys(manifest.deploymentTargets).join(', ') || 'none';
    throw new CatalystError(
      'not_found',
      `No deployment target "${req.targetId}" in project ${manifest.name} at commit ${req.commit.slice(0, 7)} (targets: ${known}).`,
      { file: 'catalyst.json', path: '$.deploymentTargets' },
    );
  }

  const { deployments, states, processes } = deployRecords(deps.workspace);
  const startedAt = new Date();
  const record = deployments.start({
    projectId: manifest.id,
    targetId: target.id,
    commit: req.commit,
    version: manifest.version,
    startedAt: startedAt.toISOString(),
    ...(req.rollbackOf === undefined ? {} : { rollbackOf: req.rollbackOf }),
  });
  states.deploying(manifest.id, target.id);

  const lines: string[] = [...(req.notes ?? [])];
  let scrub: Scrubber = (text) => text;
  const log = (line: string) => {
    const clean = scrub(line);
    lines.push(clean);
    deps.onLog?.(clean);
  };
  const short = req.commit.slice(0, 7);
  const deployer = deployerFor(target.platform);
  const appDir = deployAppDir(req.projectDir, target.id, req.commit);
  try {
    log(
      req.rollbackOf === undefined
        ? `Deploying ${target.id} (${target.platform}) at ${short} as ${record.id}`
        : `Rolling back ${target.id} (${target.platform}) to ${short} (deployment ${req.rollbackOf}) as ${record.id}`,
    );
    log(`Generating the app into ${appDir}`);
    const app = await compileApp({
      from: { kind: 'commit', dir: req.projectDir, commit: req.commit, source },
      targetId: target.id,
      outDir: appDir,
    });
    const plan = appPlan(app);
    if (plan.workflows.length === 0) {
      log(`Warning: ${noWorkflowsWarning(target.id)}`);
    }
    const secrets = revealSecrets(deps.workspace, manifest.id, plan.secrets);
    scrub = makeScrubber(Object.values(secrets));
    const ctx: DeployContext = {
      projectDir: req.projectDir,
      manifest,
      target,
      env: deps.env ?? process.env,
      log,
      scrub,
      home: deps.workspace.home,
      processes,
      appDir,
      commit: req.commit,
      secrets,
    };
    await deployer.preflight(ctx);
    const result = await deployer.deploy(ctx);
    const url = result.url ?? target.url;
    const durationMs = Date.now() - startedAt.getTime();
    log(`Deployed ${target.id} at ${short} in ${(durationMs / 1000).toFixed(1)}s${url ? `: ${url}` : ''}`);
    const finished = deployments.finish(record.id, {
      status: 'success',
      durationMs,
      logs: lines.join('\n'),
      ...(url === undefined ? {} : { url }),
    });
    states.deployed(manifest.id, target.id, {
      deployedAt: new Date().toISOString(),
      version: manifest.version,
      commit: req.commit,
      deploymentId: record.id,
      ...(url === undefined ? {} : { url }),
    });
    return finished;
  } catch (error) {
    const message = scrub(error instanceof Error ? error.message : String(error));
    log(`Deploy failed: ${message}`);
    if (error instanceof DeployError && error.output !== '') {
      for (const line of scrub(error.output).replace(/\n$/, '').split('\n')) log(line);
    }
    const finished = deployments.finish(record.id, {
      status: 'failed',
      durationMs: Date.now() - startedAt.getTime(),
      logs: lines.join('\n'),
      error: message,
    });
    states.failed(manifest.id, target.id);
    return finished;
  }
}
