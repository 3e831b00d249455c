import { applyDraft } from '../../draft/apply.js';
import type { DraftEvent } from '../../draft/events.js';
import { DraftHistory } from '../../draft/history.js';
import { type Draft, draftWorkflow } from '../../draft/pipeline.js';
import type { CommandContext } from '../command.js';
import { defineCommand } from '../command.js';
import { duration } from '../pipeline-progress.js';
import { plural } from '../render.js';

interface DraftOptions {
  workflow?: string;
  target?: string;
  yes?: boolean;
}

export const draftCommand = defineCommand<DraftOptions>({
  name: ['draft'],
  summary: 'draft a workflow from a sentence with an LLM; validated and repaired before it is written',
  args: [{ name: 'prompt', description: 'what the workflow should do, in a sentence or two' }],
  options: [
    {
      flags: '--workflow <name>',
      description: 'change this workflow (name, slug or id) instead of adding one',
    },
    { flags: '--target <id>', description: 'deployment target of the drafted workflow' },
    { flags: '--yes', description: 'write the draft without asking once it validates' },
  ],
  async run({ args, options, projectDir, json }, ctx) {
    const workspace = ctx.workspace();
    const history = new DraftHistory(workspace.db);
    const onEvent = draftProgress(ctx);
    const draft = await draftWorkflow({
      projectDir,
      prompt: args['prompt'] ?? '',
      ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
      ...(options.target === undefined ? {} : { targetId: options.target }),
      env: ctx.env,
      vault: workspace.vault,
      history,
      onEvent,
    }).finally(() => clearLine(ctx));

    if (!draft.ok) {
      ctx.note(
        `✗ The draft still has ${plural(draft.problems.length, 'problem')} after ${plural(draft.rounds, 'repair round')}; nothing was written:`,
      );
      for (const p of draft.problems) ctx.note(`  ${p.file} ${p.path}: ${p.message}`);
      return { data: resultData(draft), text: draft.text ?? '', exitCode: 1 };
    }

    const shown = draft.action === 'update' ? draft.diff || '(no change)\n' : draft.text!;
    const summary = `${draft.action === 'update' ? 'Changed' : 'New'} workflow ${draft.workflow!.name} (${draft.file}), ${plural(draft.rounds, 'repair round')}, ${draft.tokens.input} tokens in / ${draft.tokens.output} out.`;
    if (draft.notes) ctx.note(`Notes: ${draft.notes}`);

    let accepted = options.yes === true;
    const interactive = ctx.isTTY && ctx.stdin.isTTY === true;
    if (!accepted && interactive) {
      ctx.stderr.write(shown.endsWith('\n') ? shown : `${shown}\n`);
      ctx.note(summary);
      ctx.stderr.write(`Write ${draft.file}? [y/N] `);
      accepted = /^y(es)?$/i.test((await readLine(ctx)).trim());
    }
    if (!accepted) {
      ctx.note(summary);
      ctx.note(
        interactive
          ? 'Not written.'
          : `Not written: stdin is not a terminal, so nothing was asked. Run again with --yes to write ${draft.file}.`,
      );
      return { data: resultData(draft), text: interactive ? '' : shown };
    }
    const written = await applyDraft(projectDir, draft, { history, onEvent }).finally(() => clearLine(ctx));
    ctx.note(summary);
    ctx.note(`Wrote ${written.file} (not committed: review it, then commit it yourself).`);
    return { data: resultData(written), text: json ? '' : options.yes ? shown : '' };
  },
});

/** The result for `--json`: everything but the texts already in `draft`/`diff`. */
function resultData(draft: Draft): Record<string, unknown> {
  const { text: _text, before: _before, ...rest } = draft;
  return rest;
}

/** Draft events as stderr lines: `… stage` while it runs on a terminal, one line per finished stage. */
function draftProgress(ctx: CommandContext): (event: DraftEvent) => void {
  return (event) => {
    const round = 'round' in event && event.round ? ` ${event.round}` : '';
    if (event.status === 'started') {
      if (ctx.isTTY) ctx.stderr.write(`\r\x1b[2K… ${event.stage}${round}`);
      return;
    }
    clearLine(ctx);
    if (event.status === 'retrying') {
      ctx.note(`  ↻ ${event.stage}: ${event.reason}; try ${event.attempt + 1} in ${duration(event.delayMs)}`);
      return;
    }
    // A stage that threw is reported once, by the error boundary, as the command's error.
    if (event.status === 'failed' && event.fatal) return;
    const mark = event.status === 'completed' ? '✓' : '✗';
    ctx.note(
      `${mark} ${`${event.stage}${round}`.padEnd(10)} ${duration(event.ms).padStart(7)}  ${event.detail}`,
    );
    for (const p of event.problems ?? []) ctx.note(`    ${p.path}: ${p.message}`);
  };
}

function clearLine(ctx: CommandContext): void {
  if (ctx.isTTY) ctx.stderr.write('\r\x1b[2K');
}

/** One line from stdin (the answer to the question). */
async function readLine(ctx: CommandContext): Promise<string> {
  let line = '';
  for await (const chunk of ctx.stdin) {
    line += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const end = line.indexOf('\n');
    if (end >= 0) return line.slice(0, end);
  }
  return line;
}
