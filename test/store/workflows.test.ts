import { access, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject, writeWorkflowFile } from '../../src/store/project-folder.js';
import {
  addTarget,
  assignWorkflowToTarget,
  createWorkflow,
  deleteWorkflow,
  describeProject,
  loadState,
  renameWorkflow,
  setWorkflowEndpoint,
  setWorkflowVisibility,
  updateWorkflow,
} from '../../src/store/project-store.js';
import { demoFolder, readJson } from './helpers.js';

const files = async (dir: string) => (await readdir(join(dir, 'workflows'))).sort();

describe('workflows', () => {
  it('re-saving an unchanged workflow gives byte-identical files', async () => {
    const dir = await demoFolder();
    const state = await loadState(dir);
    for (const { file, workflow } of state.workflows) {
      const before = await readFile(join(dir, file), 'utf8');
      await writeWorkflowFile(dir, file, workflow);
      expect(await readFile(join(dir, file), 'utf8')).toBe(before);
    }
  });

  it('creates a workflow in workflows/<slug>.json, with _2 when the file is taken', async () => {
    const dir = await demoFolder();
    const created = await createWorkflow(dir, { name: 'Score Leads', visibility: 'public' });
    expect(created.file).toBe('workflows/score_leads.json');
    expect(created.workflow).toEqual({
      id: created.workflow.id,
      name: 'Score Leads',
      deploymentTargetId: 'local',
      visibility: 'public',
      nodes: {},
      edges: [],
    });
    expect(created.workflow.id).toMatch(/^wf_[0-9a-f]{8}$/);
    expect(await readJson(join(dir, created.file))).toEqual(created.workflow);
    // A file of that slug holding a workflow of another name (written by hand): the next number.
    const other = await createWorkflow(dir, { name: 'Legacy' });
    await writeFile(join(dir, 'workflows/lead_scores.json'), await readFile(join(dir, other.file), 'utf8'));
    await rm(join(dir, other.file));
    const second = await createWorkflow(dir, { name: 'Lead Scores!', deploymentTargetId: 'production' });
    expect(second.file).toBe('workflows/lead_scores_2.json');
    expect(second.workflow.visibility).toBe('internal');
  });

  it('refuses a name whose slug another workflow has (same file and module name), suggesting a free one', async () => {
    const dir = await demoFolder();
    await createWorkflow(dir, { name: 'Fetch Order' });
    const before = (await readdir(join(dir, 'workflows'))).sort();
    const message =
      'The name "Fetch-Order" collides with the workflow "Fetch Order": both would be the file and Python module fetch_order (workflows/fetch_order.json). Choose another name, e.g. "Fetch Order 2".';
    await expect(createWorkflow(dir, { name: 'Fetch-Order' })).rejects.toThrow(message);
    const error = await createWorkflow(dir, { name: 'fetch  order!' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', path: '$.name' });
    expect((await readdir(join(dir, 'workflows'))).sort()).toEqual(before);
    // Renaming another workflow onto the slug is refused alike; the suggestion skips taken slugs.
    await createWorkflow(dir, { name: 'Fetch Order 2' });
    await expect(renameWorkflow(dir, 'extract_data', 'FETCH_ORDER')).rejects.toThrow(
      'Choose another name, e.g. "Fetch Order 3".',
    );
    // The suggestion is free.
    const suggested = await createWorkflow(dir, { name: 'Fetch Order 3' });
    expect(suggested.file).toBe('workflows/fetch_order_3.json');
    // A workflow may be renamed to another spelling of its own slug.
    const own = await renameWorkflow(dir, 'Fetch Order', 'Fetch-Order');
    expect(own.file).toBe('workflows/fetch_order.json');
  });

  it('refuses duplicate names, unknown targets and invalid input', async () => {
    const dir = await demoFolder();
    await expect(createWorkflow(dir, { name: 'Main_Workflow' })).rejects.toThrow(
      'A workflow named main_workflow already exists (workflows/main_workflow.json): choose another name.',
    );
    await expect(createWorkflow(dir, { name: 'x', deploymentTargetId: 'mars' })).rejects.toThrow(
      'No deployment target "mars" in project demo (targets: local, production).',
    );
    await expect(createWorkflow(dir, { name: '  ' })).rejects.toThrow(
      'Invalid workflow: name: Workflow name is required',
    );
    await expect(
      createWorkflow(dir, { name: 'x', endpoint: { method: 'POST', path: 'no-slash' } }),
    ).rejects.toThrow(
      'Invalid workflow: endpoint.path: Invalid path: start with / and use letters, digits, ., _, ~, -, / and {param}',
    );
    await expect(createWorkflow(dir, { name: 'x', id: 'wf_main' })).rejects.toThrow(
      'A workflow with id wf_main already exists: choose another id.',
    );
  });

  it('asks for a target when the project has several and none is local', async () => {
    const dir = await demoFolder();
    await addTarget(dir, { id: 'edge', name: 'Edge', platform: 'fly' });
    for (const w of ['main_workflow', 'extract_data', 'process_results'])
      await assignWorkflowToTarget(dir, w, 'edge');
    const { removeTarget } = await import('../../src/store/project-store.js');
    await removeTarget(dir, 'local');
    await expect(createWorkflow(dir, { name: 'x' })).rejects.toThrow(
      'Choose a deployment target for the workflow (one of production and edge).',
    );
  });

  it('renames a workflow: the id stays, the file moves to the new slug, callers stay valid', async () => {
    const dir = await demoFolder();
    const renamed = await renameWorkflow(dir, 'extract_data', 'Fetch Orders');
    expect(renamed.workflow.id).toBe('wf_extract');
    expect(renamed.file).toBe('workflows/fetch_orders.json');
    expect(await files(dir)).toEqual(['fetch_orders.json', 'main_workflow.json', 'process_results.json']);
    const opened = await openProject(dir);
    expect(opened.problems).toEqual([]);
    // A rename that keeps the slug keeps the file.
    const same = await renameWorkflow(dir, 'wf_extract', 'fetch orders');
    expect(same.file).toBe('workflows/fetch_orders.json');
    await expect(renameWorkflow(dir, 'wf_extract', 'process_results')).rejects.toThrow(
      'A workflow named process_results already exists (workflows/process_results.json): choose another name.',
    );
    await expect(renameWorkflow(dir, 'nope', 'x')).rejects.toThrow(
      'No workflow "nope" in project demo (workflows: fetch orders, main_workflow, process_results).',
    );
  });

  it('sets target, visibility and endpoint', async () => {
    const dir = await demoFolder();
    const moved = await assignWorkflowToTarget(dir, 'wf_process', 'production');
    expect(moved.workflow.deploymentTargetId).toBe('production');
    await expect(assignWorkflowToTarget(dir, 'wf_process', 'mars')).rejects.toThrow(
      'No deployment target "mars" in project demo (targets: local, production).',
    );
    const pub = await setWorkflowVisibility(dir, 'extract_data', 'public');
    expect(pub.workflow.visibility).toBe('public');
    const ep = await setWorkflowEndpoint(dir, 'extract_data', { method: 'GET', path: '/api/extract' });
    expect((await readJson(join(dir, ep.file))).endpoint).toEqual({ method: 'GET', path: '/api/extract' });
    const cleared = await setWorkflowEndpoint(dir, 'extract_data', null);
    expect(cleared.workflow.endpoint).toBeUndefined();
    await expect(setWorkflowVisibility(dir, 'extract_data', 'secret' as never)).rejects.toThrow(
      /^Invalid changes to workflow extract_data: visibility: Invalid option: expected one of "public"\|"internal"$/,
    );
  });

  it('saves edited nodes and edges (what the canvas sends)', async () => {
    const dir = await demoFolder();
    const updated = await updateWorkflow(dir, 'wf_process', {
      description: null,
      nodes: {
        only: {
          id: 'only',
          type: 'code',
          name: 'Only',
          position: { x: 1, y: 2 },
          config: { code: 'return 1' },
        },
      },
      edges: [],
    });
    expect(updated.workflow.description).toBeUndefined();
    expect(Object.keys(updated.workflow.nodes)).toEqual(['only']);
    await expect(
      updateWorkflow(dir, 'wf_process', { edges: [{ id: 'bad id', source: 'a', target: 'b' }] }),
    ).rejects.toThrow(
      'Invalid changes to workflow process_results: edges[0].id: Invalid id: use letters, digits, _ and - only',
    );
  });

  it('deletes a workflow nobody calls, and refuses one that is called, naming callers and nodes', async () => {
    const dir = await demoFolder();
    await expect(deleteWorkflow(dir, 'extract_data')).rejects.toThrow(
      'Cannot delete workflow extract_data: it is called by main_workflow (node extract). Remove those calls first.',
    );
    // A second caller with two calling nodes.
    await createWorkflow(dir, {
      name: 'nightly',
      nodes: {
        a: {
          id: 'a',
          type: 'workflowCall',
          name: 'A',
          position: { x: 0, y: 0 },
          config: { callType: 'local', targetWorkflowId: 'wf_extract' },
        },
        b: {
          id: 'b',
          type: 'workflowCall',
          name: 'B',
          position: { x: 0, y: 0 },
          config: { callType: 'local', targetWorkflowId: 'wf_extract' },
        },
      },
    });
    await expect(deleteWorkflow(dir, 'wf_extract')).rejects.toThrow(
      'Cannot delete workflow extract_data: it is called by main_workflow (node extract) and nightly (nodes a and b). Remove those calls first.',
    );
    const deleted = await deleteWorkflow(dir, 'nightly');
    expect(deleted.file).toBe('workflows/nightly.json');
    await expect(access(join(dir, 'workflows/nightly.json'))).rejects.toThrow(/ENOENT/);
    await deleteWorkflow(dir, 'main_workflow');
    expect(await files(dir)).toEqual(['extract_data.json', 'process_results.json']);
  });

  it('refuses changes while a file cannot be parsed, naming the file', async () => {
    const dir = await demoFolder();
    await writeFile(join(dir, 'workflows', 'broken.json'), '{ "id": ');
    await expect(createWorkflow(dir, { name: 'x' })).rejects.toThrow(
      'Cannot change the project while workflows/broken.json cannot be read: Invalid JSON at line 1, column 9: expected a value, found the end of the file. Fix the file first (`catalyst validate` lists every problem).',
    );
    await writeFile(
      join(dir, 'workflows', 'broken.json'),
      '{"id": "b", "name": "b", "visibility": "everyone"}',
    );
    const error = await createWorkflow(dir, { name: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_project',
      file: 'workflows/broken.json',
      path: '$.deploymentTargetId',
      message:
        "Cannot change the project while workflows/broken.json cannot be read: $.deploymentTargetId: Missing required field 'deploymentTargetId': add a string. Fix the file first (`catalyst validate` lists every problem).",
    });
    // Reading says "load", not "change".
    await expect(describeProject(dir)).rejects.toThrow(
      /^Cannot load the project while workflows\/broken\.json cannot be read: /,
    );
    expect(await files(dir)).toContain('broken.json');
  });
});
