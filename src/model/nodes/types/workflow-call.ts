import type { NodeConfig } from '../../../model/nodes/registry.js';
import { pyNumber, pyString } from '../escape.js';
import { compileJsonTemplate, compileTemplate } from '../templates.js';
import { emitReturnAwait } from './emit-call.js';
import type { NodeGenerator } from './types.js';

/**
 * Local: a plain await of the other workflow's `execute_<slug>` (runtime `call_local`
 * enforces the timeout). HTTP: runtime `call_http` (retries, circuit breaker).
 */
export const workflowCallGenerator: NodeGenerator<NodeConfig<'workflowCall'>> = {
  kind: 'step',
  emitBody(out, config, { imports, plan, workflow, node }) {
    const data = compileJsonTemplate(config.input, imports, 'input');
    const timeout = pyNumber(config.timeout);
    if (config.callType === 'http') {
      emitReturnAwait(out, imports.runtime('call_http'), [
        compileTemplate(config.httpUrl ?? '', imports),
        data,
        timeout,
      ]);
      return;
    }
    const callee = plan.workflows.find((w) => w.workflow.id === config.targetWorkflowId);
    if (callee === undefined) {
      throw new Error(
        `Node "${node.name}" of workflow "${workflow.workflow.name}" calls workflow ` +
          `"${config.targetWorkflowId}", which is not part of target "${plan.target.id}"`,
      );
    }
    const execute = imports.from(`workflows.${callee.moduleName}`, `execute_${callee.moduleName}`);
    emitReturnAwait(out, imports.runtime('call_local'), [
      execute,
      pyString(callee.workflow.name),
      data,
      timeout,
    ]);
  },
};
