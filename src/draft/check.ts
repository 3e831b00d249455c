import { generatorVersion } from '../build/generator-version.js';
import { checkPythonSyntax } from '../build/python-syntax.js';
import { loadRuntimeAssets } from '../build/runtime-assets.js';
import { planTarget } from '../compiler/plan.js';
import { renderPlan } from '../compiler/render-target.js';
import { loadProject } from '../model/load.js';
import type { Problem, Project, ProjectSource } from '../model/project-files.js';
import { type Workflow, workflowSchema } from '../model/workflow.js';
import { workflowFileFor } from '../store/project-folder.js';
import { stableJson } from '../store/stable-json.js';

/** Where a draft goes: a new file, or in place of the workflow being changed. */
export interface DraftSlot {
  source: ProjectSource;
  /** The workflow being changed (`--workflow`): its file and what must stay as it is. */
  editing?: { file: string; id: string; name: string; deploymentTargetId: string };
  /** `--target`: the draft is put on this target whatever the model chose. */
  targetId?: string;
}

export interface CheckedDraft {
  /** The file the draft would be written to (project-relative). */
  file: string;
  /** The draft as a file's text (schema order), when it passed the workflow schema. */
  text?: string;
  workflow?: Workflow;
  /** The project with the draft in place, when it loads. */
  project?: Project;
  /** Problems the draft brings (problems the project had before are not its own). */
  problems: Problem[];
}

/**
 * Validates a model's answer with the same validator as `catalyst validate`, on the project
 * as it would be with the draft added (or in place of the workflow being changed).
 */
export function checkDraft(slot: DraftSlot, answer: unknown): CheckedDraft {
  const others = slot.source.workflows.filter((f) => f.path !== slot.editing?.file);
  const shape = answerShape(answer);
  if ('problem' in shape) {
    return { file: slot.editing?.file ?? 'workflows/draft.json', problems: [shape.problem] };
  }
  const value = pinned(slot, shape.workflow);
  const name = typeof value['name'] === 'string' ? value['name'] : 'draft';
  const file =
    slot.editing?.file ??
    workflowFileFor(
      name,
      others.map((f) => f.path),
    );
  const problems: Problem[] = [];

  const before = loadProject({ manifest: slot.source.manifest, workflows: others });
  const known = new Set(before.problems.map(problemKey));
  if (!slot.editing) problems.push(...takenProblems(file, value, before.project));

  const parsed = workflowSchema.safeParse(value);
  const text = parsed.success ? stableJson(parsed.data) : stableJson(value);
  const after = loadProject({
    manifest: slot.source.manifest,
    workflows: [...others, { path: file, text }].sort((a, b) => (a.path < b.path ? -1 : 1)),
  });
  problems.push(...after.problems.filter((p) => !known.has(problemKey(p))));
  return {
    file,
    problems,
    ...(parsed.success ? { text, workflow: parsed.data } : {}),
    ...(after.project ? { project: after.project } : {}),
  };
}

/** One line per problem for the model: `path: message`, with the file when it is not the draft's. */
export function problemLines(problems: readonly Problem[], draftFile: string): string {
  return problems.map((p) => `${p.file === draftFile ? '' : `${p.file} `}${p.path}: ${p.message}`).join('\n');
}

function problemKey(p: Problem): string {
  return `${p.file}\0${p.path}\0${p.message}`;
}

function answerShape(answer: unknown): { workflow: Record<string, unknown> } | { problem: Problem } {
  const file = 'workflows/draft.json';
  if (!isObject(answer)) {
    return {
      problem: {
        file,
        path: '$',
        message: 'The tool input must be an object {"workflow": {…}, "notes": "…"}',
      },
    };
  }
  const workflow = answer['workflow'];
  if (typeof workflow === 'string') {
    // Some models send the workflow as JSON text; take it if it parses.
    try {
      const parsed = JSON.parse(workflow) as unknown;
      if (isObject(parsed)) return { workflow: parsed };
    } catch {}
  }
  if (!isObject(workflow)) {
    return {
      problem: {
        file,
        path: '$.workflow',
        message: 'workflow is missing: send the whole workflow object as "workflow"',
      },
    };
  }
  return { workflow };
}

/** What the user fixed stays fixed: the changed workflow's id, name and target; `--target`. */
function pinned(slot: DraftSlot, workflow: Record<string, unknown>): Record<string, unknown> {
  const value = { ...workflow };
  if (slot.editing) {
    value['id'] = slot.editing.id;
    value['name'] = slot.editing.name;
    value['deploymentTargetId'] = slot.editing.deploymentTargetId;
  }
  if (slot.targetId) value['deploymentTargetId'] = slot.targetId;
  return value;
}

function takenProblems(
  file: string,
  value: Record<string, unknown>,
  project: Project | undefined,
): Problem[] {
  if (!project) return [];
  const problems: Problem[] = [];
  const id = value['id'];
  const clash = project.workflows.find((w) => w.workflow.id === id);
  if (clash) {
    problems.push({
      file,
      path: '$.id',
      message: `id ${String(id)} is already used by workflow ${JSON.stringify(clash.workflow.name)}: choose another id for the new workflow`,
    });
  }
  const name = value['name'];
  const wanted = typeof name === 'string' ? name.trim().toLowerCase() : undefined;
  const sameName = project.workflows.find((w) => w.workflow.name.trim().toLowerCase() === wanted);
  if (sameName && sameName !== clash) {
    problems.push({
      file,
      path: '$.name',
      message: `name ${JSON.stringify(name)} is already used by another workflow (${sameName.file}): choose another name`,
    });
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Generates the target's app in memory with the compiler and compiles its Python. A syntax
 * error is a problem of the draft (a code node's Python, most likely), said in the model's terms.
 */
export async function compileDraft(
  project: Project,
  draft: { file: string; workflow: Workflow },
  env: NodeJS.ProcessEnv,
): Promise<{ files: number; python: string; problems: Problem[] }> {
  const plan = planTarget(project, draft.workflow.deploymentTargetId, {
    generatorVersion: generatorVersion(),
  });
  const files = renderPlan(plan, await loadRuntimeAssets());
  const syntax = await checkPythonSyntax(files, env);
  const problems = syntax.errors.map((e) => ({
    file: draft.file,
    path: '$',
    message: `the generated Python does not compile: ${e.file} line ${e.line}: ${e.message}${e.text ? ` (${e.text})` : ''}; check the Python of the code nodes`,
  }));
  return { files: files.length, python: syntax.python, problems };
}
