import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allNodesProject } from '../../fixtures/all-nodes-project.js';
import { type StandIn, sendJson, startStandIn } from './stand-in-server.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

// asyncpg is not installed here: a stand-in module records the calls the generated code makes.
const FAKE_ASYNCPG = `
import json, os

class Pool:
    def __init__(self, dsn, **options):
        self.dsn = dsn
        self.options = options

    async def fetch(self, query, *args, timeout=None):
        with open(os.environ["FAKE_ASYNCPG_LOG"], "a") as log:
            # The connection init hook (JSON codecs) is a function: only the plain options are logged.
            options = {name: value for name, value in self.options.items() if not callable(value)}
            call = {"dsn": self.dsn, "options": options, "query": query, "args": list(args), "timeout": timeout}
            log.write(json.dumps(call) + "\\n")
        return [{"id": args[0], "name": "Ada"}, {"id": args[0], "name": "Grace"}]

    async def close(self):
        pass

async def create_pool(dsn, **options):
    return Pool(dsn, **options)
`;

let app: RunningApp;
let standIn: StandIn;
let fakeDir: string;

beforeAll(async () => {
  standIn = await startStandIn({
    '/v1/messages': (_req, res) =>
      sendJson(res, 200, {
        content: [
          { type: 'text', text: 'Short ' },
          { type: 'text', text: 'summary.' },
        ],
        model: 'claude-test-0401',
        usage: { input_tokens: 12, output_tokens: 3 },
      }),
    '/v1/chat/completions': (_req, res) =>
      sendJson(res, 200, {
        model: 'gpt-test-0401',
        choices: [{ message: { role: 'assistant', content: 'GPT says hi' } }],
        usage: { prompt_tokens: 5, completion_tokens: 4 },
      }),
    '/groq/openai/v1/chat/completions': (_req, res) =>
      sendJson(res, 200, {
        model: 'llama-test',
        choices: [{ message: { content: 'Llama' } }],
        usage: { prompt_tokens: 6, completion_tokens: 1 },
      }),
    '/qdrant/collections/docs%20%26%20notes/points/search': (_req, res) =>
      sendJson(res, 200, {
        result: [
          { id: 11, version: 2, score: 0.93, payload: { title: 'First' } },
          { id: 'b-2', version: 5, score: 0.5, payload: null },
        ],
        status: 'ok',
        time: 0.001,
      }),
    '/api/items/7': (_req, res) => {
      res.writeHead(209, { 'content-type': 'application/json', 'x-served-by': 'stand-in' });
      res.end('{"ok":true}');
    },
    '/api/items/text': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain words');
    },
  });
  fakeDir = mkdtempSync(join(tmpdir(), 'catalyst-fake-asyncpg-'));
  mkdirSync(join(fakeDir, 'asyncpg'));
  writeFileSync(join(fakeDir, 'asyncpg', '__init__.py'), FAKE_ASYNCPG);
  app = await startApp(writeApp(generate(allNodesProject())), {
    ANTHROPIC_KEY: 'sk-ant',
    OPENAI_KEY: 'sk-oai',
    GROQ_KEY: 'gsk',
    QDRANT_URL: `${standIn.url}/qdrant/`,
    QDRANT_KEY: 'qd-key',
    DATABASE_URL: 'postgresql://u:p@db.example/app',
    API_TOKEN: 'tok-1',
    API_BASE: `${standIn.url}/api`,
    ANTHROPIC_BASE_URL: standIn.url,
    OPENAI_BASE_URL: `${standIn.url}/v1`,
    GROQ_BASE_URL: `${standIn.url}/groq`,
    PYTHONPATH: fakeDir,
    FAKE_ASYNCPG_LOG: join(fakeDir, 'calls.jsonl'),
  });
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
  await standIn?.close();
  if (fakeDir) removeDir(fakeDir);
});

function sent(path: string) {
  const request = standIn.requests.find((r) => r.path === path);
  if (request === undefined) throw new Error(`the stand-in never got ${path}`);
  return { ...request, json: JSON.parse(request.body) };
}

describe('every node type generates working Python', () => {
  it('llm: calls each provider REST API and outputs {text, model, usage}', async () => {
    const res = await postJson(`${app.url}/api/ask`, { text: 'Long text', persona: 'an editor' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      claude: 'Short summary.',
      gpt: { text: 'GPT says hi', model: 'gpt-test-0401', usage: { input_tokens: 5, output_tokens: 4 } },
      llamaUsage: { input_tokens: 6, output_tokens: 1 },
      models: ['claude-test-0401', 'gpt-test-0401', 'llama-test'],
    });
    const anthropic = sent('/v1/messages');
    expect(anthropic.method).toBe('POST');
    expect(anthropic.headers['x-api-key']).toBe('sk-ant');
    expect(anthropic.headers['anthropic-version']).toBe('2023-06-01');
    expect(anthropic.json).toEqual({
      model: 'claude-test',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Summarise: Long text' }],
      system: 'You are an editor.',
    });
    const openai = sent('/v1/chat/completions');
    expect(openai.headers.authorization).toBe('Bearer sk-oai');
    expect(openai.json).toEqual({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Long text' }],
      max_completion_tokens: 1024,
    });
    const groq = sent('/groq/openai/v1/chat/completions');
    expect(groq.headers.authorization).toBe('Bearer gsk');
    expect(groq.json).toEqual({
      model: 'llama-test',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Q: Long text' },
      ],
      max_tokens: 7,
    });
  });

  it('vectorSearch: posts to Qdrant points/search and outputs the matches', async () => {
    const res = await postJson(`${app.url}/api/search`, { vector: [0.1, 0.2, 0.3] });
    expect(await res.json()).toEqual({
      matches: [
        { id: 11, score: 0.93, payload: { title: 'First' } },
        { id: 'b-2', score: 0.5, payload: null },
      ],
    });
    const search = sent('/qdrant/collections/docs%20%26%20notes/points/search');
    expect(search.method).toBe('POST');
    expect(search.headers['api-key']).toBe('qd-key');
    expect(search.json).toEqual({ vector: [0.1, 0.2, 0.3], limit: 3, with_payload: true });
  });

  it('vectorSearch: a vector that is not a list fails the node with a clear message', async () => {
    const res = await postJson(`${app.url}/api/search`, { vector: 'nope' });
    expect(await res.json()).toMatchObject({
      error: 'The vector is not a JSON list of numbers',
      workflow: 'search',
      node: 'near',
    });
  });

  it('httpRequest: sends method, templated URL, headers and JSON body; outputs {status, headers, body}', async () => {
    const res = await postJson(`${app.url}/api/fetch`, { id: 7, name: 'Widget', tag: 'new', count: 2 });
    const out = await res.json();
    expect(out.status).toBe(209);
    expect(out.headers['x-served-by']).toBe('stand-in');
    expect(out.body).toEqual({ ok: true });
    const call = sent('/api/items/7');
    expect(call.method).toBe('PATCH');
    expect(call.headers.authorization).toBe('Bearer tok-1');
    expect(call.headers['x-count']).toBe('2');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.json).toEqual({ name: 'Widget', tags: ['fixed', 'new'], count: 2 });
  });

  it('httpRequest: a non-JSON answer is text', async () => {
    const res = await postJson(`${app.url}/api/fetch`, { id: 'text' });
    expect((await res.json()).body).toBe('plain words');
  });

  it('postgresQuery: runs the query with $n parameters on a pool for the DSN secret; rows as objects', async () => {
    const res = await postJson(`${app.url}/api/query`, { id: 5 });
    expect(await res.json()).toEqual([
      { id: 5, name: 'Ada' },
      { id: 5, name: 'Grace' },
    ]);
    const calls = readFileSync(join(fakeDir, 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(calls).toEqual([
      {
        dsn: 'postgresql://u:p@db.example/app',
        options: { min_size: 1, max_size: 10, timeout: 10 },
        query: 'SELECT id, name FROM users WHERE id = $1 AND team = $2',
        args: [5, 'core'],
        timeout: 30,
      },
    ]);
  });

  it('code, condition, local call and response work together; shared functions are importable', async () => {
    const res = await postJson(`${app.url}/api/mixed`, { items: [1, 2, 3], word: 'hey' });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-words')).toBe('3');
    expect(await res.json()).toEqual({
      helper: { result: { echoed: 'HEY!' }, workflow: 'helper', call_type: 'local' },
    });
  });

  it('the false branch of the condition skips the call and the response: the result is the last node that ran', async () => {
    const res = await postJson(`${app.url}/api/mixed`, { items: [1], word: 'x' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 1, word: 'X!' });
  });
});
