import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** Qdrant's `points/search` REST call; output {matches: [{id, score, payload}]}. */
export const vectorSearchPython: NodePython<NodeConfig<'vectorSearch'>> = {
  kind: 'step',
  generate(out, config) {
    out.returnAwait(out.runtime('vector_search'), [
      out.string(config.urlSecret),
      config.apiKeySecret === undefined ? 'None' : out.string(config.apiKeySecret),
      out.string(config.collection),
      out.template(config.vector),
      out.number(config.limit),
      out.number(config.retries),
    ]);
  },
};
