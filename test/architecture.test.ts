import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTRACT,
  checkArchitecture,
  formatViolations,
  parseImports,
  processGlobalUses,
  resolveTarget,
  type SourceText,
} from './support/architecture-rules.js';

/** The layer rules of ARCHITECTURE.md, checked on every import under src/. */

const root = path.resolve(import.meta.dirname, '..');

let tree: SourceText[] | undefined;

/** Every .ts/.tsx file under src/, read once for all tests. */
function sourceTree(): SourceText[] {
  if (tree) return tree;
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => `src/${f.split(path.sep).join('/')}`)
    .sort();
  tree = files.map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
  return tree;
}

/** The violations of a fake tree, as `file:line message` lines. */
function check(files: Record<string, string>): string[] {
  const sources = Object.entries(files).map(([file, text]) => ({ file, text }));
  return checkArchitecture(sources).map((v) => `${v.file}:${v.line} ${v.message}`);
}

describe('the source tree', () => {
  it('keeps every layer rule (a failure names file:line and the rule)', () => {
    const sources = sourceTree();
    // A scan that read nothing would pass: make sure it saw the tree and its imports.
    expect(sources.length).toBeGreaterThan(200);
    expect(sources.flatMap(parseImports).length).toBeGreaterThan(1000);
    expect(formatViolations(checkArchitecture(sources))).toBe('');
  });

  it('web reaches the server only through the contract file, which exists', () => {
    const sources = sourceTree();
    expect(sources.map((s) => s.file)).toContain(CONTRACT.file);
    const webToServer = sources
      .filter((s) => s.file.startsWith('src/web/'))
      .flatMap(parseImports)
      .map((ref) => resolveTarget(ref.file, ref.specifier ?? ''))
      .filter((t) => t.kind === 'src' && t.layer === 'server');
    expect(webToServer.length).toBeGreaterThan(0);
    expect(new Set(webToServer.map((t) => (t.kind === 'src' ? t.module : '')))).toEqual(
      new Set(['src/server/contract']),
    );
  });
});

describe('the rule function', () => {
  it('reads every form of import, not text that only looks like one', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export type * from './d.js';",
      "import './e.css';",
      "const f = await import('./f.js');",
      "type G = typeof import('./g.js');",
      "const h = require('./h.js');",
      "// import { x } from './comment.js';",
      'const s = "import { y } from \'./string.js\'";',
    ].join('\n');
    const refs = parseImports({ file: 'src/web/x.ts', text });
    expect(refs.map((r) => [r.line, r.kind, r.specifier, r.typeOnly])).toEqual([
      [1, 'import', './a.js', false],
      [2, 'import', './b.js', true],
      [3, 'export', './c.js', false],
      [4, 'export', './d.js', true],
      [5, 'side-effect', './e.css', false],
      [6, 'dynamic', './f.js', false],
      [7, 'type-query', './g.js', true],
      [8, 'require', './h.js', false],
    ]);
  });

  it('resolves relative specifiers to their src folder', () => {
    expect(resolveTarget('src/server/store-services.ts', '../web/filter.js')).toEqual({
      kind: 'src',
      layer: 'web',
      module: 'src/web/filter',
    });
    expect(resolveTarget('src/web/api/client.ts', '../../server/contract.js')).toMatchObject({
      module: 'src/server/contract',
    });
    expect(resolveTarget('src/model/a.ts', '../../package.json')).toEqual({
      kind: 'outside',
      module: 'package.json',
    });
    expect(resolveTarget('src/compiler/a.ts', 'fs/promises')).toEqual({ kind: 'package', name: 'node:fs' });
    expect(resolveTarget('src/web/a.ts', '@xyflow/react/dist/style.css')).toEqual({
      kind: 'package',
      name: '@xyflow/react',
    });
  });

  it('model imports only zod and itself', () => {
    const found = check({
      'src/model/ok.ts': "import { z } from 'zod';\nimport { slug } from './slug.js';",
      'src/model/bad.ts':
        "import { z } from 'zod';\nimport { readFile } from 'node:fs/promises';\nimport type { Plan } from '../compiler/plan.js';",
    });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^src\/model\/bad\.ts:2 .*node:fs is not allowed/);
    expect(found[1]).toMatch(
      /^src\/model\/bad\.ts:3 .*reaches src\/compiler: src\/model may import only src\/model$/,
    );
  });

  it('compiler imports only the model and its allow-list, and never touches process', () => {
    const found = check({
      'src/compiler/ok.ts': [
        "import { createHash } from 'node:crypto';",
        "import { stringify } from 'yaml';",
        "import { stringify as toml } from 'smol-toml';",
        "import type { Project } from '../model/project.js';",
        'const demo = { process: 1 };',
        'export const n = demo.process;',
      ].join('\n'),
      'src/compiler/bad.ts': [
        "import path from 'node:path';",
        "import { randomBytes } from 'node:crypto';",
        "import { writeOutput } from '../build/write-output.js';",
        'export const port = process.env.PORT;',
        "export const assets = await import('node:fs');",
      ].join('\n'),
    });
    expect(found.map((f) => f.split(' ')[0])).toEqual([
      'src/compiler/bad.ts:1',
      'src/compiler/bad.ts:2',
      'src/compiler/bad.ts:3',
      'src/compiler/bad.ts:4',
      'src/compiler/bad.ts:5',
    ]);
    expect(found[1]).toContain('only createHash from node:crypto, not randomBytes');
    expect(found[3]).toContain('uses the process global');
  });

  it('finds the process global however it is reached, and only then', () => {
    const uses = (text: string) => processGlobalUses({ file: 'src/model/x.ts', text });
    expect(uses('const { env } = process;')).toEqual([1]);
    expect(uses('const o = { process };')).toEqual([1]);
    expect(uses('\nconst e = globalThis.process;')).toEqual([2]);
    expect(uses('type E = typeof process.env;')).toEqual([1]);
    expect(
      uses("const o = { process: 1 }; o.process; type T = { process: string }; const s = 'process';"),
    ).toEqual([]);
  });

  it('nothing but cli imports cli', () => {
    const found = check({
      'src/cli/main.ts': "import { program } from './program.js';",
      'src/server/start.ts': "import type { CommandContext } from '../cli/context.js';",
    });
    expect(found).toEqual([
      "src/server/start.ts:1 import '../cli/context.js': nothing outside src/cli may import src/cli (only bin/catalyst.js enters it)",
    ]);
  });

  it('store and workspace import neither each other nor a layer above them; they share only src/errors.ts', () => {
    const found = check({
      'src/store/ok.ts': [
        "import { readFile } from 'node:fs/promises';",
        "import { z } from 'zod';",
        "import { CatalystError } from '../errors.js';",
        "import type { Project } from '../model/project.js';",
      ].join('\n'),
      'src/workspace/vault/ok.ts': [
        "import BetterSqlite3 from 'better-sqlite3';",
        "import { CatalystError } from '../../errors.js';",
        "import { catalystHome } from '../home.js';",
      ].join('\n'),
      'src/store/operations/bad.ts': [
        "import type { Workspace } from '../../workspace/workspace.js';",
        "import { deployRecords } from '../../deploy/deploy-workspace.js';",
        "import { MonitorLease } from '../../monitor/db/lease.js';",
        "import type { AppType } from '../../server/app.js';",
        "import { compile } from '../../index.js';",
      ].join('\n'),
      'src/workspace/bad.ts': [
        "import { DEPLOY_MIGRATIONS } from '../deploy/records/schema.js';",
        "import { MONITOR_MIGRATIONS } from '../monitor/db/schema.js';",
        "import type { ProjectWorkspace } from '../store/workspace-ports.js';",
        "type W = typeof import('../build/write-output.js');",
      ].join('\n'),
    });
    expect(found).toEqual([
      "src/store/operations/bad.ts:1 import '../../workspace/workspace.js' reaches src/workspace: src/store may import only src/store, src/model, src/errors.ts",
      "src/store/operations/bad.ts:2 import '../../deploy/deploy-workspace.js' reaches src/deploy: src/store may import only src/store, src/model, src/errors.ts",
      "src/store/operations/bad.ts:3 import '../../monitor/db/lease.js' reaches src/monitor: src/store may import only src/store, src/model, src/errors.ts",
      "src/store/operations/bad.ts:4 import '../../server/app.js' reaches src/server: src/store may import only src/store, src/model, src/errors.ts",
      "src/store/operations/bad.ts:5 import '../../index.js' reaches src/index.ts (a file at the top of src/): src/store may import only src/store, src/model, src/errors.ts",
      "src/workspace/bad.ts:1 import '../deploy/records/schema.js' reaches src/deploy: src/workspace may import only src/workspace, src/model, src/errors.ts",
      "src/workspace/bad.ts:2 import '../monitor/db/schema.js' reaches src/monitor: src/workspace may import only src/workspace, src/model, src/errors.ts",
      "src/workspace/bad.ts:3 import '../store/workspace-ports.js' reaches src/store: src/workspace may import only src/workspace, src/model, src/errors.ts",
      "src/workspace/bad.ts:4 import type(…) '../build/write-output.js' reaches src/build: src/workspace may import only src/workspace, src/model, src/errors.ts",
    ]);
  });

  it('draft stands on model, compiler, build, store and workspace, never on server, deploy or monitor', () => {
    const found = check({
      'src/draft/ok.ts': [
        "import { loadProject } from '../model/load.js';",
        "import { planTarget } from '../compiler/plan.js';",
        "import { checkPythonSyntax } from '../build/python-syntax.js';",
        "import { withProject } from '../store/operations/session.js';",
        "import type { Migration } from '../workspace/migrations.js';",
        "import { CatalystError } from '../errors.js';",
      ].join('\n'),
      'src/draft/bad.ts': [
        "import type { AppType } from '../server/app.js';",
        "import { deployTarget } from '../deploy/deploy-target.js';",
        "import { probe } from '../monitor/probe.js';",
      ].join('\n'),
    });
    const only =
      'src/draft may import only src/draft, src/model, src/compiler, src/build, src/store, src/workspace, src/errors.ts';
    expect(found).toEqual([
      `src/draft/bad.ts:1 import '../server/app.js' reaches src/server: ${only}`,
      `src/draft/bad.ts:2 import '../deploy/deploy-target.js' reaches src/deploy: ${only}`,
      `src/draft/bad.ts:3 import '../monitor/probe.js' reaches src/monitor: ${only}`,
    ]);
  });

  it('web imports from server only the contract file, in any form of import', () => {
    const found = check({
      'src/web/ok.ts':
        "import { TOKEN_HEADER } from '../server/contract.js';\nimport type { Project } from '../model/project.js';",
      'src/web/bad.ts': [
        "import type { AppType } from '../server/app.js';",
        "export { TOKEN_QUERY } from '../server/security/token-names.js';",
        "const views = await import('../server/views.js');",
        "import '../server/start.js';",
        "type E = import('../server/events.js').StudioEvent;",
        "import { readFile } from 'node:fs';",
        "import { create } from 'zustand';",
      ].join('\n'),
    });
    expect(found.map((f) => f.split(' ')[0])).toEqual([1, 2, 3, 4, 5, 6].map((n) => `src/web/bad.ts:${n}`));
    expect(found[0]).toContain('src/web may import only src/web, src/model, src/server/contract.ts');
    expect(found[5]).toContain('may not import Node built-ins (node:fs)');
  });

  it('server (or any folder but web) never imports web', () => {
    const found = check({
      'src/server/store-services.ts': "\nimport { searchProjects } from '../web/filter.js';",
      'src/store/x.ts': "import type { Page } from '../web/paginate.js';",
      'src/web/pages/dashboard.tsx': "import { paginate } from '../paginate.js';",
    });
    expect(found).toEqual([
      "src/server/store-services.ts:2 import '../web/filter.js': nothing outside src/web may import src/web (only src/web/index.html enters it); put shared logic in src/model",
      "src/store/x.ts:1 import '../web/paginate.js': nothing outside src/web may import src/web (only src/web/index.html enters it); put shared logic in src/model",
    ]);
  });

  it('the contract loads no server internals at run time but the token names', () => {
    const contract = (text: string) =>
      check({
        [CONTRACT.file]: text,
        'src/server/security/token-names.ts': "export const TOKEN_HEADER = 'x';",
        'src/server/app.ts': "import { serve } from '@hono/node-server';",
      });
    expect(
      contract(
        "export type { AppType } from './app.js';\nexport { TOKEN_HEADER } from './security/token-names.js';",
      ),
    ).toEqual([]);
    const found = contract("export { createApp } from './app.js';");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^src\/server\/contract\.ts:1 export '\.\/app\.js' loads src\/server\/app\.ts at run time/,
    );
  });

  it('an import the rules cannot read is a violation, not a pass', () => {
    expect(check({ 'src/compiler/x.ts': "const name = 'node:fs';\nawait import(name);" })).toEqual([
      'src/compiler/x.ts:2 import() of a computed name: the layer rules cannot check it; import a string literal',
    ]);
  });
});
