import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** When it arrived (ms since the epoch). */
  receivedAt: number;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Answer only after this long (a slow provider). */
  delayMs?: number;
}

type Route = (request: RecordedRequest) => ScriptedResponse;

/**
 * A local HTTP server standing in for a provider API. It records every request so tests can assert
 * on exactly what was sent, answers from per-route handlers, and can be told to answer the next
 * requests differently (errors, rate limits, silence).
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripted: ScriptedResponse[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | null = null;

  constructor(private readonly routes: Record<string, Route>) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('RecordingServer is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** The next requests get these answers, in order, before the routes answer again. */
  script(...responses: ScriptedResponse[]): void {
    this.scripted.push(...responses);
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    const route = this.routes[`${recorded.method} ${recorded.path}`] ?? this.matchPattern(recorded);
    const answer = this.scripted.shift() ?? route?.(recorded) ?? { status: 404, body: { error: 'no route' } };
    if (answer.hang) {
      this.hanging.add(res);
      return;
    }
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  /** Routes may use `:param` segments, e.g. `POST /v1/subscriptions/:id`. */
  private matchPattern(request: RecordedRequest): Route | undefined {
    for (const [key, route] of Object.entries(this.routes)) {
      const [method, pattern] = key.split(' ');
      if (method !== request.method || !pattern?.includes(':')) continue;
      const regex = new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}$`);
      if (regex.test(request.path)) return route;
    }
    return undefined;
  }
}
