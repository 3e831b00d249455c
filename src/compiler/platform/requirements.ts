import type { GeneratedFile, TargetPlan } from '../types.js';

/** `requirements.txt`: one `name>=min` a line, sorted by name (the plan already deduplicated). */
export function renderRequirements(plan: TargetPlan): GeneratedFile {
  const lines = [...plan.requirements]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((r) => `${r.name}>=${r.min}`);
  return { path: 'requirements.txt', kind: 'config', content: `${lines.join('\n')}\n` };
}

function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
