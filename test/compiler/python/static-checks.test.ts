import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import type { Project } from '../../../src/model/project-files.js';
import { validateProject } from '../../../src/model/validate/validate-project.js';
import { allNodesProject } from '../../fixtures/all-nodes-project.js';
import { expressionsProject } from '../../fixtures/expressions-project.js';
import { flowsProject } from '../../fixtures/flows-project.js';
import { calleeProject, callerProject } from '../../fixtures/http-call-projects.js';
import { postgresProject } from '../../fixtures/postgres-project.js';
import { tortureProject } from '../../fixtures/torture-project.js';
import { typedProject } from '../../fixtures/typed-project.js';
import { generate, removeDir, runPython, writeApp } from './support.js';

const FIXTURES: Array<[name: string, project: () => Project, target: string]> = [
  ['demo', () => demoProject({ id: 'proj_demo', name: 'demo', now: '2026-01-05T10:00:00.000Z' }), 'local'],
  ['flows', flowsProject, 'production'],
  ['all_nodes', allNodesProject, 'production'],
  ['torture', tortureProject, 'production'],
  ['caller', callerProject, 'production'],
  ['callee', calleeProject, 'production'],
  ['postgres', postgresProject, 'production'],
  ['expressions', expressionsProject, 'production'],
  ['typed', typedProject, 'production'],
];

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'catalyst-static-'));
  for (const [name, project, target] of FIXTURES) writeApp(generate(project(), target), join(root, name));
});

afterAll(() => {
  if (root) removeDir(root);
});

describe('generated Python passes the checks a user would run', () => {
  it('starts from valid projects: the validator finds no problem in any fixture', () => {
    for (const [name, project] of FIXTURES) expect([name, validateProject(project())]).toEqual([name, []]);
  });

  it('is byte-identical when generated twice', () => {
    for (const [, project, target] of FIXTURES) {
      expect(generate(project(), target)).toEqual(generate(project(), target));
    }
  });

  it('compiles with python -m compileall', () => {
    for (const [name] of FIXTURES) {
      const result = runPython(['-m', 'compileall', '-q', '.'], join(root, name), {
        PYTHONDONTWRITEBYTECODE: '',
      });
      expect(`${result.stdout}${result.stderr}`).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it('type-checks with pyright without errors', () => {
    // One run over every app: each is its own execution root (its own `runtime`, `workflows`).
    writeFileSync(
      join(root, 'pyrightconfig.json'),
      JSON.stringify({ executionEnvironments: FIXTURES.map(([name]) => ({ root: name })) }),
    );
    const result = spawnSync(
      join(process.cwd(), 'node_modules/.bin/pyright'),
      ['--pythonpath', '/usr/bin/python3', '--outputjson', '-p', join(root, 'pyrightconfig.json')],
      { cwd: root, encoding: 'utf8', timeout: 180_000 },
    );
    const report = JSON.parse(result.stdout) as {
      generalDiagnostics: Array<{
        file: string;
        severity: string;
        message: string;
        range: { start: { line: number } };
      }>;
      summary: { filesAnalyzed: number; errorCount: number };
    };
    const errors = report.generalDiagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.file.slice(root.length + 1)}:${d.range.start.line + 1}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(report.summary.filesAnalyzed).toBeGreaterThan(40);
    // pyright over every app takes about a minute on a shared 2-core machine: the
    // spawn's own 180 s limit is the bound, not the 60 s default.
  }, 180_000);

  it('passes its own generated tests under pytest', () => {
    for (const [name] of FIXTURES) {
      const result = runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], join(root, name));
      expect(result.stdout).toMatch(/ passed/);
      expect(result.stdout).not.toMatch(/failed|error/);
      expect(result.status).toBe(0);
    }
  });
});
