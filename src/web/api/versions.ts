/**
 * Request options that make a write conditional on the version it was based on: the server
 * answers 409 (an ApiError with `isStale`) when the file changed on disk since.
 */
export function ifMatch(version: string | null | undefined): { headers: Record<string, string> } | undefined {
  return version ? { headers: { 'If-Match': `"${version}"` } } : undefined;
}
