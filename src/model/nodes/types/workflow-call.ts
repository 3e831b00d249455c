import { z } from 'zod';
import { HTTPX, jsonTemplate, NO_PACKAGES, text, timeout, timeoutField } from '../common.js';
import { defineNode } from '../definition.js';

/** Calls another workflow: of this project, in the same app (local), or any public one over HTTP. */
export const workflowCallNode = defineNode({
  type: 'workflowCall',
  category: 'flow',
  label: 'Call workflow',
  description: 'Call another workflow: locally as a function call, or over HTTP.',
  icon: 'workflow',
  color: '#8b5cf6',
  outputs: ['out'],
  fields: [
    {
      key: 'callType',
      label: 'Call type',
      kind: 'select',
      required: true,
      options: [
        { value: 'local', label: 'Local (same app, direct call)' },
        { value: 'http', label: 'HTTP (any public workflow)' },
      ],
      default: 'local',
    },
    {
      key: 'targetWorkflowId',
      label: 'Workflow',
      kind: 'workflow',
      required: false,
      showWhen: { key: 'callType', equals: ['local'] },
    },
    {
      key: 'httpUrl',
      label: 'URL',
      kind: 'template',
      required: false,
      placeholder: 'https://other-app.example.com/api/score',
      showWhen: { key: 'callType', equals: ['http'] },
    },
    {
      key: 'input',
      label: 'Input (JSON)',
      kind: 'json-template',
      required: false,
      description: "Leave empty to pass this node's input",
      placeholder: '{"userId": "{{ input.userId }}"}',
    },
    timeoutField,
  ],
  configSchema: z
    .object({
      callType: z.enum(['local', 'http']).default('local'),
      targetWorkflowId: z.string().min(1).optional(),
      httpUrl: z.string().min(1).optional(),
      input: jsonTemplate,
      timeout,
    })
    .superRefine((c, ctx) => {
      if (c.callType === 'local' && !c.targetWorkflowId) {
        ctx.addIssue({
          code: 'custom',
          path: ['targetWorkflowId'],
          message: 'A local call needs targetWorkflowId',
        });
      }
      if (c.callType === 'http' && !c.httpUrl) {
        ctx.addIssue({ code: 'custom', path: ['httpUrl'], message: 'An HTTP call needs httpUrl' });
      }
    }),
  packages: (c) => (c.callType === 'http' ? [HTTPX] : NO_PACKAGES),
  // A local call stays in the app; what the callee reaches is followed by the smoke tests themselves.
  external: (c) => c.callType === 'http',
  summary(config, project) {
    if (config['callType'] === 'http') return `→ ${text(config['httpUrl']) || 'URL not set'} (http)`;
    const id = text(config['targetWorkflowId']);
    return `→ ${project.workflowName(id) ?? (id || 'no workflow chosen')} (local)`;
  },
  python: {
    kind: 'step',
    /**
     * Local: a plain await of the other workflow's `execute_<slug>` (runtime `call_local`
     * enforces the timeout). HTTP: runtime `call_http` (retries, circuit breaker).
     */
    generate(out, config) {
      const data = out.jsonTemplate(config.input, 'input', 'input');
      const timeout = out.number(config.timeout);
      if (config.callType === 'http') {
        out.returnAwait(out.runtime('call_http'), [
          out.template(config.httpUrl ?? '', 'httpUrl'),
          data,
          timeout,
        ]);
        return;
      }
      const callee = out.localWorkflow(String(config.targetWorkflowId));
      out.returnAwait(out.runtime('call_local'), [callee.execute, out.string(callee.name), data, timeout]);
    },
  },
});
