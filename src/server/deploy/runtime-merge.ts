import type { TargetRuntime } from '../../deploy/records/target-state.js';
import type { TargetHealth } from '../../monitor/types.js';
import type { HealthServices } from '../health/health-services.js';
import type { ProjectDetail, ProjectSummary } from '../views.js';
import type { DeployServices } from './deploy-services.js';
import { runtimeHealthView, targetRuntimeView } from './runtime-views.js';

/**
 * The target a card speaks for: the main target once it has been deployed or measured,
 * else the first target that has (a project whose main target was never shipped but whose
 * staging target runs still shows something true).
 */
function cardTarget(
  summary: ProjectSummary,
  runtime: Record<string, TargetRuntime>,
  healthOf: (targetId: string) => TargetHealth | undefined,
): string | null {
  const main = summary.mainTargetId;
  if (main !== null && (runtime[main] !== undefined || healthOf(main) !== undefined)) return main;
  return Object.keys(runtime).sort()[0] ?? main;
}

/** A card with its deploy state and health merged in (DESIGN §3: never stored in catalyst.json). */
export function withRuntime<T extends ProjectSummary>(
  summary: T,
  deploys: DeployServices,
  health: HealthServices,
): T {
  if (summary.loadError !== null) return summary;
  const runtime = deploys.runtime(summary.id);
  const healthOf = (targetId: string) => health.of(summary.id, targetId);
  const targetId = cardTarget(summary, runtime, healthOf);
  if (targetId === null) return summary;
  const state = runtime[targetId];
  const lastDeployedAt =
    Object.values(runtime)
      .map((r) => r.lastDeployedAt)
      .filter((at): at is string => at !== undefined)
      .sort()
      .at(-1) ?? null;
  const stopped = state?.status === 'stopped';
  return {
    ...summary,
    mainTargetId: targetId,
    // A stopped target's URL answers nothing: no "View Live" to it.
    liveUrl: stopped ? null : (state?.url ?? summary.liveUrl),
    health: runtimeHealthView(healthOf(targetId), state),
    lastDeployedAt,
    deployedVersion: state?.deployedVersion ?? null,
    deployedCommit: state?.deployedCommit?.slice(0, 7) ?? null,
    targetStatus: state?.status ?? null,
  };
}

/** The detail view with every target's runtime state and the real deployment history. */
export function withDeployments(detail: ProjectDetail, deploys: DeployServices, health: HealthServices) {
  const merged = withRuntime(detail, deploys, health);
  const runtime = deploys.runtime(detail.id);
  return {
    ...merged,
    runtime: detail.targets.map((t) => targetRuntimeView(t, runtime[t.id], health.of(detail.id, t.id))),
    deployments: deploys.list(detail.id),
  };
}
