import { create } from 'zustand';
import { useEditor } from './editor-store.js';
import { ExamplesPanel } from './examples-panel.js';
import { SchemaTab } from './schema-tab.js';
import { WorkflowSettings } from './workflow-settings.js';

type Section = 'settings' | 'schema' | 'examples';

/** Which part of the Workflow tab is open; kept while the inspector shows a node. */
const useSection = create<{ section: Section; set(section: Section): void }>((set) => ({
  section: 'settings',
  set: (section) => set({ section }),
}));

const SECTIONS: Array<[Section, string]> = [
  ['settings', 'Settings'],
  ['schema', 'Schema'],
  ['examples', 'Examples'],
];

/** The inspector's Workflow tab: its settings, its input/output schemas and its examples (DESIGN §12). */
export function WorkflowTab() {
  const { section, set } = useSection();
  const count = useEditor((s) => s.base.examples?.length ?? 0);
  return (
    <div className="space-y-4">
      <div
        className="flex rounded-md bg-slate-100 p-0.5 text-xs font-medium"
        role="tablist"
        aria-label="Workflow"
      >
        {SECTIONS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={section === id}
            onClick={() => set(id)}
            className={`flex-1 whitespace-nowrap rounded px-1.5 py-1 ${section === id ? 'bg-white text-indigo-700 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
            data-testid={`workflow-section-${id}`}
          >
            {label}
            {id === 'examples' && count > 0 ? ` (${count})` : ''}
          </button>
        ))}
      </div>
      {section === 'settings' && <WorkflowSettings />}
      {section === 'schema' && <SchemaTab />}
      {section === 'examples' && <ExamplesPanel />}
    </div>
  );
}
