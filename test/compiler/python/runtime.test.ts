import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allNodesProject } from '../../fixtures/all-nodes-project.js';
import { generate, removeDir, runPython, runtimeAssets, writeApp } from './support.js';

let runtimeDir: string;

beforeAll(() => {
  runtimeDir = writeApp(runtimeAssets().map((asset) => ({ ...asset, kind: 'python' as const })));
});

afterAll(() => {
  if (runtimeDir) removeDir(runtimeDir);
});

/** Runs a Python script next to the runtime package and returns its stdout lines. */
function python(script: string, env: Record<string, string> = {}): string[] {
  writeFileSync(join(runtimeDir, 'check.py'), script);
  const result = runPython(['check.py'], runtimeDir, env);
  expect(result.stderr).toBe('');
  return result.stdout.trim().split('\n');
}

describe('the runtime package', () => {
  it('caps the call depth at 32', () => {
    const out = python(
      [
        'from runtime import ExecutionContext, NodeFailure',
        'context = ExecutionContext("w", "w", {})',
        'for _ in range(32):',
        '    context = context.child("w", "deep", {})',
        'print(context.depth)',
        'try:',
        '    context.child("w", "deeper", {})',
        'except NodeFailure as error:',
        '    print(error)',
      ].join('\n'),
    );
    expect(out).toEqual(['32', 'Workflow call depth exceeded 32 (calling deeper)']);
  });

  it('lets one trial call through a breaker after its open time; failure reopens, success closes', () => {
    const out = python(
      [
        'import time',
        'from runtime.resilience import CircuitBreaker, CircuitOpen',
        'breaker = CircuitBreaker(threshold=2, open_seconds=0.05)',
        'def state():',
        '    try:',
        '        breaker.check()',
        '        return "closed"',
        '    except CircuitOpen:',
        '        return "open"',
        'breaker.failed(); print(state())',
        'breaker.failed(); print(state())',
        'time.sleep(0.06); print(state())',
        'breaker.failed(); print(state())',
        'time.sleep(0.06); print(state())',
        'breaker.succeeded(); breaker.failed(); print(state())',
      ].join('\n'),
    );
    expect(out).toEqual(['closed', 'open', 'closed', 'open', 'closed', 'closed']);
  });

  it('reads env vars with project defaults that the environment overrides; secrets only from the environment', () => {
    const script = [
      'from runtime import configure, env, secret',
      'configure({"A": "default", "B": "b"})',
      'print(env("A"), env("B"), env("C"), secret("S"), secret("B"))',
    ].join('\n');
    expect(python(script)).toEqual(['default b None None None']);
    expect(python(script, { A: 'from-env', S: 'shh' })).toEqual(['from-env b None shh None']);
  });

  it('writes template text like JSON.stringify', () => {
    const out = python(
      [
        'from runtime import rt_text',
        'for value in [None, True, 1, 1.0, 2.5, 1e-7, 1e-5, 1e21, 123456789012345680000.0, -0.0, "s", [1, None, "x"], {"a": {"b": 1.0}}]:',
        '    print("<" + rt_text(value) + ">")',
      ].join('\n'),
    );
    const expected = [
      null,
      true,
      1,
      1.0,
      2.5,
      1e-7,
      1e-5,
      1e21,
      123456789012345680000,
      -0,
      's',
      [1, null, 'x'],
      { a: { b: 1 } },
    ];
    // What a JavaScript template engine would print for the same values.
    const js = expected.map((v) =>
      v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v),
    );
    expect(out).toEqual(js.map((text) => `<${text}>`));
  });

  it('writes JSON the same whether or not the value needs rewriting (whole floats, non-text keys)', () => {
    const out = python(
      [
        'from runtime import to_json',
        'values = [{"a": [1, 2.5, "v1.0"]}, {"n": {"m": 3.0}}, {True: 1, None: 2}, {(1, 2): "t"}, [-0.0, 2.0**53], {"é": "ü"}]',
        'for value in values:',
        '    print(to_json(value))',
        'print(to_json({"é": 1}, ascii_only=True))',
      ].join('\n'),
    );
    expect(out).toEqual([
      '{"a":[1,2.5,"v1.0"]}',
      '{"n":{"m":3}}',
      '{"True":1,"None":2}',
      '{"(1, 2)":"t"}',
      '[0,9007199254740992.0]',
      '{"é":"ü"}',
      '{"\\u00e9":1}',
    ]);
  });

  it('gives every context a new 32-hex request id unless one is passed', () => {
    const out = python(
      [
        'from runtime import ExecutionContext',
        'ids = {ExecutionContext("w", "w", {}).request_id for _ in range(10000)}',
        'print(len(ids), all(len(i) == 32 and int(i, 16) >= 0 for i in ids))',
        'print(ExecutionContext("w", "w", {}, request_id="given").request_id)',
      ].join('\n'),
    );
    expect(out).toEqual(['10000 True', 'given']);
  });

  it('awaits a local call like a plain await, and times it out from its start only if it waits', () => {
    const out = python(
      [
        'import asyncio, time',
        'from runtime.lazy_timeout import await_with_timeout',
        'async def quick():',
        '    return "quick"',
        'async def slow(seconds, fail=False):',
        '    await asyncio.sleep(seconds)',
        '    if fail:',
        '        raise ValueError("late failure")',
        '    return seconds',
        'async def main():',
        '    print(await await_with_timeout(quick(), 0))',
        '    print(await await_with_timeout(slow(0.01), 5))',
        '    started = time.monotonic()',
        '    try:',
        '        await await_with_timeout(slow(5), 0.2)',
        '    except asyncio.TimeoutError:',
        '        print("timed out", round(time.monotonic() - started, 1))',
        '    try:',
        '        await await_with_timeout(slow(0.01, fail=True), 5)',
        '    except ValueError as error:',
        '        print(error)',
        '    task = asyncio.ensure_future(await_with_timeout(slow(5), 10))',
        '    await asyncio.sleep(0.05)',
        '    task.cancel()',
        '    try:',
        '        await task',
        '    except asyncio.CancelledError:',
        '        print("cancelled")',
        '    started = time.monotonic()',
        '    both = await asyncio.gather(await_with_timeout(slow(0.3), 5), await_with_timeout(slow(0.3), 5))',
        '    print(both, time.monotonic() - started < 0.55)',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(out).toEqual(['quick', '0.01', 'timed out 0.2', 'late failure', 'cancelled', '[0.3, 0.3] True']);
  });
});

describe('resilience of external calls (send_resilient)', () => {
  it('retries connection failures with backoff, then fails naming the host; Retry-After is read and capped', () => {
    const out = python(
      [
        'import asyncio, httpx',
        'from runtime import resilience',
        'from runtime.errors import NodeFailure',
        'resilience.BACKOFF_BASE = 0.001',
        'calls = []',
        'async def flaky():',
        '    calls.append(1)',
        '    if len(calls) <= 2:',
        '        raise httpx.ConnectError("refused")',
        '    return httpx.Response(200)',
        'async def refused():',
        '    calls.append(1)',
        '    raise httpx.ConnectError("refused")',
        'async def main():',
        '    response = await resilience.send_resilient("X", "http://h:1/p", flaky, 2)',
        '    print(response.status_code, len(calls))',
        '    calls.clear()',
        '    try:',
        '        await resilience.send_resilient("X", "http://u:pw@h:2/p?key=1", refused, 3)',
        '    except NodeFailure as error:',
        '        print(error, len(calls))',
        'asyncio.run(main())',
        'def after(value):',
        '    return resilience.retry_after_seconds(httpx.Response(429, headers={"retry-after": value}))',
        'print(after("7"), after("3600"), after("Wed, 21 Oct 2015 07:28:00 GMT"), after("soon"))',
        'print(sorted(resilience.LLM_RETRY_STATUSES), sorted(resilience.RETRY_STATUSES))',
      ].join('\n'),
    );
    expect(out).toEqual([
      '200 3',
      'X failed: cannot connect to http://h:2 (refused) 4',
      '7.0 30.0 0.0 None',
      '[429, 502, 503, 504, 529] [429, 502, 503, 504]',
    ]);
  });
});

describe('redaction and the last error guard', () => {
  it('replaces every form of a secret value and strips URL userinfo and query, in messages and log records', () => {
    const out = python(
      [
        'import logging, sys',
        'from runtime import protect_secrets, redact',
        'from runtime.redact import RedactSecrets',
        'protect_secrets(["TOKEN", "SHORT", "UNSET"])',
        'print(redact("a tok/en+1 b tok%2Fen%2B1 c tok/en%2B1"))',
        'print(redact("x=7 and https://me:pw@host.example:8443/p/a?sig=1#frag and ftp://h/q?x"))',
        'handler = logging.StreamHandler(sys.stdout)',
        'handler.addFilter(RedactSecrets())',
        'log = logging.getLogger("check")',
        'log.addHandler(handler)',
        'log.propagate = False',
        'log.error("calling %s with %s", "https://api.example/x?key=tok/en+1", "tok/en+1")',
        'try:',
        '    raise ValueError("bad tok/en+1")',
        'except ValueError:',
        '    log.exception("failed")',
      ].join('\n'),
      { TOKEN: 'tok/en+1', SHORT: '7' },
    );
    expect(out.slice(0, 3)).toEqual([
      'a [secret TOKEN] b [secret TOKEN] c [secret TOKEN]',
      // Short values are redacted too: a one-character secret makes a message odd, not a leak.
      'x=[secret SHORT] and https://host.example:8443/p/a and ftp://h/q',
      'calling https://api.example/x with [secret TOKEN]',
    ]);
    expect(out).toContain('failed');
    expect(out).toContain('ValueError: bad [secret TOKEN]');
    expect(out.join('\n')).not.toContain('tok/en');
  });

  it('answers an exception that escapes every handler with the JSON error shape, not plain text', () => {
    const out = python(
      [
        'import asyncio, logging, httpx',
        'from fastapi import FastAPI',
        'from runtime import RequestMetricsMiddleware',
        'logging.getLogger("catalyst").addHandler(logging.NullHandler())',
        'logging.getLogger("catalyst").propagate = False',
        'app = FastAPI()',
        'app.add_middleware(RequestMetricsMiddleware)',
        '@app.get("/boom")',
        'async def boom():',
        '    raise RuntimeError("kaput at https://u:p@h/x?k=1")',
        'async def main():',
        '    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)',
        '    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:',
        '        response = await client.get("/boom")',
        '        print(response.status_code, response.headers["content-type"])',
        '        print(response.text)',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(out[0]).toBe('500 application/json');
    expect(JSON.parse(out[1]!)).toEqual({
      error: 'RuntimeError: kaput at https://h/x',
      workflow: null,
      node: null,
      requestId: null,
    });
  });
});

describe('app startup', () => {
  it('refuses to start without the secrets its workflows use, naming all of them at once', () => {
    const dir = writeApp(generate(allNodesProject()));
    try {
      const env = Object.fromEntries(
        [
          'ANTHROPIC_KEY',
          'OPENAI_KEY',
          'GROQ_KEY',
          'QDRANT_URL',
          'QDRANT_KEY',
          'DATABASE_URL',
          'API_TOKEN',
        ].map((n) => [n, '']),
      );
      const result = runPython(['-c', 'import main'], dir, { ...env, OPENAI_KEY: 'set' });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        'Missing secrets: ANTHROPIC_KEY, API_TOKEN, DATABASE_URL, GROQ_KEY, QDRANT_KEY, QDRANT_URL. ' +
          'Set them as environment variables before starting the app.',
      );
    } finally {
      removeDir(dir);
    }
  });
});
