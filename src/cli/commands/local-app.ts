import { restartTarget } from '../../deploy/restart-target.js';
import { stopTarget } from '../../deploy/target-control.js';
import { defineCommand, UsageError } from '../command.js';

/** `catalyst stop` and `catalyst restart`: the app a local (docker) target runs on this machine. */
export const stopCommand = defineCommand<{ target?: string }>({
  name: ['stop'],
  summary: 'stop the app a local (docker) target runs on this machine',
  options: [{ flags: '--target <id>', description: 'deployment target id' }],
  async run({ options, projectDir }, ctx) {
    if (!options.target) throw new UsageError('stop needs --target <id>');
    await stopTarget(projectDir, options.target, {
      workspace: ctx.workspace(),
      env: ctx.env,
      onLog: (l) => ctx.note(l),
    });
    return { data: { target: options.target, status: 'stopped' } };
  },
});

export const restartCommand = defineCommand<{ target?: string }>({
  name: ['restart'],
  summary: 'start the deployed version of a local (docker) target again (same port when it is running)',
  options: [{ flags: '--target <id>', description: 'deployment target id' }],
  async run({ options, projectDir }, ctx) {
    if (!options.target) throw new UsageError('restart needs --target <id>');
    const url = await restartTarget(projectDir, options.target, {
      workspace: ctx.workspace(),
      env: ctx.env,
      onLog: (l) => ctx.note(l),
    });
    return { data: { target: options.target, status: 'deployed', url } };
  },
});
