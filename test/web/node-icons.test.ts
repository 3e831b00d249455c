import { Box } from 'lucide-react';
import { describe, expect, it } from 'vitest';
import { NODE_DEFINITIONS, NODE_TYPES, type NodeIcon } from '../../src/model/nodes/registry.js';
import { iconFor } from '../../src/web/editor/node-icons.js';

describe('studio node icons', () => {
  it('every node type of the registry has its own icon (Box is for unknown types only)', () => {
    for (const type of NODE_TYPES) expect(iconFor(NODE_DEFINITIONS[type].icon), type).not.toBe(Box);
    expect(iconFor('no-such-icon')).toBe(Box);
    expect(iconFor('constructor')).toBe(Box);
    expect(iconFor(undefined)).toBe(Box);
  });

  it('the icon names are a closed set, so the icon map is checked by the compiler (npx tsc)', () => {
    // @ts-expect-error a name no node module uses is not a NodeIcon; were NodeIcon plain `string`,
    // `Record<NodeIcon, LucideIcon>` would no longer catch a node type whose icon is missing.
    const bogus: NodeIcon = 'no-such-icon';
    expect(bogus).toBe('no-such-icon');
  });
});
