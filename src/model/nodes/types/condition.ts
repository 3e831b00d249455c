import { parseExpression } from '../../../model/expressions/parser.js';
import type { NodeConfig } from '../../../model/nodes/registry.js';
import { compileCondition } from '../expressions.js';
import type { NodeGenerator } from './types.js';

/** Returns the verdict; the executor follows the matching edges and passes the input on. */
export const conditionGenerator: NodeGenerator<NodeConfig<'condition'>> = {
  kind: 'condition',
  emitBody(out, config, { imports }) {
    out.line(`return ${compileCondition(parseExpression(config.expression), imports)}`);
  },
};
