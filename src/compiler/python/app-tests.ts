import { defaultEndpoint, effectiveEndpoint } from '../../model/endpoint.js';
import { nodeDefinition } from '../../model/nodes/registry.js';
import type { GeneratedFile, PlannedWorkflow, TargetPlan } from '../types.js';
import { Emitter } from './emitter.js';
import { pyLiteral, pyString } from './escape.js';
import { renderExampleTests } from './example-tests.js';
import { parsedConfig } from './node-config.js';

/**
 * `tests/conftest.py` and `tests/test_app.py`: pytest smoke tests of this app (health, HEAD
 * health, metrics, root listing, every public route, no route for internal workflows), run
 * in-process with Starlette's TestClient and placeholder secrets; `tests/test_examples.py`
 * when the workflows have examples.
 */
export function renderAppTests(plan: TargetPlan): GeneratedFile[] {
  return [renderConftest(plan), renderTestApp(plan), ...renderExampleTests(plan)];
}

function renderConftest(plan: TargetPlan): GeneratedFile {
  const out = new Emitter();
  out.line('"""Test setup: the app folder on the import path, placeholders for the secrets it needs."""');
  out.blank();
  out.line('import os');
  out.line('import sys');
  out.blank();
  out.line('sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))');
  out.block(`for _name in [${plan.secrets.map(pyString).join(', ')}]:`, () => {
    out.line('os.environ.setdefault(_name, "test-placeholder")');
  });
  return { path: 'tests/conftest.py', content: out.toString(), kind: 'test' };
}

function renderTestApp(plan: TargetPlan): GeneratedFile {
  const out = new Emitter();
  const publics = plan.workflows.filter((w) => w.workflow.visibility === 'public');
  const internals = plan.workflows.filter((w) => w.workflow.visibility === 'internal');
  const routes = publics.map((w) => ({ planned: w, ...effectiveEndpoint(w.workflow) }));
  const publicPaths = new Set(routes.map((r) => r.path));

  out.line('"""Smoke tests of the generated app. Run from the app folder: python -m pytest"""');
  out.blank();
  out.line('from __future__ import annotations');
  out.blank();
  out.line('from collections.abc import Iterator');
  out.blank();
  out.line('import pytest');
  out.line('from fastapi.testclient import TestClient');
  out.blank();
  out.line('from main import app');
  out.blank();
  out.line(`PUBLIC = [${routes.map((r) => pyLiteral(r.planned.workflow.name)).join(', ')}]`);
  out.blank(2);
  out.line('@pytest.fixture(scope="module")');
  out.block('def client() -> Iterator[TestClient]:', () => {
    out.block('with TestClient(app) as test_client:', () => out.line('yield test_client'));
  });
  out.blank(2);
  out.block('def test_health(client: TestClient) -> None:', () => {
    out.line('response = client.get("/health")');
    out.line('assert response.status_code == 200');
    out.line('assert response.headers["cache-control"] == "no-store"');
    out.line('body = response.json()');
    out.line('assert body["status"] == "healthy"');
    out.line(`assert body["project"] == ${pyString(plan.project.manifest.name)}`);
    out.line(`assert body["target"] == ${pyString(plan.target.id)}`);
    out.line('assert body["workflows"] == PUBLIC');
    out.line('assert set(body["requests"]) == {"total", "errors"}');
  });
  out.blank(2);
  out.block('def test_health_answers_head(client: TestClient) -> None:', () => {
    out.line('response = client.head("/health")');
    out.line('assert response.status_code == 200');
    out.line('assert response.headers["cache-control"] == "no-store"');
  });
  out.blank(2);
  out.block('def test_metrics(client: TestClient) -> None:', () => {
    out.line('response = client.get("/metrics")');
    out.line('assert response.status_code == 200');
    out.line('assert "catalyst_http_requests_total" in response.text');
  });
  out.blank(2);
  out.block('def test_index_lists_public_workflows(client: TestClient) -> None:', () => {
    out.line('response = client.get("/")');
    out.line('assert response.status_code == 200');
    out.line('assert [w["name"] for w in response.json()["workflows"]] == PUBLIC');
  });

  routes.forEach((route, index) => {
    const path = route.path.replace(/\{[^}]*\}/g, '1');
    const name = `${index + 1}_${route.planned.moduleName}`;
    out.blank(2);
    if (callsOutside(route.planned, plan)) {
      // It would reach a real external service: check that the route exists instead.
      out.block(`def test_public_route_${name}_is_mounted(client: TestClient) -> None:`, () => {
        out.line(
          'methods = {m for r in app.routes if getattr(r, "path", None) == ' +
            `${pyString(route.path)} for m in getattr(r, "methods", set())}`,
        );
        out.line(`assert ${pyString(route.method)} in methods`);
      });
      return;
    }
    out.block(`def test_public_route_${name}_answers(client: TestClient) -> None:`, () => {
      const call =
        route.method === 'GET'
          ? `client.get(${pyString(path)})`
          : `client.request(${pyString(route.method)}, ${pyString(path)}, json={})`;
      out.line(`response = ${call}`);
      out.line('assert response.status_code not in (404, 405)');
      out.block('if response.status_code == 500:', () => {
        out.line('assert set(response.json()) == {"error", "workflow", "node", "requestId"}');
      });
    });
    if (route.method !== 'GET') {
      out.blank(2);
      out.block(`def test_public_route_${name}_rejects_invalid_json(client: TestClient) -> None:`, () => {
        out.line(
          `response = client.request(${pyString(route.method)}, ${pyString(path)}, content=b"{not json")`,
        );
        out.line('assert response.status_code == 400');
        out.line('assert "error" in response.json()');
      });
    }
  });

  internals.forEach((w, index) => {
    // Where it would answer if it were public: it must not.
    const { path } = defaultEndpoint(w.workflow);
    if (publicPaths.has(path)) return;
    out.blank(2);
    out.block(
      `def test_internal_${index + 1}_${w.moduleName}_has_no_route(client: TestClient) -> None:`,
      () => {
        out.line(`assert client.post(${pyString(path)}, json={}).status_code == 404`);
      },
    );
  });
  return { path: 'tests/test_app.py', content: out.toString(), kind: 'test' };
}

/**
 * Whether running the workflow (or one it calls locally) would reach an external service: a
 * node whose type says so (`external` in its node module). Such a workflow's route is checked, not called.
 */
function callsOutside(planned: PlannedWorkflow, plan: TargetPlan, seen = new Set<string>()): boolean {
  if (seen.has(planned.workflow.id)) return false;
  seen.add(planned.workflow.id);
  for (const node of Object.values(planned.workflow.nodes)) {
    const { type, config } = parsedConfig(node, planned.workflow.name);
    if (nodeDefinition(type)!.external(config)) return true;
  }
  return planned.calls.some((id) => {
    const callee = plan.workflows.find((w) => w.workflow.id === id);
    return callee !== undefined && callsOutside(callee, plan, seen);
  });
}
