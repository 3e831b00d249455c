import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

const INTERRUPT = new URL('../../src/cli/interrupt.ts', import.meta.url).pathname;

/**
 * A real process for each case: signals cannot be sent to the test worker itself. The
 * script prints `waiting` once it listens, so the signal never arrives before the handler.
 */
function child(body: string): { process: ChildProcess; output: () => string; ready: Promise<void> } {
  const script = `import { onInterrupt, untilInterrupted } from ${JSON.stringify(INTERRUPT)};\n${body}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const ready = new Promise<void>((resolve) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('waiting\n')) resolve();
    });
  });
  return { process: proc, output: () => out, ready };
}

function exited(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
}

describe('untilInterrupted', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`holds the process open until ${signal}, then lets it end by itself`, async () => {
      const c = child(`console.log('waiting'); await untilInterrupted(); console.log('stopped');`);
      const exit = exited(c.process);
      await c.ready;
      await sleep(300);
      expect(c.process.exitCode).toBeNull();
      c.process.kill(signal);
      // Exit code 0 and no signal: the handler ran, and neither it nor the keep-alive timer was left behind.
      expect(await exit).toEqual({ code: 0, signal: null });
      expect(c.output()).toBe('waiting\nstopped\n');
    });
  }
});

describe('onInterrupt', () => {
  it('calls the handler on every signal until it is removed; then signals act as usual', async () => {
    const c = child(
      [
        'let count = 0;',
        'setInterval(() => {}, 1000);',
        'const off = onInterrupt(() => { count++; console.log("got " + count); if (count === 2) { off(); console.log("off"); } });',
        "console.log('waiting');",
      ].join('\n'),
    );
    const exit = exited(c.process);
    await c.ready;
    c.process.kill('SIGINT');
    await expect.poll(c.output).toContain('got 1\n');
    c.process.kill('SIGTERM');
    await expect.poll(c.output).toContain('off\n');
    c.process.kill('SIGTERM');
    expect(await exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(c.output()).toBe('waiting\ngot 1\ngot 2\noff\n');
  });
});
