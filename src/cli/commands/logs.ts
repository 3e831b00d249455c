import { DeployError } from '../../deploy/deploy-error.js';
import { DEFAULT_LOG_LINES, targetLogs } from '../../deploy/target-control.js';
import { defineCommand, UsageError } from '../command.js';
import { onInterrupt } from '../interrupt.js';

interface LogsOptions {
  target?: string;
  follow?: boolean;
  lines?: string;
}

const MAX_LINES = 10_000;

function lineCount(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LOG_LINES;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LINES) {
    throw new UsageError(`--lines must be a whole number from 1 to ${MAX_LINES}, not "${value}"`);
  }
  return n;
}

/**
 * `catalyst logs --target T [--follow] [--lines N]`: the running app's log — the local
 * process's log file (or container), else the platform CLI's logs, secret values scrubbed.
 * `--follow` streams until Ctrl+C, which ends it with exit 0.
 */
export const logsCommand = defineCommand<LogsOptions>({
  name: ['logs'],
  summary:
    "the running app's log: the local process, or the platform CLI's logs (--follow streams until Ctrl+C)",
  options: [
    { flags: '--target <id>', description: 'deployment target id' },
    { flags: '--lines <n>', description: `how many of the latest lines (default ${DEFAULT_LOG_LINES})` },
    { flags: '--follow', description: 'keep printing new lines until Ctrl+C' },
  ],
  async run({ options, projectDir, json }, ctx) {
    if (!options.target) throw new UsageError('logs needs --target <id>');
    const lines = lineCount(options.lines);
    const deps = { workspace: ctx.workspace(), env: ctx.env };
    try {
      if (!options.follow) {
        const text = await targetLogs(projectDir, options.target, deps, { lines });
        const all = text === '' ? [] : text.split('\n');
        return { data: { target: options.target, lines: all }, text: text === '' ? '' : `${text}\n` };
      }
      const controller = new AbortController();
      const release = onInterrupt(() => controller.abort());
      try {
        await targetLogs(projectDir, options.target, deps, {
          lines,
          follow: {
            signal: controller.signal,
            onLine: (line) =>
              void ctx.stdout.write(
                json ? `${JSON.stringify({ target: options.target, line })}\n` : `${line}\n`,
              ),
          },
        });
      } finally {
        release();
      }
      return { text: '' };
    } catch (error) {
      // The platform CLI's own answer helps more than our summary alone.
      if (error instanceof DeployError && error.output.trim() !== '') ctx.note(error.output.trimEnd());
      throw error;
    }
  },
});
