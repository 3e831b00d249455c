/**
 * What a node type's Python generator writes with. The generator lives in the node type's own
 * module (model), the Python it produces is the compiler's business: the compiler implements
 * this interface over its emitter, escaping, template compiler and import table, so a node
 * module never sees any of them. Every method returning a string returns Python source text
 * (an expression or a name) ready to put in a line.
 */
export interface NodeEmit {
  /** One line of the function body at the current indentation; `''` is a blank line. */
  line(text?: string): void;
  /** Everything `body` emits is one level deeper. */
  indent(body: () => void): void;

  /** A name from the app's runtime package (`from runtime import name`, recorded); returns it. */
  runtime(name: string): string;
  /** `from module import name`, recorded; returns the name to use. */
  importFrom(module: string, name: string): string;
  /** The project's shared functions (importable from `shared`). */
  readonly sharedFunctions: readonly string[];

  /** A Python string literal whose value is exactly `text`. */
  string(text: string): string;
  /** A Python number literal. */
  number(value: number): string;
  /*
   * `field` below is where the value sits in the node's config, as validation names it
   * (`url`, `fields.total`, built with json-path's childPath): a run-time failure of an
   * expression in it (division by zero, …) names that field.
   */
  /** A string template (DESIGN §5) as a Python expression. */
  template(text: string, field: string): string;
  /** A JSON value whose strings are templates (`template-map`, `template-list` fields). */
  templateValue(value: unknown, field: string): string;
  /** A `json-template` field's value as a Python expression; `absent` when the field has none. */
  jsonTemplate(value: unknown, absent: string, field: string): string;
  /** A condition expression (no braces) as a Python bool. */
  condition(expression: string, field: string): string;

  /**
   * The `execute_<module>` function of a workflow this node calls locally (imported), and that
   * workflow's name. Throws when the workflow is not part of the target being generated.
   */
  localWorkflow(workflowId: string): { execute: string; name: string };

  /** `return await helper(context, arg, …)`, one argument a line when it does not fit on one. */
  returnAwait(helper: string, args: readonly string[]): void;
  /** `return {key: value, …}`, one entry a line; keys and values are Python source. */
  returnDict(entries: ReadonlyArray<readonly [key: string, value: string]>): void;
}

/**
 * A node type's Python: the body of `async def node_<id>(input, context) -> Any`, whose return
 * value is the node's output.
 */
export interface NodePython<Config> {
  /** How the executor treats the node: a condition passes its input through, a response's body is the result. */
  kind: 'step' | 'condition' | 'response';
  /** For code nodes: the body starts with the user's own line 1 (error line numbers map back). */
  userCode?: boolean;
  generate(out: NodeEmit, config: Config): void;
}
