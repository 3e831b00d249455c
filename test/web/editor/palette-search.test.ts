import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../../src/model/nodes/registry.js';
import { searchNodeTypes } from '../../../src/web/editor/palette-search.js';

describe('palette search', () => {
  it('shows every type for an empty query', () => {
    expect(searchNodeTypes('  ')).toEqual([...NODE_TYPES]);
  });
  it('matches label, description and type name, case-insensitively, every word', () => {
    expect(searchNodeTypes('HTTP')).toContain('httpRequest');
    expect(searchNodeTypes('sql')).toEqual(['postgresQuery']);
    expect(searchNodeTypes('httprequest')).toEqual(['httpRequest']);
    expect(searchNodeTypes('shape reply')).toEqual(['response']);
    expect(searchNodeTypes('zzz-nothing')).toEqual([]);
  });
});
