import type { Platform } from '../../model/project.js';
import type { TargetView } from '../api/types.js';

/** The target form's state: every input as text, so a half-typed number is not lost. */
export interface TargetForm {
  id: string;
  name: string;
  platform: Platform;
  url: string;
  region: string;
  instanceSize: string;
  /** The app's name on the platform (Fly: `app` in fly.toml); empty → `<project>-<target>`. */
  serviceName: string;
  autoscaling: boolean;
  minInstances: string;
  maxInstances: string;
  /** Allowed CORS origins, comma-separated; empty → no CORS. */
  allowOrigins: string;
}

export const EMPTY_TARGET_FORM: TargetForm = {
  id: '',
  name: '',
  platform: 'docker',
  url: '',
  region: '',
  instanceSize: '',
  serviceName: '',
  autoscaling: false,
  minInstances: '1',
  maxInstances: '3',
  allowOrigins: '',
};

export function targetToForm(target: TargetView): TargetForm {
  const config = target.platformConfig;
  return {
    id: target.id,
    name: target.name,
    platform: target.platform,
    url: target.url ?? '',
    region: config.region ?? '',
    instanceSize: config.instanceSize ?? '',
    serviceName: config.serviceName ?? '',
    autoscaling: config.autoscaling?.enabled ?? false,
    minInstances: String(config.autoscaling?.minInstances ?? 1),
    maxInstances: String(config.autoscaling?.maxInstances ?? 3),
    allowOrigins: target.cors?.allowOrigins.join(', ') ?? '',
  };
}

/** Text → number, leaving anything unparsable as NaN so the server names the field. */
function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/**
 * The request body for a target. Platform settings the form does not show (service name,
 * namespace, …) are carried over from `previous` so editing never drops them.
 */
export function formToTarget(form: TargetForm, previous?: TargetView) {
  const platformConfig: Record<string, unknown> = { ...(previous?.platformConfig ?? {}) };
  const set = (key: string, value: string) => {
    if (value.trim() === '') delete platformConfig[key];
    else platformConfig[key] = value.trim();
  };
  set('region', form.region);
  set('instanceSize', form.instanceSize);
  set('serviceName', form.serviceName);
  if (form.autoscaling || previous?.platformConfig.autoscaling) {
    platformConfig.autoscaling = {
      ...(previous?.platformConfig.autoscaling ?? {}),
      enabled: form.autoscaling,
      minInstances: toNumber(form.minInstances),
      maxInstances: toNumber(form.maxInstances),
    };
  }
  const allowOrigins = originList(form.allowOrigins);
  return {
    id: form.id.trim(),
    name: form.name.trim(),
    platform: form.platform,
    ...(form.url.trim() ? { url: form.url.trim() } : {}),
    platformConfig,
    // The other CORS settings (methods, headers, …) are kept as the file has them.
    ...(allowOrigins.length ? { cors: { ...previous?.cors, allowOrigins } } : {}),
  };
}

/** The origins typed in the form: separated by commas, spaces or lines. */
export function originList(text: string): string[] {
  return text.split(/[\s,]+/).filter((origin) => origin !== '');
}
