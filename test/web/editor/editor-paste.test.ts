import { describe, expect, it } from 'vitest';
import { demoProject } from '../../../src/model/demo.js';
import { toCanvas } from '../../../src/web/editor/canvas-model.js';
import { copySelection, type EditorSnapshot, pasteClipboard } from '../../../src/web/editor/editor-ops.js';

const demo = demoProject({ id: 'proj_x', name: 'demo', now: '2026-01-01T00:00:00.000Z' });
const main = demo.workflows.find((w) => w.workflow.name === 'main_workflow')!.workflow;

function withSelected(ids: string[]): EditorSnapshot {
  const { nodes, edges, base } = toCanvas(main);
  return { nodes: nodes.map((n) => ({ ...n, selected: ids.includes(n.id) })), edges, base };
}

describe('copy and paste of nodes', () => {
  it('copies nothing without a selection', () => {
    expect(copySelection(withSelected([]))).toBeNull();
  });

  it('copies the selected nodes with only their inner edges', () => {
    const clip = copySelection(withSelected(['shape', 'extract']))!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['shape', 'extract']);
    expect(clip.edges.map((e) => [e.source, e.target])).toEqual([['shape', 'extract']]);
  });

  it('pastes offset by 40,40 with new ids, remapped inner edges, and selects the copies', () => {
    const state = withSelected(['shape', 'extract']);
    const clip = copySelection(state)!;
    const next = pasteClipboard(state, clip);
    const added = next.nodes.slice(state.nodes.length);
    expect(added.map((n) => [n.id, n.position, n.data.name])).toEqual([
      ['transform_1', { x: 40, y: 40 }, 'Shape input'],
      ['workflowCall_1', { x: 400, y: 40 }, 'Extract data'],
    ]);
    expect(next.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['transform_1', 'workflowCall_1']);
    expect(next.edges.slice(state.edges.length)).toEqual([
      { id: 'e_transform_1_workflowCall_1', source: 'transform_1', target: 'workflowCall_1' },
    ]);
    // The originals are untouched, and the copy's config is not shared with them.
    expect(next.edges.slice(0, state.edges.length)).toEqual(state.edges);
    expect(added[0]!.data.config).toEqual(state.nodes[0]!.data.config);
    expect(added[0]!.data.config).not.toBe(state.nodes[0]!.data.config);
    // Pasting again gives further fresh ids.
    const again = pasteClipboard(next, clip);
    expect(again.nodes.slice(next.nodes.length).map((n) => n.id)).toEqual(['transform_2', 'workflowCall_2']);
  });
});
