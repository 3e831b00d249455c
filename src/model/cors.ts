import { z } from 'zod';
import { HTTP_METHODS } from './workflow.js';

/**
 * CORS of one deployment target (DESIGN §12): which browser origins may call the generated
 * app. Absent → the app sends no CORS headers at all. The generated app fills in the
 * defaults below for the optional fields.
 */
export const CORS_DEFAULTS = {
  allowMethods: [...HTTP_METHODS],
  /** What a browser's JSON call needs: the body's type, a bearer token, our request id. */
  allowHeaders: ['Content-Type', 'Authorization', 'X-Request-ID'],
  allowCredentials: false,
  maxAge: 600,
} as const;

/** One day: the longest preflight cache any browser honours (Firefox; Chromium caps at 2 h). */
export const CORS_MAX_AGE_MAX = 86_400;

const ORIGIN_RE =
  /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::([0-9]{1,5}))?$/;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Why `origin` cannot be an allowed origin, or undefined when it can. A browser sends its
 * origin as `scheme://host[:port]`, lower-case, without the scheme's default port and without
 * a path, and the app compares it exactly, so anything else would silently never match.
 */
export function corsOriginProblem(origin: string): string | undefined {
  if (origin === '*') return undefined;
  const example = 'write scheme://host[:port], e.g. https://app.example.com or http://localhost:5173';
  if (origin === 'null') {
    // Security: sandboxed iframes and file:// pages all send "null"; allowing it allows them all.
    return 'Origin "null" is what sandboxed pages and files send; allowing it would allow all of them: list real origins instead';
  }
  const url = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)[/?#]/.exec(origin);
  if (url)
    return `Origin "${origin}" has a path: browsers send only scheme://host[:port], so write ${url[1]}`;
  if (origin.includes('*'))
    return `Origin "${origin}" has a wildcard: only "*" alone (every origin) is allowed; list each origin instead`;
  if (origin !== origin.toLowerCase() && ORIGIN_RE.test(origin.toLowerCase()))
    return `Origin "${origin}" has capital letters; browsers send origins in lower case: write ${origin.toLowerCase()}`;
  const match = ORIGIN_RE.exec(origin);
  if (!match) return `Origin "${origin}" is not an origin: ${example}`;
  const [, scheme, host, port] = match;
  if (port !== undefined) {
    const n = Number(port);
    if (n < 1 || n > 65_535 || port.startsWith('0'))
      return `Origin "${origin}" has port ${port}, which is not a port (1–65535)`;
    if (DEFAULT_PORTS[scheme!] === port)
      return `Origin "${origin}" names the default port of ${scheme}, which browsers leave out: write ${scheme}://${host}`;
  }
  return undefined;
}

const originSchema = z.string().superRefine((origin, ctx) => {
  const problem = corsOriginProblem(origin);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const corsSchema = z
  .strictObject({
    allowOrigins: z
      .array(originSchema)
      .min(
        1,
        'allowOrigins needs at least one origin, e.g. ["https://app.example.com"]; remove cors to allow none',
      ),
    allowMethods: z
      .array(z.enum(HTTP_METHODS, `allowMethods holds HTTP methods: ${HTTP_METHODS.join(', ')}`))
      .min(1, `allowMethods needs at least one method, e.g. ["GET", "POST"]`)
      .optional(),
    allowHeaders: z
      .array(
        z
          .string()
          .regex(
            HEADER_NAME_RE,
            'allowHeaders holds header names such as Content-Type, or "*" for any header',
          ),
      )
      .optional(),
    allowCredentials: z.boolean().optional(),
    maxAge: z
      .number()
      .int('maxAge is whole seconds')
      .min(0, 'maxAge must be at least 0 seconds')
      .max(CORS_MAX_AGE_MAX, `maxAge must be at most ${CORS_MAX_AGE_MAX} seconds (one day)`)
      .optional(),
  })
  .superRefine((cors, ctx) => {
    const star = cors.allowOrigins.indexOf('*');
    if (star >= 0 && cors.allowCredentials === true) {
      // Browsers refuse `Access-Control-Allow-Origin: *` on a request with credentials.
      ctx.addIssue({
        code: 'custom',
        path: ['allowOrigins', star],
        message:
          '"*" (every origin) cannot be combined with allowCredentials: true, browsers refuse it: list the origins that may send credentials, or set allowCredentials to false',
      });
    }
  });
export type CorsConfig = z.infer<typeof corsSchema>;

/** The settings the app applies: the target's CORS with every default filled in. */
export function effectiveCors(cors: CorsConfig): Required<CorsConfig> {
  return {
    allowOrigins: cors.allowOrigins,
    allowMethods: cors.allowMethods ?? [...CORS_DEFAULTS.allowMethods],
    allowHeaders: cors.allowHeaders ?? [...CORS_DEFAULTS.allowHeaders],
    allowCredentials: cors.allowCredentials ?? CORS_DEFAULTS.allowCredentials,
    maxAge: cors.maxAge ?? CORS_DEFAULTS.maxAge,
  };
}
