import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyNumber, pyString } from '../escape.js';
import { compileTemplate } from '../templates.js';
import { emitReturnAwait } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/** A chat completion through the provider's REST API; output {text, model, usage}. */
export const llmGenerator: NodeGenerator<NodeConfig<'llm'>> = {
  kind: 'step',
  emitBody(out, config, { imports }) {
    emitReturnAwait(out, imports.runtime('llm_chat'), [
      pyString(config.provider),
      pyString(config.model),
      config.system === undefined || config.system === '' ? 'None' : compileTemplate(config.system, imports),
      compileTemplate(config.prompt, imports),
      pyString(config.apiKeySecret),
      pyNumber(config.maxTokens),
      pyNumber(config.retries),
    ]);
  },
};
