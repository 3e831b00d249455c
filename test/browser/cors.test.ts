import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  generate,
  type RunningApp,
  removeDir,
  startApp,
  writeApp,
} from '../compiler/python/support.js';
import { buildProject } from '../fixtures/build-project.js';
import { launchChromium } from './support/browser.js';

/** A blank page on its own 127.0.0.1 port: a different origin from the app's. */
async function servePage(port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>caller</title><p>caller</p>');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/**
 * DESIGN §12 in a real browser: a page on one port calls the generated app on another with a
 * JSON POST, which Chromium sends only after a preflight. The app allows exactly one origin.
 */
describe('CORS from a page on another origin, in Chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let allowed: Server;
  let refused: Server;

  beforeAll(async () => {
    allowed = await servePage(await freePort());
    refused = await servePage(await freePort());
    const origin = `http://127.0.0.1:${(allowed.address() as AddressInfo).port}`;
    const project = buildProject(
      {
        name: 'cors',
        deploymentTargets: {
          production: {
            id: 'production',
            name: 'Production',
            platform: 'docker',
            platformConfig: {},
            cors: { allowOrigins: [origin] },
          },
        },
      },
      [
        {
          id: 'wf_echo',
          name: 'echo',
          visibility: 'public',
          endpoint: { method: 'POST', path: '/api/echo' },
          nodes: [{ id: 'back', type: 'code', config: { code: 'return {"got": input}' } }],
        },
      ],
    );
    app = await startApp(writeApp(generate(project)));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (app) removeDir(app.dir);
    for (const server of [allowed, refused]) server?.close();
  });

  /** Opens the page served by `server` and has it POST JSON to the app; what fetch gave. */
  async function callFrom(
    server: Server,
  ): Promise<
    { ok: true; status: number; body: unknown; requestId: string | null } | { ok: false; error: string }
  > {
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      return await page.evaluate(async (url) => {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ n: 7 }),
          });
          return {
            ok: true as const,
            status: res.status,
            body: await res.json(),
            requestId: res.headers.get('x-request-id'),
          };
        } catch (error) {
          return { ok: false as const, error: `${(error as Error).name}: ${(error as Error).message}` };
        }
      }, `${app.url}/api/echo`);
    } finally {
      await page.close();
    }
  }

  it('lets the allowed origin call the app and read the answer and its request id', async () => {
    const result = await callFrom(allowed);
    expect(result).toEqual({
      ok: true,
      status: 200,
      body: { got: { n: 7 } },
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('refuses another origin: fetch rejects with a TypeError', async () => {
    const result = await callFrom(refused);
    expect(result).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  });
});
