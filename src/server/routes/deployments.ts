import { Hono } from 'hono';
import { deploymentsQuery, deployRunRequest, targetLogsQuery } from '../deploy/deploy-requests.js';
import type { DeployServices } from '../deploy/deploy-services.js';
import type { DeployEvent } from '../deploy/runtime-events.js';
import type { EventBus } from '../events/event-bus.js';
import { jsonBody, queryParams } from '../http/validate.js';

type Action = DeployEvent['action'];

/**
 * Runs one deploy action, pushing its log lines to the page that started it (by `runId`)
 * and closing the stream with success or failure. Every line the deploy core hands over is
 * already scrubbed of secret values; an error message is too (it comes from the core).
 */
async function streamed<T>(
  bus: EventBus,
  base: { runId: string; projectId: string; targetId: string; action: Action },
  run: (onLog: (line: string) => void) => Promise<T>,
  outcome: (result: T) => { ok: boolean; deploymentId: string | null },
): Promise<T> {
  const emit = (phase: DeployEvent['phase'], line: string | null, deploymentId: string | null = null) =>
    bus.publish({ type: 'deploy', ...base, phase, line, deploymentId });
  try {
    const result = await run((line) => emit('log', line));
    const { ok, deploymentId } = outcome(result);
    emit(ok ? 'success' : 'failed', null, deploymentId);
    return result;
  } catch (error) {
    emit('failed', (error as Error).message);
    throw error;
  } finally {
    // The history, the card and the target's state changed: pages reload what they show.
    bus.publish({ type: 'project', projectId: base.projectId });
  }
}

/** Deployment history, deploy with live logs, rollback, and stop/restart of local targets. */
export function deploymentRoutes(deploys: DeployServices, bus: EventBus) {
  return new Hono()
    .get('/:projectId/deployments', queryParams(deploymentsQuery), (c) => {
      const query = c.req.valid('query');
      const deployments = deploys.list(c.req.param('projectId'), {
        ...(query.targetId === undefined ? {} : { targetId: query.targetId }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      return c.json({ deployments });
    })
    .get('/:projectId/deployments/:deploymentId', (c) => {
      const { projectId, deploymentId } = c.req.param();
      return c.json({ deployment: deploys.withLogs(projectId, deploymentId) });
    })
    .post('/:projectId/targets/:targetId/deploy', jsonBody(deployRunRequest), async (c) => {
      const { projectId, targetId } = c.req.param();
      const { runId } = c.req.valid('json');
      const deployment = await streamed(
        bus,
        { runId, projectId, targetId, action: 'deploy' },
        (onLog) => deploys.deploy(projectId, targetId, onLog),
        (d) => ({ ok: d.status === 'success', deploymentId: d.id }),
      );
      return c.json({ deployment });
    })
    .post('/:projectId/deployments/:deploymentId/rollback', jsonBody(deployRunRequest), async (c) => {
      const { projectId, deploymentId } = c.req.param();
      const { runId } = c.req.valid('json');
      // Unknown ids still go to the core, which refuses them with the CLI's message.
      const target = deploys.get(projectId, deploymentId)?.targetId;
      const deployment = await streamed(
        bus,
        { runId, projectId, targetId: target ?? '', action: 'rollback' },
        (onLog) => deploys.rollback(projectId, deploymentId, onLog),
        (d) => ({ ok: d.status === 'success', deploymentId: d.id }),
      );
      return c.json({ deployment });
    })
    .get('/:projectId/targets/:targetId/logs', queryParams(targetLogsQuery), async (c) => {
      const { projectId, targetId } = c.req.param();
      const { lines } = c.req.valid('query');
      return c.json({ targetId, lines: await deploys.logs(projectId, targetId, lines) });
    })
    .post('/:projectId/targets/:targetId/stop', jsonBody(deployRunRequest), async (c) => {
      const { projectId, targetId } = c.req.param();
      const { runId } = c.req.valid('json');
      await streamed(
        bus,
        { runId, projectId, targetId, action: 'stop' },
        (onLog) => deploys.stop(projectId, targetId, onLog),
        () => ({ ok: true, deploymentId: null }),
      );
      return c.json({ status: 'stopped' as const });
    })
    .post('/:projectId/targets/:targetId/restart', jsonBody(deployRunRequest), async (c) => {
      const { projectId, targetId } = c.req.param();
      const { runId } = c.req.valid('json');
      const url = await streamed(
        bus,
        { runId, projectId, targetId, action: 'restart' },
        (onLog) => deploys.restart(projectId, targetId, onLog),
        () => ({ ok: true, deploymentId: null }),
      );
      return c.json({ status: 'deployed' as const, url });
    });
}
