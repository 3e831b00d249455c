import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The Catalyst package version, written into every generated app's lock file. */
export function generatorVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
