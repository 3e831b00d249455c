import { effectiveCors } from '../../model/cors.js';
import { effectiveEndpoint } from '../../model/endpoint.js';
import { OPENAPI_FILE } from '../openapi.js';
import type { GeneratedFile, TargetPlan } from '../types.js';
import { Emitter } from './emitter.js';
import { pyLiteral, pyString } from './escape.js';
import { Imports } from './imports.js';

/**
 * `main.py` (DESIGN §7): the FastAPI app, its lifespan (the shared pools), request metrics
 * and, when the target sets it, CORS as plain ASGI middleware, the public workflows'
 * routers, `/health`, `/metrics`, `/openapi.json` (the written openapi.json), `/docs` and `/`.
 */
export function renderMainModule(plan: TargetPlan): GeneratedFile {
  const imports = new Imports();
  const out = new Emitter();
  const publicWorkflows = plan.workflows.filter((w) => w.workflow.visibility === 'public');
  const manifest = plan.project.manifest;

  imports.from('contextlib', 'asynccontextmanager');
  imports.module('os');
  imports.module('os');
  imports.from('collections.abc', 'AsyncIterator');
  imports.from('fastapi', 'FastAPI');
  imports.from('fastapi.openapi.docs', 'get_swagger_ui_html');
  imports.from('pathlib', 'Path');
  imports.from('starlette.responses', 'Response');
  for (const name of [
    'RequestMetricsMiddleware',
    'check_secrets',
    'close_pools',
    'configure',
    'json_response',
    'open_pools',
    'protect_secrets',
    'setup_logging',
  ]) {
    imports.runtime(name);
  }
  imports.from('runtime.app', 'CatalystApp');
  imports.from('runtime.metrics', 'render');
  imports.from('runtime.metrics', 'totals');
  imports.from('runtime.metrics', 'uptime');
  const cors = plan.target.cors && effectiveCors(plan.target.cors);
  if (cors) imports.from('runtime.cors', 'CorsMiddleware');
  const routers = publicWorkflows.map((w) => {
    const alias = `${w.moduleName}_router`;
    return { alias, line: `from workflows.${w.moduleName} import router as ${alias}` };
  });

  out.blank(2);
  out.line(`PROJECT = ${pyString(manifest.name)}`);
  out.line(`VERSION = ${pyString(manifest.version)}`);
  out.line(`TARGET = ${pyString(plan.target.id)}`);
  out.line(`COMMIT: str | None = ${plan.commit === undefined ? 'None' : pyString(plan.commit)}`);
  out.line("# Defaults of the project's env vars; the environment overrides each one.");
  emitMapping(out, 'ENV_DEFAULTS: dict[str, str] = ', plan.envVars);
  out.line('# Secrets the workflows of this target use; only ever read from the environment.');
  out.line(`SECRETS: list[str] = [${plan.secrets.map(pyString).join(', ')}]`);
  out.line('PUBLIC_WORKFLOWS: list[dict[str, str]] = [');
  out.indent(() => {
    for (const w of publicWorkflows) {
      const { method, path } = effectiveEndpoint(w.workflow);
      const entry = { name: w.workflow.name, method, path, description: w.workflow.description ?? '' };
      out.line(`${pyLiteral(entry)},`);
    }
  });
  out.line(']');
  out.blank();
  out.line('configure(ENV_DEFAULTS)');
  out.line('setup_logging()');
  out.line('check_secrets(SECRETS)');
  out.line('# Their values are replaced by [secret NAME] in every error message and log line.');
  out.line('protect_secrets(SECRETS)');
  out.blank(2);
  out.line('@asynccontextmanager');
  out.block('async def lifespan(app: FastAPI) -> AsyncIterator[None]:', () => {
    out.line('await open_pools()');
    out.block('try:', () => out.line('yield'));
    out.block('finally:', () => out.line('await close_pools()'));
  });
  out.blank(2);
  out.line("# FastAPI's own OpenAPI and docs routes are off: /openapi.json serves the generated document.");
  out.line('# CatalystApp is FastAPI with a direct path to the workflow routes (see runtime/app.py).');
  out.line(
    'app = CatalystApp(title=PROJECT, version=VERSION, openapi_url=None, docs_url=None, redoc_url=None)',
  );
  out.line('# FastAPI 0.92 ignores FastAPI(lifespan=...); the router attribute works on every version.');
  out.line('app.router.lifespan_context = lifespan');
  out.line('# Plain ASGI: BaseHTTPMiddleware would cost more than half the throughput.');
  out.line('app.add_middleware(RequestMetricsMiddleware)');
  if (cors) {
    out.line('# Added last, so outermost: every answer, errors too, carries the CORS headers.');
    out.line('app.add_middleware(');
    out.indent(() => {
      out.line('CorsMiddleware,');
      out.line(`allow_origins=${pyLiteral(cors.allowOrigins)},`);
      out.line(`allow_methods=${pyLiteral(cors.allowMethods)},`);
      out.line(`allow_headers=${pyLiteral(cors.allowHeaders)},`);
      out.line(`allow_credentials=${pyLiteral(cors.allowCredentials)},`);
      out.line(`max_age=${pyLiteral(cors.maxAge)},`);
    });
    out.line(')');
  }
  for (const router of routers) out.line(`app.include_router(${router.alias})`);
  out.blank(2);
  out.line('# HEAD is listed explicitly: a plain GET route answers HEAD with 405 on FastAPI 0.92.');
  out.line('@app.api_route("/health", methods=["GET", "HEAD"])');
  out.block('async def health() -> Response:', () => {
    out.line('body = {');
    out.indent(() => {
      out.line('"status": "healthy",');
      out.line('"project": PROJECT,');
      out.line('"version": VERSION,');
      out.line('"target": TARGET,');
      out.line('"commit": COMMIT,');
      out.line('"uptime": uptime(),');
      out.line('"workflows": [workflow["name"] for workflow in PUBLIC_WORKFLOWS],');
      out.line('"requests": {"total": totals["total"], "errors": totals["errors"]},');
    });
    out.line('}');
    out.line('return json_response(body, headers={"cache-control": "no-store"})');
  });
  out.blank(2);
  out.line('@app.get("/metrics")');
  out.block('async def metrics() -> Response:', () => {
    out.line('return Response(render(), media_type="text/plain; version=0.0.4; charset=utf-8")');
  });
  out.blank(2);
  out.line('# The generated OpenAPI 3.1 document, served byte for byte as written beside this file.');
  out.line(`OPENAPI = (Path(__file__).parent / ${pyString(OPENAPI_FILE)}).read_bytes()`);
  out.blank(2);
  out.line('@app.get("/openapi.json")');
  out.block('async def openapi() -> Response:', () => {
    out.line('return Response(OPENAPI, media_type="application/json")');
  });
  out.blank(2);
  out.line('@app.get("/docs")');
  out.block('async def docs() -> Response:', () => {
    out.line('return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{PROJECT} API")');
  });
  out.blank(2);
  out.line('@app.get("/")');
  out.block('async def index() -> Response:', () => {
    out.line(
      'return json_response({"project": PROJECT, "version": VERSION, "target": TARGET, "workflows": PUBLIC_WORKFLOWS})',
    );
  });
  out.blank(2);
  out.line('# `python main.py` serves on $PORT (default 8080); uvicorn picks up uvloop by itself.');
  out.block('if __name__ == "__main__":', () => {
    out.line('import uvicorn');
    out.blank();
    out.line('uvicorn.run("main:app", host="0.0.0.0", port=int(os.environ.get("PORT") or "8080"))');
  });

  const header = new Emitter();
  header.line(pyString(`${manifest.name} (target ${plan.target.id}): the FastAPI app`));
  header.line(`# Generated by Catalyst ${plan.generatorVersion}: edit the project, not this file.`);
  header.line(`# Run: uvicorn main:app --host 0.0.0.0 --port $PORT`);
  header.blank();
  header.line('from __future__ import annotations');
  imports.emit(header);
  header.lines(routers.map((r) => r.line));
  return { path: 'main.py', content: `${header.toString()}\n\n${out.toString()}`, kind: 'python' };
}

function emitMapping(out: Emitter, prefix: string, entries: ReadonlyArray<[string, string]>): void {
  if (entries.length === 0) {
    out.line(`${prefix}{}`);
    return;
  }
  out.line(`${prefix}{`);
  out.indent(() => {
    for (const [name, value] of entries) out.line(`${pyString(name)}: ${pyString(value)},`);
  });
  out.line('}');
}
