import { z } from 'zod';
import { jsonTemplate, NO_PACKAGES } from '../common.js';
import { defineNode } from '../definition.js';

/** Shapes the HTTP reply: status code, headers and body. */
export const responseNode = defineNode({
  type: 'response',
  category: 'flow',
  label: 'Response',
  description: 'Shape the HTTP reply: status code, headers and body.',
  icon: 'reply',
  color: '#64748b',
  outputs: ['out'],
  fields: [
    {
      key: 'statusCode',
      label: 'Status code',
      kind: 'number',
      required: false,
      min: 100,
      max: 599,
      default: 200,
    },
    { key: 'headers', label: 'Headers', kind: 'template-map', required: false },
    {
      key: 'body',
      label: 'Body (JSON)',
      kind: 'json-template',
      required: false,
      placeholder: '{"result": "{{ input }}"}',
    },
  ],
  configSchema: z.object({
    statusCode: z.number().int().min(100).max(599).default(200),
    headers: z.record(z.string(), z.string()).default({}),
    body: jsonTemplate,
  }),
  packages: () => NO_PACKAGES,
  external: () => false,
  summary: (config) => `status ${typeof config['statusCode'] === 'number' ? config['statusCode'] : 200}`,
  python: {
    kind: 'response',
    /** The reply's status, headers and body; without a body template the node's input is the body. */
    generate(out, config) {
      out.returnDict([
        ['"statusCode"', out.number(config.statusCode)],
        ['"headers"', out.templateValue(config.headers, 'headers')],
        ['"body"', out.jsonTemplate(config.body, 'input', 'body')],
      ]);
    },
  },
});
