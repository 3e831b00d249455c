import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in webhook receiver on 127.0.0.1 that records what it is sent. */
export class WebhookReceiver {
  readonly received: Array<{ method: string; contentType: string | undefined; body: unknown }> = [];
  /** HTTP status to answer with. */
  status = 204;
  #server: Server;

  private constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          method: req.method ?? '',
          contentType: req.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
        });
        res.writeHead(this.status).end();
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    await new Promise<void>((resolve) => r.#server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks/catalyst`;
  }

  async until(n: number): Promise<void> {
    while (this.received.length < n) await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((r) => this.#server.close(r));
  }
}
