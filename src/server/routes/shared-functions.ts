import { Hono } from 'hono';
import { jsonBody } from '../http/validate.js';
import { expectManifest } from '../http/versions.js';
import { sharedFunctionRequest } from '../shared-functions/requests.js';
import type { SharedFunctionServices } from '../shared-functions/services.js';

/**
 * A project's shared functions (`/api/projects/:projectId/shared-functions…`), written to
 * catalyst.json; `If-Match` names the catalyst.json version a write is based on (409 if stale).
 */
export function sharedFunctionRoutes(services: SharedFunctionServices) {
  return new Hono()
    .post('/:projectId/shared-functions', jsonBody(sharedFunctionRequest), async (c) => {
      const project = await services.add(c.req.param('projectId'), c.req.valid('json'), expectManifest(c));
      return c.json({ project }, 201);
    })
    .put('/:projectId/shared-functions/:functionId', jsonBody(sharedFunctionRequest), async (c) => {
      const { projectId, functionId } = c.req.param();
      return c.json({
        project: await services.update(projectId, functionId, c.req.valid('json'), expectManifest(c)),
      });
    })
    .delete('/:projectId/shared-functions/:functionId', async (c) => {
      const { projectId, functionId } = c.req.param();
      return c.json({ project: await services.remove(projectId, functionId, expectManifest(c)) });
    });
}
