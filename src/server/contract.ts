/**
 * The studio contract: everything the web app (src/web) may know about the server, and the only
 * server file it imports (test/architecture.test.ts checks both). Types only, erased from the
 * page's bundle, plus the token names, whose module has no imports, so no server code and no
 * Node built-in can reach the browser through here.
 */

/** The typed API: the page's `hc<AppType>` client infers every path and response from it. */
export type { AppType } from './app.js';
export type { DeployEvent, HealthEvent } from './deploy/runtime-events.js';
/** The "Describe" box: a draft as `GET …/drafts/:draftId` returns it, and its pushed events. */
export type { DraftResultView, DraftStudioEvent, DraftView } from './draft/draft-services.js';
/** What `/api/events` pushes to open pages. */
export type { StudioEvent } from './events/event-bus.js';
export type { RunNodeView, RunSummaryView, RunTraceView, WorkflowRunView } from './run/run-view.js';
/** Where the page sends its per-launch token: a header, or a query parameter for EventSource. */
export { TOKEN_HEADER, TOKEN_QUERY } from './security/token-names.js';
/** Error bodies of the API and the health status of a target. */
export type { ApiErrorBody, ApiProblem, HealthStatus } from './views.js';
/** `POST …/workflows/:workflowId/test`: the workflow's examples run as `catalyst test --json` reports them. */
export type { ExamplesRunView } from './workflows/example-runs.js';
