import { Hono } from 'hono';
import { createProjectRequest, updateProjectRequest } from '../requests.js';
import type { StudioServices } from '../services.js';
import { jsonBody } from '../validate.js';

export function projectRoutes(services: StudioServices) {
  return new Hono()
    .get('/', async (c) => c.json({ projects: await services.listProjects() }))
    .post('/', jsonBody(createProjectRequest), async (c) => {
      const project = await services.createProject(c.req.valid('json'));
      return c.json({ project }, 201);
    })
    .get('/:projectId', async (c) => c.json({ project: await services.getProject(c.req.param('projectId')) }))
    .patch('/:projectId', jsonBody(updateProjectRequest), async (c) => {
      const project = await services.updateProject(c.req.param('projectId'), c.req.valid('json'));
      return c.json({ project });
    })
    .get('/:projectId/problems', async (c) =>
      c.json({ problems: await services.problems(c.req.param('projectId')) }),
    );
}
