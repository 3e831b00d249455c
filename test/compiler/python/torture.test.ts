import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASTY, tortureProject } from '../../fixtures/torture-project.js';
import { generate, postJson, type RunningApp, removeDir, startApp, writeApp } from './support.js';

let app: RunningApp;
const files = generate(tortureProject());

beforeAll(async () => {
  app = await startApp(writeApp(files));
});

afterAll(async () => {
  await app?.stop();
  if (app) removeDir(app.dir);
});

describe('the torture project: hostile names and strings compile and behave as modelled', () => {
  it('names modules by slug, made unique (_2) and keyword/package-safe (_)', () => {
    expect(files.filter((f) => f.path.startsWith('workflows/')).map((f) => f.path)).toEqual([
      'workflows/_3d_render.py',
      'workflows/__init__.py',
      'workflows/class_.py',
      'workflows/foo_bar.py',
      'workflows/foo_bar_2.py',
      'workflows/import_os_os_system_echo_pwned.py',
      'workflows/runtime_.py',
    ]);
    const fooBar = files.find((f) => f.path === 'workflows/foo_bar.py')!.content;
    expect(fooBar).toContain('async def node_a_b(');
    expect(fooBar).toContain('async def node_a_b_2(');
    expect(fooBar).toContain('from workflows.class_ import execute_class_');
  });

  it('writes no raw line break, NUL or lone surrogate from user text into the source', () => {
    for (const file of files) {
      expect(file.content).not.toMatch(/[\u0000\r\u2028\u2029\ufeff\u202e]/);
      expect(file.content).not.toMatch(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      );
    }
    const generated = files.filter((f) => !f.path.startsWith('runtime/') && !f.path.startsWith('tests/'));
    const injected = generated.filter((f) => /^\s*(import os;|os\.system)/m.test(f.content));
    expect(injected.map((f) => f.path)).toEqual([]);
  });

  it('keeps every string exact through templates, JSON and the response', async () => {
    const res = await postJson(`${app.url}/api/foo_bar`, { name: 'N"1', 'we"ird key': [1], a: '}}' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.in.first).toEqual({
      [NASTY.quotes]: NASTY.quotes,
      [NASTY.lines]: `${NASTY.lines} N"1 end`,
      [NASTY.unicode]: NASTY.unicode,
      def: [1],
      return: true,
      None: [NASTY.weirdEnv, 42, 1.5, true, null, { 'nested "x"': 'N"1' }],
      lone: NASTY.lone,
      injection: NASTY.injection,
      empty: '||',
    });
    expect(body.in.second).toBe('yes');
    expect(body.in.both).toBe(`${NASTY.lone}{"second":"yes"}`);
    expect(body.call).toEqual({
      result: { got: 'yes', literal: 'literal  not a template  and {% raw %} and ' },
      workflow: 'class',
      call_type: 'local',
    });
  });

  it('runs user code with quotes and {{ untouched, on a path with . ~ - and a parameter', async () => {
    const res = await fetch(`${app.url}/api/foo-bar.v1~/7`);
    expect(await res.json()).toEqual({ text: '{{ not a template }} """ \'\'\'!', id: '7', in: { ok: true } });
  });

  it('evaluates string literals with escaped quotes, not, and in', async () => {
    const url = `${app.url}/api/import_os_os_system_echo_pwned`;
    const branch = async (body: unknown) => (await (await postJson(url, body)).json()).result.branch;
    expect(await branch({ x: 'a"b\'c' })).toBe('true');
    expect(await branch({ x: 'a"b\'c', y: 'no' })).toBe('false');
    expect(await branch({ z: 'y' })).toBe('true');
    expect(await branch({ z: 'q' })).toBe('false');
  });

  it('sends a text body as is and keeps a header value on one line', async () => {
    const res = await postJson(`${app.url}/api/3d_render`, {
      h: 'x\r\nSet-Cookie: evil=1',
      text: 'héllo "x"',
    });
    expect(res.headers.get('x-evil')).toBe('ax Set-Cookie: evil=1b');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('héllo "x"');
  });

  it('lists the hostile names verbatim on /', async () => {
    const listing = await (await fetch(`${app.url}/`)).json();
    expect(listing.project).toBe('Tricky . Project-1');
    expect(listing.workflows.map((w: { name: string }) => w.name)).toEqual([
      '3D Render',
      'foo-bar',
      'Foo Bar',
      NASTY.injection,
    ]);
  });
});
