import { Hono } from 'hono';
import type { EventBus } from '../events/event-bus.js';
import { jsonBody, queryParams } from '../http/validate.js';
import { generatedFileQuery, generateRequest } from '../requests.js';
import type { StudioServices } from '../services.js';

/** Generate a target into `<project>/.catalyst/generated/<targetId>` and browse or download the result. */
export function generatedRoutes(services: StudioServices, bus: EventBus) {
  return new Hono()
    .post('/:projectId/targets/:targetId/generate', jsonBody(generateRequest), async (c) => {
      const { projectId, targetId } = c.req.param();
      const { runId } = c.req.valid('json');
      const base = { type: 'generate', runId, projectId, targetId } as const;
      try {
        const summary = await services.generate(projectId, targetId, (p) =>
          bus.publish({ ...base, stage: p.stage, status: p.status, message: null }),
        );
        return c.json({ summary });
      } catch (error) {
        bus.publish({ ...base, stage: 'failed', status: 'error', message: (error as Error).message });
        throw error;
      }
    })
    .get('/:projectId/targets/:targetId/generated', async (c) => {
      const { projectId, targetId } = c.req.param();
      return c.json(await services.generatedFiles(projectId, targetId));
    })
    .get('/:projectId/targets/:targetId/generated/file', queryParams(generatedFileQuery), async (c) => {
      const { projectId, targetId } = c.req.param();
      return c.json(await services.generatedFile(projectId, targetId, c.req.valid('query').path));
    })
    .get('/:projectId/targets/:targetId/generated/zip', async (c) => {
      const { projectId, targetId } = c.req.param();
      const zip = await services.generatedZip(projectId, targetId);
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${targetId}.zip"`,
      });
    });
}
