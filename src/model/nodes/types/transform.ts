import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** `return {field: template, …}` */
export const transformPython: NodePython<NodeConfig<'transform'>> = {
  kind: 'step',
  generate(out, config) {
    out.returnDict(
      Object.entries(config.fields).map(
        ([name, value]) => [out.string(name), out.templateValue(value)] as const,
      ),
    );
  },
};
