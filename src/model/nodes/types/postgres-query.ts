import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** The query text is sent as written; values travel only as $1… parameters (no SQL injection). */
export const postgresQueryPython: NodePython<NodeConfig<'postgresQuery'>> = {
  kind: 'step',
  generate(out, config) {
    out.returnAwait(out.runtime('postgres_query'), [
      out.string(config.connectionSecret),
      out.string(config.query),
      out.templateValue(config.params),
      out.number(config.timeout),
    ]);
  },
};
