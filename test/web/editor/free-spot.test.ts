import { describe, expect, it } from 'vitest';
import type { CanvasNode } from '../../../src/web/editor/canvas-model.js';
import { freeSpot } from '../../../src/web/editor/editor-ops.js';

const node = (
  id: string,
  x: number,
  y: number,
  measured?: { width: number; height: number },
): CanvasNode => ({
  id,
  type: 'catalyst',
  position: { x, y },
  data: { type: 'transform', name: id, config: {} },
  ...(measured ? { measured } : {}),
});

/** Boxes (240 × 80 unless measured) overlap when they come closer than the 24 px gap. */
const overlaps = (a: { x: number; y: number }, b: CanvasNode) => {
  const w = b.measured?.width ?? 240;
  const h = b.measured?.height ?? 80;
  return (
    a.x < b.position.x + w + 24 &&
    a.x + 240 + 24 > b.position.x &&
    a.y < b.position.y + h + 24 &&
    a.y + 80 + 24 > b.position.y
  );
};

describe('where a node added from the palette goes', () => {
  it('stays where asked when nothing is there', () => {
    expect(freeSpot({ x: 100, y: 50 }, [])).toEqual({ x: 100, y: 50 });
    expect(freeSpot({ x: 100, y: 50 }, [node('far', 1000, 50), node('above', 100, -200)])).toEqual({
      x: 100,
      y: 50,
    });
  });

  it('moves straight down below a node in its way, by that node’s measured height', () => {
    const row = [node('a', 0, 0, { width: 240, height: 90 }), node('b', 360, 0), node('c', 720, 0)];
    const at = freeSpot({ x: 100, y: 20 }, row);
    expect(at).toEqual({ x: 100, y: 0 + 90 + 24 }); // under a (the taller), so under b too
    for (const n of row) expect(overlaps(at, n)).toBe(false);
  });

  it('keeps going down past a stack of nodes, to the first free spot', () => {
    const stack = [node('a', 0, 0), node('b', 10, 110), node('c', -20, 230), node('d', 0, 600)];
    const at = freeSpot({ x: 0, y: 40 }, stack);
    expect(at).toEqual({ x: 0, y: 230 + 80 + 24 });
    for (const n of stack) expect(overlaps(at, n)).toBe(false);
  });

  it('never lands on a node, wherever it is asked to go (seeded random layouts)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const nodes = Array.from({ length: 1 + rand(12) }, (_, i) =>
        node(`n${i}`, rand(900) - 300, rand(700) - 200),
      );
      const at = freeSpot({ x: rand(600) - 200, y: rand(400) - 100 }, nodes);
      for (const n of nodes) expect(overlaps(at, n)).toBe(false);
    }
  });
});
