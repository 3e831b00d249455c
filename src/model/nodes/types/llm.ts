import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** A chat completion through the provider's REST API; output {text, model, usage}. */
export const llmPython: NodePython<NodeConfig<'llm'>> = {
  kind: 'step',
  generate(out, config) {
    out.returnAwait(out.runtime('llm_chat'), [
      out.string(config.provider),
      out.string(config.model),
      config.system === undefined || config.system === '' ? 'None' : out.template(config.system),
      out.template(config.prompt),
      out.string(config.apiKeySecret),
      out.number(config.maxTokens),
      out.number(config.retries),
    ]);
  },
};
