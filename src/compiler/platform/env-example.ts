import type { GeneratedFile, TargetPlan } from '../types.js';
import { APP_PORT, oneLine } from './app-settings.js';

/**
 * `.env.example`: every setting the app reads, env vars with their project values and
 * secrets as empty placeholders — a secret's value never reaches a generated file.
 */
export function renderEnvExample(plan: TargetPlan): GeneratedFile {
  const lines = [
    `# Environment for ${oneLine(plan.project.manifest.name)} (target ${plan.target.id}).`,
    '# Copy to .env for local runs; never commit .env.',
    '',
    '# Port the server listens on (platforms usually set it).',
    `PORT=${APP_PORT}`,
  ];
  if (plan.envVars.length > 0) {
    lines.push('', '# Settings: the app defaults to these project values; change them here to override.');
    for (const [name, value] of plan.envVars) lines.push(`${name}=${dotenvValue(value)}`);
  }
  if (plan.secrets.length > 0) {
    lines.push(
      '',
      '# Secrets: required, no default. Locally put values here; in production use the platform secret store.',
    );
    for (const name of plan.secrets) {
      const description = plan.project.manifest.secrets[name]?.description;
      if (description !== undefined && description.trim() !== '') lines.push(`# ${oneLine(description)}`);
      lines.push(`${name}=`);
    }
  }
  return { path: '.env.example', kind: 'config', content: `${lines.join('\n')}\n` };
}

/**
 * A value as dotenv readers (python-dotenv, Docker Compose) read it back unchanged:
 * bare when plain, single-quoted (literal, no interpolation) when possible, else
 * double-quoted with `\`, `"`, newline and `$` escaped.
 */
export function dotenvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@,+-]*$/.test(value)) return value;
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$/g, '\\$')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
  return `"${escaped}"`;
}
