import type { NodePython } from '../emit.js';
import type { NodeConfig } from '../registry.js';

/**
 * Local: a plain await of the other workflow's `execute_<slug>` (runtime `call_local`
 * enforces the timeout). HTTP: runtime `call_http` (retries, circuit breaker).
 */
export const workflowCallPython: NodePython<NodeConfig<'workflowCall'>> = {
  kind: 'step',
  generate(out, config) {
    const data = out.jsonTemplate(config.input, 'input');
    const timeout = out.number(config.timeout);
    if (config.callType === 'http') {
      out.returnAwait(out.runtime('call_http'), [out.template(config.httpUrl ?? ''), data, timeout]);
      return;
    }
    const callee = out.localWorkflow(String(config.targetWorkflowId));
    out.returnAwait(out.runtime('call_local'), [callee.execute, out.string(callee.name), data, timeout]);
  },
};
