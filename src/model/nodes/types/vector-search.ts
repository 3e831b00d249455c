import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyNumber, pyString } from '../escape.js';
import { compileTemplate } from '../templates.js';
import { emitReturnAwait } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/** Qdrant's `points/search` REST call; output {matches: [{id, score, payload}]}. */
export const vectorSearchGenerator: NodeGenerator<NodeConfig<'vectorSearch'>> = {
  kind: 'step',
  emitBody(out, config, { imports }) {
    emitReturnAwait(out, imports.runtime('vector_search'), [
      pyString(config.urlSecret),
      config.apiKeySecret === undefined ? 'None' : pyString(config.apiKeySecret),
      pyString(config.collection),
      compileTemplate(config.vector, imports),
      pyNumber(config.limit),
      pyNumber(config.retries),
    ]);
  },
};
