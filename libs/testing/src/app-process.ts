import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { appNodeOptions } from '@crm/config';
import { LogCapture } from './log-capture';
import { waitFor } from './wait-for';

export type AppName = 'donations' | 'subscribers' | 'mailer';
export const APP_NAMES: readonly AppName[] = ['donations', 'subscribers', 'mailer'];
/** The three apps, or the console in front of them (started apart: it needs their URLs). */
export type ProcessAppName = AppName | 'console';

const PORT_VARIABLE: Record<ProcessAppName, string> = {
  donations: 'DONATIONS_PORT',
  subscribers: 'SUBSCRIBERS_PORT',
  mailer: 'MAILER_PORT',
  console: 'CONSOLE_PORT',
};
const STOP_DEADLINE_MS = 12_000;

/** A TCP port nothing listens on right now, for an app process to take. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface AppProcessOptions {
  app: ProcessAppName;
  /** The compiled tree (`dist/`) holding `apps/<app>/src/main.js`. */
  distDir: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Forward every log line here as well (e.g. to stderr while debugging a scenario). */
  echo?: (line: string) => void;
}

/**
 * One app running as a real process (`node dist/apps/<app>/src/main.js`), supervised so that a
 * test can kill it at any moment and start it again. Its stdout and stderr are captured across
 * restarts.
 */
export class AppProcess {
  readonly logs = new LogCapture();
  private child: ChildProcess | null = null;
  private exit: Promise<number | null> = Promise.resolve(null);
  starts = 0;

  constructor(private readonly options: AppProcessOptions) {}

  get name(): ProcessAppName {
    return this.options.app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process and waits until `/health` answers 200 (or the process dies, which throws). */
  async start({ timeoutMs = 30_000 } = {}): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const { app, distDir, port, env, echo } = this.options;
    const child = spawn(
      process.execPath,
      [...appNodeOptions(app), join(distDir, 'apps', app, 'src', 'main.js')],
      {
        env: { ...process.env, ...env, [PORT_VARIABLE[app]]: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.starts += 1;
    this.logs.follow(child.stdout!, echo);
    this.logs.follow(child.stderr!, echo);
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        if (this.child === child) this.child = null;
        resolve(code);
      }),
    );
    await waitFor(
      async () => {
        if (this.child !== child) throw new Error(`${app} exited while starting:\n${this.tail()}`);
        const response = await fetch(`${this.url}/health`).catch(() => null);
        return response?.status === 200;
      },
      { timeoutMs, intervalMs: 100, what: `${app} to answer /health` },
    );
  }

  /** Kills the process without warning (SIGKILL by default) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (!this.child) return null;
    this.child.kill(signal);
    return this.exit;
  }

  /** Asks for a graceful stop, and kills the process if it has not ended in time. */
  async stop(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    const deadline = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
    child.kill('SIGTERM');
    await this.exit;
    clearTimeout(deadline);
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  private tail(lines = 20): string {
    return this.logs.lines.slice(-lines).join('\n');
  }
}
