import { Hono } from 'hono';
import { z } from 'zod';
import { invalidInput, jsonBody, queryParams } from '../http/validate.js';
import { etag, expectManifest } from '../http/versions.js';
import { createProjectRequest, updateProjectRequest } from '../requests.js';
import type { StudioServices } from '../services.js';

/** `?deleteFolder=true|false` on `DELETE /:projectId` (false when absent). */
const removeProjectQuery = z.object({
  deleteFolder: z.enum(['true', 'false']).default('false'),
});

/**
 * `?offset&limit&q`: one page of the dashboard; without them, every project. Parsed in the
 * handler rather than by a validator so the typed client keeps calling `$get()` bare.
 */
const projectListQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  q: z.string().max(200).default(''),
});

export function projectRoutes(services: StudioServices) {
  return new Hono()
    .get('/', async (c) => {
      const parsed = projectListQuery.safeParse(c.req.query());
      if (!parsed.success) return invalidInput(c, parsed.error);
      const { offset, limit, q } = parsed.data;
      if (limit === undefined && offset === 0 && q === '') {
        return c.json({ projects: await services.listProjects() });
      }
      return c.json(await services.projectPage({ offset, limit: limit ?? 1000, q }));
    })
    .post('/', jsonBody(createProjectRequest), async (c) => {
      const project = await services.createProject(c.req.valid('json'));
      return c.json({ project }, 201);
    })
    .get('/:projectId', async (c) => {
      const project = await services.getProject(c.req.param('projectId'));
      c.header('ETag', etag(project.version));
      return c.json({ project });
    })
    .patch('/:projectId', jsonBody(updateProjectRequest), async (c) => {
      const project = await services.updateProject(
        c.req.param('projectId'),
        c.req.valid('json'),
        expectManifest(c),
      );
      c.header('ETag', etag(project.version));
      return c.json({ project });
    })
    .delete('/:projectId', queryParams(removeProjectQuery), async (c) => {
      const removed = await services.removeProject(c.req.param('projectId'), {
        deleteFolder: c.req.valid('query').deleteFolder === 'true',
      });
      return c.json({ removed });
    })
    .get('/:projectId/problems', async (c) =>
      c.json({ problems: await services.problems(c.req.param('projectId')) }),
    );
}
