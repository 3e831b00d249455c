import { AlertTriangle, CheckCircle2, CircleHelp, XCircle } from 'lucide-react';
import type { HealthStatus } from '../api/types.js';
import { HEALTH_LABELS } from '../format.js';
import { Badge } from './ui.js';

const LOOK = {
  healthy: { tone: 'green', Icon: CheckCircle2 },
  degraded: { tone: 'yellow', Icon: AlertTriangle },
  down: { tone: 'red', Icon: XCircle },
  unknown: { tone: 'grey', Icon: CircleHelp },
} as const;

export function HealthBadge({ status }: { status: HealthStatus }) {
  const { tone, Icon } = LOOK[status];
  return (
    <Badge tone={tone} title={status === 'unknown' ? 'Not monitored yet: no data' : HEALTH_LABELS[status]}>
      <Icon className="size-3" aria-hidden />
      <span data-health={status}>{HEALTH_LABELS[status]}</span>
    </Badge>
  );
}
