import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyString } from '../escape.js';
import { compileTemplateValue } from '../templates.js';
import { emitDict } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/** `return {field: template, …}` */
export const transformGenerator: NodeGenerator<NodeConfig<'transform'>> = {
  kind: 'step',
  emitBody(out, config, { imports }) {
    const entries = Object.entries(config.fields).map(([name, value]): [string, string] => [
      pyString(name),
      compileTemplateValue(value, imports),
    ]);
    emitDict(out, 'return ', entries);
  },
};
