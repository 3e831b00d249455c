import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ExecNode, type ExecTrace, execWorkflow } from '../../build/exec-workflow.js';
import { type CliCommand, defineCommand, UsageError } from '../command.js';
import type { CliContext } from '../context.js';
import { table } from '../render.js';
import { readStdin } from '../stdin.js';
import { secretValues } from './run.js';

interface ExecOptions {
  input?: string;
  inputFile?: string;
}

/** Longest preview of a value in the human table. */
const PREVIEW = 60;

export const execCommand: CliCommand = defineCommand<ExecOptions>({
  name: ['exec'],
  summary: "run one workflow once through its generated code and print every node's trace",
  args: [{ name: 'workflow', description: 'workflow name, slug or id' }],
  options: [
    { flags: '--input <json>', description: 'the trigger data as JSON (default {})' },
    { flags: '--input-file <file>', description: 'read the trigger data from a JSON file (- for stdin)' },
  ],
  async run({ args, options, projectDir }, ctx) {
    const input = await triggerData(options, ctx);
    const trace = await execWorkflow({
      projectDir,
      workflow: args['workflow']!,
      input,
      env: ctx.env,
      secrets: (plan) => secretValues(plan, ctx),
      // The app's log lines and prints are human text: stderr, beside the trace on stdout.
      onOutput: (chunk) => void ctx.stderr.write(chunk),
    });
    return { data: trace, text: render(trace), exitCode: trace.status === 'ok' ? 0 : 1 };
  },
});

async function triggerData(options: ExecOptions, ctx: CliContext): Promise<unknown> {
  if (options.input !== undefined && options.inputFile !== undefined) {
    throw new UsageError('exec takes --input or --input-file, not both');
  }
  let text: string;
  let source: string;
  if (options.input !== undefined) {
    text = options.input;
    source = '--input';
  } else if (options.inputFile !== undefined) {
    source = `--input-file ${options.inputFile}`;
    if (options.inputFile === '-') text = await readStdin(ctx);
    else {
      try {
        text = await readFile(resolve(ctx.cwd, options.inputFile), 'utf8');
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
        throw new UsageError(`Cannot read ${source}: ${why}`);
      }
    }
  } else return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${source} is not valid JSON (${(error as Error).message}); give the trigger data as JSON, e.g. --input '{"userId": 42}'`,
    );
  }
}

/** The trace as a table: one row per node, a local call's nodes indented under it. */
export function render(trace: ExecTrace): string {
  const rows: string[][] = [];
  addRun(rows, trace, '');
  const ending =
    trace.status === 'ok' ? `result: ${preview(trace.result, 400)}` : `error: ${trace.error ?? 'failed'}`;
  return `${table(rows, ['STATUS', 'NODE', 'TYPE', 'START', 'TIME', 'DATA'])}${ending}\n`;
}

function addRun(rows: string[][], run: ExecTrace, indent: string): void {
  rows.push([run.status, `${indent}${run.workflow}`, 'workflow', '', ms(run.durationMs), '']);
  for (const node of run.nodes) {
    rows.push([
      node.status,
      `${indent}  ${node.id} (${node.name})`,
      node.type,
      node.status === 'skipped' ? '' : `+${ms(node.startedMs)}`,
      node.status === 'skipped' ? '' : ms(node.durationMs),
      data(node),
    ]);
    for (const call of node.calls ?? []) addRun(rows, call, `${indent}    `);
  }
}

function data(node: ExecNode): string {
  if (node.status === 'skipped') return '';
  const input = `in ${preview(node.input, PREVIEW)}`;
  return node.status === 'ok'
    ? `${input}  out ${preview(node.output, PREVIEW)}`
    : `${input}  error ${node.error}`;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

function preview(value: unknown, limit: number): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
