import { z } from 'zod';
import { HTTPX, retries, retriesField, secretName, text } from '../common.js';
import { defineNode } from '../definition.js';

/** Qdrant's `points/search` REST call; output {matches: [{id, score, payload}]}. */
export const vectorSearchNode = defineNode({
  type: 'vectorSearch',
  category: 'ai',
  label: 'Vector search',
  description: 'Nearest neighbours in a Qdrant collection; output the matches.',
  icon: 'search',
  color: '#14b8a6',
  outputs: ['out'],
  fields: [
    {
      key: 'urlSecret',
      label: 'Qdrant URL secret',
      kind: 'secret',
      required: true,
      placeholder: 'QDRANT_URL',
    },
    {
      key: 'apiKeySecret',
      label: 'Qdrant API key secret',
      kind: 'secret',
      required: false,
      placeholder: 'QDRANT_API_KEY',
    },
    { key: 'collection', label: 'Collection', kind: 'text', required: true },
    {
      key: 'vector',
      label: 'Vector',
      kind: 'template',
      required: true,
      placeholder: '{{ nodes.embed.vector }}',
    },
    { key: 'limit', label: 'Limit', kind: 'number', required: false, min: 1, max: 1000, default: 10 },
    retriesField('429, 502, 503 or 504'),
  ],
  configSchema: z.object({
    urlSecret: secretName,
    apiKeySecret: secretName.optional(),
    collection: z.string().min(1, 'Collection is required'),
    vector: z.string().min(1, 'Vector is required'),
    limit: z.number().int().min(1).max(1000).default(10),
    retries,
  }),
  // Qdrant's REST API through the shared httpx pool.
  packages: () => [HTTPX],
  external: () => true,
  summary: (config) => text(config['collection']) || 'no collection yet',
  python: {
    kind: 'step',
    generate(out, config) {
      out.returnAwait(out.runtime('vector_search'), [
        out.string(config.urlSecret),
        config.apiKeySecret === undefined ? 'None' : out.string(config.apiKeySecret),
        out.string(config.collection),
        out.template(config.vector, 'vector'),
        out.number(config.limit),
        out.number(config.retries),
      ]);
    },
  },
});
