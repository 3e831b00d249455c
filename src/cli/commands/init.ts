import { resolve } from 'node:path';
import { createProject } from '../../store/project-store.js';
import { defineCommand } from '../command.js';

interface InitOptions {
  name?: string;
  description?: string;
  example?: boolean;
}

export const initCommand = defineCommand<InitOptions>({
  name: ['init'],
  summary: 'create a project folder: catalyst.json, workflows/, a git repository and a `local` target',
  args: [
    {
      name: 'dir',
      description: 'folder to create (default: --project or the current folder)',
      optional: true,
    },
  ],
  options: [
    { flags: '--name <name>', description: 'project name (default: the folder name)' },
    { flags: '--description <text>', description: 'one line about the project' },
    {
      flags: '--example',
      description: 'create the demo: main_workflow calling extract_data and process_results',
    },
  ],
  async run({ args, options, projectDir }, ctx) {
    const dir = args['dir'] === undefined ? projectDir : resolve(ctx.cwd, args['dir']);
    const created = await createProject(
      dir,
      {
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.description === undefined ? {} : { description: options.description }),
        example: Boolean(options.example),
      },
      { workspace: ctx.workspace(), git: ctx.git },
    );
    const { manifest } = created;
    ctx.note(`Created project ${manifest.name} in ${created.dir} (commit ${created.commit.slice(0, 7)}).`);
    if (options.example) {
      ctx.note('Demo: main_workflow (POST /api/main) calls extract_data, then process_results, locally.');
    }
    ctx.note(`Next: catalyst validate --project ${created.dir}`);
    return {
      data: {
        project: { id: manifest.id, name: manifest.name, dir: created.dir },
        workflows: created.workflows.map((w) => ({ id: w.workflow.id, name: w.workflow.name, file: w.file })),
        targets: Object.keys(manifest.deploymentTargets),
        commit: created.commit,
        registered: created.registered !== undefined,
      },
    };
  },
});
