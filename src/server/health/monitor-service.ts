import type { TargetUpdate } from '../../monitor/monitor.js';
import { healthView, statusChangeView } from '../deploy/runtime-views.js';
import type { EventBus } from '../events/event-bus.js';
import type { HealthServices } from './health-services.js';

export interface MonitorService {
  /** Re-reads the deployed targets now (after a deploy, stop or restart); `checkNow` is checked at once. */
  refresh(checkNow?: { projectId: string; targetId: string }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the studio's health monitor from launch to shutdown and pushes what it learns to the
 * open pages: every check becomes a `health` event carrying the target's new card metrics
 * (and the status change, when there was one) — also the checks of another monitor that
 * holds the workspace lease (`catalyst status --watch`), which this one then only follows.
 * A finished deploy action makes the monitor re-read its targets at once instead of at its
 * next interval; a finished Stop marks the target `stopped` before the request answers.
 */
export async function startMonitorService(
  health: HealthServices,
  bus: EventBus,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<MonitorService> {
  const { monitor } = health;
  const onUpdate = ({ projectId, targetId, change }: TargetUpdate) => {
    bus.publish({
      type: 'health',
      projectId,
      targetId,
      health: healthView(health.of(projectId, targetId)),
      change: change === null ? null : statusChangeView(change),
    });
  };
  monitor.on('update', onUpdate);

  const refresh = async (checkNow?: { projectId: string; targetId: string }) => {
    try {
      await monitor.refresh(checkNow === undefined ? {} : { checkNow });
    } catch (error) {
      log(`monitor: could not re-read the deployed targets: ${(error as Error).message}`);
    }
  };
  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'deploy' || event.phase === 'log') return;
    // Synchronous, inside the publish of the stop's success: the stop request answers after it.
    if (event.action === 'stop' && event.phase === 'success') {
      try {
        monitor.syncStopped(event.projectId, event.targetId);
      } catch (error) {
        log(`monitor: could not mark ${event.targetId} stopped: ${(error as Error).message}`);
      }
    }
    // A deploy (or rollback, restart) that succeeded is checked at once, not up to an interval later.
    const deployed = event.phase === 'success' && event.action !== 'stop';
    void refresh(deployed ? { projectId: event.projectId, targetId: event.targetId } : undefined);
  });

  try {
    await monitor.start();
  } catch (error) {
    // The studio is still useful without health checks; say why they are missing.
    log(`monitor: health checks are off: ${(error as Error).message}`);
  }

  return {
    refresh,
    async stop() {
      unsubscribe();
      await monitor.stop();
      monitor.off('update', onUpdate);
    },
  };
}
