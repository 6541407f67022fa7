import type { Segment } from '@crm/entities';
import { parseSegmentRules } from '@crm/segments';
import { Injectable, Logger } from '@nestjs/common';
import { SegmentMembersService } from './segment-members.service';

export interface SegmentSize {
  count: number;
  mailable: number;
  countedAt: Date;
}

/** A size is shown as current for this long; after it, the next listing counts again. */
const FRESH_FOR_MS = 60_000;
/** How long a listing waits for counts before answering with the ones it has. */
const LIST_WAIT_MS = 1_500;
/** Counts running at once: each can take most of a second over a million supporters. */
const PARALLEL_COUNTS = 2;

interface Entry {
  /** The segment's `updatedAt`: an edit makes the remembered size meaningless. */
  version: number;
  size?: SegmentSize;
  counting?: Promise<void>;
}

/**
 * Current sizes of saved segments for the audience list. A count over a million supporters takes
 * 0.2–1 s (BENCHMARKS.md), so sizes are remembered for a minute, counted two at a time, and a
 * listing waits at most 1.5 s: a size not ready by then is null (the list asks again) or, if an
 * older one is known, that one with the time it was counted.
 */
@Injectable()
export class SegmentSizesService {
  private readonly logger = new Logger(SegmentSizesService.name);
  private readonly entries = new Map<string, Entry>();
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly members: SegmentMembersService) {}

  async sizesOf(segments: readonly Segment[]): Promise<Map<string, SegmentSize | null>> {
    const counting = segments.map((segment) => this.refresh(segment)).filter((work) => work !== undefined);
    if (counting.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, LIST_WAIT_MS);
      });
      await Promise.race([Promise.all(counting), waited]);
      clearTimeout(timer);
    }
    return new Map(segments.map((segment) => [segment.id, this.known(segment)]));
  }

  /** Forgets a segment's size (after an edit or deletion). */
  forget(id: string): void {
    this.entries.delete(id);
  }

  private known(segment: Segment): SegmentSize | null {
    const entry = this.entries.get(segment.id);
    return entry?.version === segment.updatedAt.getTime() ? (entry.size ?? null) : null;
  }

  /** Starts a count unless a fresh size is known or one is under way; returns the work to wait on. */
  private refresh(segment: Segment): Promise<void> | undefined {
    const version = segment.updatedAt.getTime();
    let entry = this.entries.get(segment.id);
    if (entry?.version !== version) {
      entry = { version };
      this.entries.set(segment.id, entry);
    }
    if (entry.counting) return entry.counting;
    if (entry.size && Date.now() - entry.size.countedAt.getTime() < FRESH_FOR_MS) return undefined;
    const current = entry;
    current.counting = this.limited(() => this.members.count(parseSegmentRules(segment.rules)))
      .then((counted) => {
        current.size = { ...counted, countedAt: new Date() };
      })
      .catch((error: unknown) => {
        // The list shows "not counted" and the next listing tries again.
        this.logger.warn(`Counting segment ${segment.id} failed: ${(error as Error).message}`);
      })
      .finally(() => {
        current.counting = undefined;
      });
    return current.counting;
  }

  /** Runs `work` when one of the PARALLEL_COUNTS slots is free; a finishing count hands its slot on. */
  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < PARALLEL_COUNTS) this.running += 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
