import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventBus, StudioEvent } from '../events/event-bus.js';

const KEEPALIVE_MS = 15_000;

/** `GET /api/events`: one server-sent event per change, so pages update without reload. */
export function eventRoutes(bus: EventBus) {
  return new Hono().get('/', (c) =>
    streamSSE(c, async (stream) => {
      const queue: StudioEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = bus.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        const event = queue.shift();
        if (event) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, KEEPALIVE_MS).unref?.();
        });
        wake = null;
        if (queue.length === 0 && !stream.aborted) await stream.write(': keepalive\n\n');
      }
      unsubscribe();
    }),
  );
}
