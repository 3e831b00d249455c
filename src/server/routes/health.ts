import { Hono } from 'hono';
import { healthEventsQuery, healthHistoryQuery } from '../deploy/deploy-requests.js';
import type { HealthServices } from '../health/health-services.js';
import { queryParams } from '../http/validate.js';

/** What the monitor measured of a project's targets: the summary, chart points and status changes. */
export function healthRoutes(health: HealthServices) {
  return new Hono()
    .get('/:projectId/targets/:targetId/health', (c) => {
      const { projectId, targetId } = c.req.param();
      return c.json({ health: health.summary(projectId, targetId) });
    })
    .get('/:projectId/targets/:targetId/health/history', queryParams(healthHistoryQuery), (c) => {
      const { projectId, targetId } = c.req.param();
      return c.json(health.history(projectId, targetId, c.req.valid('query').range));
    })
    .get('/:projectId/targets/:targetId/health/events', queryParams(healthEventsQuery), (c) => {
      const { projectId, targetId } = c.req.param();
      return c.json({ changes: health.changes(projectId, targetId, c.req.valid('query').limit) });
    });
}
