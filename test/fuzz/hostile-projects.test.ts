import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderTarget } from '../../src/compiler/render-target.js';
import type { GeneratedFile } from '../../src/compiler/types.js';
import { loadProject } from '../../src/model/load.js';
import { PLATFORMS, type Platform } from '../../src/model/project.js';
import { PYTHON, runtimeAssets } from '../compiler/python/support.js';
import { NASTY } from '../fixtures/torture-project.js';

/**
 * Issue 11 "Done means": hostile projects — random names, descriptions, env values, regions,
 * header values and config strings full of quotes, line breaks, `{{`, YAML indicators,
 * unicode, Python keywords, triple quotes and backslashes — on all 7 platforms. Every one
 * is validated; every valid one is generated in memory, every YAML/TOML/JSON file parsed
 * back (values equal to what went in) and all Python compiled in one batch, with `ast`
 * checking that no planted identifier became code. Seeded: CATALYST_FUZZ_SEED reproduces a
 * run, CATALYST_FUZZ_PROJECTS sets how many projects (each has one target per platform).
 */
const SEED = Number(process.env['CATALYST_FUZZ_SEED'] ?? 20_261_205);
const PROJECTS = Number(process.env['CATALYST_FUZZ_PROJECTS'] ?? 24);
/** Planted in user text; if it is ever a name in the Python AST, text became code. */
const MARKER = 'pwned_marker';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PIECES = [
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '\\n',
  '\\"',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '{{',
  '}}',
  '{% raw %}',
  '&x',
  '*x',
  '!x',
  '!!python/object',
  '%x',
  '%(asctime)s',
  '@x',
  '`x`',
  '- x',
  '? x',
  ': ',
  ' #',
  '#',
  '---',
  '...',
  '|',
  '>',
  '[',
  ']',
  '{',
  '}',
  ',',
  'no',
  'on',
  'null',
  '~',
  '0o17',
  '1_000',
  '1e3',
  '=',
  '$HOME',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: literal shell/compose interpolation text
  '${X}',
  '$(id)',
  'naïve',
  '☃',
  '🎉',
  '中文',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\u00a0',
  '\u0085',
  '\u0000',
  '\u007f',
  '\u001b',
  'class',
  'None',
  'import',
  'def',
  'lambda',
  'return',
  'async',
  'await',
  'True',
  '__init__',
  ' ',
  'x',
  'value',
  `__import__('os').system('echo ${MARKER}')`,
  `"""; ${MARKER}() #`,
  `'''; ${MARKER}() #`,
  `"; ${MARKER}(); "`,
  `\n${MARKER}()\n`,
  `\\"); ${MARKER}(); ("`,
  NASTY.quotes,
  NASTY.lines,
  NASTY.injection,
  NASTY.weirdEnv,
];
const CONTROL = /\p{Cc}/gu;
const PLAIN_EXPRESSIONS = ['input.a', 'trigger.b', 'input', 'input.a == "x"', 'not input.a'];

class Hostile {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** 1–6 hostile pieces; never a lone surrogate (files are UTF-8; the model refuses them in env values). */
  text(): string {
    let out = '';
    for (let i = 0, n = 1 + this.int(6); i < n; i++) out += this.pick(PIECES);
    return out;
  }
  /** A display name: mostly valid (one line, 1–100), sometimes not — validation must then refuse it. */
  name(): string {
    const raw = this.text();
    if (this.chance(0.05)) return raw;
    const line = raw.replace(CONTROL, ' ').trim().slice(0, 100).trim();
    return line === '' ? 'n' : line;
  }
  /** A template: hostile text without stray braces, with valid `{{ expr }}`s spliced in; rarely raw. */
  template(env: string[]): string {
    if (this.chance(0.03)) return this.text();
    const parts: string[] = [];
    for (let i = 0, n = 1 + this.int(3); i < n; i++) {
      if (this.chance(0.5)) parts.push(this.text().replace(/[{}]/g, '('));
      else parts.push(`{{ ${this.expression(env)} }}`);
    }
    return parts.join('');
  }
  expression(env: string[]): string {
    const roll = this.int(4);
    if (roll === 0 && env.length > 0) return `env.${this.pick(env)}`;
    if (roll === 1) return `input[${JSON.stringify(this.text())}]`;
    if (roll === 2) return `input.a == ${JSON.stringify(this.text())}`;
    return this.pick(PLAIN_EXPRESSIONS);
  }
}

interface Planted {
  /** Env values (set on every platform that writes the environment into its config). */
  env: string[];
  region: string | undefined;
}

/** A project as files, the way a folder on disk holds it. */
function hostileProject(h: Hostile): {
  manifest: Record<string, unknown>;
  workflows: Array<Record<string, unknown>>;
} {
  const envNames = [...new Set(['LOG_FORMAT', 'CLASS', 'NONE', 'X_1', 'IMPORT'].filter(() => h.chance(0.6)))];
  const envVars = Object.fromEntries(envNames.map((n) => [n, h.text()]));
  const region = h.chance(0.8) ? h.text().replace(CONTROL, '') || '%eu' : undefined;
  const targets = Object.fromEntries(
    PLATFORMS.map((platform, i) => [
      `t${i}`,
      {
        id: `t${i}`,
        name: h.name(),
        platform,
        platformConfig: {
          ...(region === undefined ? {} : { region }),
          ...(h.chance(0.3) ? { instanceSize: h.text().replace(CONTROL, '') || 'x' } : {}),
          ...(h.chance(0.3) ? { autoscaling: { enabled: true, minInstances: 1, maxInstances: 3 } } : {}),
        },
      },
    ]),
  );
  const secrets = { API_KEY: { name: 'API_KEY', description: h.text() } };
  const manifest = {
    schemaVersion: 1,
    id: 'proj_fuzz',
    name: h.name(),
    description: h.text(),
    version: '0.1.0',
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    deploymentTargets: targets,
    envVars,
    secrets,
  };
  const workflows: Array<Record<string, unknown>> = [];
  const count = 2 + h.int(3);
  for (let w = 0; w < count; w++) {
    const nodes: Record<string, unknown> = {};
    const add = (id: string, type: string, config: Record<string, unknown>) => {
      nodes[id] = { id, type, name: h.name(), position: { x: 0, y: 0 }, config };
    };
    const fields: Record<string, unknown> = {};
    for (let i = 0, n = 1 + h.int(4); i < n; i++) fields[h.text()] = h.template(envNames);
    fields['nested'] = [h.template(envNames), 1, null, { [h.text()]: h.template(envNames) }];
    add('shape', 'transform', { fields });
    const kind = h.int(5);
    if (kind === 0)
      add('reply', 'response', {
        statusCode: 200,
        headers: { 'X-Hostile': h.template(envNames) },
        body: h.chance(0.5) ? { [h.text()]: h.template(envNames), n: 1 } : `{{ ${h.expression(envNames)} }}`,
      });
    else if (kind === 1)
      add('reply', 'httpRequest', {
        method: 'POST',
        url: `http://127.0.0.1:9/${h.template(envNames)}`,
        headers: { 'X-Hostile': h.template(envNames) },
        body: JSON.stringify({ [h.text()]: h.template(envNames) }),
      });
    else if (kind === 2)
      add('reply', 'condition', {
        expression: `input[${JSON.stringify(h.text())}] == ${JSON.stringify(h.text())}`,
      });
    else if (kind === 3)
      add('reply', 'llm', {
        provider: h.pick(['anthropic', 'openai', 'groq']),
        model: h.text(),
        system: h.template(envNames),
        prompt: h.template(envNames),
        apiKeySecret: 'API_KEY',
      });
    else
      add('reply', 'postgresQuery', {
        connectionSecret: 'API_KEY',
        query: h.text(),
        params: [h.template(envNames)],
      });
    workflows.push({
      id: `wf_${w}`,
      name: h.name(),
      description: h.text(),
      deploymentTargetId: `t${h.int(PLATFORMS.length)}`,
      visibility: w === 0 || h.chance(0.5) ? 'public' : 'internal',
      ...(h.chance(0.3) ? { endpoint: { method: 'POST', path: `/api/w${w}` } } : {}),
      nodes,
      edges: [{ id: 'e1', source: 'shape', target: 'reply' }],
    });
  }
  return { manifest, workflows };
}

const SETS_ENV: Platform[] = ['fly', 'render', 'cloud-run', 'azure', 'kubernetes'];
const HAS_REGION: Platform[] = ['railway', 'fly', 'render', 'cloud-run', 'azure'];

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

function parseConfig(file: GeneratedFile): unknown[] {
  if (file.path.endsWith('.toml')) return [parseToml(file.content)];
  if (file.path.endsWith('.json')) return [JSON.parse(file.content)];
  const out: unknown[] = [];
  for (const version of ['1.1', '1.2'] as const) {
    for (const doc of parseAllDocuments(file.content, { version })) {
      if (doc.errors.length > 0 || doc.warnings.length > 0)
        throw new Error(
          `YAML ${version}: ${[...doc.errors, ...doc.warnings].map((e) => e.message).join('; ')}`,
        );
      out.push(doc.toJS());
    }
  }
  return out;
}

/**
 * One Python process for every generated file: compile it, then walk its AST — a planted
 * name (the marker, `__import__`, `.system`) anywhere outside a string literal is an injection.
 * PyYAML (YAML 1.1, as platform tools read it) and tomllib parse the config files again.
 */
const BATCH = `
import ast, json, os, sys, tomllib, yaml
root = sys.argv[1]
report = {"compile": [], "inject": [], "configs": {}}
for dirpath, _, names in os.walk(root):
    for name in sorted(names):
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if name.endswith(".py"):
            try:
                tree = ast.parse(compile(text, rel, "exec", ast.PyCF_ONLY_AST), rel)
            except SyntaxError as e:
                report["compile"].append(f"{rel}:{e.lineno}: {e.msg}")
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and node.id in ("${MARKER}", "__import__"):
                    report["inject"].append(f"{rel}:{node.lineno}: name {node.id}")
                if isinstance(node, ast.Attribute) and node.attr == "system":
                    report["inject"].append(f"{rel}:{node.lineno}: attribute .system")
        elif name.endswith((".yaml", ".yml")):
            try:
                report["configs"][rel] = list(yaml.safe_load_all(text))
            except yaml.YAMLError as e:
                report["configs"][rel] = {"error": str(e)}
        elif name.endswith(".toml"):
            try:
                report["configs"][rel] = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                report["configs"][rel] = {"error": str(e)}
json.dump(report, sys.stdout, default=str)
`;

const outDir = mkdtempSync(join(tmpdir(), 'catalyst-fuzz-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe(`hostile projects (seed ${SEED}, ${PROJECTS} projects × ${PLATFORMS.length} platforms)`, () => {
  it(
    'validate never crashes; every valid target generates, reads back exactly, compiles, and injects nothing',
    () => {
      const runtime = runtimeAssets();
      const failures: string[] = [];
      const planted = new Map<string, { platform: Platform; values: Planted }>();
      let valid = 0;
      let generated = 0;
      for (let p = 0; p < PROJECTS; p++) {
        const seed = SEED + p;
        const h = new Hostile(seed);
        const files = hostileProject(h);
        const where = `seed ${seed} (CATALYST_FUZZ_SEED=${seed} CATALYST_FUZZ_PROJECTS=1)`;
        const loaded = loadProject({
          manifest: { path: 'catalyst.json', text: JSON.stringify(files.manifest, null, 2) },
          workflows: files.workflows.map((w, i) => ({
            path: `workflows/w${i}.json`,
            text: JSON.stringify(w, null, 2),
          })),
        });
        const bug = loaded.problems.find((x) => x.message.includes('please report this as a bug'));
        if (bug) failures.push(`${where}: validation crashed: ${bug.message}`);
        if (loaded.problems.length > 0 || !loaded.project) continue;
        valid++;
        const manifest = loaded.project.manifest;
        for (const target of Object.values(manifest.deploymentTargets)) {
          let out: GeneratedFile[];
          try {
            out = renderTarget(loaded.project, target.id, { generatorVersion: '0.0.0-fuzz' }, runtime).files;
          } catch (error) {
            failures.push(`${where}: generate ${target.platform} crashed: ${(error as Error).stack}`);
            continue;
          }
          generated++;
          const dir = `p${p}/${target.id}`;
          const found: string[] = [];
          for (const file of out) {
            if (Buffer.from(file.content, 'utf8').toString('utf8') !== file.content)
              failures.push(`${where}: ${target.platform} ${file.path} is not valid UTF-8 text`);
            if (/\.(ya?ml|toml|json)$/.test(file.path)) {
              try {
                for (const parsed of parseConfig(file)) strings(parsed, found);
              } catch (error) {
                failures.push(
                  `${where}: ${target.platform} ${file.path} does not parse: ${(error as Error).message}`,
                );
              }
            }
            // Runtime files are the same for every app; one copy of each is compiled below.
            if (file.path.startsWith('runtime/') && p > 0) continue;
            if (/\.(py|ya?ml|toml)$/.test(file.path)) {
              const path = join(outDir, dir, file.path);
              mkdirSync(dirname(path), { recursive: true });
              writeFileSync(path, file.content);
            }
          }
          const values: Planted = {
            env: SETS_ENV.includes(target.platform) ? Object.values(manifest.envVars) : [],
            region: HAS_REGION.includes(target.platform) ? target.platformConfig.region : undefined,
          };
          for (const value of values.env)
            if (!found.includes(value))
              failures.push(`${where}: ${target.platform} lost env value ${JSON.stringify(value)}`);
          if (values.region !== undefined && !found.includes(values.region))
            failures.push(`${where}: ${target.platform} lost region ${JSON.stringify(values.region)}`);
          planted.set(dir, { platform: target.platform, values });
        }
      }

      const batch = spawnSync(PYTHON, ['-c', BATCH, outDir], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(batch.status, batch.stderr).toBe(0);
      const report = JSON.parse(batch.stdout) as {
        compile: string[];
        inject: string[];
        configs: Record<string, unknown>;
      };
      const seedOf = (rel: string) => `seed ${SEED + Number(rel.split('/')[0]!.slice(1))}`;
      for (const line of report.compile) failures.push(`${seedOf(line)}: does not compile: ${line}`);
      for (const line of report.inject) failures.push(`${seedOf(line)}: injection: ${line}`);
      const pyFound = new Map<string, string[]>();
      for (const [rel, parsed] of Object.entries(report.configs)) {
        const dir = rel.split('/').slice(0, 2).join('/');
        if (parsed !== null && typeof parsed === 'object' && 'error' in parsed)
          failures.push(
            `${seedOf(rel)}: ${rel} does not parse in Python: ${(parsed as { error: string }).error}`,
          );
        pyFound.set(dir, strings(parsed, pyFound.get(dir) ?? []));
      }
      for (const [dir, { platform, values }] of planted) {
        const found = pyFound.get(dir) ?? [];
        // Railway's only config is JSON (parsed above); every other platform's is YAML or TOML.
        if (platform === 'railway') continue;
        for (const value of values.env)
          if (!found.includes(value))
            failures.push(
              `${seedOf(dir)}: ${platform} env value ${JSON.stringify(value)} reads back differently in Python`,
            );
        if (values.region !== undefined && !found.includes(values.region))
          failures.push(
            `${seedOf(dir)}: ${platform} region ${JSON.stringify(values.region)} reads back differently in Python`,
          );
      }

      expect(failures, `seed ${SEED}: ${failures.length} failures`).toEqual([]);
      // The generator must exercise the compiler, not only validation's refusals.
      expect(valid, `seed ${SEED}: too few valid projects`).toBeGreaterThanOrEqual(PROJECTS / 2);
      expect(generated).toBe(valid * PLATFORMS.length);
    },
    120_000 + PROJECTS * 5_000,
  );
});
