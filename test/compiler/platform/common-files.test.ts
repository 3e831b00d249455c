import { describe, expect, it } from 'vitest';
import { renderDockerfile } from '../../../src/compiler/platform/dockerfile.js';
import { dotenvValue, renderEnvExample } from '../../../src/compiler/platform/env-example.js';
import { renderReadme } from '../../../src/compiler/platform/readme.js';
import { renderRequirements } from '../../../src/compiler/platform/requirements.js';
import { handPlan } from './plan-fixture.js';

describe('files every app gets', () => {
  it('requirements.txt lists name>=min sorted by name', () => {
    expect(renderRequirements(handPlan('docker')).content).toBe(
      'fastapi>=0.92\nhttpx>=0.23\nuvicorn>=0.17\n',
    );
  });

  it('the Dockerfile installs requirements before copying code, runs as non-root and execs uvicorn on $PORT', () => {
    const text = renderDockerfile(handPlan('docker')).content;
    const lines = text.split('\n');
    const index = (line: string) => lines.indexOf(line);
    expect(index('COPY requirements.txt ./')).toBeGreaterThan(0);
    expect(index('RUN pip install -r requirements.txt')).toBeGreaterThan(index('COPY requirements.txt ./'));
    expect(index('COPY . .')).toBeGreaterThan(index('RUN pip install -r requirements.txt'));
    expect(index('USER 10001')).toBeGreaterThan(index('COPY . .'));
    expect(text).toContain('    PORT=8080\n');
    expect(text).toContain('EXPOSE 8080\n');
    const cmd = JSON.parse(lines.find((l) => l.startsWith('CMD '))!.slice(4));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell, not JavaScript, expands ${PORT}
    const server = 'exec uvicorn main:app --host 0.0.0.0 --port "${PORT:-8080}" --proxy-headers';
    expect(cmd).toEqual(['sh', '-c', server]);
  });

  it('.env.example has env vars with values and secrets as empty placeholders with their descriptions', () => {
    expect(renderEnvExample(handPlan('docker')).content).toBe(
      [
        '# Environment for visualhive-prod (target production).',
        '# Copy to .env for local runs; never commit .env.',
        '',
        '# Port the server listens on (platforms usually set it).',
        'PORT=8080',
        '',
        '# Settings: the app defaults to these project values; change them here to override.',
        `GREETING="it's on: yes"`,
        'LOG_LEVEL=info',
        '',
        '# Secrets: required, no default. Locally put values here; in production use the platform secret store.',
        '# Postgres DSN',
        'DATABASE_URL=',
        '# LLM key',
        'OPENAI_API_KEY=',
        '',
      ].join('\n'),
    );
  });

  it('.env.example keeps a secret description with line breaks and control characters on one comment line', () => {
    const plan = handPlan('docker');
    plan.project.manifest.secrets['OPENAI_API_KEY']!.description =
      'LLM\nkey\u0000 with\u0085NEL\u001b[31m\r\nOPENAI_API_KEY=leak';
    const content = renderEnvExample(plan).content;
    expect(content).toContain('\n# LLM key with NEL [31m OPENAI_API_KEY=leak\nOPENAI_API_KEY=\n');
    expect(content).not.toMatch(/[\p{Cc}](?<!\n)/u);
  });

  it('dotenv values are quoted so they read back unchanged', () => {
    expect(dotenvValue('info')).toBe('info');
    expect(dotenvValue('a b $HOME')).toBe("'a b $HOME'");
    expect(dotenvValue('')).toBe('');
    expect(dotenvValue(`it's "x"`)).toBe(`"it's \\"x\\""`);
    // No spelling that sh, python-dotenv and Compose all read back the same: left to the app's default.
    expect(dotenvValue('a\nb')).toBeNull();
    expect(dotenvValue('a\\b')).toBeNull();
    expect(dotenvValue(`it's $HOME`)).toBeNull();
  });

  it('the README lists public endpoints, internal workflows, settings and secrets, and the deploy command', () => {
    const text = renderReadme(handPlan('fly')).content;
    expect(text).toContain('| POST | `/api/main` | main_workflow — Entry point |');
    expect(text).toContain('Internal workflows (no route, called by other workflows): Extract Data.');
    expect(text).toContain('| `OPENAI_API_KEY` | LLM key |');
    expect(text).toContain('fly secrets set DATABASE_URL=… OPENAI_API_KEY=…');
  });

  it('README text a user typed cannot break out of its table cell', () => {
    const plan = handPlan('docker');
    plan.workflows[1]!.workflow.description = 'a | b\n## not a heading';
    expect(renderReadme(plan).content).toContain('| main_workflow — a \\| b ## not a heading |');
  });
});
