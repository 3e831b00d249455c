import type { WorkflowNode } from '../../../model/workflow.js';
import type { PlannedWorkflow, TargetPlan } from '../../types.js';
import type { Emitter } from '../emitter.js';
import type { Imports } from '../imports.js';

/** What a node generator may look at and use while writing its function body. */
export interface NodeScope {
  plan: TargetPlan;
  workflow: PlannedWorkflow;
  node: WorkflowNode;
  imports: Imports;
  /** Names of the project's shared functions, importable from `shared`. */
  sharedFunctions: readonly string[];
}

/**
 * The Python generator of one node type. It writes the body of
 * `async def node_<id>(input: Any, context: ExecutionContext) -> Any:`; the value it
 * returns is the node's output.
 */
export interface NodeGenerator<Config> {
  /** How the executor treats the node: a condition passes its input through, a response's body is the result. */
  kind: 'step' | 'condition' | 'response';
  emitBody(out: Emitter, config: Config, scope: NodeScope): void;
  /** For code nodes: the body starts with the user's own line 1. */
  userCode?: boolean;
}
