import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/build/free-port.js';
import { main } from '../../src/cli/main.js';
import { childEnv } from '../../src/store/child-env.js';
import { makeSandbox, type Sandbox } from '../fixtures/deploy-sandbox.js';

const BIN = fileURLToPath(new URL('../../bin/catalyst.js', import.meta.url));
const PASSPHRASE = 'correct-horse-battery-staple-42';

/** What the probe workflow reads from its own process environment. */
const PROBED = ['CATALYST_SECRET_KEY', 'CATALYST_HOME', 'GREETING', 'API_TOKEN', 'USER_CLOUD_TOKEN'];

/** Each process Catalyst starts must see the target's env vars and used secrets, and nothing of Catalyst's internals or the user's other variables. */
const EXPECTED = {
  CATALYST_SECRET_KEY: null,
  CATALYST_HOME: null,
  GREETING: 'hello',
  API_TOKEN: 'tok-123',
  USER_CLOUD_TOKEN: null,
};

const PROBE_WORKFLOW = {
  id: 'wf_env',
  name: 'env_probe',
  deploymentTargetId: 'local',
  visibility: 'public',
  endpoint: { method: 'POST', path: '/api/env' },
  nodes: {
    token: {
      id: 'token',
      type: 'transform',
      name: 'Use the secret',
      position: { x: 0, y: 0 },
      config: { fields: { token: '{{ secrets.API_TOKEN }}' } },
    },
    probe: {
      id: 'probe',
      type: 'code',
      name: 'Read the environment',
      position: { x: 260, y: 0 },
      config: {
        code: `import os\nreturn {name: os.environ.get(name) for name in ${JSON.stringify(PROBED)}}`,
      },
    },
  },
  edges: [{ id: 'e1', source: 'token', target: 'probe' }],
};

async function probe(url: string): Promise<unknown> {
  const res = await fetch(`${url}/api/env`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** Waits until `pattern` appears in the child's stderr. */
function waitForOutput(child: ChildProcess, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not seen within ${ms} ms:\n${stderr}`)), ms);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = pattern.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}):\n${stderr}`)));
  });
}

describe('processes Catalyst starts get a scrubbed environment (DESIGN §10)', () => {
  let box: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  async function cli(argv: string[], stdin = '') {
    let stdout = '';
    let stderr = '';
    const code = await main(['--project', dir, ...argv], {
      cwd: box.root,
      env,
      stdin: Readable.from(stdin === '' ? [] : [stdin]),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      isTTY: false,
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    box = await makeSandbox();
    dir = path.join(box.root, 'probe');
    env = {
      ...box.env,
      CATALYST_HOME: box.home,
      CATALYST_SECRET_KEY: PASSPHRASE,
      USER_CLOUD_TOKEN: 'the-users-own-cloud-token',
    };
    expect((await cli(['init', dir, '--example', '--name', 'probe'])).code).toBe(0);
    await writeFile(
      path.join(dir, 'workflows', 'env_probe.json'),
      `${JSON.stringify(PROBE_WORKFLOW, null, 2)}\n`,
    );
    const greeting = await cli(['env', 'set', 'GREETING', 'hello']);
    expect(greeting.code, greeting.stderr).toBe(0);
    const secret = await cli(['secret', 'set', 'API_TOKEN'], 'tok-123');
    expect(secret.code, secret.stderr).toBe(0);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await box.cleanup();
  });

  it('catalyst run: the app sees GREETING and API_TOKEN, never the passphrase, CATALYST_HOME or the user’s other variables', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, '--project', dir, 'run', '--target', 'local', '--port', String(port)],
      {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    children.push(child);
    await waitForOutput(child, /Serving probe/);
    expect(await probe(`http://127.0.0.1:${port}`)).toEqual(EXPECTED);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('studio Run: the same', async () => {
    const child = spawn(process.execPath, [BIN, 'studio', '--port', '0', '--no-open'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const [printed] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/);
    const url = new URL(printed);
    const headers = {
      'x-catalyst-token': url.searchParams.get('token')!,
      'content-type': 'application/json',
    };
    const listed = (await (await fetch(`${url.origin}/api/projects`, { headers })).json()) as {
      projects: Array<{ id: string; name: string }>;
    };
    const id = listed.projects.find((p) => p.name === 'probe')!.id;
    const res = await fetch(`${url.origin}/api/projects/${id}/workflows/wf_env/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ input: {} }),
    });
    const body = (await res.json()) as { run: { trace: { status: string; result: unknown } } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.run.trace.status).toBe('ok');
    // A run's trace shows secret values by name: the app did get API_TOKEN.
    expect(body.run.trace.result).toEqual({ ...EXPECTED, API_TOKEN: '[secret API_TOKEN]' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  });

  it('local deploy: the same, and an env var set in Catalyst’s environment overrides its project value', async () => {
    env = { ...env, GREETING: 'from the environment' };
    const deployed = await cli(['--json', 'deploy', '--target', 'local']);
    expect(deployed.code, deployed.stderr).toBe(0);
    const { url } = JSON.parse(deployed.stdout) as { url: string };
    expect(await probe(url)).toEqual({ ...EXPECTED, GREETING: 'from the environment' });
    expect((await cli(['stop', '--target', 'local'])).code).toBe(0);
  });
});

describe('childEnv', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    LANG: 'C.UTF-8',
    LC_TIME: 'de_DE.UTF-8',
    PYTHONPATH: '/opt/py',
    CATALYST_SECRET_KEY: PASSPHRASE,
    CATALYST_HOME: '/home/u/.catalyst',
    CATALYST_DEBUG: '1',
    AWS_SECRET_ACCESS_KEY: 'aws',
    GREETING: 'override',
  };

  it('gives an app only the basics, the project env vars (the environment overriding) and what is set', () => {
    expect(
      childEnv(parent, {
        envVars: [
          ['GREETING', 'hello'],
          ['LEVEL', 'info'],
        ],
        set: { API_TOKEN: 't', PORT: '8080' },
      }),
    ).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      LANG: 'C.UTF-8',
      LC_TIME: 'de_DE.UTF-8',
      PYTHONPATH: '/opt/py',
      GREETING: 'override',
      LEVEL: 'info',
      API_TOKEN: 't',
      PORT: '8080',
    });
  });

  it('gives a tool the user’s environment without any CATALYST_* variable, whatever its source', () => {
    const out = childEnv(parent, { inherit: 'user', set: { CATALYST_SECRET_KEY: PASSPHRASE, X: '1' } });
    expect(Object.keys(out).filter((k) => k.startsWith('CATALYST_'))).toEqual([]);
    expect(out.AWS_SECRET_ACCESS_KEY).toBe('aws');
    expect(out.X).toBe('1');
  });
});
