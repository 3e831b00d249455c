import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StudioFixture, startFixture, TEST_TOKEN } from './support/studio-fixture.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes of the body the client had written when the answer arrived. */
  sentBeforeAnswer: number;
}

const MiB = 1024 * 1024;

/**
 * A raw request over a real socket. With `endless`, the client keeps writing 64 KiB chunks
 * and never ends the body: only a server that answers at the limit (instead of reading the
 * whole body first) can answer at all. `contentLength` declares a size without sending it.
 */
function send(
  origin: string,
  method: string,
  path: string,
  options: {
    body?: string;
    endless?: boolean;
    contentLength?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers: {
          'x-catalyst-token': TEST_TOKEN,
          'content-type': 'application/json',
          ...(options.contentLength === undefined ? {} : { 'content-length': String(options.contentLength) }),
          ...options.headers,
        },
      },
      (res) => {
        answered = true;
        const sentBeforeAnswer = sent;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBeforeAnswer });
        });
      },
    );
    req.on('error', (error) => {
      // The server may close the socket while we are still writing; the answer already came.
      if (!answered) reject(error);
    });
    if (options.endless || options.contentLength !== undefined) {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!answered && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
      };
      if (options.contentLength !== undefined) {
        // Only a first chunk: the declared size alone must be enough to refuse.
        sent += chunk.length;
        req.write(chunk);
      } else {
        pump();
      }
      return;
    }
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('studio answers bad requests with 4xx, never 500', () => {
  let f: StudioFixture;
  let projectId = '';
  beforeAll(async () => {
    f = await startFixture();
    projectId = (await f.demo()).id;
  });
  afterAll(() => f.close());

  it('refuses a malformed JSON body with 400 and says where', async () => {
    const res = await send(f.studio.origin, 'POST', '/api/projects', { body: '{"name": "x",' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body);
    expect(body.error).toMatch(/^The request body is not valid JSON: .+\. Send one JSON object/);
    expect(f.logs.join('\n')).not.toContain('internal error');
  });

  it('refuses an empty JSON body with 400', async () => {
    const res = await send(f.studio.origin, 'PUT', `/api/projects/${projectId}/env/LOG_LEVEL`, { body: '' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: 'The request body is empty: send one JSON object (Content-Type: application/json).',
    });
  });

  it('refuses a bad percent-escape in the path with 400', async () => {
    for (const path of ['/%', '/api/projects/%E0%A4%A', '/%zz']) {
      const res = await send(f.studio.origin, 'GET', path);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body).error, path).toMatch(
        /^The URL path is not valid: bad percent-escape in ".+"\. Write a literal % as %25\.$/,
      );
    }
  });

  it('refuses a declared body over 1 MiB with 413 before reading it', async () => {
    const res = await send(f.studio.origin, 'POST', '/api/projects', { contentLength: 100 * MiB });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      error: 'The request body is larger than 1 MiB, the most the studio accepts for this request.',
    });
    // Only the first chunk was ever written: the answer did not wait for the 100 MB.
    expect(res.sentBeforeAnswer).toBeLessThan(MiB);
  });

  it('stops a chunked body without Content-Length at the limit (413) and stays up', async () => {
    const res = await send(f.studio.origin, 'POST', `/api/projects/${projectId}/targets`, { endless: true });
    expect(res.status).toBe(413);
    expect(res.headers['content-length']).toBeDefined();
    expect(JSON.parse(res.body).error).toContain('larger than 1 MiB');
    // The body never ended: the server answered while the client was still sending.
    expect(res.sentBeforeAnswer).toBeGreaterThan(MiB);
    const after = await f.call('GET', `/api/projects/${projectId}`);
    expect(after.status).toBe(200);
  });

  it('lets a workflow file up to 5 MiB through, and refuses a bigger one with 413', async () => {
    const filler = 'x'.repeat(2 * MiB);
    const big = await f.call('PUT', `/api/projects/${projectId}/workflows/wf_extract`, {
      name: 'extract_data',
      description: filler,
      deploymentTargetId: 'local',
      visibility: 'internal',
      endpoint: null,
      nodes: {},
      edges: [],
    });
    // Past the body limit: the schema (not the size) answers, about the description.
    expect(big.status).toBe(400);
    expect((await big.json()).problems[0].path).toBe('description');
    const huge = await send(f.studio.origin, 'PUT', `/api/projects/${projectId}/workflows/wf_extract`, {
      endless: true,
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error).toBe(
      'The request body is larger than 5 MiB, the most a workflow file may be.',
    );
    expect(huge.sentBeforeAnswer).toBeGreaterThan(5 * MiB);
  });
});
