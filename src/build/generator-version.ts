import { readFileSync } from 'node:fs';

let version: string | undefined;

/** Catalyst's own version (package.json), recorded in every lock file and README. */
export function generatorVersion(): string {
  version ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return version;
}
