import type { Context, MiddlewareHandler } from 'hono';
import type { ApiErrorBody } from '../views.js';

/** Request body limits (DESIGN §10): a workflow file may be bigger than any other body. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const WORKFLOW_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

const WORKFLOW_PATH = /^\/api\/projects\/[^/]+\/workflows(?:\/|$)/;

function refuse(c: Context, status: 400 | 413, error: string) {
  // A refused body may still be arriving: closing the connection drops the rest unread.
  if (status === 413) c.header('Connection', 'close');
  return c.json({ error } satisfies ApiErrorBody, status);
}

/**
 * A path with a bad percent-escape (`GET /%`) gets 400 before any route or the web app
 * tries to decode it.
 */
export const pathGuard: MiddlewareHandler = async (c, next) => {
  const raw = new URL(c.req.url).pathname;
  try {
    decodeURIComponent(raw);
  } catch {
    const shown = raw.length > 120 ? `${raw.slice(0, 120)}…` : raw;
    return refuse(
      c,
      400,
      `The URL path is not valid: bad percent-escape in "${shown}". Write a literal % as %25.`,
    );
  }
  await next();
};

function limitFor(path: string): { bytes: number; what: string } {
  return WORKFLOW_PATH.test(path)
    ? { bytes: WORKFLOW_BODY_LIMIT_BYTES, what: 'a workflow file may be' }
    : { bytes: BODY_LIMIT_BYTES, what: 'the studio accepts for this request' };
}

/**
 * Bodies over the limit get 413 without being buffered: a declared `Content-Length` is
 * checked before reading anything, and a body without one (chunked) is counted while it
 * streams in and abandoned at the limit. What was read (at most the limit) is handed on.
 */
export const bodyLimit: MiddlewareHandler = async (c, next) => {
  const body = c.req.raw.body;
  if (!body) return next();
  const { bytes, what } = limitFor(c.req.path);
  const tooLarge = () =>
    refuse(c, 413, `The request body is larger than ${bytes / (1024 * 1024)} MiB, the most ${what}.`);
  const declared = c.req.header('content-length');
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
    return Number(declared) > bytes ? tooLarge() : next();
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > bytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  c.req.raw = new Request(c.req.raw, { body: whole });
  await next();
};

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A JSON body that is empty or does not parse gets 400 saying so, before a route's
 * validator sees it (the validators only speak about fields). The text read here is cached
 * by Hono, so the validator parses it without reading the stream again.
 */
export const jsonGuard: MiddlewareHandler = async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!METHODS_WITH_BODY.has(c.req.method) || !JSON_TYPE.test(type)) return next();
  const text = await c.req.text();
  if (text.trim() === '') {
    return refuse(
      c,
      400,
      'The request body is empty: send one JSON object (Content-Type: application/json).',
    );
  }
  try {
    JSON.parse(text);
  } catch (error) {
    return refuse(
      c,
      400,
      `The request body is not valid JSON: ${(error as Error).message}. Send one JSON object (Content-Type: application/json).`,
    );
  }
  await next();
};
