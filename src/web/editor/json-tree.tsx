import { Check, ChevronDown, ChevronRight, Copy } from 'lucide-react';
import { useState } from 'react';

/** Strings longer than this show their start and a "more" button. */
const LONG_STRING = 80;
/** Levels open at first; deeper ones open on a click. */
const OPEN_LEVELS = 2;

/** Puts text on the clipboard; the older copy command where the Clipboard API is refused. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

function CopyButton({ value, label }: { value: unknown; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={`Copy ${label}`}
      title="Copy as JSON"
      data-testid="json-copy"
      className="ml-1 rounded p-0.5 text-slate-300 hover:bg-slate-200 hover:text-slate-700 group-hover/row:text-slate-500"
      onClick={(e) => {
        e.stopPropagation();
        void copyText(JSON.stringify(value, null, 2) ?? 'null').then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1_200);
        });
      }}
    >
      {copied ? (
        <Check className="size-3 text-emerald-600" aria-hidden />
      ) : (
        <Copy className="size-3" aria-hidden />
      )}
    </button>
  );
}

function LongString({ text }: { text: string }) {
  const [full, setFull] = useState(false);
  if (text.length <= LONG_STRING || full)
    return <span className="break-all text-emerald-700">{JSON.stringify(text)}</span>;
  return (
    <span className="break-all text-emerald-700">
      {JSON.stringify(text.slice(0, LONG_STRING)).slice(0, -1)}…"{' '}
      <button
        type="button"
        className="rounded bg-slate-200 px-1 text-[10px] font-medium text-slate-600 hover:bg-slate-300"
        onClick={() => setFull(true)}
      >
        {text.length - LONG_STRING} more
      </button>
    </span>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <LongString text={value} />;
  if (value === null || value === undefined) return <span className="text-slate-400">null</span>;
  if (typeof value === 'number') return <span className="text-sky-700">{String(value)}</span>;
  return <span className="text-violet-700">{String(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  path,
}: {
  name: string | null;
  value: unknown;
  depth: number;
  path: string;
}) {
  const container = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < OPEN_LEVELS);
  const entries: Array<[string, unknown]> = container
    ? Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value as Record<string, unknown>)
    : [];
  const key = name === null ? null : <span className="text-slate-600">{name}:</span>;
  const label = path === '' ? 'value' : path;
  if (!container) {
    return (
      <div className="group/row flex items-start gap-1 py-px" data-testid="json-row" data-path={path}>
        <span className="w-3 shrink-0" />
        {key}
        <Scalar value={value} />
        <CopyButton value={value} label={label} />
      </div>
    );
  }
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = Array.isArray(value)
    ? `${entries.length} item${entries.length === 1 ? '' : 's'}`
    : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return (
    <div data-testid="json-node" data-path={path} data-open={open ? 'true' : 'false'}>
      <div className="group/row flex items-center gap-1 py-px">
        <button
          type="button"
          aria-expanded={open}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`}
          className="flex items-center gap-1 rounded hover:bg-slate-100"
          onClick={() => setOpen(!open)}
        >
          {open ? (
            <ChevronDown className="size-3 shrink-0" aria-hidden />
          ) : (
            <ChevronRight className="size-3 shrink-0" aria-hidden />
          )}
          {key}
          <span className="text-slate-400">
            {brackets[0]}
            {open ? '' : ` ${summary} ${brackets[1]}`}
          </span>
        </button>
        <CopyButton value={value} label={label} />
      </div>
      {open && (
        <div className="ml-1.5 border-l border-slate-200 pl-2">
          {entries.map(([k, v]) => (
            <Node
              key={k}
              name={k}
              value={v}
              depth={depth + 1}
              path={path === '' ? k : Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`}
            />
          ))}
          {entries.length === 0 && <span className="text-slate-400">empty</span>}
        </div>
      )}
      {open && <span className="ml-4 text-slate-400">{brackets[1]}</span>}
    </div>
  );
}

/** A JSON value as a tree: each level opens and closes, long strings shorten, every value copies as JSON. */
export function JsonTree({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <div
      className="overflow-x-auto rounded-md bg-slate-50 px-2 py-1.5 font-mono text-[11px] leading-relaxed ring-1 ring-slate-200"
      data-testid={testId}
      data-json={JSON.stringify(value ?? null)}
    >
      <Node name={null} value={value ?? null} depth={0} path="" />
    </div>
  );
}
