import {
  createServer,
  type IncomingMessage,
  request as forward,
  type Server,
  type ServerResponse,
} from 'node:http';

/**
 * A tiny HTTP load balancer on loopback: each request goes to the next target in turn, headers
 * (X-Forwarded-For included) and body passed through as they came. Counts what each target got.
 */
export class RoundRobinProxy {
  readonly served: number[];
  private next = 0;
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly targets: URL[]) {
    this.served = targets.map(() => 0);
    this.server = createServer((incoming, outgoing) => this.pass(incoming, outgoing));
  }

  static async start(targets: string[]): Promise<RoundRobinProxy> {
    const proxy = new RoundRobinProxy(targets.map((target) => new URL(target)));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private pass(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const index = this.next;
    this.next = (this.next + 1) % this.targets.length;
    this.served[index]! += 1;
    const target = this.targets[index]!;
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
