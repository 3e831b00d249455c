import { Hono } from 'hono';
import type { JSONValue } from 'hono/utils/types';
import { jsonBody } from '../http/validate.js';
import { etag, expectWorkflow } from '../http/versions.js';
import type { WorkflowRun } from '../run/run-history.js';
import type { WorkflowRunView } from '../run/run-view.js';
import {
  createWorkflowRequest,
  renameWorkflowRequest,
  runWorkflowRequest,
  saveWorkflowRequest,
  validateWorkflowRequest,
} from '../workflows/workflow-requests.js';
import type { WorkflowServices } from '../workflows/workflow-services.js';

/** A kept run as the API sends it (`WorkflowRunView` in the contract). */
function runView(run: WorkflowRun) {
  return run as unknown as WorkflowRunView;
}

/**
 * The canvas editor's API (`/api/projects/:projectId/workflows…`): the project model to edit
 * against, create/save/rename/delete through the store, validation of unsaved edits, and
 * "Run" (generate, run in the target's warm harness, keep the trace: run/trace-runs.ts). Reads
 * answer with the file's version (also as ETag); writes send it back in If-Match and get 409
 * when it is stale (versions.ts).
 */
export function workflowRoutes(workflows: WorkflowServices) {
  return new Hono()
    .get('/:projectId/model', async (c) => c.json({ model: await workflows.model(c.req.param('projectId')) }))
    .get('/:projectId/workflows/:workflowId', async (c) => {
      const { projectId, workflowId } = c.req.param();
      const { workflow, file, version } = await workflows.get(projectId, workflowId);
      c.header('ETag', etag(version));
      return c.json({ workflow, file, version });
    })
    .post('/:projectId/workflows', jsonBody(createWorkflowRequest), async (c) => {
      const created = await workflows.create(c.req.param('projectId'), c.req.valid('json'));
      c.header('ETag', etag(created.version));
      return c.json({ workflow: created.workflow, file: created.file, version: created.version }, 201);
    })
    .put('/:projectId/workflows/:workflowId', jsonBody(saveWorkflowRequest), async (c) => {
      const { projectId, workflowId } = c.req.param();
      const saved = await workflows.save(
        projectId,
        workflowId,
        c.req.valid('json'),
        expectWorkflow(c, workflowId),
      );
      c.header('ETag', etag(saved.version));
      return c.json({ workflow: saved.workflow, file: saved.file, version: saved.version });
    })
    .post('/:projectId/workflows/:workflowId/rename', jsonBody(renameWorkflowRequest), async (c) => {
      const { projectId, workflowId } = c.req.param();
      const renamed = await workflows.rename(
        projectId,
        workflowId,
        c.req.valid('json').name,
        expectWorkflow(c, workflowId),
      );
      c.header('ETag', etag(renamed.version));
      return c.json({ workflow: renamed.workflow, file: renamed.file, version: renamed.version });
    })
    .delete('/:projectId/workflows/:workflowId', async (c) => {
      const { projectId, workflowId } = c.req.param();
      const deleted = await workflows.remove(projectId, workflowId, expectWorkflow(c, workflowId));
      return c.json({
        deleted: { id: deleted.workflow.id, name: deleted.workflow.name, file: deleted.file },
      });
    })
    .post('/:projectId/workflows/:workflowId/validate', jsonBody(validateWorkflowRequest), async (c) => {
      const { projectId, workflowId } = c.req.param();
      return c.json({
        problems: await workflows.validate(projectId, workflowId, c.req.valid('json').workflow),
      });
    })
    .post('/:projectId/workflows/:workflowId/runs', jsonBody(runWorkflowRequest), async (c) => {
      const { projectId, workflowId } = c.req.param();
      const run = await workflows.runs.run(projectId, workflowId, c.req.valid('json').input);
      return c.json({ run: runView(run) });
    })
    .post('/:projectId/workflows/:workflowId/runs/warm', (c) => {
      // The editor opened: start the Run's Python process now, answer at once (DESIGN §13).
      const { projectId, workflowId } = c.req.param();
      void workflows.runs.warm(projectId, workflowId);
      return c.json({ warming: true }, 202);
    })
    .get('/:projectId/workflows/:workflowId/runs', (c) => {
      const { projectId, workflowId } = c.req.param();
      return c.json({ runs: workflows.runs.list(projectId, workflowId) });
    })
    .get('/:projectId/workflows/:workflowId/runs/:runId', (c) => {
      const { projectId, workflowId, runId } = c.req.param();
      return c.json({ run: runView(workflows.runs.get(projectId, workflowId, runId)) });
    })
    .post('/:projectId/workflows/:workflowId/test', async (c) => {
      const { projectId, workflowId } = c.req.param();
      const report = await workflows.test(projectId, workflowId);
      return c.json(report);
    })
    .get('/:projectId/workflows/:workflowId/test-input', (c) => {
      const { projectId, workflowId } = c.req.param();
      const pinned = workflows.runs.testInput(projectId, workflowId);
      return c.json({ input: pinned.input as JSONValue });
    })
    .put('/:projectId/workflows/:workflowId/test-input', jsonBody(runWorkflowRequest), async (c) => {
      const { projectId, workflowId } = c.req.param();
      const pinned = workflows.runs.pinTestInput(projectId, workflowId, c.req.valid('json').input);
      return c.json({ input: pinned.input as JSONValue });
    });
}
