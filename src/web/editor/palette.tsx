import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { type DragEvent, type KeyboardEvent, useState } from 'react';
import type { NodeCategory } from '../../model/nodes/definition.js';
import { NODE_DEFINITIONS, type NodeType } from '../../model/nodes/registry.js';
import { iconFor } from './node-icons.js';
import { searchNodeTypes } from './palette-search.js';
import { useSidePanels } from './side-panels.js';

/** The drag payload's type: the canvas only accepts drops that carry it. */
export const NODE_DRAG_TYPE = 'application/x-catalyst-node';

const CATEGORY_ORDER: readonly NodeCategory[] = ['data', 'logic', 'flow', 'integration', 'ai'];
const CATEGORY_LABEL: Record<NodeCategory, string> = {
  data: 'Data',
  logic: 'Logic',
  flow: 'Flow',
  integration: 'Integrations',
  ai: 'AI',
};

function onDragStart(event: DragEvent, type: NodeType) {
  event.dataTransfer.setData(NODE_DRAG_TYPE, type);
  event.dataTransfer.effectAllowed = 'move';
}

/** Every node type of the registry, by category; drag one onto the canvas, or click (Enter) to add it. */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const open = useSidePanels((s) => s.open.palette);
  const toggle = useSidePanels((s) => s.toggle);
  const [query, setQuery] = useState('');
  const matches = searchNodeTypes(query);
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const first = matches[0];
      if (first) onAdd(first);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setQuery('');
    }
  };
  if (!open) {
    return (
      <aside
        className="flex w-10 shrink-0 flex-col items-center border-r border-slate-200 bg-white py-2"
        aria-label="Node palette"
        data-testid="palette"
        data-open="false"
      >
        <button
          type="button"
          aria-label="Show node palette"
          aria-expanded={false}
          title="Show the node palette"
          onClick={() => toggle('palette')}
          className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
        >
          <PanelLeftOpen className="size-4" aria-hidden />
        </button>
      </aside>
    );
  }
  return (
    <aside
      className="w-56 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-3"
      aria-label="Node palette"
      data-testid="palette"
      data-open="true"
    >
      <div className="mb-2 flex items-center justify-between">
        <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">Nodes</p>
        <button
          type="button"
          aria-label="Hide node palette"
          aria-expanded
          title="Hide the node palette"
          onClick={() => toggle('palette')}
          className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
        >
          <PanelLeftClose className="size-4" aria-hidden />
        </button>
      </div>
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
        placeholder="Search nodes…"
        aria-label="Search nodes"
        title="Type to filter; Enter adds the first match, Escape clears"
        className="mb-3 w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none"
        data-testid="palette-search"
      />
      {matches.length === 0 && (
        <p className="text-xs text-slate-500" data-testid="palette-empty">
          No node type matches “{query}”.
        </p>
      )}
      {CATEGORY_ORDER.map((category) => {
        const types = matches.filter((t) => NODE_DEFINITIONS[t].category === category);
        if (types.length === 0) return null;
        return (
          <section key={category} className="mb-3">
            <h3 className="mb-1 text-xs font-medium text-slate-400">{CATEGORY_LABEL[category]}</h3>
            <ul className="space-y-1">
              {types.map((type) => {
                const d = NODE_DEFINITIONS[type];
                const Icon = iconFor(d.icon);
                return (
                  <li key={type}>
                    <button
                      type="button"
                      draggable
                      onDragStart={(e) => onDragStart(e, type)}
                      onClick={() => onAdd(type)}
                      title={`${d.description} Drag it onto the canvas, or click to add it in the middle.`}
                      className="flex w-full cursor-grab items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 active:cursor-grabbing"
                      data-testid="palette-item"
                      data-node-type={type}
                    >
                      <span
                        className="flex size-6 shrink-0 items-center justify-center rounded text-white"
                        style={{ backgroundColor: d.color }}
                      >
                        <Icon className="size-3.5" aria-hidden />
                      </span>
                      <span className="truncate">{d.label}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
