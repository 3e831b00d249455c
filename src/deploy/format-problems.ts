import type { Problem } from '../model/project-files.js';

/** One line per problem: `file $.path: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.file} ${p.path}: ${p.message}`).join('\n');
}
