import type { HealthView } from '../views.js';
import type { StatusChangeView } from './runtime-views.js';

/**
 * Live output of a deploy, rollback, stop or restart that a page started with its own
 * `runId`: one event per log line (already scrubbed of secret values), then one that ends it.
 */
export interface DeployEvent {
  type: 'deploy';
  runId: string;
  projectId: string;
  targetId: string;
  action: 'deploy' | 'rollback' | 'stop' | 'restart';
  phase: 'log' | 'success' | 'failed';
  line: string | null;
  /** Set on the end of a deploy or rollback that got as far as a record. */
  deploymentId: string | null;
}

/** The monitor checked a target: its health now, and the status change when there was one. */
export interface HealthEvent {
  type: 'health';
  projectId: string;
  targetId: string;
  health: HealthView;
  change: StatusChangeView | null;
}
