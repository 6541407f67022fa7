import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

/** What must never reach a log line (DESIGN "Small things"): each kind with how to spot it. */
const SECRET_SHAPES: readonly [kind: string, pattern: RegExp][] = [
  ['email address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/],
  ['staff token', /crm_[A-Za-z0-9_-]{20,}/],
  ['Stripe key', /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+/],
  ['Stripe webhook secret', /whsec_[A-Za-z0-9_]+/],
  ['Stripe signature', /t=\d+,v1=[0-9a-f]{16,}/],
  ['SendGrid key', /\bSG\.[A-Za-z0-9_.-]+/],
];

export interface LogLeak {
  kind: string;
  line: string;
}

/**
 * Every line an app process wrote to stdout or stderr, kept for assertions: which lines hold a
 * secret, and which structured lines match a filter.
 */
export class LogCapture {
  readonly lines: string[] = [];
  private lastLineAt = Date.now();

  /** Reads a stream line by line into the capture; `echo` also forwards each line (for debugging a run). */
  follow(stream: Readable, echo?: (line: string) => void): void {
    createInterface({ input: stream }).on('line', (line) => {
      this.lines.push(line);
      this.lastLineAt = Date.now();
      echo?.(line);
    });
  }

  /**
   * Resolves once no line has arrived for `quietMs`: an app writes a request's line after its answer
   * has gone, so a test that has its last response may not have that request's line yet. Throws if
   * the app is still logging after `withinMs`, rather than waiting for the test's own timeout.
   */
  async settled(quietMs = 300, withinMs = 10_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const waited = Date.now() - this.lastLineAt;
      if (waited >= quietMs) return;
      if (Date.now() >= deadline) {
        throw new Error(`the app's log did not go quiet for ${quietMs} ms within ${withinMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, quietMs - waited));
    }
  }

  /**
   * Lines holding something secret: anything shaped like an email address, staff token, provider key,
   * webhook secret or signature, or any of the exact `known` values the caller used (e.g. a
   * SendGrid signature, which has no recognisable shape).
   */
  leaks(known: readonly string[] = []): LogLeak[] {
    const literals = known.filter((value) => value.length >= 8);
    return this.lines.flatMap((line) => {
      const shaped = SECRET_SHAPES.filter(([, pattern]) => pattern.test(line)).map(([kind]) => kind);
      const exact = literals.some((value) => line.includes(value)) ? ['known secret'] : [];
      return [...shaped, ...exact].map((kind) => ({ kind, line }));
    });
  }

  /** Parsed JSON log lines (pino), skipping anything that is not JSON. */
  entries(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }
}
