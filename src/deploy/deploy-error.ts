/**
 * An error a user can meet while deploying. Its message says what is wrong and what to
 * run; `output` keeps what a platform CLI printed (already scrubbed of secret values) so
 * the failed deployment record shows it.
 */
export class DeployError extends Error {
  readonly output: string;

  constructor(message: string, output = '') {
    super(message);
    this.name = 'DeployError';
    this.output = output;
  }
}
