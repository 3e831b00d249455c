import { resolve } from 'node:path';
import { generateApp } from '../../build/generate.js';
import { assertOutputFolder } from '../../build/write-output.js';
import { defineCommand, UsageError } from '../command.js';
import { endProgress, progressPrinter, summaryText } from '../pipeline-progress.js';

interface GenerateOptions {
  target?: string;
  out?: string;
  verify?: boolean;
}

export const generateCommand = defineCommand<GenerateOptions>({
  name: ['generate'],
  summary:
    'compile one deployment target into a FastAPI app folder; --verify also compiles, boots and tests it',
  options: [
    { flags: '--target <id>', description: 'deployment target id (see `catalyst target list`)' },
    { flags: '--out <dir>', description: 'output folder: new, empty, or made by an earlier generate' },
    {
      flags: '--verify',
      description: 'compile every file, boot the app, GET /health, run its generated tests',
    },
  ],
  async run({ options, projectDir }, ctx) {
    if (!options.target) throw new UsageError('generate needs --target <id> (see `catalyst target list`)');
    if (!options.out) throw new UsageError('generate needs --out <dir>: the folder to write the app into');
    const outDir = resolve(ctx.cwd, options.out);
    // Before any work: a dangerous --out (/, $HOME, the project) is refused at once.
    await assertOutputFolder(outDir, {
      projectDir,
      ...(ctx.env['HOME'] ? { home: ctx.env['HOME'] } : {}),
    });
    const { summary } = await generateApp({
      projectDir,
      targetId: options.target,
      outDir,
      verify: Boolean(options.verify),
      onEvent: progressPrinter(ctx),
      env: ctx.env,
    }).finally(() => endProgress(ctx));
    for (const warning of summary.warnings) ctx.note(warning);
    return { data: summary, text: summaryText(summary), exitCode: summary.verify?.ok === false ? 1 : 0 };
  },
});
