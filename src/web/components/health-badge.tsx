import { AlertTriangle, CheckCircle2, CircleHelp, CircleStop, XCircle } from 'lucide-react';
import type { HealthStatus } from '../api/types.js';
import { HEALTH_LABELS } from '../format.js';
import { Badge } from './ui.js';

const LOOK = {
  healthy: { tone: 'green', Icon: CheckCircle2 },
  degraded: { tone: 'yellow', Icon: AlertTriangle },
  down: { tone: 'red', Icon: XCircle },
  unknown: { tone: 'grey', Icon: CircleHelp },
  stopped: { tone: 'grey', Icon: CircleStop },
} as const;

const TITLES: Partial<Record<HealthStatus, string>> = {
  unknown: 'Not monitored yet: no data',
  stopped: 'Stopped: not checked until it runs again',
};

export function HealthBadge({ status }: { status: HealthStatus }) {
  const { tone, Icon } = LOOK[status];
  return (
    <Badge tone={tone} title={TITLES[status] ?? HEALTH_LABELS[status]}>
      <Icon className="size-3" aria-hidden />
      <span data-health={status}>{HEALTH_LABELS[status]}</span>
    </Badge>
  );
}
