import type { ProjectManifest } from './project.js';
import type { Project } from './project-files.js';
import type { Workflow } from './workflow.js';

/**
 * The demo project of DESIGN §8 (`catalyst init DIR --example`): a public `main_workflow`
 * that shapes its input and calls two internal workflows locally, in order.
 *
 * `POST /api/main` with `{"userId": 42}` answers exactly:
 *
 *   {"result": {"userId": 42, "customer": "User 42", "orderCount": 3, "total": 82,
 *               "largestOrder": 51, "summary": "User 42 placed 3 orders totalling 82"},
 *    "workflow": "process_results", "call_type": "local"}
 *
 * How: `extract_data` derives three orders from the id (quantities 1, 2, 3 at unit prices
 * 5·n + userId % 10 → 7, 12, 17; line totals 7, 24, 51), `process_results` sums them, and
 * main's last node is the call to `process_results`, whose output wraps its result.
 *
 * main_workflow is typed (DESIGN §12: `userId` an integer ≥ 1, so `{"userId": "abc"}` answers
 * 400) and has two examples for `catalyst test`; the second mocks the `extract` call node.
 */
export interface DemoOptions {
  id: string;
  name: string;
  /** ISO timestamp for createdAt/updatedAt (passed in: the model does not read clocks). */
  now: string;
}

export const DEMO_WORKFLOW_IDS = { main: 'wf_main', extract: 'wf_extract', process: 'wf_process' } as const;

export function demoProject(options: DemoOptions): Project {
  return {
    manifest: demoManifest(options),
    workflows: [
      { file: 'workflows/extract_data.json', workflow: extractData },
      { file: 'workflows/main_workflow.json', workflow: mainWorkflow },
      { file: 'workflows/process_results.json', workflow: processResults },
    ],
  };
}

function demoManifest({ id, name, now }: DemoOptions): ProjectManifest {
  return {
    schemaVersion: 1,
    id,
    name,
    description: 'Demo: a public workflow that calls two internal workflows locally',
    version: '0.1.0',
    createdAt: now,
    updatedAt: now,
    deploymentTargets: {
      local: { id: 'local', name: 'Local', platform: 'docker', platformConfig: {} },
      production: {
        id: 'production',
        name: 'Production',
        platform: 'railway',
        platformConfig: {
          region: 'us-west1',
          autoscaling: { enabled: true, minInstances: 1, maxInstances: 3 },
        },
      },
    },
    envVars: { LOG_LEVEL: 'info' },
    secrets: {
      API_TOKEN: {
        name: 'API_TOKEN',
        description: 'Token for an upstream API (declared as an example; the demo does not use it)',
      },
    },
    sharedFunctions: {},
  };
}

const mainWorkflow: Workflow = {
  id: DEMO_WORKFLOW_IDS.main,
  name: 'main_workflow',
  description: 'Entry point: shapes the request, extracts the user data, then processes it',
  deploymentTargetId: 'local',
  visibility: 'public',
  endpoint: { method: 'POST', path: '/api/main' },
  inputSchema: {
    type: 'object',
    required: ['userId'],
    properties: { userId: { type: 'integer', minimum: 1, description: 'The user whose orders to total' } },
  },
  outputSchema: {
    type: 'object',
    required: ['result', 'workflow'],
    properties: {
      result: {
        type: 'object',
        required: ['userId', 'customer', 'orderCount', 'total', 'largestOrder', 'summary'],
        properties: {
          userId: { type: 'integer' },
          customer: { type: 'string' },
          orderCount: { type: 'integer', minimum: 0 },
          total: { type: 'number', minimum: 0 },
          largestOrder: { type: 'number', minimum: 0 },
          summary: { type: 'string' },
        },
      },
      workflow: { type: 'string' },
      call_type: { type: 'string' },
    },
  },
  examples: [
    {
      name: 'user 42 totals three orders',
      input: { userId: 42 },
      expect: {
        status: 200,
        body: { result: { customer: 'User 42', orderCount: 3, total: 82, largestOrder: 51 } },
      },
    },
    {
      name: 'extract_data mocked: one big order',
      input: { userId: 7 },
      mocks: {
        extract: {
          result: {
            userId: 7,
            customer: 'Mocked customer',
            orders: [{ sku: 'SKU-BIG', quantity: 4, unitPrice: 25 }],
          },
          workflow: 'extract_data',
          call_type: 'local',
        },
      },
      expect: {
        status: 200,
        body: {
          result: {
            customer: 'Mocked customer',
            orderCount: 1,
            total: 100,
            summary: 'Mocked customer placed 1 orders totalling 100',
          },
        },
      },
    },
  ],
  nodes: {
    shape: {
      id: 'shape',
      type: 'transform',
      name: 'Shape input',
      position: { x: 0, y: 0 },
      config: { fields: { user: '{{ input.userId }}', kind: 'lookup' } },
    },
    extract: {
      id: 'extract',
      type: 'workflowCall',
      name: 'Extract data',
      position: { x: 360, y: 0 },
      config: {
        callType: 'local',
        targetWorkflowId: DEMO_WORKFLOW_IDS.extract,
        input: '{"userId": "{{ input.user }}"}',
        timeout: 30,
      },
    },
    process: {
      id: 'process',
      type: 'workflowCall',
      name: 'Process results',
      position: { x: 720, y: 0 },
      config: {
        callType: 'local',
        targetWorkflowId: DEMO_WORKFLOW_IDS.process,
        input:
          '{"userId": "{{ input.result.userId }}", "customer": "{{ input.result.customer }}", "orders": "{{ input.result.orders }}"}',
        timeout: 30,
      },
    },
  },
  edges: [
    { id: 'e_shape_extract', source: 'shape', target: 'extract' },
    { id: 'e_extract_process', source: 'extract', target: 'process' },
  ],
};

const extractData: Workflow = {
  id: DEMO_WORKFLOW_IDS.extract,
  name: 'extract_data',
  description: "Looks up a user's orders (a deterministic stand-in for a database query)",
  deploymentTargetId: 'local',
  visibility: 'internal',
  nodes: {
    load: {
      id: 'load',
      type: 'code',
      name: 'Load orders',
      position: { x: 0, y: 0 },
      config: {
        code: [
          'user_id = int(input.get("userId") or 0)',
          'orders = [',
          '    {"sku": f"SKU-{user_id}-{n}", "quantity": n, "unitPrice": 5 * n + user_id % 10}',
          '    for n in range(1, 4)',
          ']',
          'return {"userId": user_id, "name": f"User {user_id}", "orders": orders}',
          '',
        ].join('\n'),
      },
    },
    pick: {
      id: 'pick',
      type: 'transform',
      name: 'Pick fields',
      position: { x: 360, y: 0 },
      config: {
        fields: { userId: '{{ input.userId }}', customer: '{{ input.name }}', orders: '{{ input.orders }}' },
      },
    },
  },
  edges: [{ id: 'e_load_pick', source: 'load', target: 'pick' }],
};

const processResults: Workflow = {
  id: DEMO_WORKFLOW_IDS.process,
  name: 'process_results',
  description: 'Totals the orders and writes a one-line summary',
  deploymentTargetId: 'local',
  visibility: 'internal',
  nodes: {
    totals: {
      id: 'totals',
      type: 'code',
      name: 'Compute totals',
      position: { x: 0, y: 0 },
      config: {
        code: [
          'lines = [o["quantity"] * o["unitPrice"] for o in input.get("orders") or []]',
          'return {',
          '    "userId": input.get("userId"),',
          '    "customer": input.get("customer"),',
          '    "orderCount": len(lines),',
          '    "total": sum(lines),',
          '    "largestOrder": max(lines, default=0),',
          '}',
          '',
        ].join('\n'),
      },
    },
    report: {
      id: 'report',
      type: 'transform',
      name: 'Report',
      position: { x: 360, y: 0 },
      config: {
        fields: {
          userId: '{{ input.userId }}',
          customer: '{{ input.customer }}',
          orderCount: '{{ input.orderCount }}',
          total: '{{ input.total }}',
          largestOrder: '{{ input.largestOrder }}',
          summary: '{{ input.customer }} placed {{ input.orderCount }} orders totalling {{ input.total }}',
        },
      },
    },
  },
  edges: [{ id: 'e_totals_report', source: 'totals', target: 'report' }],
};
