/** What a secret value is replaced with in logs and stored output. */
export const SCRUBBED = '***';

/**
 * Very short values are left alone: masking every "1" or "ab" in a log would make it
 * unreadable and such values give no real protection anyway.
 */
const MIN_SCRUB_LENGTH = 3;

export type Scrubber = (text: string) => string;

/**
 * Builds a function that masks every occurrence of the given secret values (security: all
 * log lines and stored CLI output pass through it). Longer values are replaced first so a
 * value that contains another is masked whole.
 */
export function makeScrubber(values: Iterable<string>): Scrubber {
  const needles = [...new Set(values)]
    .filter((v) => v.length >= MIN_SCRUB_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of needles) out = out.split(needle).join(SCRUBBED);
    return out;
  };
}
