import { CatalystError } from '../../errors.js';
import type { LlmSettings } from '../config.js';
import { type PostRequest, postWithRetry } from '../resilience.js';

/** The one tool the model must call (DESIGN §14). */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's input. */
  inputSchema: Record<string, unknown>;
}

/** What the model answered in one round. */
export interface ModelTurn {
  /** The tool call: its input parsed, or the reason it could not be (OpenAI sends a JSON string). */
  call?: { id: string; input: unknown } | { id: string; unreadable: string };
  /** Any text the model wrote besides (or instead of) the call. */
  text: string;
  usage: { input: number; output: number };
}

/**
 * One conversation with a chat API, held in that API's own message shape. `send` posts the
 * whole conversation and records the answer in it; `reply` adds the tool result (or, when
 * the model did not call the tool, a user message) for the next round.
 */
export interface Conversation {
  send(): Promise<ModelTurn>;
  reply(turn: ModelTurn, content: string, isError: boolean): void;
}

export interface ConversationInput {
  settings: LlmSettings;
  /** Security: only ever sent as a header. */
  apiKey: string;
  system: string;
  prompt: string;
  tool: ToolSpec;
  signal?: AbortSignal;
  onRetry?: PostRequest['onRetry'];
  /** Output token budget per answer. */
  maxTokens?: number;
}

export const DEFAULT_MAX_TOKENS = 8192;

/** Posts one round through the retrying client; any non-2xx that is not retried becomes a clear error. */
export async function postRound(
  input: ConversationInput,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  explain: (status: number, text: string) => string,
): Promise<unknown> {
  const { settings } = input;
  const response = await postWithRetry({
    url: `${settings.baseUrl}${path}`,
    headers,
    body,
    timeoutMs: settings.timeoutMs,
    backoffMs: settings.backoffMs,
    label: settings.provider,
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.onRetry ? { onRetry: input.onRetry } : {}),
  });
  if (response.status < 200 || response.status >= 300) {
    throw new CatalystError('io_failed', explain(response.status, response.text));
  }
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new CatalystError(
      'io_failed',
      `The ${settings.provider} API at ${settings.baseUrl} answered ${response.status} with a body that is not JSON; check ${'CATALYST_LLM_BASE_URL'}.`,
    );
  }
}

/** The hint a status deserves: a wrong key, a wrong model, or the API's own words. */
export function statusHint(status: number, settings: LlmSettings): string {
  if (status === 401 || status === 403) return ` — check ${settings.keyName}`;
  if (status === 404) return ` — check CATALYST_LLM_MODEL (${settings.model}) and CATALYST_LLM_BASE_URL`;
  return '';
}

export function unexpectedShape(settings: LlmSettings, why: string): CatalystError {
  return new CatalystError(
    'io_failed',
    `The ${settings.provider} API answered in a shape Catalyst does not understand (${why}); check CATALYST_LLM_BASE_URL (${settings.baseUrl}).`,
  );
}
