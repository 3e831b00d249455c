import type { Problem } from '../model/project-files.js';
import { formatProblems } from '../model/validate/format-problems.js';

/** The validator's problem lines, indented under a deploy refusal. */
export function indentedProblems(problems: readonly Problem[]): string {
  return formatProblems(problems)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
