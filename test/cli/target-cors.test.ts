import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

/** `catalyst target update ID --cors-origins a,b` / `--no-cors` (DESIGN §12, issue 13 item 5). */
describe('target CORS from the CLI', () => {
  it('sets, keeps, refuses and removes the allowed origins in catalyst.json', async () => {
    const s = await sandbox();
    expect((await s.run(['init', 'p', '--name', 'p'])).code).toBe(0);
    const project = ['--project', join(s.cwd, 'p')];
    const cors = async () =>
      JSON.parse(await readFile(join(s.cwd, 'p', 'catalyst.json'), 'utf8')).deploymentTargets.local.cors;

    const set = await s.run([
      'target',
      'update',
      'local',
      '--cors-origins',
      'https://a.example, https://b.example',
      '--json',
      ...project,
    ]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).target.cors).toEqual({
      allowOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(await cors()).toEqual({ allowOrigins: ['https://a.example', 'https://b.example'] });

    // Another change leaves CORS as it was.
    expect((await s.run(['target', 'update', 'local', '--name', 'Local', ...project])).code).toBe(0);
    expect(await cors()).toEqual({ allowOrigins: ['https://a.example', 'https://b.example'] });

    const bad = await s.run([
      'target',
      'update',
      'local',
      '--cors-origins',
      'https://a.example/app',
      ...project,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'cors.allowOrigins[0]: Origin "https://a.example/app" has a path: browsers send only scheme://host[:port], so write https://a.example',
    );
    expect(await cors()).toEqual({ allowOrigins: ['https://a.example', 'https://b.example'] });

    const both = await s.run([
      'target',
      'update',
      'local',
      '--no-cors',
      '--cors-origins',
      'https://c.example',
      ...project,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('use either --cors-origins or --no-cors, not both');

    expect((await s.run(['target', 'update', 'local', '--no-cors', ...project])).code).toBe(0);
    expect(await cors()).toBeUndefined();

    const added = await s.run([
      'target',
      'add',
      'web',
      '--platform',
      'docker',
      '--cors-origins',
      'http://localhost:5173',
      '--json',
      ...project,
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).target.cors).toEqual({ allowOrigins: ['http://localhost:5173'] });
  });
});
