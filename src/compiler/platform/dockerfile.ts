import type { GeneratedFile, TargetPlan } from '../types.js';
import { APP_PORT, APP_UID } from './app-settings.js';

export const PYTHON_IMAGE = 'python:3.12-slim';

/**
 * The server command. Exec-form `CMD ["uvicorn", ..., "$PORT"]` would pass `$PORT`
 * literally, so a shell expands it — and then `exec`s uvicorn, so uvicorn is PID 1 and
 * receives the platform's SIGTERM for a graceful shutdown.
 */
export const SERVER_COMMAND = `exec uvicorn main:app --host 0.0.0.0 --port "\${PORT:-${APP_PORT}}" --proxy-headers`;

export function renderDockerfile(_plan: TargetPlan): GeneratedFile {
  const lines = [
    '# syntax=docker/dockerfile:1',
    `FROM ${PYTHON_IMAGE}`,
    '',
    'ENV PYTHONDONTWRITEBYTECODE=1 \\',
    '    PYTHONUNBUFFERED=1 \\',
    '    PIP_NO_CACHE_DIR=1 \\',
    '    PIP_DISABLE_PIP_VERSION_CHECK=1 \\',
    `    PORT=${APP_PORT}`,
    'WORKDIR /app',
    '',
    '# A fixed, unprivileged user: the app never runs as root.',
    `RUN useradd --uid ${APP_UID} --no-create-home --shell /usr/sbin/nologin app`,
    '',
    '# Dependencies first, so code changes reuse the installed layer.',
    'COPY requirements.txt ./',
    'RUN pip install -r requirements.txt',
    '',
    '# The code stays owned by root: the app user can read it, not change it.',
    'COPY . .',
    '',
    `USER ${APP_UID}`,
    `EXPOSE ${APP_PORT}`,
    `CMD ${JSON.stringify(['sh', '-c', SERVER_COMMAND])}`,
  ];
  return { path: 'Dockerfile', kind: 'config', content: `${lines.join('\n')}\n` };
}

export function renderDockerignore(_plan: TargetPlan): GeneratedFile {
  const lines = [
    '# Keep secrets, caches and local tooling out of the image.',
    '.env',
    '.env.*',
    '!.env.example',
    '.git',
    '.venv/',
    '__pycache__/',
    '*.pyc',
    '.pytest_cache/',
    'tests/',
  ];
  return { path: '.dockerignore', kind: 'config', content: `${lines.join('\n')}\n` };
}
