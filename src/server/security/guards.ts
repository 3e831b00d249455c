import type { MiddlewareHandler } from 'hono';
import { TOKEN_HEADER, TOKEN_QUERY, tokensEqual } from './token.js';

export interface GuardOptions {
  /** The per-launch token every `/api` request must carry. */
  token: string;
  /** The host the server was asked to bind (e.g. 127.0.0.1); always allowed besides the loopback names. */
  host: string;
  /** Read lazily: with port 0 the real port is only known once the server listens. */
  port: () => number;
}

/** `host:port` spellings a browser may send for this server; IPv6 literals come bracketed. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host]);
  return new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
}

/**
 * Security: DNS rebinding. A hostile page can point its own domain at 127.0.0.1; the browser
 * then sends `Host: evil.example:4317`. Only our own host names are served, so such a page
 * never gets to read anything (not even the SPA shell).
 */
export function hostGuard(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const hostHeader = (c.req.header('host') ?? '').toLowerCase();
    if (!allowedHosts(options.host, options.port()).has(hostHeader)) {
      return c.json(
        { error: `Forbidden host "${hostHeader}": open the studio through the URL it printed.` },
        403,
      );
    }
    await next();
  };
}

/**
 * Security: CSRF. Browsers send `Origin` on cross-site requests (and on same-origin writes);
 * anything other than our own origin is refused before a handler runs. Requests without an
 * Origin (same-origin GETs, curl) still need the token below.
 */
export function originGuard(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const allowed = [...allowedHosts(options.host, options.port())].map((h) => `http://${h}`);
      if (!allowed.includes(origin.toLowerCase())) {
        return c.json({ error: `Forbidden origin "${origin}": the studio only answers its own page.` }, 403);
      }
    }
    await next();
  };
}

/**
 * Security: every API call proves it came from the page opened with the printed URL. The
 * header is the normal channel; the query parameter exists only because EventSource cannot
 * set headers, so it is accepted on the events stream alone.
 */
export function tokenGuard(options: GuardOptions & { queryTokenPaths: string[] }): MiddlewareHandler {
  return async (c, next) => {
    let given = c.req.header(TOKEN_HEADER);
    if (given === undefined && options.queryTokenPaths.includes(c.req.path)) given = c.req.query(TOKEN_QUERY);
    if (!tokensEqual(given, options.token)) {
      return c.json(
        { error: 'Missing or wrong studio token: open the studio through the URL it printed.' },
        401,
      );
    }
    await next();
  };
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Headers that keep the token and the page to ourselves. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // The token travels in the first URL; never leak it to a site the user clicks through to.
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  // Clickjacking: no other page may frame the studio.
  c.header('X-Frame-Options', 'DENY');
  // XSS defence in depth: only our own scripts run and the page talks only to this server.
  // Inline styles are allowed for shiki's token colours.
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
};
