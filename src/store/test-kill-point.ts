/**
 * Test hook for crash-safety tests: when CATALYST_TEST_KILL_AT names this point, the
 * process kills itself on the spot with SIGKILL, exactly as a power cut or `kill -9`
 * would — no cleanup, no finally blocks. Inert unless that variable is set; nothing in
 * Catalyst sets it (child processes Catalyst starts get a scrubbed environment).
 */
export const KILL_AT_ENV = 'CATALYST_TEST_KILL_AT';

export function testKillPoint(point: string): void {
  if (process.env[KILL_AT_ENV] === point) process.kill(process.pid, 'SIGKILL');
}
