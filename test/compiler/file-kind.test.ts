import { describe, expect, it } from 'vitest';
import { loadRuntimeAssets } from '../../src/build/runtime-assets.js';
import { fileKind } from '../../src/compiler/file-kind.js';
import { renderTarget } from '../../src/compiler/render-target.js';
import { PLATFORMS } from '../../src/model/project.js';
import { demoOnPlatform } from './platform/plan-fixture.js';

describe('fileKind', () => {
  it('gives every rendered file, on every platform, the kind its renderer gave it', async () => {
    const runtime = await loadRuntimeAssets();
    const kinds = new Set<string>();
    for (const platform of PLATFORMS) {
      const { files } = renderTarget(
        demoOnPlatform(platform),
        'local',
        { generatorVersion: '0.0.0' },
        runtime,
      );
      for (const f of files) {
        expect({ path: f.path, kind: fileKind(f.path) }).toEqual({ path: f.path, kind: f.kind });
        kinds.add(f.kind);
      }
    }
    expect([...kinds].sort()).toEqual(['config', 'docs', 'python', 'test']);
  });

  it('classifies by path alone', () => {
    expect(fileKind('tests/test_app.py')).toBe('test');
    expect(fileKind('workflows/orders.py')).toBe('python');
    expect(fileKind('README.md')).toBe('docs');
    expect(fileKind('catalyst.lock.json')).toBe('config');
    expect(fileKind('Dockerfile')).toBe('config');
  });
});
