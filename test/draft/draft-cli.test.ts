import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type Scripted, type StandIn, startStandIn } from './support/llm-stand-in.js';
import { type ShopSandbox, shopSandbox, snapshot } from './support/shop-project.js';

const KEY = 'sk-test-stand-in-key';
const PROMPT = 'A public webhook that greets a customer by name';

/** A right answer: a public workflow with one transform node and a response. */
function greetAnswer(overrides: Record<string, unknown> = {}): {
  workflow: Record<string, unknown>;
  notes: string;
} {
  return {
    workflow: {
      id: 'wf_greet',
      name: 'greet_customer',
      deploymentTargetId: 'local',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/greet' },
      nodes: {
        shape: {
          id: 'shape',
          type: 'transform',
          name: 'Shape greeting',
          position: { x: 0, y: 0 },
          config: { fields: { message: 'Hello {{ upper(input.name) }}', customer: '{{ input.name }}' } },
        },
        reply: {
          id: 'reply',
          type: 'response',
          name: 'Reply',
          position: { x: 240, y: 0 },
          config: { statusCode: 200, body: { greeting: '{{ nodes.shape.message }}' } },
        },
      },
      edges: [{ id: 'e1', source: 'shape', target: 'reply' }],
      ...overrides,
    },
    notes: 'POST {"name": "Ada"} to /api/greet.',
  };
}

/** The same workflow with a realistic mistake: the reply reads a node that does not exist. */
function brokenGreet(): ReturnType<typeof greetAnswer> {
  const answer = greetAnswer();
  const nodes = answer.workflow['nodes'] as Record<string, { config: Record<string, unknown> }>;
  nodes['reply']!.config['body'] = { greeting: '{{ nodes.greeting.message }}' };
  return answer;
}

const servers: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function standIn(script: Scripted[]): Promise<StandIn> {
  const s = await startStandIn({ key: KEY, script });
  servers.push(s);
  return s;
}

function llmEnv(url: string, provider: 'anthropic' | 'openai' = 'anthropic'): NodeJS.ProcessEnv {
  return {
    CATALYST_LLM_PROVIDER: provider,
    CATALYST_LLM_BASE_URL: url,
    [provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY']: KEY,
    CATALYST_LLM_BACKOFF_MS: '1',
  };
}

async function draft(box: ShopSandbox, args: string[]) {
  return box.run(['draft', ...args, '--project', box.dir]);
}

function draftRows(
  box: ShopSandbox,
): Array<{ prompt: string; answers: string; status: string; workflow_file: string | null }> {
  const db = new Database(join(box.env['CATALYST_HOME']!, 'catalyst.db'), { readonly: true });
  try {
    return db.prepare('SELECT prompt, answers, status, workflow_file FROM drafts ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

describe('catalyst draft against a stand-in Anthropic API', () => {
  it('writes a valid first answer with --yes: one request of the documented shape, tokens counted, history kept, nothing committed', async () => {
    const api = await standIn([{ answer: greetAnswer() }]);
    const box = await shopSandbox(llmEnv(api.url));
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: box.dir, env: box.env }).toString();

    const res = await draft(box, [PROMPT, '--yes', '--json']);

    expect(res.stderr).not.toContain('error');
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({
      ok: true,
      written: true,
      action: 'create',
      file: 'workflows/greet_customer.json',
      rounds: 0,
      problems: [],
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      workflow: { id: 'wf_greet', name: 'greet_customer', deploymentTargetId: 'local' },
      notes: 'POST {"name": "Ada"} to /api/greet.',
    });
    expect(Object.keys(result.stages)).toEqual(['context', 'draft', 'validate', 'compile', 'write']);
    expect(api.refused).toEqual([]);
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.headers['anthropic-version']).toBe('2023-06-01');
    expect(request!.body.tool_choice).toEqual({ type: 'tool', name: 'submit_workflow' });
    expect(request!.body.tools[0].input_schema.required).toEqual(['workflow', 'notes']);
    expect(request!.body.system).toContain('## postgresQuery');
    expect(request!.body.system).toContain('`connectionSecret`*');
    expect(request!.body.messages[0].content).toContain(PROMPT);
    expect(request!.body.messages[0].content).toContain('wf_extract "extract_data": internal');
    // Tokens: what the stand-in reported in usage.
    expect(result.tokens.input).toBe(Math.ceil(request!.raw.length / 4));
    expect(result.tokens.output).toBeGreaterThan(0);

    const written = JSON.parse(await readFile(join(box.dir, 'workflows/greet_customer.json'), 'utf8'));
    expect(written.id).toBe('wf_greet');
    expect((await box.run(['validate', '--project', box.dir])).code).toBe(0);
    // Never committed by Catalyst.
    expect(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: box.dir, env: box.env }).toString()).toBe(head);
    expect(
      execFileSync('git', ['status', '--porcelain'], { cwd: box.dir, env: box.env }).toString(),
    ).toContain('?? workflows/greet_customer.json');
    // Progress on stderr, one plain line per stage (not a TTY).
    expect(res.stderr).toMatch(
      /^✓ context .*\n✓ draft .*\n✓ validate .*no problems\n✓ compile .*Python compiles/m,
    );
    expect(draftRows(box)).toEqual([
      expect.objectContaining({
        prompt: PROMPT,
        status: 'written',
        workflow_file: 'workflows/greet_customer.json',
      }),
    ]);
  });

  it('repairs an invalid first answer in round 2: the second request carries the problem as an is_error tool result', async () => {
    const api = await standIn([{ answer: brokenGreet() }, { answer: greetAnswer() }]);
    const box = await shopSandbox(llmEnv(api.url));

    const res = await draft(box, [PROMPT, '--yes', '--json']);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, written: true, rounds: 1 });
    expect(api.refused).toEqual([]);
    expect(api.requests).toHaveLength(2);
    const messages = api.requests[1]!.body.messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1].content[0]).toMatchObject({ type: 'tool_use', name: 'submit_workflow' });
    const [result] = messages[2].content;
    expect(result).toMatchObject({
      type: 'tool_result',
      tool_use_id: messages[1].content[0].id,
      is_error: true,
    });
    expect(result.content).toMatch(
      /^\$\.nodes\.reply\.config\.body\.greeting: .*reads nodes\.greeting, .*has no node 'greeting'/m,
    );
    expect(res.stderr).toMatch(
      /✗ validate .*1 problem\n {4}\$\.nodes\.reply\.config\.body\.greeting: .*\n✓ repair 1/,
    );
    const [row] = draftRows(box);
    const answers = JSON.parse(row!.answers);
    expect(answers.map((a: { round: number }) => a.round)).toEqual([0, 1]);
    expect(answers[0].problems).toContain("has no node 'greeting'");
  });

  it('gives up after the first answer and 3 repair rounds all fail: exit 1, the problems left, nothing written', async () => {
    const api = await standIn([1, 2, 3, 4].map(() => ({ answer: brokenGreet() })));
    const box = await shopSandbox(llmEnv(api.url));
    const before = await snapshot(box.dir);

    const res = await draft(box, [PROMPT, '--yes', '--json']);

    expect(res.code).toBe(1);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({ ok: false, written: false, rounds: 3 });
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: 'workflows/greet_customer.json',
        path: '$.nodes.reply.config.body.greeting',
      }),
    ]);
    expect(api.requests).toHaveLength(4);
    expect(res.stderr).toContain('nothing was written');
    expect(await snapshot(box.dir)).toEqual(before);
    expect(draftRows(box)[0]!.status).toBe('invalid');
  });

  it('sends a code node whose Python does not compile back for repair (the compile stage)', async () => {
    const bad = greetAnswer();
    const nodes = bad.workflow['nodes'] as Record<string, unknown>;
    nodes['shape'] = {
      id: 'shape',
      type: 'code',
      name: 'Shape greeting',
      position: { x: 0, y: 0 },
      config: { code: 'return {"message": "Hello " + input.get("name", "")' },
    };
    const api = await standIn([{ answer: bad }, { answer: greetAnswer() }]);
    const box = await shopSandbox(llmEnv(api.url));

    const res = await draft(box, [PROMPT, '--yes', '--json']);

    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/✗ compile .*does not compile: workflows\/greet_customer\.py line \d+/);
    const feedback = api.requests[1]!.body.messages[2].content[0];
    expect(feedback.is_error).toBe(true);
    expect(feedback.content).toContain('the generated Python does not compile');
  });

  it('retries 529 twice honouring retry-after, then succeeds', async () => {
    const overloaded = { status: 529, headers: { 'retry-after': '0' } };
    const api = await standIn([overloaded, overloaded, { answer: greetAnswer() }]);
    const box = await shopSandbox({ ...llmEnv(api.url), CATALYST_LLM_BACKOFF_MS: '60000' });

    const res = await draft(box, [PROMPT, '--yes']);

    // A backoff of 60 s would time the test out: retry-after: 0 was what the client waited.
    expect(res.code).toBe(0);
    expect(api.requests).toHaveLength(3);
    expect(res.stderr).toMatch(/↻ draft: HTTP 529.*overloaded_error.*; try 2 in 0 ms/);
    expect(res.stderr).toMatch(/↻ draft: HTTP 529.*; try 3 in 0 ms/);
  });

  it('fails with connection refused after 4 tries, and the breaker opens after 5 consecutive failures', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const box = await shopSandbox(llmEnv(`http://127.0.0.1:${port}`));
    const before = await snapshot(box.dir);

    const first = await draft(box, [PROMPT, '--yes']);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(
      /error: The anthropic API at http:\/\/127\.0\.0\.1:\d+ failed 4 times \(last: connection error ECONNREFUSED\)/,
    );
    expect(first.stderr.match(/↻ draft: connection error ECONNREFUSED/g)).toHaveLength(3);

    const second = await draft(box, [PROMPT, '--yes']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /error: The anthropic API failed 5 times in a row, so Catalyst stops calling it for \d+ s \(circuit breaker\)/,
    );
    expect(await snapshot(box.dir)).toEqual(before);
  });

  it('while the breaker is open no connection is made at all', async () => {
    let connections = 0;
    const resetting: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', r));
    servers.push({ close: () => new Promise<void>((r) => resetting.close(() => r())) });
    const box = await shopSandbox(llmEnv(`http://127.0.0.1:${(resetting.address() as AddressInfo).port}`));

    expect((await draft(box, [PROMPT, '--yes'])).code).toBe(1);
    expect(connections).toBe(4);
    const second = await draft(box, [PROMPT, '--yes']);
    expect(second.stderr).toContain('circuit breaker');
    expect(connections).toBe(5);
    const third = await draft(box, [PROMPT, '--yes']);
    expect(third.stderr).toContain('circuit breaker');
    expect(connections).toBe(5);
  });

  it('times a request out (CATALYST_LLM_TIMEOUT_MS) and retries it', async () => {
    let requests = 0;
    const silent = createServer((socket) => {
      // Counts requests that arrived (not connections a client may open ahead); never answers.
      socket.once('data', () => requests++);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    servers.push({
      close: () =>
        new Promise<void>((r) => {
          silent.close(() => r());
        }),
    });
    const box = await shopSandbox({
      ...llmEnv(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`),
      CATALYST_LLM_TIMEOUT_MS: '150',
    });

    const res = await draft(box, [PROMPT, '--yes']);

    expect(res.code).toBe(1);
    expect(res.stderr).toContain('failed 4 times (last: no answer within 150 ms)');
    expect(requests).toBe(4);
  });

  it('without a key: exit 1, one line naming the variable, no request, nothing written', async () => {
    const api = await standIn([{ answer: greetAnswer() }]);
    for (const provider of ['anthropic', 'openai'] as const) {
      const env = llmEnv(api.url, provider);
      delete env['ANTHROPIC_API_KEY'];
      delete env['OPENAI_API_KEY'];
      const box = await shopSandbox(env);
      const before = await snapshot(box.dir);

      const res = await draft(box, [PROMPT, '--yes']);

      const variable = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `error: No API key for ${provider}: set ${variable} in the environment (or store it with \`catalyst secret set ${variable}\`).\n`,
      );
      expect(await snapshot(box.dir)).toEqual(before);
    }
    expect(api.requests).toEqual([]);
  });

  it('takes the key from the workspace vault, and never puts a secret value into a prompt', async () => {
    const api = await standIn([{ answer: brokenGreet() }, { answer: greetAnswer() }]);
    const env = llmEnv(api.url);
    delete env['ANTHROPIC_API_KEY'];
    const box = await shopSandbox(env);
    const dsn = 'postgres://shop:Vault-Only-Pa55@db.internal:5432/shop';
    expect((await box.run(['secret', 'set', 'ANTHROPIC_API_KEY', '--project', box.dir], KEY)).code).toBe(0);
    expect((await box.run(['secret', 'set', 'DATABASE_URL', '--project', box.dir], dsn)).code).toBe(0);

    const res = await draft(box, ['Store each order in PostgreSQL', '--yes']);

    expect(res.code).toBe(0);
    expect(api.requests).toHaveLength(2);
    expect(api.requests.every((r) => r.headers['x-api-key'] === KEY)).toBe(true);
    for (const r of api.requests) {
      expect(r.raw).not.toContain('Vault-Only-Pa55');
      expect(r.raw).not.toContain(KEY);
    }
    // The names are there, so the model can use them.
    expect(api.requests[0]!.body.messages[0].content).toContain('DATABASE_URL');
  });

  it('without a TTY and without --yes: prints the draft, writes nothing, exit 0 with a note; prompt and answers only in the workspace database', async () => {
    const api = await standIn([{ answer: greetAnswer() }]);
    const box = await shopSandbox(llmEnv(api.url));
    const before = await snapshot(box.dir);
    const prompt = 'Greet customers by name — unmistakable-prompt-marker';

    const res = await draft(box, [prompt]);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ id: 'wf_greet', name: 'greet_customer' });
    expect(res.stderr).toContain(
      'Not written: stdin is not a terminal, so nothing was asked. Run again with --yes to write workflows/greet_customer.json.',
    );
    expect(await snapshot(box.dir)).toEqual(before);
    const everything = JSON.stringify(await snapshot(box.dir));
    expect(everything).not.toContain('unmistakable-prompt-marker');
    const [row] = draftRows(box);
    expect(row).toMatchObject({ prompt, status: 'valid' });
    expect(JSON.parse(row!.answers)[0].input.workflow.id).toBe('wf_greet');
  });

  it('on a terminal asks "Write workflows/x.json? [y/N]" and writes only on yes', async () => {
    for (const [answer, written] of [
      ['n\n', false],
      ['y\n', true],
    ] as const) {
      const api = await standIn([{ answer: greetAnswer() }]);
      const box = await shopSandbox(llmEnv(api.url));
      let stderr = '';
      const stdin = Object.assign(Readable.from([answer]), { isTTY: true });
      const code = await main(['draft', PROMPT, '--project', box.dir], {
        cwd: box.cwd,
        env: box.env,
        stdin,
        stdout: { write: () => true },
        stderr: { write: (s: string) => (stderr += s) },
        isTTY: true,
      });
      expect(code).toBe(0);
      expect(stderr).toContain('Write workflows/greet_customer.json? [y/N] ');
      const files = Object.keys(await snapshot(box.dir));
      expect(files.includes('workflows/greet_customer.json')).toBe(written);
    }
  });

  it('--workflow changes an existing workflow in place: same id and file, a unified diff', async () => {
    const box0 = await shopSandbox();
    const original = JSON.parse(await readFile(join(box0.dir, 'workflows/extract_data.json'), 'utf8'));
    const changed = structuredClone(original);
    changed.nodes.pick.config.fields.orderCount = '{{ len(input.orders) }}';
    // The model renames it and moves it; what --workflow keeps stays.
    const api = await standIn([
      { answer: { workflow: { ...changed, id: 'wf_other', name: 'renamed' }, notes: 'Adds orderCount.' } },
    ]);
    const box = await shopSandbox(llmEnv(api.url));

    const res = await draft(box, ['Also count the orders', '--workflow', 'extract_data', '--yes']);

    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--- a/workflows/extract_data.json\n+++ b/workflows/extract_data.json\n@@ ');
    expect(res.stdout).toContain('+          "orderCount": "{{ len(input.orders) }}"');
    const written = JSON.parse(await readFile(join(box.dir, 'workflows/extract_data.json'), 'utf8'));
    expect(written).toMatchObject({ id: 'wf_extract', name: 'extract_data' });
    expect(written.nodes.pick.config.fields.orderCount).toBe('{{ len(input.orders) }}');
    expect(Object.keys(await snapshot(box.dir)).filter((f) => f.startsWith('workflows/'))).toHaveLength(3);
    expect(api.requests[0]!.body.messages[0].content).toContain(
      'Change the workflow "extract_data" (keep id wf_extract',
    );
  });
});

describe('catalyst draft against a stand-in OpenAI API', () => {
  it('drafts and repairs with function calling: the problem goes back as a tool message', async () => {
    const api = await standIn([{ answer: brokenGreet() }, { answer: greetAnswer() }]);
    const box = await shopSandbox(llmEnv(api.url, 'openai'));

    const res = await draft(box, [PROMPT, '--yes', '--json']);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      ok: true,
      rounds: 1,
      provider: 'openai',
      model: 'gpt-4.1',
    });
    expect(api.refused).toEqual([]);
    const [first, second] = api.requests;
    expect(first!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first!.body.tool_choice).toEqual({ type: 'function', function: { name: 'submit_workflow' } });
    expect(first!.body.tools[0].function.parameters.required).toEqual(['workflow', 'notes']);
    expect(first!.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    const messages = second!.body.messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(messages[3].tool_call_id).toBe(messages[2].tool_calls[0].id);
    expect(messages[3].content).toMatch(
      /^Error:\n\$\.nodes\.reply\.config\.body\.greeting: .*has no node 'greeting'/,
    );
  });

  it('sends arguments that are not JSON back as a problem', async () => {
    const api = await standIn([
      { rawArguments: '{"workflow": {"id": "wf_greet",' },
      { answer: greetAnswer() },
    ]);
    const box = await shopSandbox(llmEnv(api.url, 'openai'));

    const res = await draft(box, [PROMPT, '--yes', '--json']);

    expect(res.code).toBe(0);
    expect(api.requests[1]!.body.messages[3].content).toContain(
      'the arguments of submit_workflow are not valid JSON',
    );
  });
});
