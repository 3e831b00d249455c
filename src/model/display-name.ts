import { z } from 'zod';
import { CONTROL_CHAR_RE, DISPLAY_NAME_MAX } from './limits.js';

/**
 * A display name (DESIGN §5): any text of 1–100 characters without control characters,
 * e.g. `Bob's "Orders" (EU)`. Folders, modules and Python names are derived from it
 * (slug, escaping), never the other way round, so no other character is refused.
 * `what` starts the messages: "Project name is required".
 */
export function displayNameSchema(what: string, options: { trim?: boolean } = {}) {
  const text = options.trim === false ? z.string() : z.string().trim();
  return text
    .min(1, `${what} is required`)
    .max(DISPLAY_NAME_MAX, `${what} is longer than ${DISPLAY_NAME_MAX} characters`)
    .refine(
      (name) => !CONTROL_CHAR_RE.test(name),
      `${what} has a line break, tab or other control character: use plain text on one line`,
    );
}
