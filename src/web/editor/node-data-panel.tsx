import { ChevronDown, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import type { RunNodeView, RunTraceView } from '../../server/contract.js';
import { Badge } from '../components/ui.js';
import { formatMs } from '../format.js';
import { JsonTree } from './json-tree.js';
import { traceNode, useRun } from './run-store.js';

const TONE = { ok: 'green', error: 'red', skipped: 'grey' } as const;

export function StatusBadge({ node }: { node: Pick<RunNodeView, 'status' | 'durationMs'> }) {
  return (
    <Badge tone={TONE[node.status]}>
      {node.status}
      {node.status === 'skipped' ? '' : ` · ${formatMs(node.durationMs)}`}
    </Badge>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-1">
      <h3 className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

/** A node's input, output and error as the run saw them. */
function NodeData({ node }: { node: RunNodeView }) {
  return (
    <div className="space-y-3">
      {node.error !== undefined && (
        <p
          className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700"
          role="alert"
          data-testid="node-error"
        >
          {node.error}
        </p>
      )}
      <Section title="Input">
        <JsonTree value={node.input} testId="node-input" />
      </Section>
      {node.status === 'skipped' ? (
        <p className="text-xs text-slate-500">Skipped: the branch this node is on did not run.</p>
      ) : (
        node.output !== undefined && (
          <Section title="Output">
            <JsonTree value={node.output} testId="node-output" />
          </Section>
        )
      )}
      {node.calls?.map((trace, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: calls are in the order they were made
        <CalleeTrace key={i} trace={trace} />
      ))}
    </div>
  );
}

/** A locally called workflow's run, inside the call node's data: its nodes with status, each expandable. */
function CalleeTrace({ trace }: { trace: RunTraceView }) {
  return (
    <Section title={`Called workflow: ${trace.workflow}`}>
      <div
        className="rounded-md ring-1 ring-slate-200"
        data-testid="callee-trace"
        data-workflow={trace.workflow}
      >
        <p className="flex items-center gap-2 border-b border-slate-100 px-2 py-1.5 text-xs">
          <Badge tone={trace.status === 'ok' ? 'green' : 'red'}>
            {trace.status} · {formatMs(trace.durationMs)}
          </Badge>
          {trace.error && <span className="truncate text-red-700">{trace.error}</span>}
        </p>
        <ul>
          {trace.nodes.map((n) => (
            <CalleeNode key={n.id} node={n} />
          ))}
        </ul>
      </div>
    </Section>
  );
}

function CalleeNode({ node }: { node: RunNodeView }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="border-b border-slate-100 last:border-0" data-testid="callee-node" data-node-id={node.id}>
      <button
        type="button"
        aria-expanded={open}
        className="flex w-full items-center gap-1.5 px-2 py-1.5 text-left text-xs hover:bg-slate-50"
        onClick={() => setOpen(!open)}
      >
        {open ? (
          <ChevronDown className="size-3" aria-hidden />
        ) : (
          <ChevronRight className="size-3" aria-hidden />
        )}
        <span
          className={`min-w-0 flex-1 truncate ${node.status === 'skipped' ? 'text-slate-400' : 'text-slate-800'}`}
        >
          {node.name}
        </span>
        <StatusBadge node={node} />
      </button>
      {open && (
        <div className="px-2 pb-2">
          <NodeData node={node} />
        </div>
      )}
    </li>
  );
}

/** The inspector's Data tab: what the selected node received and returned in the shown run. */
export function NodeDataPanel({ nodeId }: { nodeId: string }) {
  const run = useRun((s) => s.run);
  const node = traceNode(run?.trace, nodeId);
  if (!run) {
    return (
      <p className="text-sm text-slate-500" data-testid="node-data-empty">
        Run the workflow (Run tab) to see what each node receives and returns.
      </p>
    );
  }
  if (!node) {
    return (
      <p className="text-sm text-slate-500" data-testid="node-data-empty">
        This node did not run in the shown run (it was added later, or the run stopped before it).
      </p>
    );
  }
  return (
    <div className="space-y-3" data-testid="node-data" data-node-id={nodeId} data-status={node.status}>
      <div className="flex items-center gap-2">
        <p className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">{node.name}</p>
        <StatusBadge node={node} />
      </div>
      <NodeData node={node} />
    </div>
  );
}
