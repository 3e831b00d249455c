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
    for (const [name, value] of plan.envVars) lines.push(settingLine(name, value));
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
 * A value as the readers of `.env` — `sh` (`set -a; . ./.env`, as the README says),
 * python-dotenv and Docker Compose — all read it back unchanged: bare when plain,
 * single-quoted (literal everywhere) when it has no `'` or `\`, double-quoted when it has
 * a `'` but nothing they expand or unescape differently. Anything else (a line break or
 * other control character, a backslash, `'` with `$`) has no spelling they agree on: `null`.
 */
export function dotenvValue(value: string): string | null {
  if (/^[A-Za-z0-9_./:@,+-]*$/.test(value)) return value;
  if (/\p{Cc}|\\/u.test(value)) return null;
  if (!value.includes("'")) return `'${value}'`;
  if (!/[$`]/.test(value)) return `"${value.replace(/"/g, '\\"')}"`;
  return null;
}

/**
 * A setting's line. A value `.env` cannot hold is shown in a comment as JSON (escaped to
 * one line of ASCII-safe text): the app already defaults to it, so leaving it unset is exact.
 */
function settingLine(name: string, value: string): string {
  const spelled = dotenvValue(value);
  if (spelled !== null) return `${name}=${spelled}`;
  const json = JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `# ${name} defaults to ${json} (built into the app; .env files cannot spell it, so set it in the environment).`;
}
