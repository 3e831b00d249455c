/**
 * The expression language of DESIGN §5, as a tree. Every node carries its span — offsets
 * into the expression source — so errors point at the exact characters.
 */
export interface Span {
  start: number;
  end: number;
}

export type PathRoot = 'input' | 'trigger' | 'nodes' | 'env' | 'secrets';
export const PATH_ROOTS: readonly PathRoot[] = ['input', 'trigger', 'nodes', 'env', 'secrets'];

export type PathSegment =
  | { kind: 'field'; name: string; span: Span } // .field
  | { kind: 'index'; index: number; span: Span } // [0]
  | { kind: 'key'; key: string; span: Span }; // ["key"]

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

/** `"key": value` in an object literal; the key as written (a string or a bare name). */
export interface ObjectEntry {
  key: string;
  keySpan: Span;
  value: Expr;
}

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; span: Span }
  /**
   * `nodes.<id>…` (or its alias `output.<id>…`, normalised to `nodes`): `nodeId` is set and
   * `segments` are what follows the id. `env.NAME` / `secrets.NAME`: `name` is set.
   */
  | {
      kind: 'path';
      root: PathRoot;
      rootSpan: Span;
      nodeId?: string;
      name?: string;
      /** Span of the node id or env/secret name. */
      nameSpan?: Span;
      segments: PathSegment[];
      span: Span;
    }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; span: Span }
  | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr; span: Span }
  | { kind: 'not'; operand: Expr; span: Span }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr; span: Span }
  /** Unary minus of anything but a number literal (`-5` is the literal -5). */
  | { kind: 'negate'; operand: Expr; span: Span }
  /** `test ? consequent : alternate` */
  | { kind: 'conditional'; test: Expr; consequent: Expr; alternate: Expr; span: Span }
  /** `left ?? right`: left unless it is null. */
  | { kind: 'coalesce'; left: Expr; right: Expr; span: Span }
  | { kind: 'list'; items: Expr[]; span: Span }
  | { kind: 'object'; entries: ObjectEntry[]; span: Span }
  /** A function of the fixed library (functions.ts); the parser checks name and arity. */
  | { kind: 'call'; name: string; nameSpan: Span; args: Expr[]; span: Span }
  /** Segments after a call or a parenthesised expression: `split(input.s, ",")[0]`. */
  | { kind: 'access'; target: Expr; segments: PathSegment[]; span: Span };

/** A string template: literal text and `{{ expr }}` parts. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `offset` is where the expression source starts inside the template string. */
  | { kind: 'expr'; expr: Expr; source: string; offset: number };

export interface Template {
  parts: TemplatePart[];
  /** True when the string is exactly one `{{ expr }}`: the value keeps its type (DESIGN §5). */
  whole: boolean;
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    /**
     * When the message names its position (`<reason> at <offset>[: <hint>]`), its parts —
     * so a template can restate the error at the offset inside the whole template text.
     */
    readonly positioned?: { reason: string; hint?: string },
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}
