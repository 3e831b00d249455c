import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pythonPath } from '../lib/machine.js';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'batches.py');

/** One app's warm in-process driver (batches.py): runs batches of requests on request. */
export interface BatchDriver {
  batch(urlPath: string, requests: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startBatchDriver(appDir: string, body: string): Promise<BatchDriver> {
  const child = spawn(pythonPath(), [DRIVER, appDir, 'main:app', '--body', body], {
    cwd: appDir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4_000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`batch driver for ${appDir} stopped:\n${err}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  await next();
  return {
    async batch(urlPath, requests) {
      child.stdin.write(`${urlPath} ${requests}\n`);
      return (await next())['cpu_us_per_request'] as number;
    },
    async stop() {
      child.stdin.end();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
