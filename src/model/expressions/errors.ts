import { ExpressionError, type Span } from './ast.js';

/** An error whose message names its position: `<reason> at <offset>[: <hint>]`. */
export function errorAt(reason: string, span: Span, hint?: string): ExpressionError {
  const message = `${reason} at ${span.start}${hint === undefined ? '' : `: ${hint}`}`;
  return new ExpressionError(message, span, hint === undefined ? { reason } : { reason, hint });
}

/** The same error, its span (and the position in its message) moved by `offset`. */
export function shiftError(err: ExpressionError, offset: number): ExpressionError {
  const span = { start: err.span.start + offset, end: err.span.end + offset };
  if (err.positioned) return errorAt(err.positioned.reason, span, err.positioned.hint);
  return new ExpressionError(err.message, span);
}
