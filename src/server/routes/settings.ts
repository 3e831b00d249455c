import { Hono } from 'hono';
import { invalidInput, jsonBody } from '../http/validate.js';
import { expectManifest, expectWorkflow } from '../http/versions.js';
import {
  envVarRequest,
  nameParam,
  secretRequest,
  targetRequest,
  workflowSettingsRequest,
} from '../requests.js';
import type { StudioServices } from '../services.js';

/** Targets, workflow settings, secrets and env vars of one project (`/api/projects/:projectId/…`). */
export function settingsRoutes(services: StudioServices) {
  return (
    new Hono()
      .post('/:projectId/targets', jsonBody(targetRequest), async (c) => {
        const project = await services.addTarget(
          c.req.param('projectId'),
          c.req.valid('json'),
          expectManifest(c),
        );
        return c.json({ project }, 201);
      })
      .put('/:projectId/targets/:targetId', jsonBody(targetRequest), async (c) => {
        const { projectId, targetId } = c.req.param();
        const target = c.req.valid('json');
        return c.json({
          project: await services.updateTarget(projectId, targetId, target, expectManifest(c)),
        });
      })
      .delete('/:projectId/targets/:targetId', async (c) => {
        const { projectId, targetId } = c.req.param();
        return c.json({ project: await services.removeTarget(projectId, targetId, expectManifest(c)) });
      })
      .patch('/:projectId/workflows/:workflowId', jsonBody(workflowSettingsRequest), async (c) => {
        const { projectId, workflowId } = c.req.param();
        const project = await services.updateWorkflowSettings(
          projectId,
          workflowId,
          c.req.valid('json'),
          expectWorkflow(c, workflowId),
        );
        return c.json({ project });
      })
      // Security: secrets are write-only. These answers carry the name at most, never the value.
      .put('/:projectId/secrets/:name', jsonBody(secretRequest), async (c) => {
        const { projectId, name } = c.req.param();
        const parsed = nameParam.safeParse({ name });
        if (!parsed.success) return invalidInput(c, parsed.error);
        const { value, description } = c.req.valid('json');
        await services.setSecret(projectId, parsed.data.name, value, description, expectManifest(c));
        return c.json({ name: parsed.data.name });
      })
      .delete('/:projectId/secrets/:name', async (c) => {
        const { projectId, name } = c.req.param();
        await services.deleteSecret(projectId, name, expectManifest(c));
        return c.json({ name });
      })
      .put('/:projectId/env/:name', jsonBody(envVarRequest), async (c) => {
        const { projectId, name } = c.req.param();
        const parsed = nameParam.safeParse({ name });
        if (!parsed.success) return invalidInput(c, parsed.error);
        await services.setEnvVar(projectId, parsed.data.name, c.req.valid('json').value, expectManifest(c));
        return c.json({ name: parsed.data.name });
      })
      .delete('/:projectId/env/:name', async (c) => {
        const { projectId, name } = c.req.param();
        await services.deleteEnvVar(projectId, name, expectManifest(c));
        return c.json({ name });
      })
  );
}
