import type { DeployEvent, HealthEvent } from '../deploy/runtime-events.js';
import type { DraftStudioEvent } from '../draft/draft-services.js';

/** What the studio pushes to open pages over `/api/events`. */
export type StudioEvent =
  /** The project registry changed: a project was added, removed or renamed. */
  | { type: 'projects' }
  /** Something in one project folder changed (manifest, a workflow, settings). */
  | { type: 'project'; projectId: string }
  /** Progress of one generation run, started by the page with its own `runId`. */
  | {
      type: 'generate';
      runId: string;
      projectId: string;
      targetId: string;
      stage: string;
      status: 'start' | 'done' | 'error';
      message: string | null;
    }
  | DeployEvent
  | HealthEvent
  /** A draft's stage events and its end (the "Describe" box). */
  | DraftStudioEvent;

type Listener = (event: StudioEvent) => void;

/** In-process fan-out from watchers and routes to every connected page. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: StudioEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Connected listeners; a page that goes away must not leave one behind. */
  get size(): number {
    return this.listeners.size;
  }
}
