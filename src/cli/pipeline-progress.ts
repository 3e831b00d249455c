import type { GenerateSummary, PipelineEvent } from '../build/pipeline-events.js';
import { plural } from './render.js';

interface ProgressSink {
  note(line: string): void;
  stderr: { write(chunk: string): unknown };
  isTTY: boolean;
}

/**
 * Pipeline events as one stderr line per finished stage (and per verify step). On a
 * terminal the running stage shows as `… stage` and is replaced by its result line;
 * elsewhere only plain finished lines are written, so logs stay readable.
 */
export function progressPrinter(sink: ProgressSink): (event: PipelineEvent) => void {
  const note = (line: string) => {
    if (sink.isTTY) sink.stderr.write('\r\x1b[2K');
    sink.note(line);
  };
  return (event) => {
    if (event.status === 'start') {
      if (sink.isTTY) sink.stderr.write(`\r\x1b[2K… ${event.stage}`);
    } else if (event.status === 'done') {
      note(`✓ ${event.stage.padEnd(8)} ${duration(event.ms).padStart(7)}  ${event.detail}`);
    } else if (event.status === 'step') {
      const { step } = event;
      const [first, ...rest] = step.message.split('\n');
      note(`  ${step.ok ? '✓' : '✗'} ${step.name.padEnd(7)} ${duration(step.ms).padStart(7)}  ${first}`);
      for (const line of rest) note(`      ${line}`);
    }
  };
}

/** Clears a half-written `… stage` line, so an error message starts on a clean line. */
export function endProgress(sink: ProgressSink): void {
  if (sink.isTTY) sink.stderr.write('\r\x1b[2K');
}

/** The closing summary: where, how much, how long, and the verify outcome. */
export function summaryText(s: GenerateSummary): string {
  const kinds = Object.entries(s.lines)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const writes = s.unchanged
    ? 'unchanged, nothing rewritten'
    : `${s.written} written${s.removed ? `, ${s.removed} removed` : ''}`;
  const stages = Object.entries(s.stages)
    .map(([stage, ms]) => `${stage} ${duration(ms)}`)
    .join(' · ');
  const lines = [
    `Generated ${s.project.name} → ${s.target.id} (${s.target.platform}) in ${s.outDir}`,
    `  ${plural(s.files, 'file')} (${writes}), ${plural(s.totalLines, 'line')}: ${kinds}`,
    `  ${stages} (total ${duration(s.totalMs)})`,
    `  commit ${s.commit ?? '(not a git repository)'}`,
  ];
  if (s.verify) {
    const failed = s.verify.steps.filter((step) => !step.ok).map((step) => step.name);
    lines.push(`  verify: ${s.verify.ok ? 'passed' : `FAILED (${failed.join(', ')})`}`);
  }
  return `${lines.join('\n')}\n`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
