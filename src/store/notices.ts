/**
 * Things the store did on its own that a user should hear about — finishing a change that
 * a killed process left half done, taking over an abandoned edit lock. They go to stderr
 * unless a listener is installed (tests, or a host that shows them elsewhere).
 */
export type NoticeListener = (message: string) => void;

let listener: NoticeListener | undefined;

export function storeNotice(message: string): void {
  if (listener) listener(message);
  else process.stderr.write(`Note: ${message}\n`);
}

/** Sends notices to `next` until the returned function is called. */
export function onStoreNotice(next: NoticeListener): () => void {
  const previous = listener;
  listener = next;
  return () => {
    listener = previous;
  };
}
