import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { PLATFORMS, type Platform } from '../../src/model/project.js';
import { listFiles } from '../support/file-tree.js';
import { type CliRun, runCli, sandbox } from './cli-harness.js';

/**
 * Issue 11 items 8 and 14, the way a user meets them: ordinary values that happen to be
 * YAML indicators, format strings or multi-line text, and display names with quotes, go
 * through `catalyst env set` / `target add` / `init --name`, and every written config
 * file reads back to exactly what was put in.
 */
const ENV: Record<string, string> = {
  LOG_FORMAT: '%(asctime)s %(message)s',
  MULTI: 'a\nb: c',
  ANCHOR: '&x',
  ALIAS: '*x',
  TAG: '!x',
  AT: '@x',
  TICK: '`x',
  COMMENT: 'x #y',
  DOCS: 'a\n---\nb',
  QUOTES: `it's "x" \\ """`,
  QUOTE_ONLY: `it's "x"`,
  DOLLAR: 'a b $HOME',
  NO: 'no',
  OCTAL: '0o17',
  SPACES: '  padded  ',
  CRLF: 'one\r\ntwo',
  BREAKS: 'a\u2028b\u0085c\ufeffd\u007fe\u2029',
};
const REGION = '%eu';
const PROJECT = `Bob's "Orders" (EU)`;
const TARGET = `Prod "EU" — it's #1: yes & *no*`;

let box: Awaited<ReturnType<typeof sandbox>>;
let dir: string;

async function cli(argv: string[]): Promise<CliRun> {
  const run = await runCli(['--project', dir, ...argv], box.env, box.root);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

/** Every string in a parsed config: keys and leaves. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  return out;
}

/** Parses a config file the way its platform does; YAML both as 1.2 and as 1.1 (Kubernetes, several CLIs). */
function parseConfig(path: string, text: string): unknown[] {
  if (path.endsWith('.toml')) return [parseToml(text)];
  if (path.endsWith('.json')) return [JSON.parse(text)];
  const out: unknown[] = [];
  for (const version of ['1.1', '1.2'] as const) {
    for (const doc of parseAllDocuments(text, { version })) {
      expect(doc.errors, `${path} (YAML ${version})`).toEqual([]);
      expect(doc.warnings, `${path} (YAML ${version})`).toEqual([]);
      out.push(doc.toJS());
    }
  }
  return out;
}

const CONFIG_FILE = /\.(ya?ml|toml|json)$/;
/** Platforms whose config sets the env vars, and those that place the app in a region. */
const SETS_ENV: Platform[] = ['fly', 'render', 'cloud-run', 'azure', 'kubernetes'];
const HAS_REGION: Platform[] = ['railway', 'fly', 'render', 'cloud-run', 'azure'];

beforeAll(async () => {
  box = await sandbox();
  dir = join(box.root, 'orders');
  const init = await runCli(['init', dir, '--example', '--name', PROJECT], box.env, box.root);
  expect(init.code, init.stderr).toBe(0);
  for (const [name, value] of Object.entries(ENV)) await cli(['env', 'set', name, value]);
  for (const platform of PLATFORMS)
    await cli([
      'target',
      'add',
      `t-${platform}`,
      '--platform',
      platform,
      '--name',
      TARGET,
      '--region',
      REGION,
    ]);
}, 60_000);
afterAll(async () => {
  await box.cleanup();
});

describe('config files keep every value exactly (issue 11 item 8)', () => {
  it('validate passes with the values and names', async () => {
    await cli(['validate']);
  });

  it.each(PLATFORMS)(
    '%s: generate succeeds and every YAML/TOML/JSON file reads back exactly',
    async (platform) => {
      const out = join(box.root, `out-${platform}`);
      await cli(['generate', '--target', `t-${platform}`, '--out', out]);
      const configs = (await listFiles(out)).filter((f) => CONFIG_FILE.test(f) && !f.startsWith('tests/'));
      const found: string[] = [];
      for (const path of configs) {
        for (const parsed of parseConfig(path, await readFile(join(out, path), 'utf8')))
          found.push(...strings(parsed));
      }
      if (SETS_ENV.includes(platform)) for (const value of Object.values(ENV)) expect(found).toContain(value);
      // And a YAML 1.1 reader as platforms' tools have it (PyYAML): it too reads every value back.
      const yamlFiles = configs.filter((f) => /\.ya?ml$/.test(f)).map((f) => join(out, f));
      const script =
        'import json, sys, yaml; print(json.dumps([list(yaml.safe_load_all(open(p, encoding="utf-8"))) for p in sys.argv[1:]], default=str))';
      const docs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...yamlFiles]).toString());
      if (SETS_ENV.includes(platform) && yamlFiles.length > 0)
        for (const value of Object.values(ENV)) expect(strings(docs), 'PyYAML').toContain(value);
      if (HAS_REGION.includes(platform)) expect(found).toContain(REGION);
      const lock = JSON.parse(await readFile(join(out, 'catalyst.lock.json'), 'utf8'));
      expect(lock.target).toMatchObject({ id: `t-${platform}` });
    },
  );

  it('.env.example, sourced by sh as the README says, sets each value it spells to exactly that value', async () => {
    const out = join(box.root, 'out-docker');
    const example = await readFile(join(out, '.env.example'), 'utf8');
    const script = `set -a; . ./.env.example; set +a; exec ${process.execPath} -e 'process.stdout.write(JSON.stringify(process.env))'`;
    const env = JSON.parse(
      execFileSync('sh', ['-c', script], { cwd: out, env: { PATH: process.env['PATH'] } }).toString(),
    );
    for (const [name, value] of Object.entries(ENV)) {
      const assigned = new RegExp(`^${name}=`, 'm').test(example);
      if (assigned) expect(env[name], name).toBe(value);
      else {
        // Not spellable in .env: named in a one-line comment with its exact value, left to the app's default.
        expect(env[name], name).toBeUndefined();
        const comment = example.split('\n').find((l) => l.startsWith(`# ${name} defaults to `))!;
        expect(
          JSON.parse(comment.slice(`# ${name} defaults to `.length, comment.lastIndexOf(' (built into'))),
        ).toBe(value);
      }
    }
    // The plain and quote-only values are spelled, not just commented.
    for (const name of ['LOG_FORMAT', 'ANCHOR', 'QUOTE_ONLY', 'DOLLAR', 'SPACES'])
      expect(env[name], name).toBe(ENV[name]);
  });
});

describe('the README shows each default exactly, one table row per setting', () => {
  it('plain values as is, the rest as escaped JSON strings; no row breaks', async () => {
    const readme = await readFile(join(box.root, 'out-fly', 'README.md'), 'utf8');
    for (const [name, value] of Object.entries(ENV)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` | `));
      expect(row, name).toBeDefined();
      const cells = row!.split(/(?<!\\)\|/).slice(1, -1);
      expect(cells, name).toHaveLength(2);
      const shown = cells[1]!.trim().slice(1, -1).replace(/\\\|/g, '|');
      expect(shown.startsWith('"') ? JSON.parse(shown) : shown, name).toBe(value);
    }
  });
});

describe('values no file can hold are refused at the door', () => {
  it('an env value with an unpaired surrogate is refused, naming the env var', async () => {
    const run = await runCli(['--project', dir, 'env', 'set', 'LONE', 'a\ud800b'], box.env, box.root);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('LONE');
    expect(run.stderr).toContain('unpaired surrogate');
    expect(JSON.parse(await readFile(join(dir, 'catalyst.json'), 'utf8')).envVars).not.toHaveProperty('LONE');
  });
});

describe('display names are any one-line text (issue 11 item 14)', () => {
  it('init --name and project update --name take quotes, parentheses and unicode', async () => {
    const shown = await cli(['--json', 'project', 'show']);
    expect(JSON.parse(shown.stdout).manifest.name).toBe(PROJECT);
    const renamed = `${PROJECT} — naïve 🎉 'v2'`;
    await cli(['project', 'update', '--name', renamed]);
    const manifest = JSON.parse(await readFile(join(dir, 'catalyst.json'), 'utf8'));
    expect(manifest.name).toBe(renamed);
    expect(Object.values(manifest.deploymentTargets).map((t) => (t as { name: string }).name)).toContain(
      TARGET,
    );
    await cli(['project', 'update', '--name', PROJECT]);
  });

  it('a name with a line break is refused with a message naming the field', async () => {
    const run = await runCli(
      ['--project', dir, 'project', 'update', '--name', 'two\nlines'],
      box.env,
      box.root,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'Project name has a line break, tab or other control character: use plain text on one line',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
