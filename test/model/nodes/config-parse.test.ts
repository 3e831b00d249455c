import { describe, expect, it } from 'vitest';
import { parseNodeConfig } from '../../../src/model/nodes/config-parse.js';

describe('parseNodeConfig', () => {
  it('parses a config once: validation, planner and renderer get the same result', () => {
    const node = { type: 'condition', config: { expression: 'input.ok' } };
    const first = parseNodeConfig(node);
    expect(first?.success).toBe(true);
    expect(parseNodeConfig(node)).toBe(first);
    expect(parseNodeConfig({ type: 'condition', config: { expression: 'input.ok' } })).not.toBe(first);
  });

  it('keys on the type too, reports bad config, and knows no unknown type', () => {
    const config = { expression: 42 };
    expect(parseNodeConfig({ type: 'condition', config })?.success).toBe(false);
    expect(parseNodeConfig({ type: 'no-such-type', config })).toBeUndefined();
  });
});
