import { CatalystError } from '../errors.js';

export const LLM_PROVIDERS = ['anthropic', 'openai'] as const;
export type LlmProviderName = (typeof LLM_PROVIDERS)[number];

/** The environment variables `catalyst draft` reads (README "Drafting with an LLM"). */
export const DRAFT_ENV = {
  provider: 'CATALYST_LLM_PROVIDER',
  model: 'CATALYST_LLM_MODEL',
  baseUrl: 'CATALYST_LLM_BASE_URL',
  timeout: 'CATALYST_LLM_TIMEOUT_MS',
  backoff: 'CATALYST_LLM_BACKOFF_MS',
} as const;

const DEFAULTS: Record<LlmProviderName, { model: string; baseUrl: string; keyName: string }> = {
  anthropic: {
    model: 'claude-sonnet-4-5',
    baseUrl: 'https://api.anthropic.com',
    keyName: 'ANTHROPIC_API_KEY',
  },
  openai: { model: 'gpt-4.1', baseUrl: 'https://api.openai.com', keyName: 'OPENAI_API_KEY' },
};

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_BACKOFF_MS = 500;

/** Which provider, model and endpoint a draft talks to, without the key. */
export interface LlmSettings {
  provider: LlmProviderName;
  model: string;
  /** Without a trailing slash; the provider appends `/v1/messages` or `/v1/chat/completions`. */
  baseUrl: string;
  /** The environment variable (or workspace secret) that holds the key. */
  keyName: string;
  timeoutMs: number;
  /** First retry delay; doubles per try (with jitter). */
  backoffMs: number;
}

export function llmSettings(env: NodeJS.ProcessEnv): LlmSettings {
  const chosen = (env[DRAFT_ENV.provider] ?? '').trim().toLowerCase() || 'anthropic';
  if (!(LLM_PROVIDERS as readonly string[]).includes(chosen)) {
    throw new CatalystError(
      'invalid_input',
      `${DRAFT_ENV.provider}=${chosen} is not a provider Catalyst can draft with: set it to ${LLM_PROVIDERS.join(' or ')}.`,
    );
  }
  const provider = chosen as LlmProviderName;
  const defaults = DEFAULTS[provider];
  const baseUrl = (env[DRAFT_ENV.baseUrl] ?? '').trim() || defaults.baseUrl;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CatalystError(
      'invalid_input',
      `${DRAFT_ENV.baseUrl}=${baseUrl} is not an http(s) URL: set it to the API's base, e.g. ${defaults.baseUrl}, or unset it.`,
    );
  }
  return {
    provider,
    model: (env[DRAFT_ENV.model] ?? '').trim() || defaults.model,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    keyName: defaults.keyName,
    timeoutMs: positiveInt(env, DRAFT_ENV.timeout, DEFAULT_TIMEOUT_MS),
    backoffMs: positiveInt(env, DRAFT_ENV.backoff, DEFAULT_BACKOFF_MS, true),
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, zeroOk = false): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (zeroOk ? 0 : 1)) {
    throw new CatalystError(
      'invalid_input',
      `${name}=${raw} is not a whole number of milliseconds${zeroOk ? '' : ' above 0'}: fix it or unset it.`,
    );
  }
  return value;
}

/** Where the key may come from: the environment first, then the project's workspace vault. */
export interface KeySources {
  env: NodeJS.ProcessEnv;
  /** The vault secret of that name for this project, if one is stored. */
  vaultValue(name: string): string | undefined;
}

/**
 * The API key. Security: it is only ever placed in a request header, never in a prompt,
 * the draft history or an error message. Missing → one line naming the variable to set.
 */
export function resolveApiKey(settings: LlmSettings, sources: KeySources): string {
  const fromEnv = sources.env[settings.keyName]?.trim();
  if (fromEnv) return fromEnv;
  const fromVault = sources.vaultValue(settings.keyName)?.trim();
  if (fromVault) return fromVault;
  throw new CatalystError(
    'invalid_input',
    `No API key for ${settings.provider}: set ${settings.keyName} in the environment (or store it with \`catalyst secret set ${settings.keyName}\`).`,
  );
}
