import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../src/model/expressions/functions.js';
import type { Problem, Project } from '../../../src/model/project-files.js';
import { validateProject } from '../../../src/model/validate/validate-project.js';
import { demoProject, edge, find, node, workflow } from '../fixtures.js';

/** What a user reads of each problem. */
function problems(project: Project): Array<Pick<Problem, 'file' | 'path' | 'message'>> {
  return validateProject(project).map(({ file, path, message }) => ({ file, path, message }));
}

function only(project: Project) {
  const found = problems(project);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const MAIN = 'workflows/main_workflow.json';
const EXTRACT = 'workflows/extract_data.json';
const PROCESS = 'workflows/process_results.json';

describe('the demo project', () => {
  it('has no problems', () => {
    expect(validateProject(demoProject())).toEqual([]);
  });
});

describe('catalyst.json rules', () => {
  it('target key differs from its id', () => {
    const project = demoProject();
    project.manifest.deploymentTargets['staging']!.id = 'stage';
    expect(problems(project)).toContainEqual({
      file: 'catalyst.json',
      path: '$.deploymentTargets.staging.id',
      message: "Target key 'staging' differs from its id 'stage': make the key and the id the same",
    });
  });

  it('secret key differs from its name', () => {
    const project = demoProject();
    project.manifest.secrets['API_TOKEN']!.name = 'API_TOKN';
    expect(only(project)).toEqual({
      file: 'catalyst.json',
      path: '$.secrets.API_TOKEN.name',
      message: "Secret key 'API_TOKEN' differs from its name 'API_TOKN': make the key and the name the same",
    });
  });

  it('shared function key differs from its id', () => {
    const project = demoProject();
    project.manifest.sharedFunctions['fmt'] = {
      id: 'format',
      name: 'format_date',
      language: 'python',
      code: 'def format_date(d):\n    return d\n',
    };
    expect(only(project)).toEqual({
      file: 'catalyst.json',
      path: '$.sharedFunctions.fmt.id',
      message: "Shared function key 'fmt' differs from its id 'format': make the key and the id the same",
    });
  });

  it('shared functions that would break the generated app at import time', () => {
    const project = demoProject();
    const fn = (id: string, name: string, code: string) => ({ id, name, language: 'python' as const, code });
    project.manifest.sharedFunctions = {
      a: fn('a', 'shout', 'def shout(t):\n    return t\n'),
      b: fn('b', 'shout', 'def shout(t):\n    return t + "!"\n'),
      c: fn('c', 'json', 'def json(t):\n    return t\n'),
      d: fn('d', 'lambda', 'def other(t):\n    return t\n'),
      e: fn('e', 'tidy', '  def tidy(t):\n    return t\n'),
      f: fn('f', 'blank', '   \n'),
    };
    expect(problems(project)).toEqual([
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.a.name',
        message:
          "Shared function 'shout': Another shared function is already named shout: choose another name.",
      },
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.b.name',
        message:
          "Shared function 'shout': Another shared function is already named shout: choose another name.",
      },
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.c.name',
        message:
          'Shared function \'json\': "json" would hide the module or builtin json in the generated app: choose another name, e.g. json_fn.',
      },
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.d.name',
        message:
          'Shared function \'lambda\': "lambda" is a Python keyword: choose another name, e.g. lambda_fn.',
      },
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.d.code',
        message:
          'Shared function \'lambda\': The code does not define lambda: it needs a line "def lambda(…):" that starts at the left margin (not indented).',
      },
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.e.code',
        message:
          'Shared function \'tidy\': The code does not define tidy: it needs a line "def tidy(…):" that starts at the left margin (not indented).',
      },
      {
        file: 'catalyst.json',
        path: '$.sharedFunctions.f.code',
        message: "Shared function 'blank': The code is empty: define the function, e.g. def blank(value):",
      },
    ]);
  });

  it('a name that is both an env var and a secret', () => {
    const project = demoProject();
    project.manifest.envVars['API_TOKEN'] = 'plain';
    expect(only(project)).toEqual({
      file: 'catalyst.json',
      path: '$.secrets.API_TOKEN',
      message:
        "'API_TOKEN' is both an env var and a secret, and the app reads both from the environment: remove it from envVars or rename the secret",
    });
  });
});

describe('workflow identity and targets', () => {
  it('a workflow assigned to a target that does not exist', () => {
    const project = demoProject();
    find(project, 'wf_ping').deploymentTargetId = 'qa';
    expect(only(project)).toEqual({
      file: 'workflows/ping.json',
      path: '$.deploymentTargetId',
      message:
        "Workflow 'ping' is assigned to target 'qa', which does not exist: set deploymentTargetId to one of production, staging",
    });
  });

  it('a workflow assigned to a target when the project has none', () => {
    const project = demoProject();
    project.workflows = project.workflows.filter((w) => w.workflow.id === 'wf_ping');
    project.manifest.deploymentTargets = {};
    expect(only(project)).toEqual({
      file: 'workflows/ping.json',
      path: '$.deploymentTargetId',
      message:
        "Workflow 'ping' is assigned to target 'staging', which does not exist: add a deployment target to catalyst.json first",
    });
  });

  it('duplicate workflow ids across files', () => {
    const project = demoProject();
    find(project, 'wf_ping').id = 'wf_main';
    expect(problems(project)).toContainEqual({
      file: 'workflows/ping.json',
      path: '$.id',
      message: `Workflow id 'wf_main' is already used by ${MAIN}: give this workflow its own id`,
    });
  });

  it('duplicate workflow names in one target', () => {
    const project = demoProject();
    find(project, 'wf_process').name = 'extract_data';
    expect(only(project)).toEqual({
      file: PROCESS,
      path: '$.name',
      message: `Workflow name 'extract_data' is already used by ${EXTRACT} on target 'production': rename one of them`,
    });
  });

  it('allows the same name on different targets, and names with the same slug', () => {
    const project = demoProject();
    find(project, 'wf_ping').name = 'extract_data';
    find(project, 'wf_process').name = 'Extract Data';
    expect(problems(project)).toEqual([]);
  });
});

describe('node rules', () => {
  it('unknown node type lists the known ones', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['pick']!.type = 'mapper';
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.nodes.pick.type',
      message:
        "Node 'pick' in workflow 'extract_data' has unknown type 'mapper': use one of transform, code, condition, httpRequest, workflowCall, llm, postgresQuery, vectorSearch, response",
    });
  });

  it('node key differs from its id', () => {
    const project = demoProject();
    find(project, 'wf_process').nodes['score']!.id = 'scorer';
    expect(only(project)).toEqual({
      file: PROCESS,
      path: '$.nodes.score.id',
      message:
        "Node key 'score' in workflow 'process_results' differs from its id 'scorer': make the key and the id the same",
    });
  });

  it('config that fails the node schema, with the field tagged', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config['timeout'] = 301;
    const found = validateProject(project);
    expect(found).toEqual([
      {
        file: MAIN,
        path: '$.nodes.extract.config.timeout',
        message: "Node 'extract' in workflow 'main_workflow': Timeout must be at most 300 s",
        workflowId: 'wf_main',
        nodeId: 'extract',
        field: 'timeout',
      },
    ]);
  });

  it('config problems in zod words are rewritten to name the field', () => {
    const project = demoProject();
    const fetch = find(project, 'wf_extract').nodes['fetch']!;
    fetch.config['method'] = 'FETCH';
    delete fetch.config['url'];
    expect(problems(project)).toEqual([
      {
        file: EXTRACT,
        path: '$.nodes.fetch.config.method',
        message:
          "Node 'fetch' in workflow 'extract_data': 'method' must be one of GET, POST, PUT, PATCH, DELETE, not \"FETCH\"",
      },
      {
        file: EXTRACT,
        path: '$.nodes.fetch.config.url',
        message: "Node 'fetch' in workflow 'extract_data': Missing required field 'url': add a string",
      },
    ]);
  });

  it('a config field the node type does not have', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['fetch']!.config['timout'] = 5;
    expect(validateProject(project)).toEqual([
      {
        file: EXTRACT,
        path: '$.nodes.fetch.config.timout',
        message:
          "Node 'fetch' in workflow 'extract_data' has config field 'timout', which httpRequest nodes do not have: remove it, or use one of method, url, headers, body, timeout, retries (did you mean 'timeout'?)",
        workflowId: 'wf_extract',
        nodeId: 'fetch',
        field: 'timout',
      },
    ]);
  });

  it('header names that are not HTTP tokens (space, quote, emoji), on request and response nodes', () => {
    const project = demoProject();
    const fetch = find(project, 'wf_extract').nodes['fetch']!;
    fetch.config['headers'] = { 'X-Ok': 'a', 'Bad Name': 'b', 'Accept-😀': 'c', '"Q"': 'd' };
    const found = validateProject(project);
    expect(found.map((p) => p.path)).toEqual([
      '$.nodes.fetch.config.headers["Bad Name"]',
      '$.nodes.fetch.config.headers["Accept-😀"]',
      '$.nodes.fetch.config.headers["\\"Q\\""]',
    ]);
    expect(found[0]).toEqual({
      file: EXTRACT,
      path: '$.nodes.fetch.config.headers["Bad Name"]',
      message:
        "Node 'fetch' in workflow 'extract_data' has header name \"Bad Name\", which is not a valid HTTP header name: use only letters, digits and ! # $ % & ' * + - . ^ _ ` | ~ (no spaces, quotes or other characters), e.g. X-Request-Source",
      workflowId: 'wf_extract',
      nodeId: 'fetch',
      field: 'headers',
    });
    const reply = {
      file: 'workflows/reply.json',
      workflow: workflow({
        id: 'wf_reply',
        name: 'reply',
        nodes: [
          node('out', 'response', {
            headers: { 'X Echo': '{{ input.h }}', "X-Rate_Limit!#$%&'*+.^`|~": '1' },
          }),
        ],
      }),
    };
    const withReply = demoProject();
    withReply.workflows.push(reply);
    expect(problems(withReply)).toEqual([
      {
        file: reply.file,
        path: '$.nodes.out.config.headers["X Echo"]',
        message: expect.stringContaining("Node 'out' in workflow 'reply' has header name \"X Echo\""),
      },
    ]);
  });

  it('a local call without targetWorkflowId', () => {
    const project = demoProject();
    delete find(project, 'wf_main').nodes['extract']!.config['targetWorkflowId'];
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.extract.config.targetWorkflowId',
      message: "Node 'extract' in workflow 'main_workflow': A local call needs targetWorkflowId",
    });
  });
});

describe('edge rules', () => {
  it('edge to a missing target node', () => {
    const project = demoProject();
    find(project, 'wf_main').edges[2]!.target = 'chek';
    const found = problems(project);
    expect(found[0]).toEqual({
      file: MAIN,
      path: '$.edges[2].target',
      message:
        "Edge 'process-check' in workflow 'main_workflow' ends at node 'chek', which does not exist: connect it to an existing node or remove the edge",
    });
  });

  it('edge from a missing source node', () => {
    const project = demoProject();
    find(project, 'wf_extract').edges.push(edge('ghost', 'pick'));
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.edges[1].source',
      message:
        "Edge 'ghost-pick' in workflow 'extract_data' starts at node 'ghost', which does not exist: connect it to an existing node or remove the edge",
    });
  });

  it('duplicate edge ids', () => {
    const project = demoProject();
    const main = find(project, 'wf_main');
    main.edges[3]!.id = main.edges[0]!.id;
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.edges[3].id',
      message:
        "Edge id 'shape-extract' in workflow 'main_workflow' is also used by $.edges[0]: give each edge its own id",
    });
  });

  it('an edge leaving a condition without a sourceHandle', () => {
    const project = demoProject();
    delete find(project, 'wf_main').edges[4]!.sourceHandle;
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.edges[4]',
      message:
        "Edge 'check-reject-false' leaves condition node 'check' in workflow 'main_workflow' without a sourceHandle: set sourceHandle to \"true\" or \"false\"",
    });
  });

  it('an edge leaving a condition from a handle other than true/false', () => {
    const project = demoProject();
    find(project, 'wf_main').edges[3]!.sourceHandle = 'yes';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.edges[3].sourceHandle',
      message:
        "Edge 'check-ok-true' leaves condition node 'check' in workflow 'main_workflow' from handle 'yes', which it does not have: use \"true\" or \"false\"",
    });
  });

  it('a sourceHandle on a node that has no such output', () => {
    const project = demoProject();
    find(project, 'wf_main').edges[0]!.sourceHandle = 'true';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.edges[0].sourceHandle',
      message:
        "Edge 'shape-extract' leaves transform node 'shape' in workflow 'main_workflow' from handle 'true', which it does not have: remove sourceHandle",
    });
  });

  it("accepts a node's own output handle", () => {
    const project = demoProject();
    find(project, 'wf_main').edges[0]!.sourceHandle = 'out';
    expect(problems(project)).toEqual([]);
  });

  it('a cycle inside a workflow names its nodes and points at the closing edge', () => {
    const project = demoProject();
    find(project, 'wf_extract').edges.push(edge('pick', 'fetch'));
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.edges[1]',
      message:
        "Workflow 'extract_data' has a cycle: fetch → pick → fetch. Remove one of these edges so every node runs after the nodes it needs",
    });
  });
});

describe('cycle problems name their edges', () => {
  it('every edge along a cycle, in order, for the studio to highlight', () => {
    const project = demoProject();
    find(project, 'wf_extract').edges.push(edge('pick', 'fetch'));
    const [found] = validateProject(project);
    expect(found?.nodeId).toBe('fetch');
    expect(found?.edgeIds).toEqual(['fetch-pick', 'pick-fetch']);
  });
});

describe('endpoint rules', () => {
  it('duplicate method and path among the public workflows of one target', () => {
    const project = demoProject();
    const process = find(project, 'wf_process');
    process.visibility = 'public';
    process.endpoint = { method: 'POST', path: '/api/main/' };
    expect(only(project)).toEqual({
      file: PROCESS,
      path: '$.endpoint',
      message:
        "POST /api/main/ of workflow 'process_results' is already served by workflow 'main_workflow' on target 'production': change the method or path of one of them",
    });
  });

  it('treats path parameters of any name as the same route', () => {
    const project = demoProject();
    find(project, 'wf_main').endpoint = { method: 'GET', path: '/api/users/{id}' };
    const process = find(project, 'wf_process');
    process.visibility = 'public';
    process.endpoint = { method: 'GET', path: '/api/users/{name}' };
    expect(only(project).message).toBe(
      "GET /api/users/{name} of workflow 'process_results' is already served by workflow 'main_workflow' on target 'production': change the method or path of one of them",
    );
  });

  it('allows the same route with another method, on another target, or on an internal workflow', () => {
    const project = demoProject();
    find(project, 'wf_ping').endpoint = { method: 'POST', path: '/api/main' };
    find(project, 'wf_extract').endpoint = { method: 'POST', path: '/api/main' };
    const process = find(project, 'wf_process');
    process.visibility = 'public';
    process.endpoint = { method: 'GET', path: '/api/main' };
    expect(problems(project)).toEqual([]);
  });

  it.each([
    ['/', '/api/ping'],
    ['/health', '/api/health'],
    ['/metrics/', '/api/metrics'],
    ['/openapi.json', '/api/openapi.json'],
    ['/docs/', '/api/docs'],
  ])('a public path that collides with %s', (path, suggestion) => {
    const project = demoProject();
    find(project, 'wf_ping').endpoint = { method: 'GET', path };
    expect(only(project)).toEqual({
      file: 'workflows/ping.json',
      path: '$.endpoint.path',
      message: `Workflow 'ping' uses the path ${path}, which the app keeps for itself (/, /health, /metrics, /openapi.json, /docs): choose another path, e.g. ${suggestion}`,
    });
  });

  it('a public workflow without endpoint whose default path collides says so', () => {
    const project = demoProject();
    find(project, 'wf_main').endpoint = { method: 'POST', path: '/api/process_results' };
    find(project, 'wf_process').visibility = 'public';
    expect(only(project)).toEqual({
      file: PROCESS,
      path: '$.endpoint',
      message:
        "Workflow 'process_results' has no endpoint, so it is served at POST /api/process_results, which workflow 'main_workflow' on target 'production' already uses: set an endpoint for 'process_results'",
    });
  });

  it('an explicit endpoint that collides with an earlier default path names it', () => {
    const project = demoProject();
    delete find(project, 'wf_main').endpoint;
    const process = find(project, 'wf_process');
    process.visibility = 'public';
    process.endpoint = { method: 'POST', path: '/api/main_workflow' };
    expect(only(project).message).toBe(
      "POST /api/main_workflow of workflow 'process_results' is already served by workflow 'main_workflow' (its default path, as it has no endpoint) on target 'production': change the method or path of one of them",
    );
  });

  it('an internal workflow with an endpoint is fine', () => {
    const project = demoProject();
    find(project, 'wf_extract').endpoint = { method: 'GET', path: '/health' };
    expect(problems(project)).toEqual([]);
  });
});

describe('call rules', () => {
  it('a local call to an unknown workflow id', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config['targetWorkflowId'] = 'wf_x';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.extract.config.targetWorkflowId',
      message:
        "Node 'extract' in workflow 'main_workflow' calls workflow 'wf_x', which does not exist: set targetWorkflowId to one of wf_extract (extract_data), wf_process (process_results), wf_ping (ping)",
    });
  });

  it('a local call to a workflow assigned to another target suggests http', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config['targetWorkflowId'] = 'wf_ping';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.extract.config.targetWorkflowId',
      message:
        "Node 'extract' in workflow 'main_workflow' calls 'ping' locally, but 'ping' is on target 'staging' and 'main_workflow' is on target 'production': a local call only reaches workflows of the same app. Assign both to one target, or set callType to \"http\" with its deployed URL",
    });
  });

  it('an internal callee on another target must become public to be called over http', () => {
    const project = demoProject();
    find(project, 'wf_extract').deploymentTargetId = 'staging';
    expect(only(project).message).toBe(
      "Node 'extract' in workflow 'main_workflow' calls 'extract_data' locally, but 'extract_data' is on target 'staging' and 'main_workflow' is on target 'production': a local call only reaches workflows of the same app. Assign both to one target, or make 'extract_data' public and set callType to \"http\"",
    );
  });

  it('an http call may go anywhere', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config = {
      callType: 'http',
      httpUrl: 'https://other.example.com/api/ping',
    };
    find(project, 'wf_main').nodes['process']!.config['input'] = '{"data": "{{ nodes.extract.result }}"}';
    expect(problems(project)).toEqual([]);
  });

  it('a cycle in the call graph is named by workflow names', () => {
    const project = demoProject();
    const extract = find(project, 'wf_extract');
    extract.nodes['again'] = node('again', 'workflowCall', { targetWorkflowId: 'wf_main' });
    extract.edges.push(edge('pick', 'again'));
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.nodes.again.config.targetWorkflowId',
      message:
        'Workflows call each other in a cycle: extract_data → main_workflow → extract_data. Such calls never finish: remove one of them',
    });
  });

  it('a workflow calling itself is a cycle', () => {
    const project = demoProject();
    const ping = find(project, 'wf_ping');
    ping.nodes['self'] = node('self', 'workflowCall', { targetWorkflowId: 'wf_ping' });
    expect(only(project)).toEqual({
      file: 'workflows/ping.json',
      path: '$.nodes.self.config.targetWorkflowId',
      message:
        'Workflows call each other in a cycle: ping → ping. Such calls never finish: remove one of them',
    });
  });
});

describe('expression rules', () => {
  it('a template with a syntax error gives its position', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['shape']!.config['fields'] = { user: '{{ input.userId and }}' };
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.shape.config.fields.user',
      message:
        "Field 'fields.user' of node 'shape' in workflow 'main_workflow' has an invalid template: Expected an expression after 'and' at 19",
    });
  });

  it('an unknown function names the workflow, node and field, with the functions there are', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['shape']!.config['fields'] = { total: '{{ lenght(input.items) + 1 }}' };
    const problem = only(project);
    expect(problem).toMatchObject({ file: MAIN, path: '$.nodes.shape.config.fields.total' });
    expect(problem.message).toBe(
      `Field 'fields.total' of node 'shape' in workflow 'main_workflow' has an invalid template: Unknown function 'lenght' at 3: the functions are ${[...FUNCTIONS.keys()].join(', ')}`,
    );
  });

  it('a call with the wrong number of arguments, in a condition and in JSON text', () => {
    const project = demoProject();
    const main = find(project, 'wf_main');
    main.nodes['check']!.config['expression'] = 'contains(nodes.process.result.tags) and true';
    main.nodes['extract']!.config['input'] = '{"user": {"name": "{{ split(input.name) }}"}}';
    expect(validateProject(project)).toEqual([
      {
        file: MAIN,
        path: '$.nodes.extract.config.input',
        message:
          "Field 'input' of node 'extract' in workflow 'main_workflow' has an invalid template (in its JSON at user.name): split() takes 2 arguments, got 1 at 3: write split(text, separator)",
        workflowId: 'wf_main',
        nodeId: 'extract',
        field: 'input',
      },
      {
        file: MAIN,
        path: '$.nodes.check.config.expression',
        message:
          "Field 'expression' of node 'check' in workflow 'main_workflow' has an invalid expression: contains() takes 2 arguments, got 1 at 0: write contains(haystack, needle)",
        workflowId: 'wf_main',
        nodeId: 'check',
        field: 'expression',
      },
    ]);
  });

  it('accepts arithmetic, ?:, ??, literals and calls', () => {
    const project = demoProject();
    const main = find(project, 'wf_main');
    main.nodes['shape']!.config['fields'] = {
      total: '{{ input.qty * input.price - 1 }}',
      label: '{{ input.qty > 5 ? "bulk" : "single" }}',
      name: 'Dear {{ upper(trim(input.name ?? "friend")) }}',
      tags: '{{ [1, {"a": -input.n % 3}, round(input.x, 2), now()] }}',
    };
    main.nodes['check']!.config['expression'] = 'len(nodes.process.result.tags ?? []) >= 2';
    expect(validateProject(project)).toEqual([]);
  });

  it('a condition expression with a syntax error', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['check']!.config['expression'] = 'nodes.process.result.score >> 0.5';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.check.config.expression',
      message:
        "Field 'expression' of node 'check' in workflow 'main_workflow' has an invalid expression: Expected an expression, found '>' at 28",
    });
  });

  it('an error inside the JSON text of a json-template field', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config['input'] = '{"user": {"id": "{{ input.id = 1 }}"}}';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.extract.config.input',
      message:
        "Field 'input' of node 'extract' in workflow 'main_workflow' has an invalid template (in its JSON at user.id): Unexpected '=' at 12: write '==' to compare",
    });
  });

  it('a json-template field that is not JSON', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config['input'] = '{userId: "{{ input.userId }}"}';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.extract.config.input',
      message:
        "Field 'input' of node 'extract' in workflow 'main_workflow' is not valid JSON (line 1, column 2: put the property name in double quotes): write a JSON value such as {\"id\": \"{{ input.id }}\"}, or leave it empty",
    });
  });

  it('an unknown root', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['fetch']!.config['url'] = '{{ config.base }}/users';
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.nodes.fetch.config.url',
      message:
        "Field 'url' of node 'fetch' in workflow 'extract_data' has an invalid template: Unknown root 'config': use input, trigger, nodes, env or secrets",
    });
  });

  it('an unknown node id', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['ok']!.config['body'] = '{"result": "{{ nodes.proces.result }}"}';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.ok.config.body',
      message:
        "Field 'body' of node 'ok' in workflow 'main_workflow' reads nodes.proces, but workflow 'main_workflow' has no node 'proces': use one of shape, extract, process, check, reject (did you mean 'process'?)",
    });
  });

  it('a node that is not upstream of the reader', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['reject']!.config['body'] = '{"why": "{{ nodes.ok.body }}"}';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.reject.config.body',
      message:
        "Field 'body' of node 'reject' in workflow 'main_workflow' reads nodes.ok, but 'ok' is not upstream of 'reject', so it can never have run when 'reject' runs: connect 'ok' to 'reject' through edges, or read another node",
    });
  });

  it('a node reading its own output', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['check']!.config['expression'] = 'nodes.check.x == 1';
    expect(only(project)).toEqual({
      file: MAIN,
      path: '$.nodes.check.config.expression',
      message:
        "Field 'expression' of node 'check' in workflow 'main_workflow' reads nodes.check, its own output, which does not exist while it runs: read input or an upstream node instead",
    });
  });

  it('output.<id> is checked like nodes.<id>', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['check']!.config['expression'] = 'output.nope.score > 1';
    expect(only(project).message).toBe(
      "Field 'expression' of node 'check' in workflow 'main_workflow' reads nodes.nope, but workflow 'main_workflow' has no node 'nope': use one of shape, extract, process, ok, reject",
    );
  });

  it('an env var the project does not declare', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['fetch']!.config['url'] = '{{ env.API_URL }}/users/{{ env.API_URL }}';
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.nodes.fetch.config.url',
      message:
        "Field 'url' of node 'fetch' in workflow 'extract_data' reads env.API_URL, which the project does not declare: add API_URL to envVars in catalyst.json (declared: API_BASE, LOG_LEVEL)",
    });
  });

  it('a secret the project does not declare, in a header', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['fetch']!.config['headers'] = { 'X-Api-Key': '{{ secrets.API_KEY }}' };
    expect(only(project)).toEqual({
      file: EXTRACT,
      path: '$.nodes.fetch.config.headers["X-Api-Key"]',
      message:
        "Field 'headers[\"X-Api-Key\"]' of node 'fetch' in workflow 'extract_data' reads secrets.API_KEY, which the project does not declare: add it with 'catalyst secret set API_KEY' (declared: ANTHROPIC_API_KEY, API_TOKEN)",
    });
  });

  it('a secret field naming an undeclared secret', () => {
    const project = demoProject();
    find(project, 'wf_process').nodes['summarize']!.config['apiKeySecret'] = 'OPENAI_API_KEY';
    expect(only(project)).toEqual({
      file: PROCESS,
      path: '$.nodes.summarize.config.apiKeySecret',
      message:
        "Field 'apiKeySecret' of node 'summarize' in workflow 'process_results' names secret 'OPENAI_API_KEY', which the project does not declare: add it with 'catalyst secret set OPENAI_API_KEY' (declared: ANTHROPIC_API_KEY, API_TOKEN)",
    });
  });

  it('says when no secrets are declared at all', () => {
    const project = demoProject();
    project.manifest.secrets = {};
    const found = problems(project).map((p) => p.message);
    expect(found).toContain(
      "Field 'apiKeySecret' of node 'summarize' in workflow 'process_results' names secret 'ANTHROPIC_API_KEY', which the project does not declare: add it with 'catalyst secret set ANTHROPIC_API_KEY' (none are declared yet)",
    );
  });

  it('a template in a postgres parameter list', () => {
    const project = demoProject();
    find(project, 'wf_process').nodes['rows'] = node('rows', 'postgresQuery', {
      connectionSecret: 'API_TOKEN',
      query: 'SELECT 1 WHERE $1',
      params: ['{{ trigger.id }}', '{{ nodes.score }}'],
    });
    expect(only(project)).toEqual({
      file: PROCESS,
      path: '$.nodes.rows.config.params[1]',
      message:
        "Field 'params[1]' of node 'rows' in workflow 'process_results' reads nodes.score, but 'score' is not upstream of 'rows', so it can never have run when 'rows' runs: connect 'score' to 'rows' through edges, or read another node",
    });
  });

  it('quotes node keys that are not identifiers in paths', () => {
    const project = demoProject();
    const extract = find(project, 'wf_extract');
    extract.nodes['pick-2'] = node('pick-2', 'transform', { fields: { x: '{{ nodes.nope }}' } });
    expect(only(project).path).toBe('$.nodes["pick-2"].config.fields.x');
  });
});

describe('validateProject output', () => {
  it('sorts problems by file and keeps the order found within a file', () => {
    const project = demoProject();
    find(project, 'wf_ping').deploymentTargetId = 'qa';
    find(project, 'wf_main').edges[4]!.target = 'ghost';
    find(project, 'wf_main').nodes['shape']!.type = 'mystery';
    project.manifest.deploymentTargets['staging']!.id = 'stage';
    expect(problems(project).map((p) => [p.file, p.path])).toEqual([
      ['catalyst.json', '$.deploymentTargets.staging.id'],
      [MAIN, '$.nodes.shape.type'],
      [MAIN, '$.edges[4].target'],
      ['workflows/ping.json', '$.deploymentTargetId'],
    ]);
  });

  it('tags problems with workflow, node and field', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['fetch']!.config['url'] = '{{ env.NOPE }}';
    expect(validateProject(project)).toEqual([
      expect.objectContaining({ workflowId: 'wf_extract', nodeId: 'fetch', field: 'url' }),
    ]);
  });

  it('checks a workflow built from nothing but builders', () => {
    const project = demoProject();
    project.workflows.push({
      file: 'workflows/solo.json',
      workflow: workflow({ id: 'wf_solo', name: 'solo', nodes: [node('a', 'code', { code: 'return 1' })] }),
    });
    expect(problems(project)).toEqual([]);
  });
});

describe('near misses are named', () => {
  it('a misspelt node type', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['pick']!.type = 'transfrom';
    expect(only(project).message).toBe(
      "Node 'pick' in workflow 'extract_data' has unknown type 'transfrom': use one of transform, code, condition, httpRequest, workflowCall, llm, postgresQuery, vectorSearch, response (did you mean 'transform'?)",
    );
  });

  it('a misspelt target', () => {
    const project = demoProject();
    find(project, 'wf_ping').deploymentTargetId = 'stagin';
    expect(only(project).message).toBe(
      "Workflow 'ping' is assigned to target 'stagin', which does not exist: set deploymentTargetId to one of production, staging (did you mean 'staging'?)",
    );
  });

  it('a misspelt workflow id in a call', () => {
    const project = demoProject();
    find(project, 'wf_main').nodes['extract']!.config['targetWorkflowId'] = 'wf_extrct';
    expect(only(project).message).toBe(
      "Node 'extract' in workflow 'main_workflow' calls workflow 'wf_extrct', which does not exist: set targetWorkflowId to one of wf_extract (extract_data), wf_process (process_results), wf_ping (ping) (did you mean 'wf_extract'?)",
    );
  });

  it('a misspelt env var replaces the list of declared ones', () => {
    const project = demoProject();
    find(project, 'wf_extract').nodes['fetch']!.config['url'] = '{{ env.API_BAS }}/x';
    expect(only(project).message).toBe(
      "Field 'url' of node 'fetch' in workflow 'extract_data' reads env.API_BAS, which the project does not declare: add API_BAS to envVars in catalyst.json (did you mean 'API_BASE'?)",
    );
  });

  it('a secret named in the wrong case', () => {
    const project = demoProject();
    find(project, 'wf_process').nodes['summarize']!.config['prompt'] = '{{ secrets.api_token }}';
    expect(only(project).message).toBe(
      "Field 'prompt' of node 'summarize' in workflow 'process_results' reads secrets.api_token, which the project does not declare: add it with 'catalyst secret set api_token' (did you mean 'API_TOKEN'?)",
    );
  });
});
