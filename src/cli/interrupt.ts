/**
 * Ctrl+C and SIGTERM for the long-running commands (`run`, `studio`, `status --watch`):
 * they stop cleanly instead of dying mid-write.
 */

/** Calls `handler` on every SIGINT or SIGTERM until the returned function is called. */
export function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * Resolves at the first SIGINT or SIGTERM. Until then it holds the process open itself, so
 * the command does not depend on whether what it waits on (a server, timers) does.
 */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => {}, 2 ** 30);
    const stop = onInterrupt(() => {
      clearInterval(keepAlive);
      stop();
      resolve();
    });
  });
}
