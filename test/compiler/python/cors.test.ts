import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorsConfig } from '../../../src/model/cors.js';
import type { Project } from '../../../src/model/project-files.js';
import { buildProject } from '../../fixtures/build-project.js';
import { generate, type RunningApp, removeDir, startApp, writeApp } from './support.js';

/** An echo workflow, and one whose response node sets CORS and Vary headers of its own. */
function corsProject(cors: CorsConfig | undefined): Project {
  return buildProject(
    {
      name: 'cors',
      deploymentTargets: {
        production: {
          id: 'production',
          name: 'Production',
          platform: 'docker',
          platformConfig: {},
          ...(cors ? { cors } : {}),
        },
      },
    },
    [
      {
        id: 'wf_echo',
        name: 'echo',
        visibility: 'public',
        endpoint: { method: 'POST', path: '/api/echo' },
        nodes: [{ id: 'back', type: 'code', config: { code: 'return {"got": input}' } }],
      },
      {
        id: 'wf_own',
        name: 'own headers',
        visibility: 'public',
        endpoint: { method: 'GET', path: '/api/own' },
        nodes: [
          {
            id: 'reply',
            type: 'response',
            config: { headers: { 'Access-Control-Allow-Origin': '*', Vary: 'Accept' }, body: '{"ok": true}' },
          },
        ],
      },
    ],
  );
}

const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example';

function corsHeaders(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-')));
}

function preflight(app: RunningApp, origin: string, path = '/api/echo'): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
}

function post(app: RunningApp, origin: string | undefined, body: string): Promise<Response> {
  return fetch(`${app.url}/api/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body,
  });
}

async function started(cors: CorsConfig | undefined): Promise<RunningApp> {
  return startApp(writeApp(generate(corsProject(cors))));
}

async function stopped(app: RunningApp | undefined): Promise<void> {
  await app?.stop();
  if (app) removeDir(app.dir);
}

describe('CORS with listed origins and credentials', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await started({
      allowOrigins: [ALLOWED, 'http://localhost:5173'],
      allowHeaders: ['Content-Type', 'X-Api-Key'],
      allowCredentials: true,
      maxAge: 120,
    });
  });
  afterAll(() => stopped(app));

  it('answers a preflight from an allowed origin with 204 and the allow headers', async () => {
    const res = await preflight(app, ALLOWED);
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'Content-Type, X-Api-Key',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '120',
    });
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('gives a preflight from another origin no allow headers, and no 500', async () => {
    const res = await preflight(app, OTHER);
    expect(res.status).toBe(403);
    expect(corsHeaders(res)).toEqual({});
    expect(await res.json()).toEqual({ error: `Origin ${OTHER} may not call this app (CORS)` });
  });

  it('marks an actual request from an allowed origin, and leaves another origin unmarked', async () => {
    const res = await post(app, ALLOWED, '{"n": 1}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { n: 1 } });
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
    });
    expect(res.headers.get('vary')).toBe('Origin');

    const other = await post(app, OTHER, '{"n": 2}');
    expect(other.status).toBe(200);
    expect(corsHeaders(other)).toEqual({});
    expect(other.headers.get('vary')).toBe('Origin');
  });

  it('marks error answers too, so the page can read them', async () => {
    const res = await post(app, ALLOWED, '{not json');
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it("replaces a workflow's own Access-Control-Allow-Origin and adds Origin to its Vary", async () => {
    const res = await fetch(`${app.url}/api/own`, { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toBe('Accept, Origin');
    const other = await fetch(`${app.url}/api/own`, { headers: { origin: OTHER } });
    // Not ours to allow or refuse: the workflow's own header stays as it set it.
    expect(other.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('CORS for every origin', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await started({ allowOrigins: ['*'] });
  });
  afterAll(() => stopped(app));

  it('answers "*" with the default methods and headers, without credentials', async () => {
    const res = await preflight(app, OTHER);
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'Content-Type, Authorization, X-Request-ID',
      'access-control-max-age': '600',
    });
    const actual = await post(app, OTHER, '{}');
    expect(actual.headers.get('access-control-allow-origin')).toBe('*');
    expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('no cors on the target', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await started(undefined);
  });
  afterAll(() => stopped(app));

  it('sends no CORS headers at all, to preflights or requests', async () => {
    const pre = await preflight(app, ALLOWED);
    expect(pre.status).toBeLessThan(500);
    expect(corsHeaders(pre)).toEqual({});
    const res = await post(app, ALLOWED, '{"n": 1}');
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
    expect(res.headers.get('vary')).toBeNull();
  });
});
