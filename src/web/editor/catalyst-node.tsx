import { Handle, type NodeProps, Position } from '@xyflow/react';
import { TriangleAlert } from 'lucide-react';
import { memo } from 'react';
import { nodeDefinition, nodeSummary } from '../../model/nodes/registry.js';
import type { CanvasNode } from './canvas-model.js';
import { useEditor } from './editor-store.js';
import { iconFor } from './node-icons.js';

/** One workflow step on the canvas: icon, name, type, a one-line summary, its ports. */
function CatalystNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const definition = nodeDefinition(data.type);
  const problems = useEditor((s) => s.problems.filter((p) => p.nodeId === id).length);
  const failed = useEditor((s) => s.failedNodes.includes(id));
  const project = useEditor((s) => s.project);
  const workflowName = (workflowId: string) =>
    project?.workflows.find((w) => w.workflow.id === workflowId)?.workflow.name;
  const Icon = iconFor(definition?.icon);
  const color = definition?.color ?? '#94a3b8';
  const outputs = definition?.outputs ?? ['out'];
  const invalid = problems > 0 || failed;
  const ring = invalid
    ? 'ring-2 ring-red-500'
    : selected
      ? 'ring-2 ring-indigo-500'
      : 'ring-1 ring-slate-300';
  return (
    <div
      className={`relative w-60 rounded-lg bg-white shadow-sm ${ring}`}
      data-testid="canvas-node"
      data-node-id={id}
      data-invalid={invalid ? 'true' : 'false'}
      data-failed={failed ? 'true' : 'false'}
    >
      <Handle
        type="target"
        position={Position.Left}
        className="!size-3 !border-2 !border-white !bg-slate-400"
      />
      <div
        className="flex items-center gap-2 rounded-t-lg px-3 py-2"
        style={{ borderTop: `3px solid ${color}` }}
      >
        <span
          className="flex size-7 shrink-0 items-center justify-center rounded-md text-white"
          style={{ backgroundColor: color }}
        >
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900" data-testid="node-name">
            {data.name}
          </p>
          <p className="truncate text-[11px] text-slate-500">
            {definition?.label ?? `Unknown type ${data.type}`} · <span className="font-mono">{id}</span>
          </p>
        </div>
        {invalid && (
          <TriangleAlert
            className="size-4 shrink-0 text-red-500"
            aria-label={failed ? 'Failed in the last run' : `${problems} problem${problems === 1 ? '' : 's'}`}
          />
        )}
      </div>
      <p className="truncate border-t border-slate-100 px-3 py-1.5 font-mono text-[11px] text-slate-600">
        {nodeSummary(data, workflowName)}
      </p>
      {outputs.length === 1 ? (
        <Handle
          type="source"
          position={Position.Right}
          className="!size-3 !border-2 !border-white !bg-slate-400"
        />
      ) : (
        outputs.map((out, i) => (
          <div key={out}>
            <Handle
              type="source"
              id={out}
              position={Position.Right}
              style={{ top: `${((i + 1) * 100) / (outputs.length + 1)}%` }}
              className={`!size-3 !border-2 !border-white ${out === 'false' ? '!bg-red-400' : '!bg-emerald-500'}`}
            />
            <span
              className="pointer-events-none absolute -right-10 text-[10px] font-semibold uppercase text-slate-500"
              style={{ top: `calc(${((i + 1) * 100) / (outputs.length + 1)}% - 7px)` }}
            >
              {out}
            </span>
          </div>
        ))
      )}
    </div>
  );
}

export const CatalystNode = memo(CatalystNodeView);
