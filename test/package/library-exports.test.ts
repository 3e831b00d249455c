import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuntimeAssets } from '../../src/build/runtime-assets.js';
import { renderTarget } from '../../src/compiler/render-target.js';
import { demoProject } from '../../src/model/demo.js';

/**
 * The library API the README promises ("the library API (model, compiler) for other tools"):
 * package.json `exports` point at dist/ (JavaScript + .d.ts made by `npm run build:lib`), so a
 * consumer on plain Node — no tsx, no bundler — can import `catalyst/model`,
 * `catalyst/compiler` and `catalyst` and compile a project to an app's files.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = { id: 'demo', name: 'Demo', now: '2026-01-01T00:00:00.000Z' };

function run(file: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

let consumer: string;

beforeAll(async () => {
  // What a user runs on a clean clone before using the package as a library.
  const built = await run(process.execPath, [path.join(ROOT, 'scripts/build-lib.mjs')], ROOT);
  expect(built.code, built.out).toBe(0);
  // A project that depends on catalyst, as `npm install <path>` or `npm link` leaves it.
  consumer = await mkdtemp(path.join(tmpdir(), 'catalyst-consumer-'));
  await mkdir(path.join(consumer, 'node_modules'));
  await symlink(ROOT, path.join(consumer, 'node_modules', 'catalyst'), 'dir');
  await writeFile(
    path.join(consumer, 'package.json'),
    '{ "name": "consumer", "type": "module", "private": true }\n',
  );
}, 300_000);
afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

const CONSUMER_SCRIPT = `
import { generatorVersion, loadRuntimeAssets } from 'catalyst';
import { renderTarget } from 'catalyst/compiler';
import { demoProject, loadProject } from 'catalyst/model';

const project = demoProject(${JSON.stringify(DEMO)});
const { files } = renderTarget(project, 'local', { generatorVersion: generatorVersion() }, await loadRuntimeAssets());
process.stdout.write(JSON.stringify({ files, problems: loadProject({ manifest: { path: 'catalyst.json', text: '{' }, workflows: [] }).problems.length }));
`;

describe('the package exports', () => {
  it('every entry of package.json "exports" resolves to a built file, with its types', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports)).toEqual(['.', './model', './compiler', './package.json']);
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (entry === './package.json') continue;
      const { types, default: js } = target as { types: string; default: string };
      expect(existsSync(path.join(ROOT, js)), `${entry} → ${js}`).toBe(true);
      expect(existsSync(path.join(ROOT, types)), `${entry} → ${types}`).toBe(true);
    }
  });

  it('imported by package name (self-reference), model + compiler compile the demo to the same files as the sources', async () => {
    // Specifiers held in variables: the type check of the repo must not depend on a built dist/.
    const names = { main: 'catalyst', model: 'catalyst/model', compiler: 'catalyst/compiler' };
    const model = await import(names.model);
    const compiler = await import(names.compiler);
    const main = await import(names.main);
    const project = model.demoProject(DEMO);
    const opts = { generatorVersion: main.generatorVersion() };
    const { files } = compiler.renderTarget(project, 'local', opts, await main.loadRuntimeAssets());
    const expected = renderTarget(demoProject(DEMO), 'local', opts, await loadRuntimeAssets()).files;
    expect(files.map((f: { path: string }) => f.path)).toContain('main.py');
    expect(files).toEqual(expected);
  });

  it('a consumer on plain Node (no tsx, no bundler) imports the entries and compiles the demo', async () => {
    await writeFile(path.join(consumer, 'compile.mjs'), CONSUMER_SCRIPT);
    const result = await run(process.execPath, ['compile.mjs'], consumer);
    expect(result.code, result.out).toBe(0);
    const { files, problems } = JSON.parse(result.out) as { files: unknown[]; problems: number };
    const expected = renderTarget(
      demoProject(DEMO),
      'local',
      { generatorVersion: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version },
      await loadRuntimeAssets(),
    ).files;
    expect(files).toEqual(expected);
    expect(problems).toBeGreaterThan(0);
  });

  it('a TypeScript consumer gets the types: a wrong call is a compile error, a right one is not', async () => {
    const tsconfig = {
      compilerOptions: {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['good.ts', 'bad.ts'],
    };
    await writeFile(path.join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig));
    await writeFile(
      path.join(consumer, 'good.ts'),
      [
        "import type { GeneratedFile, TargetPlan } from 'catalyst/compiler';",
        "import { planTarget } from 'catalyst/compiler';",
        "import { demoProject, type Project } from 'catalyst/model';",
        "const project: Project = demoProject({ id: 'd', name: 'D', now: '2026-01-01T00:00:00.000Z' });",
        "const plan: TargetPlan = planTarget(project, 'local', { generatorVersion: '1' });",
        'export const secrets: string[] = plan.secrets;',
        'export type Files = GeneratedFile[];',
        '',
      ].join('\n'),
    );
    await writeFile(
      path.join(consumer, 'bad.ts'),
      [
        "import { planTarget } from 'catalyst/compiler';",
        "import { demoProject } from 'catalyst/model';",
        "export const n: number = planTarget(demoProject({ id: 'd', name: 'D', now: '' }), 'local', { generatorVersion: '1' }).secrets;",
        '',
      ].join('\n'),
    );
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer);
    // Exactly one error, in bad.ts: the entries' types resolved and are the real ones.
    const errors = result.out.split('\n').filter((l) => / error TS\d+:/.test(l));
    expect(errors, result.out).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^bad\.ts\(3,\d+\): error TS2322: Type 'string\[\]' is not assignable to type 'number'/,
    );
  }, 120_000);
});
