import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Personalization {
  custom_args?: { recipient_id?: string };
}

/**
 * A SendGrid stand-in for benchmarks: reads each request, counts its personalizations and answers
 * 202 with an X-Message-Id, keeping nothing else but the recipient ids it has seen (a million
 * recipients' bodies would be half a gigabyte), so a recipient emailed twice is counted.
 */
export class SendGridSink {
  requests = 0;
  recipients = 0;
  bytes = 0;
  /** Recipients (custom_args.recipient_id) received more than once since the last reset. */
  duplicates = 0;
  private readonly seen = new Set<string>();
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
        const { personalizations } = JSON.parse(body.toString('utf8')) as {
          personalizations: Personalization[];
        };
        this.recipients += personalizations.length;
        for (const { custom_args: args } of personalizations) {
          const id = args?.recipient_id ?? '';
          if (this.seen.has(id)) this.duplicates += 1;
          else this.seen.add(id);
        }
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
    this.duplicates = 0;
    this.seen.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
