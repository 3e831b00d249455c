import { create } from 'zustand';
import type { DraftResultView, DraftStudioEvent, DraftView } from '../../server/contract.js';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';

export type DraftStageEvent = DraftView['events'][number];

/** The draft this page started from a "Describe" box, as it goes. */
export interface DraftSession {
  projectId: string;
  /** Set for "Describe a change": the workflow the draft changes. */
  workflowId: string | null;
  prompt: string;
  draftId: string | null;
  phase: 'starting' | DraftView['phase'] | 'accepting';
  events: DraftStageEvent[];
  result: DraftResultView | null;
  /** Why it stopped: the server's one line (no key, a refused request, a conflict on Accept). */
  error: string | null;
}

interface DraftState {
  session: DraftSession | null;
  /** The draft shown on the canvas with Accept / Discard. */
  reviewing: boolean;
  /** Events by draftId: they may arrive before the start request has answered with the id. */
  live: Record<string, DraftStageEvent[]>;
  /** Drafts whose end was pushed (possibly before this page knew their id). */
  ended: Record<string, true>;
  start(request: {
    projectId: string;
    prompt: string;
    workflowId?: string;
    targetId?: string;
  }): Promise<void>;
  accept(event: DraftStudioEvent): void;
  review(open: boolean): void;
  /** Writes the draft; resolves to the written workflow's id. */
  acceptDraft(): Promise<string>;
  discard(): Promise<void>;
  /** Forgets a finished or failed session (the box shows its form again). */
  clear(): void;
}

export const useDrafts = create<DraftState>((set, get) => {
  const patch = (draftId: string | null, change: Partial<DraftSession>) =>
    set((s) => (s.session && s.session.draftId === draftId ? { session: { ...s.session, ...change } } : {}));

  /** Reads the draft's view once drafting ended (authoritative: all events and the result). */
  const refresh = async (projectId: string, draftId: string) => {
    const body = await unwrap(
      api.projects[':projectId'].drafts[':draftId'].$get({ param: { projectId, draftId } }),
    );
    // The JSON is the server's DraftView; the client's inferred type loses the recursive JSON Schema.
    const draft = body.draft as unknown as DraftView;
    patch(draftId, {
      phase: draft.phase,
      events: draft.events,
      result: draft.result,
      error: draft.error,
    });
    if (draft.phase === 'ready') set({ reviewing: true });
  };

  return {
    session: null,
    reviewing: false,
    live: {},
    ended: {},
    async start({ projectId, prompt, workflowId, targetId }) {
      set({
        reviewing: false,
        session: {
          projectId,
          workflowId: workflowId ?? null,
          prompt,
          draftId: null,
          phase: 'starting',
          events: [],
          result: null,
          error: null,
        },
      });
      try {
        const { draftId } = await unwrap(
          api.projects[':projectId'].drafts.$post({
            param: { projectId },
            json: { prompt, ...(workflowId ? { workflowId } : {}), ...(targetId ? { targetId } : {}) },
          }),
        );
        set((s) =>
          s.session?.draftId === null
            ? { session: { ...s.session, draftId, phase: 'drafting', events: s.live[draftId] ?? [] } }
            : {},
        );
        // It may have ended before the answer arrived: then no end event is still to come.
        if (get().ended[draftId]) await refresh(projectId, draftId);
      } catch (error) {
        patch(null, { phase: 'failed', error: (error as Error).message });
      }
    },
    accept(event) {
      if ('end' in event) {
        set((s) => ({ ended: { ...s.ended, [event.draftId]: true } }));
        const session = get().session;
        if (session?.draftId === event.draftId) {
          void refresh(event.projectId, event.draftId).catch((e: Error) =>
            patch(event.draftId, { phase: 'failed', error: e.message }),
          );
        }
        return;
      }
      set((s) => {
        const events = [...(s.live[event.draftId] ?? []), event.event];
        const live = { ...s.live, [event.draftId]: events };
        return s.session?.draftId === event.draftId ? { live, session: { ...s.session, events } } : { live };
      });
    },
    review(open) {
      set({ reviewing: open });
    },
    async acceptDraft() {
      const session = get().session;
      if (!session?.draftId) throw new Error('No draft to accept.');
      patch(session.draftId, { phase: 'accepting', error: null });
      try {
        const written = await unwrap(
          api.projects[':projectId'].drafts[':draftId'].accept.$post({
            param: { projectId: session.projectId, draftId: session.draftId },
          }),
        );
        set({ session: null, reviewing: false });
        return written.workflow.id;
      } catch (error) {
        patch(session.draftId, { phase: 'ready', error: (error as Error).message });
        throw error;
      }
    },
    async discard() {
      const session = get().session;
      set({ session: null, reviewing: false });
      if (!session?.draftId) return;
      await unwrap(
        api.projects[':projectId'].drafts[':draftId'].discard.$post({
          param: { projectId: session.projectId, draftId: session.draftId },
        }),
      ).catch(() => {});
    },
    clear() {
      set({ session: null, reviewing: false });
    },
  };
});
