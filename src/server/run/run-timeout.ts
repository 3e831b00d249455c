import { CatalystError } from '../../errors.js';

/** The studio's own environment variable for the Run's time limit, in seconds. */
export const RUN_TIMEOUT_ENV = 'CATALYST_RUN_TIMEOUT';

/** A studio Run that takes longer than this is stopped and its Python process killed. */
export const DEFAULT_RUN_TIMEOUT_MS = 60_000;

/**
 * The Run's time limit from the studio's environment (`CATALYST_RUN_TIMEOUT=120 catalyst
 * studio`), or the default. A value that is not a positive number of seconds stops the studio
 * from starting, saying so, rather than running without a limit.
 */
export function runTimeoutMs(env: NodeJS.ProcessEnv): number {
  const text = env[RUN_TIMEOUT_ENV]?.trim();
  if (text === undefined || text === '') return DEFAULT_RUN_TIMEOUT_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new CatalystError(
      'invalid_input',
      `${RUN_TIMEOUT_ENV} must be a number of seconds from more than 0 to 86400 (how long a studio Run may take), not "${text}". Unset it for the default of ${DEFAULT_RUN_TIMEOUT_MS / 1000} s.`,
    );
  }
  return Math.round(seconds * 1000);
}
