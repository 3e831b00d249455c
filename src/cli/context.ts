/** Where output goes: process streams in production, string buffers in tests. */
export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * Everything a command may touch of its surroundings, injectable so tests run the CLI
 * in-process: `main(argv, { cwd, env, stdout, … })`.
 */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: AsyncIterable<string | Buffer> & { isTTY?: boolean };
  /** Data: the listing, the revealed value, or with --json one JSON document. */
  stdout: TextSink;
  /** Human text: notes, progress, warnings and errors. */
  stderr: TextSink;
  /** Whether stderr is a terminal (spinners and colour only then). */
  isTTY: boolean;
}
