import type { Context } from 'hono';
import type { ExpectedVersions } from '../../store/file-version.js';

/**
 * Optimistic concurrency for the studio's writes. A read answers with the file's version
 * (in the body and as `ETag`); a write sends it back in `If-Match` and is refused with 409
 * when the file changed on disk since. A write without `If-Match` (or with `*`) is not checked.
 */
export function etag(version: string): string {
  return `"${version}"`;
}

/** The version named by `If-Match`, without quotes or a weak prefix. */
export function ifMatch(c: Context): string | undefined {
  const raw = c.req.header('if-match')?.trim();
  if (!raw || raw === '*') return undefined;
  return raw.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** A workflow write based on the version `If-Match` names. */
export function expectWorkflow(c: Context, workflowId: string): ExpectedVersions | undefined {
  const version = ifMatch(c);
  return version === undefined ? undefined : { workflow: { id: workflowId, version } };
}

/** A catalyst.json write based on the version `If-Match` names. */
export function expectManifest(c: Context): ExpectedVersions | undefined {
  const version = ifMatch(c);
  return version === undefined ? undefined : { manifest: version };
}
