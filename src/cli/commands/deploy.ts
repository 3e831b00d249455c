import { deployTarget } from '../../deploy/deploy-target.js';
import type { DeploymentRecord } from '../../deploy/records/deployments.js';
import { type CommandContext, defineCommand, UsageError } from '../command.js';

interface DeployOptions {
  target?: string;
  /** commander turns `--no-commit` into `commit: false`. */
  commit?: boolean;
}

/** The closing line of a deploy or rollback, on stderr, and its exit code (a failed deploy is 1). */
export function reportDeployment(record: DeploymentRecord, ctx: CommandContext) {
  if (record.status === 'success') {
    ctx.note(
      `✓ ${record.id}: ${record.targetId} at ${record.commit.slice(0, 7)}${record.url ? ` — ${record.url}` : ''}`,
    );
    return { data: record, exitCode: 0 };
  }
  ctx.note(`✗ ${record.id} failed: ${record.error ?? 'unknown error'}`);
  return { data: record, exitCode: 1 };
}

export const deployCommand = defineCommand<DeployOptions>({
  name: ['deploy'],
  summary: 'validate, commit if needed, generate at that commit and ship a target (progress on stderr)',
  options: [
    { flags: '--target <id>', description: 'deployment target id (see `catalyst target list`)' },
    { flags: '--no-commit', description: 'refuse to deploy uncommitted changes instead of committing them' },
  ],
  async run({ options, projectDir }, ctx) {
    if (!options.target) throw new UsageError('deploy needs --target <id> (see `catalyst target list`)');
    const record = await deployTarget(
      { projectDir, targetId: options.target, noCommit: options.commit === false },
      { workspace: ctx.workspace(), env: ctx.env, onLog: (line) => ctx.note(line) },
    );
    return reportDeployment(record, ctx);
  },
});
