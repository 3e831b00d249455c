import { listDeployments } from '../../deploy/runtime-state.js';
import { loadState } from '../../store/operations/session.js';
import { defineCommand } from '../command.js';
import { table } from '../render.js';

function duration(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(1)}s`;
}

export const deploymentsCommand = defineCommand<{ target?: string }>({
  name: ['deployments'],
  summary: 'list the deployments of this project, newest first',
  options: [{ flags: '--target <id>', description: 'only this target' }],
  async run({ options, projectDir }, ctx) {
    const { manifest } = await loadState(projectDir);
    const records = listDeployments(
      ctx.workspace(),
      manifest.id,
      options.target ? { targetId: options.target } : {},
    );
    if (records.length === 0)
      ctx.note(`No deployments of ${manifest.name}${options.target ? ` to ${options.target}` : ''} yet.`);
    const rows = records.map((d) => [
      d.id,
      d.targetId,
      d.status,
      d.commit.slice(0, 7),
      d.startedAt,
      duration(d.durationMs),
      d.rollbackOf ?? '',
    ]);
    return {
      // Logs can be long; --json carries them, the table does not.
      data: records,
      text:
        records.length === 0
          ? ''
          : table(rows, ['ID', 'TARGET', 'STATUS', 'COMMIT', 'STARTED', 'DURATION', 'ROLLBACK OF']),
    };
  },
});
