import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFrom, fieldErrors } from '../../src/web/api/api-error.js';
import { count, languageOf, milliseconds, percent, pluralize, timeAgo } from '../../src/web/format.js';
import { paginate } from '../../src/web/paginate.js';
import { buildTree, defaultFile } from '../../src/web/preview/file-tree.js';
import { parseRoute, routeHref } from '../../src/web/router.js';
import { TOKEN_STORAGE_KEY, takeToken, withoutToken } from '../../src/web/session.js';
import {
  EMPTY_TARGET_FORM,
  formToTarget,
  originList,
  targetToForm,
} from '../../src/web/settings/target-form.js';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('session token', () => {
  it('takes the token from the URL once and keeps it for the tab', () => {
    const storage = memoryStorage();
    expect(takeToken({ search: '?token=abc', storage })).toEqual({ token: 'abc', fromUrl: true });
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(takeToken({ search: '', storage })).toEqual({ token: 'abc', fromUrl: false });
    expect(takeToken({ search: '', storage: memoryStorage() })).toEqual({ token: null, fromUrl: false });
  });

  it('strips only the token from the address', () => {
    expect(withoutToken('http://127.0.0.1:4317/?token=abc&x=1#/projects/p')).toBe('/?x=1#/projects/p');
    expect(withoutToken('http://127.0.0.1:4317/?token=abc')).toBe('/');
  });
});

describe('hash routes', () => {
  it('round-trips every page', () => {
    const routes = [
      { page: 'dashboard' },
      { page: 'project', projectId: 'proj_1' },
      { page: 'settings', projectId: 'proj_1', section: 'secrets' },
      { page: 'code', projectId: 'proj_1', targetId: 'local' },
      { page: 'code', projectId: 'proj_1', targetId: null },
      { page: 'editor', projectId: 'proj_1', workflowId: 'wf_1' },
      { page: 'editor', projectId: 'proj_1', workflowId: 'wf_1', node: 'check 1', field: 'expression' },
    ] as const;
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('an editor link can name the node to select and the field to focus', () => {
    expect(
      routeHref({ page: 'editor', projectId: 'p', workflowId: 'w', node: 'check', field: 'expression' }),
    ).toBe('#/projects/p/workflows/w?node=check&field=expression');
    expect(parseRoute('#/projects/p/workflows/w?field=expression')).toEqual({
      page: 'editor',
      projectId: 'p',
      workflowId: 'w',
    });
  });

  it('falls back to the dashboard and to the general settings section', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'dashboard' });
    expect(parseRoute('')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/projects/p/settings/bogus')).toEqual({
      page: 'settings',
      projectId: 'p',
      section: 'general',
    });
  });
});

describe('formatting', () => {
  const now = new Date('2026-01-05T12:00:00Z');
  it('says how long ago, or never', () => {
    expect(timeAgo('2026-01-05T10:00:00Z', now)).toBe('2 hours ago');
    expect(timeAgo(null, now)).toBe('never');
    expect(timeAgo('garbage', now)).toBe('never');
    expect(timeAgo('2026-01-06T00:00:00Z', now)).toBe('just now');
    expect(timeAgo('2026-01-05T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-01-05T11:58:00Z', now)).toBe('2 minutes ago');
  });

  it('shows a dash for unmeasured numbers', () => {
    expect(percent(null)).toBe('—');
    expect(percent(99.95)).toBe('100.0%');
    expect(percent(0.123, 2)).toBe('0.12%');
    expect(milliseconds(null)).toBe('—');
    expect(milliseconds(84.4)).toBe('84 ms');
    expect(milliseconds(1500)).toBe('1.50 s');
    expect(pluralize(1, 'workflow')).toBe('1 workflow');
    expect(pluralize(3, 'workflow')).toBe('3 workflows');
    expect(count(1000)).toBe('1,000');
  });

  it('picks the highlighting language from the file name', () => {
    expect(languageOf('workflows/main.py')).toBe('python');
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('.env.example')).toBe('dotenv');
    expect(languageOf('.dockerignore')).toBe('ini');
    expect(languageOf('k8s/deployment.yaml')).toBe('yaml');
    expect(languageOf('fly.toml')).toBe('toml');
    expect(languageOf('README.md')).toBe('markdown');
    expect(languageOf('requirements.txt')).toBe('text');
  });
});

describe('dashboard paging', () => {
  it('pages and clamps the page number', () => {
    const many = Array.from({ length: 25 }, (_, i) => i);
    expect(paginate(many, 1, 12)).toMatchObject({ page: 1, pageCount: 3, from: 1, to: 12, total: 25 });
    expect(paginate(many, 3, 12).items).toEqual([24]);
    expect(paginate(many, 9, 12)).toMatchObject({ page: 3, from: 25, to: 25 });
    expect(paginate([], 1, 12)).toMatchObject({ page: 1, pageCount: 1, from: 0, to: 0 });
  });
});

describe('target form', () => {
  it('builds a target from the form and drops blank settings', () => {
    expect(formToTarget({ ...EMPTY_TARGET_FORM, id: ' prod ', name: 'Prod', region: 'eu' })).toEqual({
      id: 'prod',
      name: 'Prod',
      platform: 'docker',
      platformConfig: { region: 'eu' },
    });
  });

  it('keeps settings the form does not show, and sends unparsable numbers on for the server to name', () => {
    const previous = {
      id: 'k',
      name: 'K',
      platform: 'kubernetes' as const,
      platformConfig: {
        namespace: 'apps',
        region: 'x',
        autoscaling: { enabled: true, minInstances: 1, maxInstances: 2 },
      },
    };
    const form = { ...targetToForm(previous), region: '', maxInstances: 'lots' };
    const out = formToTarget(form, previous);
    expect(out.platformConfig).toEqual({
      namespace: 'apps',
      autoscaling: { enabled: true, minInstances: 1, maxInstances: Number.NaN },
    });
  });
});

describe('target form: CORS origins', () => {
  it('sends the typed origins as cors.allowOrigins, keeping the other CORS settings; empty sends none', () => {
    const previous = {
      id: 'p',
      name: 'P',
      platform: 'docker' as const,
      platformConfig: {},
      cors: { allowOrigins: ['https://old.example'], maxAge: 60 },
    };
    const form = targetToForm(previous);
    expect(form.allowOrigins).toBe('https://old.example');
    const typed = { ...form, allowOrigins: 'https://a.example, https://b.example\nhttp://localhost:5173,' };
    expect(formToTarget(typed, previous).cors).toEqual({
      allowOrigins: ['https://a.example', 'https://b.example', 'http://localhost:5173'],
      maxAge: 60,
    });
    expect(formToTarget({ ...form, allowOrigins: '  ' }, previous)).not.toHaveProperty('cors');
    expect(originList('')).toEqual([]);
  });
});

describe('generated file tree', () => {
  it('nests folders first, alphabetically', () => {
    const tree = buildTree(['main.py', 'workflows/b.py', 'Dockerfile', 'workflows/a.py', 'runtime/x/y.py']);
    expect(tree.map((n) => n.name)).toEqual(['runtime', 'workflows', 'Dockerfile', 'main.py']);
    expect(tree[1]!.children!.map((n) => n.path)).toEqual(['workflows/a.py', 'workflows/b.py']);
    expect(tree[0]!.children![0]!.children![0]!.path).toBe('runtime/x/y.py');
  });

  it('opens main.py first', () => {
    expect(defaultFile(['a.txt', 'main.py'])).toBe('main.py');
    expect(defaultFile(['a.txt'])).toBe('a.txt');
    expect(defaultFile([])).toBeNull();
  });
});

describe('API errors', () => {
  it('reads the server message and per-field problems', async () => {
    const res = new Response(
      JSON.stringify({
        error: 'Invalid name',
        problems: [{ path: 'name', message: 'Bad name', field: 'name' }],
      }),
      { status: 400 },
    );
    const error = await apiErrorFrom(res);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.fieldMessage('name')).toBe('Bad name');
    expect(fieldErrors(error)).toEqual({ name: 'Bad name' });
    expect(fieldErrors(error, ['name'])).toEqual({ name: 'Bad name' });
    // A form without that field still shows the message, on the form.
    expect(fieldErrors(error, ['value'])).toEqual({ _form: 'Bad name' });
  });

  it('falls back to the status for a body that is not JSON, and to _form for other errors', async () => {
    const error = await apiErrorFrom(new Response('oops', { status: 502, statusText: 'Bad Gateway' }));
    expect(error.message).toBe('Request failed: 502 Bad Gateway');
    expect(fieldErrors(error)).toEqual({ _form: 'Request failed: 502 Bad Gateway' });
    expect(fieldErrors(new Error('network down'))).toEqual({ _form: 'network down' });
  });
});
