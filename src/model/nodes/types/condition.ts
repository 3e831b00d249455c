import { z } from 'zod';
import { NO_PACKAGES, text } from '../common.js';
import { defineNode } from '../definition.js';

/** Evaluates `config.expression`; the executor follows the `true` or `false` edges. */
export const conditionNode = defineNode({
  type: 'condition',
  category: 'logic',
  label: 'Condition',
  description: 'Follow the true or the false edges; passes its input through.',
  icon: 'git-branch',
  color: '#f59e0b',
  outputs: ['true', 'false'],
  fields: [
    {
      key: 'expression',
      label: 'Expression',
      kind: 'expression',
      required: true,
      placeholder: 'input.amount > 100 and input.currency == "EUR"',
    },
  ],
  configSchema: z.object({ expression: z.string().trim().min(1, 'Expression is required') }),
  packages: () => NO_PACKAGES,
  external: () => false,
  summary: (config) => text(config['expression']) || 'no expression yet',
  python: {
    kind: 'condition',
    /** Returns the verdict; the executor follows the matching edges and passes the input on. */
    generate(out, config) {
      out.line(`return ${out.condition(config.expression, 'expression')}`);
    },
  },
});
