import { describe, expect, it } from 'vitest';
import { layoutPositions } from '../../../src/web/editor/auto-layout.js';
import type { CanvasEdge, CanvasNode } from '../../../src/web/editor/canvas-model.js';

const node = (id: string, x = 0, y = 0): CanvasNode => ({
  id,
  type: 'catalyst',
  position: { x, y },
  data: { type: 'transform', name: id, config: {} },
});
const edge = (source: string, target: string): CanvasEdge => ({
  id: `e_${source}_${target}`,
  source,
  target,
});

describe('tidy up layout', () => {
  it('lays a chain out left to right, each rank apart by the node width plus the gap', () => {
    const at = layoutPositions(
      [node('c', 5, 5), node('a', 900, 300), node('b', -50, 40)],
      [edge('a', 'b'), edge('b', 'c')],
    );
    const a = at.get('a')!;
    const b = at.get('b')!;
    const c = at.get('c')!;
    expect(b.x - a.x).toBe(240 + 120);
    expect(c.x - b.x).toBe(240 + 120);
    expect(a.y).toBe(b.y);
    expect(b.y).toBe(c.y);
  });

  it('puts branches of one source in one column, apart vertically', () => {
    const at = layoutPositions([node('s'), node('t'), node('f')], [edge('s', 't'), edge('s', 'f')]);
    expect(at.get('t')!.x).toBe(at.get('f')!.x);
    expect(at.get('t')!.x).toBeGreaterThan(at.get('s')!.x);
    expect(Math.abs(at.get('t')!.y - at.get('f')!.y)).toBeGreaterThanOrEqual(80 + 60);
  });
});
