import { z } from 'zod';
import { firstLine, jsonValue, secretName, timeout, timeoutField } from '../common.js';
import { defineNode } from '../definition.js';

/** A parameterised SQL query through asyncpg; output the rows. */
export const postgresQueryNode = defineNode({
  type: 'postgresQuery',
  category: 'data',
  label: 'PostgreSQL query',
  description: 'Run a parameterised SQL query; output the rows.',
  icon: 'database',
  color: '#3b82f6',
  outputs: ['out'],
  fields: [
    {
      key: 'connectionSecret',
      label: 'Connection secret (DSN)',
      kind: 'secret',
      required: true,
      placeholder: 'DATABASE_URL',
    },
    {
      key: 'query',
      label: 'Query',
      kind: 'textarea',
      required: true,
      placeholder: 'SELECT * FROM users WHERE id = $1',
    },
    {
      key: 'params',
      label: 'Parameters',
      kind: 'template-list',
      required: false,
      description: 'Values for $1, $2, …',
    },
    { ...timeoutField, description: 'The query is cancelled on the server when it runs longer' },
  ],
  configSchema: z.object({
    connectionSecret: secretName,
    query: z.string().min(1, 'Query is required'),
    params: z.array(jsonValue).default([]),
    timeout,
  }),
  packages: () => [{ name: 'asyncpg', min: '0.27' }],
  external: () => true,
  summary: (config) => firstLine(config['query']) || 'no query yet',
  python: {
    kind: 'step',
    /** The query text is sent as written; values travel only as $1… parameters (no SQL injection). */
    generate(out, config) {
      out.returnAwait(out.runtime('postgres_query'), [
        out.string(config.connectionSecret),
        out.string(config.query),
        out.templateValue(config.params, 'params'),
        out.number(config.timeout),
      ]);
    },
  },
});
