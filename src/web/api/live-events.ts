import { type StudioEvent, TOKEN_QUERY } from '../../server/contract.js';

export type LiveEvent = StudioEvent;

/**
 * Subscribes to `/api/events`. EventSource cannot send headers, so this is the one place the
 * token goes in a query parameter. EventSource reconnects by itself after a drop.
 */
export function connectLiveEvents(
  token: string,
  onEvent: (event: LiveEvent) => void,
  onStatus: (connected: boolean) => void,
): () => void {
  const source = new EventSource(`/api/events?${TOKEN_QUERY}=${encodeURIComponent(token)}`);
  const handle = (message: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(message.data) as LiveEvent);
    } catch {
      // a malformed event is dropped; the next one still arrives
    }
  };
  for (const type of [
    'projects',
    'project',
    'generate',
    'deploy',
    'health',
    'draft',
  ] satisfies LiveEvent['type'][]) {
    source.addEventListener(type, handle);
  }
  source.addEventListener('ready', () => onStatus(true));
  source.onerror = () => onStatus(false);
  return () => source.close();
}
