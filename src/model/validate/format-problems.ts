import type { Problem } from '../project-files.js';

/**
 * Problems as lines for a terminal: `file  path  message`, the paths padded so messages
 * line up. Empty when there are none.
 */
export function formatProblems(problems: readonly Problem[]): string {
  const fileWidth = Math.max(0, ...problems.map((p) => p.file.length));
  const pathWidth = Math.max(0, ...problems.map((p) => p.path.length));
  return problems
    .map((p) => `${p.file.padEnd(fileWidth)}  ${p.path.padEnd(pathWidth)}  ${p.message}`)
    .join('\n');
}
