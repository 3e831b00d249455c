import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/model/load.js';
import type { Problem, Project } from '../../../src/model/project-files.js';
import {
  checkProject,
  validateProject,
  workflowFileProblems,
} from '../../../src/model/validate/validate-project.js';
import { allNodesProject } from '../../fixtures/all-nodes-project.js';
import { tortureProject } from '../../fixtures/torture-project.js';
import { demoProject, edge, find, node, sourceOf } from '../fixtures.js';

/** The demo project with problems of every kind: per-file ones in two files, cross-workflow ones. */
function brokenDemo(): Project {
  const project = demoProject();
  const main = find(project, 'wf_main');
  main.nodes['ghost'] = node('ghost', 'noSuchType');
  main.edges.push(edge('ghost', 'nowhere'));
  const extract = find(project, 'wf_extract');
  extract.nodes['bad'] = node('bad', 'transform', { fields: { x: '{{ env.NOT_DECLARED }}' } });
  // Cross-workflow: a duplicate id, and a call to a workflow that does not exist.
  find(project, 'wf_process').id = 'wf_extract';
  return project;
}

const FIXTURES: Array<[string, () => Project]> = [
  ['demo', demoProject],
  ['broken demo', brokenDemo],
  ['torture', tortureProject],
  ['all nodes', allNodesProject],
];

/** Changes one workflow file's own content (a node renamed and a broken edge) — nothing others depend on. */
function changeOne(project: Project, index: number): Project {
  const copy = structuredClone(project);
  const loaded = copy.workflows[index]!;
  const first = Object.values(loaded.workflow.nodes)[0]!;
  first.name = `${first.name} (edited)`;
  loaded.workflow.edges.push(edge(first.id, 'missing_target'));
  return copy;
}

describe('per-workflow and project-wide rules, split', () => {
  for (const [name, make] of FIXTURES) {
    it(`${name}: kept per-file problems + rules of the changed file = full validation`, () => {
      const before = make();
      const first = checkProject(before, { complete: true });
      expect(first.problems).toEqual(validateProject(before));
      const paths = before.workflows.map((w) => w.file);
      const unique = (file: string) => paths.indexOf(file) === paths.lastIndexOf(file);
      for (const loaded of before.workflows) {
        if (unique(loaded.file)) {
          expect(first.byWorkflow.get(loaded.file)).toEqual(workflowFileProblems(before, loaded));
        } else expect(first.byWorkflow.has(loaded.file)).toBe(false);
      }
      for (let i = 0; i < before.workflows.length; i++) {
        const after = changeOne(before, i);
        const changedFile = after.workflows[i]!.file;
        const known = new Map([...first.byWorkflow].filter(([file]) => file !== changedFile));
        const incremental = checkProject(after, { complete: true, known });
        const full = validateProject(after);
        expect(full.length).toBeGreaterThan(0);
        expect(incremental.problems).toEqual(full);
        if (unique(changedFile)) {
          expect(incremental.byWorkflow.get(changedFile)).toEqual(
            workflowFileProblems(after, after.workflows[i]!),
          );
        }
      }
    });
  }

  it('takes known problems as given instead of running those files’ rules again', () => {
    const project = demoProject();
    const file = project.workflows[1]!.file;
    const marker: Problem = { file, path: '$', message: 'kept from an earlier check' };
    const { problems } = checkProject(project, { complete: true, known: new Map([[file, [marker]]]) });
    expect(problems).toEqual([marker]);
  });

  it('loadProject with known problems answers as without them', () => {
    for (const [, make] of FIXTURES) {
      const source = sourceOf(make());
      const plain = loadProject(source);
      expect(plain.byWorkflow).toBeDefined();
      const again = loadProject(source, { known: plain.byWorkflow! });
      expect(again.problems).toEqual(plain.problems);
      expect(again.project).toEqual(plain.project);
    }
  });
});
