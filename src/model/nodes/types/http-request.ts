import { z } from 'zod';
import { HTTP_METHODS } from '../../workflow.js';
import { HTTPX, jsonTemplate, retries, retriesField, text, timeout, timeoutField } from '../common.js';
import { defineNode } from '../definition.js';

/** Calls any HTTP API; output {status, headers, body} (runtime/integrations.py `http_request`). */
export const httpRequestNode = defineNode({
  type: 'httpRequest',
  category: 'integration',
  label: 'HTTP request',
  description: 'Call any HTTP API; output {status, headers, body}.',
  icon: 'globe',
  color: '#10b981',
  outputs: ['out'],
  fields: [
    {
      key: 'method',
      label: 'Method',
      kind: 'select',
      required: true,
      options: HTTP_METHODS.map((m) => ({ value: m, label: m })),
      default: 'GET',
    },
    {
      key: 'url',
      label: 'URL',
      kind: 'template',
      required: true,
      placeholder: 'https://api.example.com/users/{{ input.id }}',
    },
    { key: 'headers', label: 'Headers', kind: 'template-map', required: false },
    {
      key: 'body',
      label: 'Body (JSON)',
      kind: 'json-template',
      required: false,
      placeholder: '{"name": "{{ input.name }}"}',
    },
    timeoutField,
    retriesField('429, 502, 503 or 504'),
  ],
  configSchema: z.object({
    method: z.enum(HTTP_METHODS).default('GET'),
    url: z.string().min(1, 'URL is required'),
    headers: z.record(z.string(), z.string()).default({}),
    body: jsonTemplate,
    timeout,
    retries,
  }),
  packages: () => [HTTPX],
  external: () => true,
  summary: (config) => `${text(config['method']) || 'GET'} ${text(config['url'])}`.trim(),
  python: {
    kind: 'step',
    generate(out, config) {
      out.returnAwait(out.runtime('http_request'), [
        out.string(config.method),
        out.template(config.url, 'url'),
        out.templateValue(config.headers, 'headers'),
        out.jsonTemplate(config.body, 'None', 'body'),
        out.number(config.timeout),
        out.number(config.retries),
      ]);
    },
  },
});
