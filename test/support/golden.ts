/**
 * Whether this run may rewrite golden files. `UPDATE_GOLDEN=1` rewrites them before comparing,
 * so under CI it would turn every golden mismatch into a pass: there it is refused with an error
 * instead. CI counts as set like the usual convention (ci-info): any value but empty or "false".
 */
export function goldenUpdateRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const update = env['UPDATE_GOLDEN'];
  if (update === undefined || update === '') return false;
  const ci = env['CI'];
  if (ci !== undefined && ci !== '' && ci !== 'false')
    throw new Error(
      `UPDATE_GOLDEN=${update} is refused because CI=${ci} is set: in CI golden files are only compared, never rewritten. ` +
        'Refresh them locally with `UPDATE_GOLDEN=1 npx vitest run <golden test>`, review the diff and commit it.',
    );
  return update === '1';
}
