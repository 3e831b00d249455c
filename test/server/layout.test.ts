import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = path.resolve('src/server');

/** The studio server's rooms (ARCHITECTURE.md, "The studio server's folders"). */
const FEATURE_FOLDERS = [
  'deploy',
  'draft',
  'events',
  'generate',
  'health',
  'http',
  'projects',
  'routes',
  'run',
  'security',
  'shared-functions',
  'workflows',
];
/** What stays at the top: the composition and the API's shapes, which every feature shares. */
const TOP_FILES = [
  'app.ts',
  'contract.ts',
  'requests.ts',
  'services.ts',
  'start.ts',
  'store-services.ts',
  'views.ts',
];

describe('src/server is laid out by feature', () => {
  const entries = readdirSync(SERVER, { withFileTypes: true });

  it('keeps only the composition and the API shapes at the top', () => {
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    expect(files).toEqual(TOP_FILES);
  });

  it('has one folder per feature and nothing else', () => {
    const folders = entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders).toEqual(FEATURE_FOLDERS);
  });

  it('store-services.ts composes one service per concern instead of holding them', () => {
    const text = readFileSync(path.join(SERVER, 'store-services.ts'), 'utf8');
    for (const factory of [
      'createProjectLocator',
      'createProjectCards',
      'createProjectEdits',
      'createGenerationService',
    ]) {
      expect(text).toContain(`${factory}(`);
    }
    expect(text.split('\n').length).toBeLessThan(60);
  });
});
