import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export const MISSING_BUILD_MESSAGE =
  'The studio web app is not built. Run `npm run build:web`, then start the studio again.';

/**
 * Serves the built single-page app from `root` (normally `dist/web`). Unknown paths get
 * `index.html` so hash and history routes both load the app. Hashed assets are cached for
 * good; the page itself never, so a rebuild shows up on reload.
 */
export function serveWebApp(root: string): MiddlewareHandler {
  const base = path.resolve(root);
  return async (c) => {
    const requested = decodeURIComponent(c.req.path);
    const file = path.resolve(base, `.${requested}`);
    // Security: never read outside the web root (`/../../etc/passwd`).
    const inside = file === base || file.startsWith(base + path.sep);
    const ext = path.extname(file);
    if (inside && ext !== '' && TYPES[ext]) {
      const body = await readFile(file).catch(() => null);
      if (body) {
        const immutable = requested.startsWith('/assets/');
        return c.body(new Uint8Array(body), 200, {
          'Content-Type': TYPES[ext],
          'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
      }
      return c.text('Not found', 404);
    }
    const index = await readFile(path.join(base, 'index.html'), 'utf8').catch(() => null);
    if (index === null) return c.text(MISSING_BUILD_MESSAGE, 503);
    return c.html(index, 200, { 'Cache-Control': 'no-store' });
  };
}
