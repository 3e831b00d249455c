import { rollbackTo } from '../../deploy/rollback.js';
import { defineCommand, UsageError } from '../command.js';
import { reportDeployment } from './deploy.js';

export const rollbackCommand = defineCommand<{ to?: string }>({
  name: ['rollback'],
  summary: "redeploy an earlier successful deployment's commit to its target (the work tree is left alone)",
  options: [{ flags: '--to <id>', description: 'deployment id to return to (see `catalyst deployments`)' }],
  async run({ options, projectDir }, ctx) {
    if (!options.to) throw new UsageError('rollback needs --to <deployment id> (see `catalyst deployments`)');
    const record = await rollbackTo(
      { projectDir, toId: options.to },
      { workspace: ctx.workspace(), env: ctx.env, onLog: (line) => ctx.note(line) },
    );
    return reportDeployment(record, ctx);
  },
});
