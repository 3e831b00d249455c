import type { CliCommand } from '../command.js';
import { deployCommand } from './deploy.js';
import { deploymentsCommand } from './deployments.js';
import { draftCommand } from './draft.js';
import { envCommands } from './env.js';
import { execCommand } from './exec.js';
import { generateCommand } from './generate.js';
import { initCommand } from './init.js';
import { restartCommand, stopCommand } from './local-app.js';
import { logsCommand } from './logs.js';
import { monitorCommands } from './monitor.js';
import { projectCommands } from './project.js';
import { rollbackCommand } from './rollback.js';
import { runCommand } from './run.js';
import { secretCommands } from './secret.js';
import { statusCommand } from './status.js';
import { studioCommand } from './studio.js';
import { targetCommands } from './target.js';
import { testCommand } from './test.js';
import { validateCommand } from './validate.js';
import { workflowCommands } from './workflow.js';

/**
 * The command table: every `catalyst` command, in help order. Adding a command is one
 * file in this folder exporting a `defineCommand(...)` and one entry here.
 */
export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  validateCommand,
  generateCommand,
  runCommand,
  execCommand,
  testCommand,
  draftCommand,
  deployCommand,
  deploymentsCommand,
  rollbackCommand,
  stopCommand,
  restartCommand,
  statusCommand,
  logsCommand,
  studioCommand,
  ...projectCommands,
  ...workflowCommands,
  ...targetCommands,
  ...secretCommands,
  ...envCommands,
  ...monitorCommands,
];

/** Descriptions of the command groups (`catalyst workflow --help`). */
export const COMMAND_GROUPS: Record<string, string> = {
  project: 'show, update, list, register and unregister projects',
  workflow: 'list, create, rename, delete workflows and set their target, visibility, endpoint',
  target: 'list, add, update and remove deployment targets',
  secret: 'manage secrets (values are encrypted in the workspace, never in the project folder)',
  env: "manage the project's env vars",
  monitor: 'health monitor settings for the whole workspace (interval, timeout, webhook)',
};
