import { z } from 'zod';
import {
  CALL_TIMEOUT_DEFAULT_S,
  CALL_TIMEOUT_MAX_S,
  CALL_TIMEOUT_MIN_S,
  ENV_NAME_HINT,
  ENV_NAME_RE,
} from '../limits.js';
import type { PythonRequirement } from './definition.js';

/** Config pieces several node types share, so they read and validate alike. */

export const NO_PACKAGES: readonly PythonRequirement[] = [];
/** External calls go through the app's shared httpx pool. */
export const HTTPX: PythonRequirement = { name: 'httpx', min: '0.23' };

export const secretName = z.string().regex(ENV_NAME_RE, `Invalid secret name: ${ENV_NAME_HINT}`);

export const timeout = z
  .number()
  .min(CALL_TIMEOUT_MIN_S, `Timeout must be at least ${CALL_TIMEOUT_MIN_S} s`)
  .max(CALL_TIMEOUT_MAX_S, `Timeout must be at most ${CALL_TIMEOUT_MAX_S} s`)
  .default(CALL_TIMEOUT_DEFAULT_S);
export const timeoutField = {
  key: 'timeout',
  label: 'Timeout (s)',
  kind: 'number',
  required: false,
  min: CALL_TIMEOUT_MIN_S,
  max: CALL_TIMEOUT_MAX_S,
  default: CALL_TIMEOUT_DEFAULT_S,
} as const;

/** Retries of an external call (connection failures and "try again" statuses); 0 = none. */
const RETRIES_MAX = 10;
export const retries = z
  .number()
  .int('Retries must be a whole number')
  .min(0, 'Retries must be at least 0 (0 turns retrying off)')
  .max(RETRIES_MAX, `Retries must be at most ${RETRIES_MAX}`)
  .default(2);
export const retriesField = (statuses: string) =>
  ({
    key: 'retries',
    label: 'Retries',
    kind: 'number',
    required: false,
    min: 0,
    max: RETRIES_MAX,
    default: 2,
    description: `Extra attempts after a connection failure or a ${statuses} answer, with exponential backoff honouring Retry-After; 0 turns retrying off. Repeated failures open a per-host circuit breaker.`,
  }) as const;

/** JSON template values: anything JSON can hold. */
export const jsonValue: z.ZodType<unknown> = z.unknown();
/**
 * A `json-template` field (DESIGN §5): JSON text, or any JSON value written in the file
 * (`{"price": "{{ input.price }}"}`), or exactly one `{{ expr }}`. See `jsonTemplateOf`.
 */
export const jsonTemplate = z.unknown().optional();

/** A config value as summary text: the string, or '' for anything else (summaries see unparsed config). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The first line of a string config value ('' when there is none). */
export function firstLine(value: unknown): string {
  return text(value).split('\n')[0] ?? '';
}
