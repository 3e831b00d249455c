import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../../src/model/project-files.js';
import { buildProject } from '../../fixtures/build-project.js';
import {
  generate,
  type RunningApp,
  removeDir,
  runPython,
  runtimeAssets,
  startApp,
  writeApp,
} from './support.js';

/**
 * Issue 14 item 7: a workflow's route is served straight from the app object
 * (runtime/app.py CatalystApp), not through FastAPI's middleware stack and router, with
 * everything DESIGN §7 asks of it kept: metrics by route, the JSON error guard, request ids,
 * 400/413, and FastAPI's own answers for everything else.
 */

const STEP = 'return {"value": input["value"] * 2, "hops": input.get("hops", 0) + 1}';

function directProject(): Project {
  return buildProject({ name: 'direct' }, [
    {
      id: 'wf_flat',
      name: 'flat',
      visibility: 'public',
      endpoint: { method: 'POST', path: '/api/flat' },
      nodes: [
        { id: 'prepare', type: 'transform', config: { fields: { value: '{{ input.value }}', hops: 0 } } },
        { id: 'one', type: 'code', config: { code: STEP } },
        { id: 'two', type: 'code', config: { code: STEP } },
      ],
      edges: [
        ['prepare', 'one'],
        ['one', 'two'],
      ],
    },
    {
      id: 'wf_look',
      name: 'look',
      visibility: 'public',
      endpoint: { method: 'GET', path: '/api/look' },
      nodes: [{ id: 'echo', type: 'code', config: { code: 'return {"q": input.get("q")}' } }],
    },
    {
      id: 'wf_item',
      name: 'item',
      visibility: 'public',
      endpoint: { method: 'GET', path: '/api/items/{id}' },
      nodes: [{ id: 'echo', type: 'code', config: { code: 'return {"item": input["id"]}' } }],
    },
  ]);
}

describe('the generated app serves workflow routes directly', () => {
  let dir: string;
  let app: RunningApp;

  beforeAll(async () => {
    dir = writeApp(generate(directProject()));
    app = await startApp(dir);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) removeDir(dir);
  });

  it("answers a workflow request without entering FastAPI's middleware stack or router", () => {
    // Every Python function entered during one request, by file: deterministic, not timed.
    writeFileSync(
      join(dir, 'calls.py'),
      [
        'import asyncio, json, sys',
        'from main import app',
        'BODY = b\'{"value": 21}\'',
        'async def one(path, body):',
        '    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",',
        '             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",',
        '             "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),',
        '             "headers": [(b"host", b"t"), (b"content-type", b"application/json"),',
        '                         (b"content-length", str(len(body)).encode())]}',
        '    messages = [{"type": "http.request", "body": body, "more_body": False}]',
        '    sent = []',
        '    async def receive():',
        '        return messages.pop()',
        '    async def send(message):',
        '        sent.append(message)',
        '    await app(scope, receive, send)',
        '    return sent',
        'async def main():',
        '    await one("/api/flat", BODY)',
        '    files = {}',
        '    def profile(frame, event, arg):',
        '        if event == "call":',
        '            name = frame.f_code.co_filename',
        '            files[name] = files.get(name, 0) + 1',
        '    sys.setprofile(profile)',
        '    sent = await one("/api/flat", BODY)',
        '    sys.setprofile(None)',
        '    framework = sorted({f.split("/dist-packages/")[-1] for f in files',
        '                        if "/fastapi/" in f or "starlette/routing" in f or "starlette/middleware" in f',
        '                        or "starlette/applications" in f})',
        '    print(json.dumps({"status": sent[0]["status"], "body": sent[1]["body"].decode(),',
        '                      "calls": sum(files.values()) - 3, "framework": framework}))',
        'asyncio.run(main())',
      ].join('\n'),
    );
    const result = runPython(['calls.py'], dir, { PYTHONDONTWRITEBYTECODE: '1' });
    expect(result.stderr).toBe('');
    const got = JSON.parse(result.stdout.trim()) as {
      status: number;
      body: string;
      calls: number;
      framework: string[];
    };
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toEqual({ value: 84, hops: 2 });
    expect(got.framework).toEqual([]);
    // Python functions entered, the driver's own (one, receive, send ×2) left out: through
    // FastAPI this request took over 50; directly it takes about 30.
    expect(got.calls).toBeLessThanOrEqual(40);
  });

  it('keeps request ids, metrics by route, the 400 JSON answer and FastAPI for the rest', async () => {
    const ok = await fetch(`${app.url}/api/flat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'given-id.1' },
      body: '{"value": 21}',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('given-id.1');
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ value: 84, hops: 2 });

    const fresh = await fetch(`${app.url}/api/flat`, { method: 'POST', body: '{"value": 1}' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);

    const bad = await fetch(`${app.url}/api/flat`, { method: 'POST', body: '{"value": ' });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: string };
    expect(badBody.error).toMatch(/^Request body is not valid JSON: Expecting value: line 1 column 11/);

    // GET workflows take the query; HEAD answers like GET (Starlette adds HEAD to a GET route).
    const look = await fetch(`${app.url}/api/look?q=x`);
    expect(await look.json()).toEqual({ q: 'x' });
    expect((await fetch(`${app.url}/api/look?q=x`, { method: 'HEAD' })).status).toBe(200);
    // A path with a parameter goes through the router, as before.
    expect(await (await fetch(`${app.url}/api/items/42`)).json()).toEqual({ item: '42' });
    // FastAPI still answers what is not a workflow route: wrong method, unknown path.
    expect((await fetch(`${app.url}/api/flat`)).status).toBe(405);
    expect((await fetch(`${app.url}/api/nowhere`, { method: 'POST' })).status).toBe(404);

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('catalyst_http_requests_total{method="POST",route="/api/flat",status="200"} 2');
    expect(metrics).toContain('catalyst_http_requests_total{method="POST",route="/api/flat",status="400"} 1');
    expect(metrics).toContain('catalyst_http_requests_total{method="HEAD",route="/api/look",status="200"} 1');
    expect(metrics).toContain(
      'catalyst_http_requests_total{method="GET",route="/api/items/{id}",status="200"} 1',
    );
    expect(metrics).toContain(
      'catalyst_http_request_duration_seconds_count{method="POST",route="/api/flat"} 3',
    );
    expect(metrics).toContain('catalyst_workflow_runs_total{workflow="flat"} 2');
    const health = (await (await fetch(`${app.url}/health`)).json()) as { requests: { total: number } };
    // Every client request above (not the /metrics probe): 3 + 2 + 1 + 1 + 1 = 8.
    expect(health.requests.total).toBe(8);
  });
});

describe('CatalystApp', () => {
  let runtimeDir: string;

  beforeAll(() => {
    runtimeDir = writeApp(runtimeAssets().map((asset) => ({ ...asset, kind: 'python' as const })));
  });

  afterAll(() => {
    if (runtimeDir) removeDir(runtimeDir);
  });

  function python(script: string): string[] {
    writeFileSync(join(runtimeDir, 'check.py'), script);
    const result = runPython(['check.py'], runtimeDir);
    expect(result.stderr).toBe('');
    return result.stdout.trim().split('\n');
  }

  const setup = [
    'import asyncio, json, logging, httpx',
    'from starlette.responses import PlainTextResponse',
    'from runtime import RequestMetricsMiddleware, json_response',
    'from runtime.app import CatalystApp',
    'from runtime.cors import CorsMiddleware',
    'from runtime.metrics import render',
    'logging.getLogger("catalyst").addHandler(logging.NullHandler())',
    'logging.getLogger("catalyst").propagate = False',
    'app = CatalystApp(openapi_url=None, docs_url=None, redoc_url=None)',
    'app.add_middleware(RequestMetricsMiddleware)',
    'app.add_middleware(CorsMiddleware, allow_origins=["https://a.example"], allow_methods=["POST"],',
    '                   allow_headers=[], allow_credentials=False, max_age=60)',
    'async def by_id(request):',
    '    return json_response({"route": "by_id", "id": request.path_params["id"]})',
    'async def special(request):',
    '    return json_response({"route": "special"})',
    'async def boom(request):',
    '    raise RuntimeError("kaput at https://u:p@h/x?k=1")',
    'async def text(request):',
    '    return PlainTextResponse("plain", headers={"x-own": "1"})',
    'app.add_route("/items/{id}", by_id, methods=["GET"])',
    'app.add_route("/items/special", special, methods=["GET"])',
    'app.add_route("/special", special, methods=["GET"])',
    'app.add_route("/boom", boom, methods=["POST"])',
    'app.add_route("/text", text, methods=["POST"])',
    'async def main():',
    '    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)',
    '    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:',
  ];

  it('routes exactly as the router would: an earlier route with a parameter keeps its path', () => {
    const out = python(
      [
        ...setup,
        '        for path in ["/items/special", "/special", "/items/7"]:',
        '            response = await client.get(path)',
        '            print(response.status_code, response.text)',
        '    print(sorted(app._direct))',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(out).toEqual([
      '200 {"route":"by_id","id":"special"}',
      '200 {"route":"special"}',
      '200 {"route":"by_id","id":"7"}',
      // Served directly: only the routes no earlier route can take, without parameters.
      "['/boom', '/special', '/text']",
    ]);
  });

  it('keeps the JSON error guard, CORS around it and the metrics for a direct route', () => {
    const out = python(
      [
        ...setup,
        '        boom = await client.post("/boom", headers={"origin": "https://a.example"})',
        '        print(boom.status_code, boom.headers["content-type"], boom.headers.get("access-control-allow-origin"))',
        '        print(boom.text)',
        '        text = await client.post("/text")',
        '        print(text.status_code, text.headers["content-type"], text.headers["x-own"], text.text)',
        '    print("\\n".join(line for line in render().splitlines() if line.startswith("catalyst_http_requests_total{")))',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(out[0]).toBe('500 application/json https://a.example');
    expect(JSON.parse(out[1]!)).toEqual({
      error: 'RuntimeError: kaput at https://h/x',
      workflow: null,
      node: null,
      requestId: null,
    });
    expect(out[2]).toBe('200 text/plain; charset=utf-8 1 plain');
    expect(out.slice(3)).toEqual([
      'catalyst_http_requests_total{method="POST",route="/boom",status="500"} 1',
      'catalyst_http_requests_total{method="POST",route="/text",status="200"} 1',
    ]);
  });

  it('is still the FastAPI app: its routes, its middleware list, its 404s and routes added late', () => {
    const out = python(
      [
        ...setup,
        '        missing = await client.get("/nowhere")',
        '        print(missing.status_code, missing.json())',
        '        app.add_route("/late", special, methods=["GET"])',
        '        late = await client.get("/late")',
        '        print(late.status_code, late.text, "/late" in app._direct)',
        '    from fastapi import FastAPI',
        '    print(isinstance(app, FastAPI), len(app.user_middleware), [r.path for r in app.routes][-2:])',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(out).toEqual([
      "404 {'detail': 'Not Found'}",
      // A route added after the first request is found (and served directly) too.
      '200 {"route":"special"} True',
      "True 2 ['/text', '/late']",
    ]);
  });

  it("lists an included router's routes in app.routes, serves them directly and labels their metrics by route, on every FastAPI version", () => {
    // FastAPI 0.92 copies an included router's routes into the app's; 0.141 and later keep the
    // router as one entry (no path, no methods), which left the generated smoke tests without
    // the route and labelled the metrics "(unmatched)" (run with CATALYST_PYTHON, see README).
    const out = python(
      [
        ...setup.slice(0, -3),
        'from fastapi import APIRouter',
        'async def run(request):',
        '    return json_response({"route": "run"})',
        'async def thing(request):',
        '    return json_response({"route": "thing", "id": request.path_params["id"]})',
        'workflow = APIRouter()',
        'workflow.add_route("/api/run", run, methods=["POST"])',
        'workflow.add_route("/api/things/{id}", thing, methods=["GET"])',
        'app.include_router(workflow)',
        'async def under(request):',
        '    return json_response({"route": "under"})',
        'prefixed = APIRouter()',
        'prefixed.add_route("/x", under, methods=["GET"])',
        'app.include_router(prefixed, prefix="/p")',
        '# Not plain routes: left to FastAPI, which answers them as before.',
        'api = APIRouter()',
        '@api.get("/api/typed")',
        'async def typed() -> dict:',
        '    return {"route": "typed"}',
        'app.include_router(api)',
        'PLAIN = ("/api/run", "/api/things/{id}", "/p/x")',
        'print(sorted((r.path, sorted(r.methods)) for r in app.routes if getattr(r, "path", None) in PLAIN))',
        ...setup.slice(-3),
        '        for method, path in [("POST", "/api/run"), ("GET", "/api/things/7"), ("GET", "/p/x"), ("GET", "/api/typed")]:',
        '            response = await client.request(method, path)',
        '            print(response.status_code, response.text)',
        '    print(sorted(app._direct))',
        '    print("\\n".join(line for line in render().splitlines()',
        '                    if line.startswith("catalyst_http_requests_total{") and any(f\'"{p}"\' in line for p in PLAIN)))',
        'asyncio.run(main())',
      ].join('\n'),
    );
    expect(out).toEqual([
      "[('/api/run', ['POST']), ('/api/things/{id}', ['GET', 'HEAD']), ('/p/x', ['GET', 'HEAD'])]",
      '200 {"route":"run"}',
      '200 {"route":"thing","id":"7"}',
      '200 {"route":"under"}',
      '200 {"route":"typed"}',
      "['/api/run', '/boom', '/p/x', '/special', '/text']",
      'catalyst_http_requests_total{method="GET",route="/api/things/{id}",status="200"} 1',
      'catalyst_http_requests_total{method="GET",route="/p/x",status="200"} 1',
      'catalyst_http_requests_total{method="POST",route="/api/run",status="200"} 1',
    ]);
  });

  it('reads request bodies exactly as json.loads and writes answers exactly as JSONEncoder did', () => {
    const out = python(
      [
        'import json, datetime, decimal, uuid',
        'from runtime.endpoint import parse_json',
        'from runtime.expressions import _ENCODERS, _plain, to_json',
        'def outcome(read, raw):',
        '    try:',
        '        return ("ok", read(raw))',
        '    except Exception as error:',
        '        return (type(error).__name__, str(error))',
        'bodies = [b\'{"a": 1}\', b\'[1, 2.5, "x"]\', b\'{"a": 1} \', b\'{"a": 1}{\', b"{", b"[", b\'{"a":\',',
        '          "\ufeff{}".encode("utf-8"), \'{"a": "\u00e9"}\'.encode("utf-16"), \'{"a": 1}\'.encode("utf-16-le"),',
        '          \'{"a": 1}\'.encode("utf-32-be"), b\'{"a": "\\xff"}\', b\'{"a": "\\ud800"}\', b\'{"a": NaN}\',',
        '          b"[" * 100000 + b"]" * 100000, b\'{"a": 1, "a": 2}\', \'{"é": "€"}\'.encode("utf-8")]',
        'same = [outcome(parse_json, raw) == outcome(json.loads, raw) for raw in bodies]',
        'print(all(same), same.index(False) if not all(same) else -1)',
        'def before(value, ascii_only=False):',
        '    encode = _ENCODERS[ascii_only].encode',
        '    try:',
        '        text = encode(value)',
        '    except (TypeError, ValueError):',
        '        text = None',
        '    if text is None or ".0" in text or \'"true":\' in text or \'"false":\' in text or \'"null":\' in text:',
        '        text = encode(_plain(value))',
        '    return text',
        'values = [{"a": 1}, [1, 2.0, 2.5, float("nan"), float("inf")], "t\u00e9xt \\ud800", {1: "x", True: None, None: 2},',
        '          {"when": datetime.date(2026, 1, 5), "n": decimal.Decimal("1.50"), "id": uuid.UUID(int=7)},',
        '          {"s": {3}, "b": b"\\xff", "t": (1, 2)}, None, True, 12345678901234567890, {"deep": [[[{}]]]}]',
        'same = [to_json(v, a) == before(v, a) for v in values for a in (False, True)]',
        'print(all(same), same.index(False) if not all(same) else -1)',
        'cycle = []',
        'cycle.append(cycle)',
        'print(outcome(to_json, cycle)[0])',
      ].join('\n'),
    );
    expect(out).toEqual(['True -1', 'True -1', 'RecursionError']);
  });
});
