import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyNumber, pyString } from '../escape.js';
import { compileJsonTemplate, compileTemplate, compileTemplateValue } from '../templates.js';
import { emitReturnAwait } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/** Output {status, headers, body}; see runtime/integrations.py `http_request`. */
export const httpRequestGenerator: NodeGenerator<NodeConfig<'httpRequest'>> = {
  kind: 'step',
  emitBody(out, config, { imports }) {
    emitReturnAwait(out, imports.runtime('http_request'), [
      pyString(config.method),
      compileTemplate(config.url, imports),
      compileTemplateValue(config.headers, imports),
      compileJsonTemplate(config.body, imports, 'None'),
      pyNumber(config.timeout),
      pyNumber(config.retries),
    ]);
  },
};
