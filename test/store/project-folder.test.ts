import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProject, readProjectSource, workflowFileFor } from '../../src/store/project-folder.js';
import { addTarget, loadState, removeTarget } from '../../src/store/project-store.js';
import { demoFolder, tempDir } from './helpers.js';

describe('project folder', () => {
  it('reads catalyst.json and every workflows/*.json, sorted, skipping hidden and other files', async () => {
    const dir = await demoFolder();
    await writeFile(join(dir, 'workflows', '.main_workflow.json.123.abcd0123.tmp'), 'partial');
    await writeFile(join(dir, 'workflows', 'notes.txt'), 'not a workflow');
    await mkdir(join(dir, 'workflows', 'sub.json'));
    const source = await readProjectSource(dir);
    expect(source.manifest.path).toBe('catalyst.json');
    expect(source.workflows.map((f) => f.path)).toEqual([
      'workflows/extract_data.json',
      'workflows/main_workflow.json',
      'workflows/process_results.json',
    ]);
    const opened = await openProject(dir);
    expect(opened.problems).toEqual([]);
    expect(opened.project?.workflows.map((w) => w.workflow.name)).toEqual([
      'extract_data',
      'main_workflow',
      'process_results',
    ]);
  });

  it('says clearly when a folder is not a project', async () => {
    const dir = await tempDir();
    await expect(readProjectSource(dir)).rejects.toThrow(
      `No catalyst.json in ${dir}: run \`catalyst init\` to create a project there, or pass --project DIR to point at one.`,
    );
    await expect(readProjectSource(join(dir, 'nope'))).rejects.toThrow(
      `Project folder ${join(dir, 'nope')} does not exist: create one with \`catalyst init ${join(dir, 'nope')}\`, or pass --project DIR.`,
    );
    await writeFile(join(dir, 'file'), 'x');
    await expect(readProjectSource(join(dir, 'file'))).rejects.toThrow(
      `${join(dir, 'file')} is a file, not a project folder.`,
    );
  });

  it('names workflow files by slug, with _2, _3 when taken', () => {
    expect(workflowFileFor('Extract Data!', [])).toBe('workflows/extract_data.json');
    expect(workflowFileFor('extract data', ['workflows/extract_data.json'])).toBe(
      'workflows/extract_data_2.json',
    );
    expect(
      workflowFileFor('Extract-Data', ['workflows/extract_data.json', 'workflows/extract_data_2.json']),
    ).toBe('workflows/extract_data_3.json');
    expect(workflowFileFor('!!!', [])).toBe('workflows/workflow.json');
  });

  it('ignores .catalyst/ in git', async () => {
    const dir = await demoFolder();
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toContain('\n.catalyst/\n');
  });

  it('writes with stable key order: a change and its undo give byte-identical files', async () => {
    const dir = await demoFolder();
    const before = await readFile(join(dir, 'catalyst.json'), 'utf8');
    await addTarget(dir, {
      id: 'staging',
      name: 'Staging',
      platform: 'fly',
      platformConfig: { region: 'ams' },
    });
    await removeTarget(dir, 'staging');
    const after = await readFile(join(dir, 'catalyst.json'), 'utf8');
    const strip = (text: string) => text.replace(/"updatedAt": "[^"]+"/, '');
    expect(strip(after)).toBe(strip(before));
    // Keys come out in schema order even when the file was written in another order.
    const manifest = JSON.parse(before);
    const shuffled = Object.fromEntries(Object.entries(manifest).reverse());
    await writeFile(join(dir, 'catalyst.json'), JSON.stringify(shuffled));
    await addTarget(dir, { id: 'staging', name: 'Staging', platform: 'fly' });
    await removeTarget(dir, 'staging');
    expect(strip(await readFile(join(dir, 'catalyst.json'), 'utf8'))).toBe(strip(before));
    // Record order is kept as loaded.
    expect(Object.keys((await loadState(dir)).manifest.deploymentTargets)).toEqual(['local', 'production']);
  });
});
