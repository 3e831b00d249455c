import { z } from 'zod';
import { childPath } from '../../json-path.js';
import { jsonValue, NO_PACKAGES } from '../common.js';
import { defineNode } from '../definition.js';

/** Builds an object from `config.fields` (name → template). */
export const transformNode = defineNode({
  type: 'transform',
  category: 'data',
  label: 'Transform',
  description: 'Build an object from fields; each value is a template.',
  icon: 'shuffle',
  color: '#6366f1',
  outputs: ['out'],
  fields: [
    {
      key: 'fields',
      label: 'Fields',
      kind: 'template-map',
      required: true,
      description: 'Output field name → template, e.g. "{{ input.userId }}"',
    },
  ],
  configSchema: z.object({ fields: z.record(z.string(), jsonValue) }),
  packages: () => NO_PACKAGES,
  external: () => false,
  summary(config) {
    const keys = Object.keys((config['fields'] as object | undefined) ?? {});
    return keys.length === 0 ? 'no fields yet' : `{ ${keys.join(', ')} }`;
  },
  python: {
    kind: 'step',
    /** `return {field: template, …}` */
    generate(out, config) {
      out.returnDict(
        Object.entries(config.fields).map(
          ([name, value]) => [out.string(name), out.templateValue(value, childPath('fields', name))] as const,
        ),
      );
    },
  },
});
