import { CatalystError } from '../errors.js';
import type { CliContext } from './context.js';

/** Reads stdin to its end; one trailing newline (what `echo` adds) is dropped. */
export async function readStdin(ctx: CliContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

interface RawTerminal {
  isTTY?: boolean;
  setRawMode(raw: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

function isTerminal(stdin: CliContext['stdin']): stdin is CliContext['stdin'] & RawTerminal {
  return stdin.isTTY === true && typeof (stdin as Partial<RawTerminal>).setRawMode === 'function';
}

/**
 * Reads a secret value. From a terminal: one line with echo off (security: the value never
 * appears on screen or in scrollback); Enter ends it, Ctrl-C cancels. Otherwise: all of stdin.
 */
export async function readSecretValue(ctx: CliContext, prompt: string): Promise<string> {
  const stdin = ctx.stdin;
  if (!isTerminal(stdin)) return readStdin(ctx);
  ctx.stderr.write(prompt);
  stdin.setEncoding('utf8');
  stdin.setRawMode(true);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      ctx.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(() => resolve(value));
        if (ch === '\u0003') {
          return finish(() =>
            reject(new CatalystError('invalid_input', 'Cancelled: the secret was not changed.')),
          );
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
