import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalystError } from '../../src/errors.js';
import { fileVersion, StaleVersionError } from '../../src/store/file-version.js';
import {
  addSharedFunction,
  deleteSharedFunction,
  loadState,
  updateSharedFunction,
  updateWorkflow,
} from '../../src/store/project-store.js';
import { demoFolder, readJson } from './helpers.js';

const FORMAT = 'def format_total(n):\n    return "$" + format(n, ".2f")\n';

/** The refusal `promise` ends in, checked to name `path` (the field a form shows it under). */
async function refusal(promise: Promise<unknown>): Promise<CatalystError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalystError);
  return error as CatalystError;
}

/** The demo's "Compute totals" code node, changed to call `name`. */
async function useFromTotals(dir: string, name: string): Promise<void> {
  const state = await loadState(dir);
  const wf = state.workflows.find((w) => w.workflow.name === 'process_results')!.workflow;
  const totals = wf.nodes['totals']!;
  await updateWorkflow(dir, wf.id, {
    nodes: {
      ...wf.nodes,
      totals: { ...totals, config: { code: `return {"summary": ${name}(3)}` } },
    },
  });
}

describe('shared functions in catalyst.json', () => {
  it('adds one with the id taken from its name, written to catalyst.json', async () => {
    const dir = await demoFolder();
    const before = (await loadState(dir)).manifest.updatedAt;
    const fn = await addSharedFunction(dir, {
      name: 'format_total',
      description: ' Money as text ',
      code: FORMAT,
    });
    expect(fn).toEqual({
      id: 'format_total',
      name: 'format_total',
      description: 'Money as text',
      language: 'python',
      code: FORMAT,
    });
    const manifest = await readJson(join(dir, 'catalyst.json'));
    expect(manifest.sharedFunctions).toEqual({ format_total: fn });
    expect(manifest.updatedAt > before).toBe(true);
  });

  it('refuses bad names, duplicates, empty code and code that does not define the name, on the field', async () => {
    const dir = await demoFolder();
    await addSharedFunction(dir, { name: 'format_total', code: FORMAT });
    const manifestBefore = await readFile(join(dir, 'catalyst.json'), 'utf8');

    const cases: Array<[Parameters<typeof addSharedFunction>[1], string, RegExp]> = [
      [{ name: '', code: FORMAT }, 'name', /^Give the function a name/],
      [
        { name: 'format-date', code: FORMAT },
        'name',
        /^"format-date" is not a Python function name: .*\(e\.g\. format_date\)/,
      ],
      [{ name: '2fast', code: FORMAT }, 'name', /not a Python function name.*fn_2fast/],
      [{ name: 'class', code: 'class x: pass' }, 'name', /^"class" is a Python keyword/],
      [{ name: 'json', code: 'json = 1' }, 'name', /^"json" would hide the module or builtin json/],
      [{ name: 'context', code: 'context = 1' }, 'name', /would hide the code node's own context/],
      [
        { name: 'format_total', code: FORMAT },
        'name',
        /^Another shared function is already named format_total/,
      ],
      [{ name: 'slugify', code: '  \n ' }, 'code', /^The code is empty/],
      [
        { name: 'slugify', code: 'def other(s):\n    return s\n' },
        'code',
        /^The code does not define slugify: it needs a line "def slugify\(…\):"/,
      ],
      [
        { name: 'slugify', code: 'class Box:\n    def slugify(self):\n        pass\n' },
        'code',
        /^The code does not define slugify/,
      ],
    ];
    for (const [input, field, message] of cases) {
      const error = await refusal(addSharedFunction(dir, input));
      expect(error.code, input.name).toBe('invalid_input');
      expect(error.message, input.name).toMatch(message);
      expect(error.path, input.name).toMatch(new RegExp(`\\.${field}$`));
    }
    // Nothing half-written: the file is byte for byte what it was.
    expect(await readFile(join(dir, 'catalyst.json'), 'utf8')).toBe(manifestBefore);

    // These define the name too.
    await addSharedFunction(dir, { name: 'fetch_all', code: 'async def fetch_all():\n    return []\n' });
    await addSharedFunction(dir, { name: 'RATE', code: 'RATE: float = 0.2\n' });
    await addSharedFunction(dir, { name: 'Money', code: 'class Money:\n    pass\n' });
  });

  it('updates name, description and code; the id stays', async () => {
    const dir = await demoFolder();
    await addSharedFunction(dir, { name: 'format_total', description: 'old', code: FORMAT });
    const renamed = await updateSharedFunction(dir, 'format_total', {
      name: 'money',
      description: '',
      code: 'def money(n):\n    return n\n',
    });
    expect(renamed).toEqual({
      id: 'format_total',
      name: 'money',
      language: 'python',
      code: 'def money(n):\n    return n\n',
    });
    const error = await refusal(updateSharedFunction(dir, 'format_total', { code: FORMAT }));
    expect(error.message).toMatch(/^The code does not define money/);
    expect(error.path).toBe('$.sharedFunctions.format_total.code');
    const missing = await refusal(updateSharedFunction(dir, 'nope', { code: FORMAT }));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('No shared function nope');
    // A new function whose name was once an id gets its own id.
    const again = await addSharedFunction(dir, { name: 'format_total', code: FORMAT });
    expect(again.id).toBe('format_total_2');
  });

  it('refuses to delete or rename a function a code node or another shared function uses, naming them', async () => {
    const dir = await demoFolder();
    await addSharedFunction(dir, { name: 'format_total', code: FORMAT });
    await useFromTotals(dir, 'format_total');

    const del = await refusal(deleteSharedFunction(dir, 'format_total'));
    expect(del.code).toBe('in_use');
    expect(del.message).toBe(
      'Cannot delete format_total: node "Compute totals" of workflow process_results uses it. Remove format_total from that code first.',
    );
    const rename = await refusal(updateSharedFunction(dir, 'format_total', { name: 'money' }));
    expect(rename.code).toBe('in_use');
    expect(rename.message).toMatch(
      /^Cannot rename format_total to money: node "Compute totals" of workflow process_results calls it/,
    );
    expect((await loadState(dir)).manifest.sharedFunctions['format_total']?.name).toBe('format_total');

    // Another shared function calling it counts too.
    await useFromTotals(dir, 'int');
    await addSharedFunction(dir, {
      name: 'report',
      code: 'def report(n):\n    return "Total " + format_total(n)\n',
    });
    const byShared = await refusal(deleteSharedFunction(dir, 'format_total'));
    expect(byShared.message).toContain('shared function report uses it');

    // Unused: deleted.
    await deleteSharedFunction(dir, 'report');
    await deleteSharedFunction(dir, 'format_total');
    expect((await readJson(join(dir, 'catalyst.json'))).sharedFunctions).toEqual({});
  });

  it('refuses a write based on a version of catalyst.json that changed on disk', async () => {
    const dir = await demoFolder();
    const stale = fileVersion(await readFile(join(dir, 'catalyst.json'), 'utf8'));
    await addSharedFunction(dir, { name: 'format_total', code: FORMAT }, { manifest: stale });
    const error = await refusal(
      addSharedFunction(dir, { name: 'other', code: 'def other():\n    pass\n' }, { manifest: stale }),
    );
    expect(error).toBeInstanceOf(StaleVersionError);
    await expect(deleteSharedFunction(dir, 'format_total', { manifest: stale })).rejects.toThrow(
      StaleVersionError,
    );
    const current = fileVersion(await readFile(join(dir, 'catalyst.json'), 'utf8'));
    await deleteSharedFunction(dir, 'format_total', { manifest: current });
  });
});
