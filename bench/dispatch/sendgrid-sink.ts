import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A SendGrid stand-in for benchmarks: reads each request, counts its personalizations and answers
 * 202 with an X-Message-Id, keeping nothing else in memory (a million recipients' bodies would be
 * half a gigabyte).
 */
export class SendGridSink {
  requests = 0;
  recipients = 0;
  bytes = 0;
  private server: Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.requests += 1;
        this.bytes += body.length;
        this.recipients += (
          JSON.parse(body.toString('utf8')) as { personalizations: unknown[] }
        ).personalizations.length;
        res.writeHead(202, { 'X-Message-Id': randomBytes(11).toString('base64url') });
        res.end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  reset(): void {
    this.requests = 0;
    this.recipients = 0;
    this.bytes = 0;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
