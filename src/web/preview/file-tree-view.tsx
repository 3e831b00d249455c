import { FileText, Folder } from 'lucide-react';
import type { TreeNode } from './file-tree.js';

export function FileTreeView({
  nodes,
  selected,
  onSelect,
  depth = 0,
}: {
  nodes: TreeNode[];
  selected: string | null;
  onSelect: (path: string) => void;
  depth?: number;
}) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.path}>
          {node.children ? (
            <>
              <div
                className="flex items-center gap-1.5 py-1 text-xs text-slate-500"
                style={{ paddingLeft: `${depth * 12 + 8}px` }}
              >
                <Folder className="size-3.5 shrink-0" aria-hidden /> {node.name}
              </div>
              <FileTreeView nodes={node.children} selected={selected} onSelect={onSelect} depth={depth + 1} />
            </>
          ) : (
            <button
              type="button"
              onClick={() => onSelect(node.path)}
              data-file={node.path}
              className={`flex w-full items-center gap-1.5 rounded py-1 pr-2 text-left text-xs ${node.path === selected ? 'bg-indigo-50 font-medium text-indigo-700' : 'text-slate-700 hover:bg-slate-100'}`}
              style={{ paddingLeft: `${depth * 12 + 8}px` }}
            >
              <FileText className="size-3.5 shrink-0 text-slate-400" aria-hidden />
              <span className="truncate">{node.name}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
