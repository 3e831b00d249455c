import { parseExpression } from '../../model/expressions/parser.js';
import type { NodeEmit } from '../../model/nodes/emit.js';
import type { WorkflowNode } from '../../model/workflow.js';
import type { PlannedWorkflow, TargetPlan } from '../types.js';
import type { Emitter } from './emitter.js';
import { pyNumber, pyString } from './escape.js';
import { compileCondition, guardField } from './expressions.js';
import type { Imports } from './imports.js';
import { compileJsonTemplate, compileTemplate, compileTemplateValue } from './templates.js';

/** Where a node's function body is being written. */
export interface NodeScope {
  plan: TargetPlan;
  workflow: PlannedWorkflow;
  node: WorkflowNode;
  imports: Imports;
  /** Names of the project's shared functions, importable from `shared`. */
  sharedFunctions: readonly string[];
}

/**
 * The compiler's side of the model's `NodeEmit`: a node module's generator writes through
 * this into the workflow module's emitter, with the one escaping layer and import table.
 */
export class PythonNodeEmit implements NodeEmit {
  readonly sharedFunctions: readonly string[];

  constructor(
    private readonly out: Emitter,
    private readonly scope: NodeScope,
  ) {
    this.sharedFunctions = scope.sharedFunctions;
  }

  line(text = ''): void {
    this.out.line(text);
  }

  indent(body: () => void): void {
    this.out.indent(body);
  }

  runtime(name: string): string {
    return this.scope.imports.runtime(name);
  }

  importFrom(module: string, name: string): string {
    return this.scope.imports.from(module, name);
  }

  string(text: string): string {
    return pyString(text);
  }

  number(value: number): string {
    return pyNumber(value);
  }

  template(text: string, field: string): string {
    return compileTemplate(text, this.scope.imports, field);
  }

  templateValue(value: unknown, field: string): string {
    return compileTemplateValue(value, this.scope.imports, field);
  }

  jsonTemplate(value: unknown, absent: string, field: string): string {
    return compileJsonTemplate(value, this.scope.imports, absent, field);
  }

  condition(expression: string, field: string): string {
    const expr = parseExpression(expression);
    return guardField(compileCondition(expr, this.scope.imports), [expr], field, this.scope.imports);
  }

  localWorkflow(workflowId: string): { execute: string; name: string } {
    const { plan, workflow, node, imports } = this.scope;
    const callee = plan.workflows.find((w) => w.workflow.id === workflowId);
    if (callee === undefined) {
      throw new Error(
        `Node "${node.name}" of workflow "${workflow.workflow.name}" calls workflow ` +
          `"${workflowId}", which is not part of target "${plan.target.id}"`,
      );
    }
    const execute = imports.from(`workflows.${callee.moduleName}`, `execute_${callee.moduleName}`);
    return { execute, name: callee.workflow.name };
  }

  /** One argument a line when the call does not fit on one line, so long templates stay readable. */
  returnAwait(helper: string, args: readonly string[]): void {
    const all = ['context', ...args];
    const single = `return await ${helper}(${all.join(', ')})`;
    if (single.length <= 100) {
      this.out.line(single);
      return;
    }
    this.out.line(`return await ${helper}(`);
    this.out.indent(() => {
      for (const arg of all) this.out.line(`${arg},`);
    });
    this.out.line(')');
  }

  returnDict(entries: ReadonlyArray<readonly [key: string, value: string]>): void {
    if (entries.length === 0) {
      this.out.line('return {}');
      return;
    }
    this.out.line('return {');
    this.out.indent(() => {
      for (const [key, value] of entries) this.out.line(`${key}: ${value},`);
    });
    this.out.line('}');
  }
}
