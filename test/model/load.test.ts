import { describe, expect, it } from 'vitest';
import { formatProblems, loadProject, validateProject } from '../../src/model/load.js';
import type { Problem, ProjectSource } from '../../src/model/project-files.js';
import { demoProject, sourceOf } from './fixtures.js';

function demoSource(): ProjectSource {
  return sourceOf(demoProject());
}

/** Edits one file of the demo as JSON: index -1 is catalyst.json, else a workflow file. */
function editJson(
  source: ProjectSource,
  index: number,
  // biome-ignore lint/suspicious/noExplicitAny: tests edit raw JSON of any shape, including wrong ones
  edit: (json: Record<string, any>) => void,
): ProjectSource {
  const file = index < 0 ? source.manifest : source.workflows[index]!;
  const json = JSON.parse(file.text);
  edit(json);
  file.text = JSON.stringify(json, null, 2);
  return source;
}

function seen(problems: Problem[]) {
  return problems.map(({ file, path, message }) => ({ file, path, message }));
}

const MAIN = 0;
const EXTRACT = 1;

describe('loadProject', () => {
  it('loads the demo with no problems', () => {
    const result = loadProject(demoSource());
    expect(result.problems).toEqual([]);
    expect(result.project?.workflows.map((w) => [w.file, w.workflow.id])).toEqual([
      ['workflows/main_workflow.json', 'wf_main'],
      ['workflows/extract_data.json', 'wf_extract'],
      ['workflows/process_results.json', 'wf_process'],
      ['workflows/ping.json', 'wf_ping'],
    ]);
  });

  it('fills schema defaults but keeps node configs as written', () => {
    const source = editJson(demoSource(), EXTRACT, (w) => {
      delete w.edges;
    });
    const { project } = loadProject(source);
    const extract = project!.workflows[1]!.workflow;
    expect(extract.edges).toEqual([]);
    expect(extract.nodes['fetch']!.config).not.toHaveProperty('timeout');
  });

  it('accepts a byte-order mark', () => {
    const source = demoSource();
    source.manifest.text = `\uFEFF${source.manifest.text}`;
    expect(loadProject(source).problems).toEqual([]);
  });
});

describe('loadProject: JSON syntax errors give line and column', () => {
  const table: Array<[string, string]> = [
    [
      '{\n  "a": 1\n  "b": 2\n}',
      "Invalid JSON at line 3, column 3: expected ',' or '}' after a property value, found '\"'",
    ],
    ['{\n  "a": [1, 2,]\n}', "Invalid JSON at line 2, column 14: remove the trailing comma before ']'"],
    ['{"a": 1,}', "Invalid JSON at line 1, column 9: remove the trailing comma before '}'"],
    ["{\n  'a': 1\n}", 'Invalid JSON at line 2, column 3: put the property name in double quotes'],
    ['{"a": \'x\'}', 'Invalid JSON at line 1, column 7: use double quotes for strings'],
    ['{\n  // note\n  "a": 1\n}', 'Invalid JSON at line 2, column 3: comments are not allowed in JSON'],
    [
      '{"a": "line\nbreak"}',
      'Invalid JSON at line 1, column 12: a string may not span lines; write \\n for a line break',
    ],
    ['{"a": "open', 'Invalid JSON at line 1, column 7: unterminated string'],
    ['{"a": tru}', "Invalid JSON at line 1, column 7: expected a value, found 't'"],
    ['{"a" 1}', "Invalid JSON at line 1, column 6: expected ':' after the property name, found '1'"],
    ['{"a": 01}', 'Invalid JSON at line 1, column 8: invalid number'],
    ['{"a": "\\x"}', "Invalid JSON at line 1, column 8: invalid escape '\\x' in a string"],
    ['{} {}', "Invalid JSON at line 1, column 4: unexpected '{' after the end of the JSON value"],
    ['{"a": [1 2]}', "Invalid JSON at line 1, column 10: expected ',' or ']' after a list item, found '2'"],
    ['{"a": ', 'Invalid JSON at line 1, column 7: expected a value, found the end of the file'],
    ['', 'Invalid JSON at line 1, column 1: the file is empty; it must hold a JSON object'],
    ['  \n ', 'Invalid JSON at line 2, column 2: the file is empty; it must hold a JSON object'],
  ];

  it.each(table)('%j', (text, message) => {
    const source = demoSource();
    source.workflows[MAIN]!.text = text;
    const result = loadProject(source);
    expect(result.project).toBeUndefined();
    expect(seen(result.problems)).toContainEqual({
      file: 'workflows/main_workflow.json',
      path: '$',
      message,
    });
  });

  it('reports a broken catalyst.json and still checks the workflow files', () => {
    const source = demoSource();
    source.manifest.text = '{';
    source.workflows[EXTRACT]!.text = '[1,]';
    expect(seen(loadProject(source).problems)).toEqual([
      {
        file: 'catalyst.json',
        path: '$',
        message:
          'Invalid JSON at line 1, column 2: expected a property name in double quotes, found the end of the file',
      },
      {
        file: 'workflows/extract_data.json',
        path: '$',
        message: "Invalid JSON at line 1, column 4: remove the trailing comma before ']'",
      },
    ]);
  });
});

describe('loadProject: schema problems with JSON paths', () => {
  it('an invalid platform', () => {
    const source = editJson(demoSource(), -1, (m) => {
      m.deploymentTargets.production.platform = 'heroku';
    });
    const result = loadProject(source);
    expect(result.project).toBeUndefined();
    expect(seen(result.problems)).toEqual([
      {
        file: 'catalyst.json',
        path: '$.deploymentTargets.production.platform',
        message:
          '\'platform\' must be one of railway, fly, render, cloud-run, azure, kubernetes, docker, not "heroku"',
      },
    ]);
  });

  it('manifest problems in plain words', () => {
    const source = editJson(demoSource(), -1, (m) => {
      m.schemaVersion = 2;
      delete m.createdAt;
      m.envVars['bad-name'] = 'x';
      m.envVars.COUNT = 3;
      m.deploymentTargets.production.url = 'not a url';
      m.updatedAt = 'yesterday';
    });
    expect(seen(loadProject(source).problems)).toEqual([
      {
        file: 'catalyst.json',
        path: '$.schemaVersion',
        message: 'Unsupported schemaVersion 2: this version of Catalyst reads schemaVersion 1',
      },
      {
        file: 'catalyst.json',
        path: '$.createdAt',
        message: "Missing required field 'createdAt': add a string",
      },
      {
        file: 'catalyst.json',
        path: '$.updatedAt',
        message: "'updatedAt' must be an ISO date-time, e.g. 2026-01-05T10:00:00.000Z",
      },
      {
        file: 'catalyst.json',
        path: '$.deploymentTargets.production.url',
        message: "'url' must be a URL, e.g. https://example.com",
      },
      {
        file: 'catalyst.json',
        path: '$.envVars["bad-name"]',
        message:
          "Invalid name 'bad-name': use upper-case letters, digits and _, not starting with a digit (e.g. OPENAI_API_KEY)",
      },
      { file: 'catalyst.json', path: '$.envVars.COUNT', message: "'COUNT' must be a string, not 3" },
    ]);
  });

  it('workflow problems: missing fields, wrong types, odd keys', () => {
    const source = editJson(demoSource(), MAIN, (w) => {
      delete w.visibility;
      delete w.edges[2].target;
      w.nodes.shape.position = { x: 'left', y: 0 };
      w.nodes['odd id'] = { id: 'odd id', type: 'code', name: 'Odd', config: { code: 'return 1' } };
    });
    const result = loadProject(source);
    expect(result.project).toBeUndefined();
    expect(result.problems).toEqual([
      {
        file: 'workflows/main_workflow.json',
        path: '$.visibility',
        message: "Missing required field 'visibility': use one of public, internal",
        workflowId: 'wf_main',
      },
      {
        file: 'workflows/main_workflow.json',
        path: '$.nodes.shape.position.x',
        message: '\'x\' must be a number, not the string "left"',
        workflowId: 'wf_main',
        nodeId: 'shape',
      },
      {
        file: 'workflows/main_workflow.json',
        path: '$.nodes["odd id"].id',
        message: 'Invalid id: use letters, digits, _ and - only',
        workflowId: 'wf_main',
        nodeId: 'odd id',
      },
      {
        file: 'workflows/main_workflow.json',
        path: '$.edges[2].target',
        message: "Missing required field 'target': add a string",
        workflowId: 'wf_main',
      },
    ]);
  });

  it('reports one problem per path', () => {
    const source = editJson(demoSource(), EXTRACT, (w) => {
      w.name = '';
    });
    expect(seen(loadProject(source).problems)).toEqual([
      { file: 'workflows/extract_data.json', path: '$.name', message: 'Workflow name is required' },
    ]);
  });

  it('a file that holds something other than an object', () => {
    const source = demoSource();
    source.manifest.text = 'null';
    source.workflows[MAIN]!.text = '[]';
    expect(seen(loadProject(source).problems)).toEqual([
      { file: 'catalyst.json', path: '$', message: 'The file must hold an object, not null' },
      {
        file: 'workflows/main_workflow.json',
        path: '$',
        message: 'The file must hold an object, not a list',
      },
    ]);
  });

  it('node config against its type schema, with the path into config', () => {
    const source = editJson(demoSource(), MAIN, (w) => {
      w.nodes.extract.config.timeout = 0;
    });
    const result = loadProject(source);
    expect(result.project).toBeDefined();
    expect(seen(result.problems)).toEqual([
      {
        file: 'workflows/main_workflow.json',
        path: '$.nodes.extract.config.timeout',
        message: "Node 'extract' in workflow 'main_workflow': Timeout must be at least 1 s",
      },
    ]);
  });
});

describe('loadProject: semantic rules', () => {
  it('returns the project when only semantic problems remain', () => {
    const source = editJson(demoSource(), EXTRACT, (w) => {
      w.deploymentTargetId = 'qa';
    });
    const result = loadProject(source);
    expect(result.project).toBeDefined();
    expect(seen(result.problems)).toEqual([
      {
        file: 'workflows/extract_data.json',
        path: '$.deploymentTargetId',
        message:
          "Workflow 'extract_data' is assigned to target 'qa', which does not exist: set deploymentTargetId to one of production, staging",
      },
      {
        file: 'workflows/main_workflow.json',
        path: '$.nodes.extract.config.targetWorkflowId',
        message:
          "Node 'extract' in workflow 'main_workflow' calls 'extract_data' locally, but 'extract_data' is on target 'qa' and 'main_workflow' is on target 'production': a local call only reaches workflows of the same app. Assign both to one target, or make 'extract_data' public and set callType to \"http\"",
      },
    ]);
    expect(validateProject(result.project!)).toEqual(result.problems);
  });

  it('checks the files that loaded when another failed, but not calls between them', () => {
    const source = demoSource();
    source.workflows[EXTRACT]!.text = '{';
    editJson(source, MAIN, (w) => {
      w.nodes.shape.config.fields.user = '{{ nodes.zz }}';
    });
    const result = loadProject(source);
    expect(result.project).toBeUndefined();
    // The call to wf_extract (whose file failed) is not reported as a call to an unknown workflow.
    expect(seen(result.problems).map((p) => p.path)).toEqual(['$', '$.nodes.shape.config.fields.user']);
  });
});

describe('loadProject never throws', () => {
  const inputs: Array<[string, unknown]> = [
    ['no source', undefined],
    ['no workflows', { manifest: { path: 'catalyst.json', text: '{}' } }],
    ['deep nesting', { manifest: { path: 'catalyst.json', text: '['.repeat(200_000) }, workflows: [] }],
    ['text that is not a string', { manifest: { path: 'catalyst.json', text: 42 }, workflows: [] }],
  ];

  it.each(inputs)('%s', (_label, input) => {
    const result = loadProject(input as ProjectSource);
    expect(result.project).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) expect(problem.message).not.toMatch(/\n\s+at /);
  });
});

describe('formatProblems', () => {
  it('prints file, path and message, aligned', () => {
    const text = formatProblems([
      { file: 'catalyst.json', path: '$.envVars.X', message: 'first' },
      { file: 'workflows/main.json', path: '$.nodes.lookup.config.targetWorkflowId', message: 'second' },
    ]);
    expect(text).toBe(
      [
        'catalyst.json        $.envVars.X                             first',
        'workflows/main.json  $.nodes.lookup.config.targetWorkflowId  second',
      ].join('\n'),
    );
  });

  it('prints nothing for no problems', () => {
    expect(formatProblems([])).toBe('');
  });
});

describe('project version (semver 2.0.0)', () => {
  const withVersion = (version: string) =>
    loadProject(
      editJson(demoSource(), -1, (m) => {
        m.version = version;
      }),
    ).problems.filter((p) => p.path === '$.version');

  it.each([
    '0.1.0',
    '1.2.3-rc.1+build.5',
    '1.0.0-alpha',
    '1.0.0-0.3.7',
    '1.0.0-x.7.z.92',
    '1.0.0+20130313144700',
    '1.0.0-beta+exp.sha.5114f85',
    '10.20.30',
  ])('accepts %s', (version) => {
    expect(withVersion(version)).toEqual([]);
  });

  it.each([
    '1',
    '1.2',
    '01.2.3',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-rc..1',
    '1.2.3-01',
    '1.2.3+build+5',
    'v1.2.3',
    '1.2.3 ',
  ])('rejects %s, saying what a version looks like', (version) => {
    expect(seen(withVersion(version))).toEqual([
      {
        file: 'catalyst.json',
        path: '$.version',
        message: 'Version must be semver, e.g. 0.1.0 or 1.2.3-rc.1+build.5',
      },
    ]);
  });
});
