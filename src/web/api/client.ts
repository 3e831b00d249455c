import { type ClientResponse, hc } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { type AppType, TOKEN_HEADER } from '../../server/contract.js';
import { apiErrorFrom } from './api-error.js';

/** The typed API client: paths and response types come from the server's `AppType`. */
export function createClient(baseUrl: string, token: () => string | null) {
  return hc<AppType>(baseUrl, {
    headers: (): Record<string, string> => {
      const t = token();
      return t ? { [TOKEN_HEADER]: t } : {};
    },
  });
}

export type ApiClient = ReturnType<typeof createClient>;

type JsonOf<R> =
  R extends ClientResponse<infer T, infer S, 'json'> ? (S extends SuccessStatusCode ? T : never) : never;

/**
 * Awaits a client call and returns its success body, typed by the route; a refusal becomes
 * an ApiError with the server's words and field problems.
 */
export async function unwrap<R extends { ok: boolean; json(): Promise<unknown> }>(
  call: Promise<R>,
): Promise<JsonOf<R>> {
  const response = await call;
  if (!response.ok) throw await apiErrorFrom(response as unknown as Response);
  return (await response.json()) as JsonOf<R>;
}
