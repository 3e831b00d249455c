import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Project } from '../../src/model/project-files.js';
import type { Workflow } from '../../src/model/workflow.js';

/** A workflow file as the store writes it: 2-space JSON with a trailing newline. */
export function workflowText(w: Workflow): string {
  return `${JSON.stringify(w, null, 2)}\n`;
}

/** Writes a project folder (catalyst.json + workflows/*.json) and commits it, as a user's project would be. */
export function writeProjectFolder(dir: string, project: Project, opts: { git: boolean }): void {
  fs.mkdirSync(path.join(dir, 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'catalyst.json'), `${JSON.stringify(project.manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, '.gitignore'), '.catalyst/\n');
  for (const { file, workflow } of project.workflows)
    fs.writeFileSync(path.join(dir, file), workflowText(workflow));
  if (!opts.git) return;
  // Works without a configured git identity (CI machines): the identity is given here.
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@localhost',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@localhost',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'synthetic benchmark project');
}
