import { CatalystError } from '../errors.js';

/**
 * Test hooks for crash-safety tests. When CATALYST_TEST_KILL_AT names this point, the
 * process kills itself on the spot with SIGKILL, exactly as a power cut or `kill -9`
 * would — no cleanup, no finally blocks. When CATALYST_TEST_FAIL_AT names it, the step
 * fails with an error instead, as a full disk would. Inert unless one of those variables
 * is set; nothing in Catalyst sets them (child processes Catalyst starts get a scrubbed
 * environment).
 */
export const KILL_AT_ENV = 'CATALYST_TEST_KILL_AT';
export const FAIL_AT_ENV = 'CATALYST_TEST_FAIL_AT';

export function testKillPoint(point: string): void {
  if (process.env[KILL_AT_ENV] === point) process.kill(process.pid, 'SIGKILL');
  if (process.env[FAIL_AT_ENV] === point) {
    throw new CatalystError('io_failed', `Injected failure at ${point} (${FAIL_AT_ENV} is set).`);
  }
}
