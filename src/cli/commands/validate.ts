import { formatProblems } from '../../model/load.js';
import { openProject } from '../../store/project-folder.js';
import { defineCommand } from '../command.js';
import { plural } from '../render.js';

export const validateCommand = defineCommand({
  name: ['validate'],
  summary: 'check the project; list every problem with its file, JSON path and message',
  async run({ projectDir }, ctx) {
    const { project, problems, source } = await openProject(projectDir);
    const name = project?.manifest.name ?? nameIn(source.manifest.text) ?? projectDir;
    if (problems.length === 0) {
      const workflows = project?.workflows.length ?? 0;
      const targets = Object.keys(project?.manifest.deploymentTargets ?? {}).length;
      ctx.note(`✓ ${name} is valid (${plural(workflows, 'workflow')}, ${plural(targets, 'target')}).`);
    } else {
      ctx.note(`✗ ${name}: ${plural(problems.length, 'problem')}.`);
    }
    return {
      data: {
        valid: problems.length === 0,
        project: project?.manifest.name ?? nameIn(source.manifest.text) ?? null,
        dir: projectDir,
        problems,
      },
      text: problems.length === 0 ? '' : formatProblems(problems),
      exitCode: problems.length === 0 ? 0 : 1,
    };
  },
});

/** The project's name even when some file fails to load, so the summary still says which project. */
function nameIn(manifestText: string): string | undefined {
  try {
    const name = (JSON.parse(manifestText) as { name?: unknown }).name;
    return typeof name === 'string' && name.trim() !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
