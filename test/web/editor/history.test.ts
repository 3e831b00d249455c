import { describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import { fromCanvas, toCanvas } from '../../../src/web/editor/canvas-model.js';
import { type EditorSnapshot, removeElements } from '../../../src/web/editor/editor-ops.js';
import { History } from '../../../src/web/editor/history.js';

describe('undo/redo history', () => {
  it('undoes and redoes a delete of a node with its edges', () => {
    const main = demoProject({ id: 'p', name: 'demo', now: '2026-01-01T00:00:00.000Z' }).workflows[1]!
      .workflow;
    const history = new History<EditorSnapshot>();
    const before = toCanvas(main);
    history.record(before);
    const after = removeElements(before, ['extract'], []);
    expect(after.edges).toHaveLength(0);

    const undone = history.undo(after)!;
    expect(fromCanvas(undone.nodes, undone.edges, undone.base)).toEqual(main);
    expect(history.canRedo).toBe(true);
    const redone = history.redo(undone)!;
    expect(redone.nodes.map((n) => n.id)).toEqual(['shape', 'process']);
    expect(history.undo(redone)).toBe(undone);
  });

  it('has nothing to undo or redo at first', () => {
    const h = new History<number>();
    expect(h.undo(1)).toBeNull();
    expect(h.redo(1)).toBeNull();
    expect([h.canUndo, h.canRedo]).toEqual([false, false]);
  });

  it('folds a run of changes with one key into one step, but not after a pause', () => {
    let now = 0;
    const h = new History<string>(100, 1_000, () => now);
    h.record('', 'name');
    now = 300;
    h.record('a', 'name');
    now = 600;
    h.record('ab', 'name');
    expect(h.undo('abc')).toBe('');
    expect(h.canUndo).toBe(false);

    h.record('x', 'name');
    now = 5_000;
    h.record('xy', 'name');
    expect(h.undo('xyz')).toBe('xy');
    expect(h.undo('xy')).toBe('x');
  });

  it('a new change after undo drops the redo branch', () => {
    const h = new History<number>();
    h.record(1);
    expect(h.undo(2)).toBe(1);
    h.record(1);
    expect(h.canRedo).toBe(false);
  });

  it('keeps at most `limit` steps', () => {
    const h = new History<number>(3, 0);
    for (let i = 0; i < 10; i++) h.record(i);
    expect([h.undo(10), h.undo(9), h.undo(8), h.undo(7)]).toEqual([9, 8, 7, null]);
  });
});
