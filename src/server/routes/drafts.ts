import { Hono } from 'hono';
import { draftStartRequest } from '../draft/draft-requests.js';
import type { DraftServices } from '../draft/draft-services.js';
import type { EventBus } from '../events/event-bus.js';
import { jsonBody } from '../http/validate.js';

/**
 * The "Describe" box: start a draft (its stages stream over `/api/events` as `draft` events),
 * read its result, accept it (written through `applyDraft`) or discard it.
 */
export function draftRoutes(drafts: DraftServices, bus: EventBus) {
  const publish = (event: Parameters<EventBus['publish']>[0]) => bus.publish(event);
  return new Hono()
    .post('/:projectId/drafts', jsonBody(draftStartRequest), (c) => {
      const started = drafts.start(c.req.param('projectId'), c.req.valid('json'), publish);
      return c.json(started, 202);
    })
    .get('/:projectId/drafts/:draftId', (c) => {
      const { projectId, draftId } = c.req.param();
      return c.json({ draft: drafts.get(projectId, draftId) });
    })
    .post('/:projectId/drafts/:draftId/accept', async (c) => {
      const { projectId, draftId } = c.req.param();
      const written = await drafts.accept(projectId, draftId, publish);
      // The workflow list changed: open pages reload it (the watcher would too, a little later).
      bus.publish({ type: 'project', projectId });
      return c.json(written);
    })
    .post('/:projectId/drafts/:draftId/discard', (c) => {
      const { projectId, draftId } = c.req.param();
      drafts.discard(projectId, draftId);
      return c.json({ discarded: true as const });
    });
}
