import { Handle, type NodeProps, Position } from '@xyflow/react';
import { TriangleAlert } from 'lucide-react';
import { memo } from 'react';
import { nodeDefinition, nodeSummary } from '../../model/nodes/registry.js';
import { formatMs } from '../format.js';
import type { CanvasNode } from './canvas-model.js';
import { useEditor } from './editor-store.js';
import { iconFor } from './node-icons.js';
import { useRun } from './run-store.js';

/** One workflow step on the canvas: icon, name, type, a one-line summary, its ports. */
function CatalystNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const definition = nodeDefinition(data.type);
  const problems = useEditor((s) => s.problems.filter((p) => p.nodeId === id).length);
  const ran = useRun((s) => s.run?.trace.nodes.find((n) => n.id === id));
  const failed = ran?.status === 'error';
  const skipped = ran?.status === 'skipped';
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
      className={`relative w-60 rounded-lg bg-white shadow-sm ${ring} ${skipped ? 'opacity-45' : ''}`}
      data-testid="canvas-node"
      data-node-id={id}
      data-invalid={invalid ? 'true' : 'false'}
      data-failed={failed ? 'true' : 'false'}
      data-run-status={ran?.status ?? 'none'}
    >
      {ran && (
        <span
          data-testid="run-badge"
          data-status={ran.status}
          title={
            ran.error ?? (ran.status === 'skipped' ? 'Skipped in the shown run' : 'Ran in the shown run')
          }
          className={`absolute -top-2.5 right-2 z-10 rounded-full px-1.5 py-px text-[10px] font-semibold shadow-sm ring-1 ${
            ran.status === 'ok'
              ? 'bg-emerald-50 text-emerald-700 ring-emerald-600/30'
              : ran.status === 'error'
                ? 'bg-red-600 text-white ring-red-700'
                : 'bg-slate-100 text-slate-500 ring-slate-300'
          }`}
        >
          {ran.status === 'ok'
            ? `✓ ${formatMs(ran.durationMs)}`
            : ran.status === 'error'
              ? `✕ error · ${formatMs(ran.durationMs)}`
              : 'skipped'}
        </span>
      )}
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
      {ran?.error !== undefined && (
        <p
          className="line-clamp-2 rounded-b-lg border-t border-red-100 bg-red-50 px-3 py-1 text-[11px] text-red-700"
          data-testid="node-run-error"
        >
          {ran.error}
        </p>
      )}
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
