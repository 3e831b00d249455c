/**
 * The health monitor (DESIGN §11): what the studio server and the CLI use.
 * Everything else in this folder is its inside.
 */

export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { CompactionResult, RetentionPolicy } from './db/compaction.js';
export { DEFAULT_RETENTION } from './db/compaction.js';
export type { HistoryPoint, HistoryQuery } from './db/health-history.js';
export type { LeaseHolder } from './db/lease.js';
export { readMonitorSettings, updateMonitorSettings } from './db/settings-store.js';
export type { MonitorLogger } from './logger.js';
export { ManualClock } from './manual-clock.js';
export {
  type CheckOutcome,
  HealthMonitor,
  type HealthMonitorEvents,
  type HealthMonitorOptions,
  type MonitorStats,
  type TargetUpdate,
} from './monitor.js';
export type { ProbeResult } from './probe.js';
export type { Sample } from './sample.js';
export { MONITOR_DEFAULTS, type MonitorSettings, type MonitorSettingsPatch } from './settings.js';
export { HEALTH_STATUSES, type HealthStatus, STATUS_RULES } from './status-rules.js';
export type { MonitoredTarget, StatusChange, TargetHealth, TargetSource } from './types.js';
export { type WebhookPayload, webhookPayload } from './webhook.js';
export { createWorkspaceMonitor } from './workspace-monitor.js';
export { workspaceStopCheck, workspaceTargetSource } from './workspace-targets.js';
