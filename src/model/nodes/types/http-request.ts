import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/** Output {status, headers, body}; see runtime/integrations.py `http_request`. */
export const httpRequestPython: NodePython<NodeConfig<'httpRequest'>> = {
  kind: 'step',
  generate(out, config) {
    out.returnAwait(out.runtime('http_request'), [
      out.string(config.method),
      out.template(config.url),
      out.templateValue(config.headers),
      out.jsonTemplate(config.body, 'None'),
      out.number(config.timeout),
      out.number(config.retries),
    ]);
  },
};
