import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyNumber, pyString } from '../escape.js';
import { compileTemplateValue } from '../templates.js';
import { emitReturnAwait } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/** The query text is sent as written; values travel only as $1… parameters (no SQL injection). */
export const postgresQueryGenerator: NodeGenerator<NodeConfig<'postgresQuery'>> = {
  kind: 'step',
  emitBody(out, config, { imports }) {
    emitReturnAwait(out, imports.runtime('postgres_query'), [
      pyString(config.connectionSecret),
      pyString(config.query),
      compileTemplateValue(config.params, imports),
      pyNumber(config.timeout),
    ]);
  },
};
