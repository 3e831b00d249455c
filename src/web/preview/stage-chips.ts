export type ChipStatus = 'start' | 'done' | 'error';

/** The event the server adds when a generation fails (routes/generated.ts): its end, not a stage. */
const FAILED = 'failed';

/**
 * The generation chips, one per stage in the order they started, each with its latest status.
 * The server reports each stage's start and end, and a failure as one more event (stage
 * "failed"), not which stage it stopped in: once the run has failed — that event, or the
 * page's own request failing — a stage still only started is the one that failed.
 */
export function stageChips(
  events: ReadonlyArray<{ stage: string; status: ChipStatus }>,
  requestFailed: boolean,
): Array<[stage: string, status: ChipStatus]> {
  const stages = new Map<string, ChipStatus>();
  let failed = requestFailed;
  for (const e of events) {
    if (e.stage === FAILED && e.status === 'error') failed = true;
    else stages.set(e.stage, e.status);
  }
  return [...stages].map(([stage, status]) => [stage, failed && status === 'start' ? 'error' : status]);
}
