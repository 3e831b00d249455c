/**
 * The one error type a user can meet. The CLI prints `message` (exit 1) and the studio's
 * HTTP API returns `{ error: { code, message, file?, path? } }`, so both read the same words.
 */
export type CatalystErrorCode =
  | 'not_found' // a project, workflow, target, secret or env var that does not exist
  | 'conflict' // a name or id already taken
  | 'in_use' // refused because something else depends on it
  | 'invalid_input' // input that fails the model's schemas
  | 'invalid_project' // a project folder whose files cannot be parsed
  | 'not_a_project' // a folder without catalyst.json
  | 'git_failed'
  | 'io_failed'
  | 'workspace' // the workspace database or registry
  | 'vault'; // secret key or encrypted value problems

export interface CatalystErrorOptions {
  /** File the problem is in, relative to the project root when there is one. */
  file?: string;
  /** JSON path inside `file`, e.g. `$.deploymentTargets.production`. */
  path?: string;
  cause?: unknown;
}

export class CatalystError extends Error {
  override readonly name = 'CatalystError';
  readonly code: CatalystErrorCode;
  readonly file?: string;
  readonly path?: string;

  constructor(code: CatalystErrorCode, message: string, options: CatalystErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.path !== undefined) this.path = options.path;
  }

  /** The shape both the CLI's `--json` output and the HTTP API send. */
  toJSON(): { code: CatalystErrorCode; message: string; file?: string; path?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.file === undefined ? {} : { file: this.file }),
      ...(this.path === undefined ? {} : { path: this.path }),
    };
  }
}

export function isCatalystError(error: unknown): error is CatalystError {
  return error instanceof CatalystError;
}
