import { describe, expect, it } from 'vitest';
import { childPath, joinPath, jsonPath } from '../../src/model/json-path.js';

describe('json paths', () => {
  it('uses dots for identifiers and brackets for the rest', () => {
    expect(jsonPath(['deploymentTargets', 'production', 'platform'])).toBe(
      '$.deploymentTargets.production.platform',
    );
    expect(jsonPath(['edges', 2, 'target'])).toBe('$.edges[2].target');
    expect(jsonPath(['nodes', 'odd id'])).toBe('$.nodes["odd id"]');
    expect(jsonPath(['nodes', 'fetch-user', 'config'])).toBe('$.nodes["fetch-user"].config');
    expect(jsonPath(['headers', 'say "hi"'])).toBe('$.headers["say \\"hi\\""]');
    expect(jsonPath([])).toBe('$');
  });

  it('builds relative paths without a leading dot', () => {
    expect(childPath('', 'fields')).toBe('fields');
    expect(childPath('', 'X-Key')).toBe('["X-Key"]');
    expect(childPath('params', 0)).toBe('params[0]');
  });

  it('joins an absolute path with a relative one', () => {
    expect(joinPath('$.nodes.a.config', 'fields.user')).toBe('$.nodes.a.config.fields.user');
    expect(joinPath('$.nodes.a.config', '["X-Key"]')).toBe('$.nodes.a.config["X-Key"]');
    expect(joinPath('$.nodes.a.config', '')).toBe('$.nodes.a.config');
  });
});
