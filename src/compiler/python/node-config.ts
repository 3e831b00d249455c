import { parseNodeConfig } from '../../model/nodes/config-parse.js';
import { isNodeType, type NodeConfig, type NodeType } from '../../model/nodes/registry.js';
import type { WorkflowNode } from '../../model/workflow.js';

/**
 * A node's config parsed by its type's schema (defaults filled in). Validation has already
 * reported bad config to the user; meeting one here is a bug in the caller, said plainly.
 */
export function parsedConfig(
  node: WorkflowNode,
  workflowName: string,
): { type: NodeType; config: NodeConfig<NodeType> } {
  if (!isNodeType(node.type)) {
    throw new Error(`Node "${node.name}" of workflow "${workflowName}" has unknown type "${node.type}"`);
  }
  const result = parseNodeConfig(node)!;
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at config.${issue.path.join('.')}` : '';
    throw new Error(
      `Node "${node.name}" of workflow "${workflowName}" has invalid config${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return { type: node.type, config: result.data as NodeConfig<NodeType> };
}
