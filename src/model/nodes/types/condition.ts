import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** Returns the verdict; the executor follows the matching edges and passes the input on. */
export const conditionPython: NodePython<NodeConfig<'condition'>> = {
  kind: 'condition',
  generate(out, config) {
    out.line(`return ${out.condition(config.expression)}`);
  },
};
