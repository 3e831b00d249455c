import { CatalystError } from '../errors.js';

/**
 * A deploy step that failed. Its message says what is wrong and what to run; `output`
 * keeps what a platform CLI printed (already scrubbed of secret values) so the failed
 * deployment record shows it. A deploy turns it into a `failed` record; elsewhere (stop,
 * restart) it reaches the CLI's error boundary as any CatalystError does.
 */
export class DeployError extends CatalystError {
  readonly output: string;

  constructor(message: string, output = '') {
    super('io_failed', message);
    this.output = output;
  }
}
