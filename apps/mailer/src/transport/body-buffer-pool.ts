/**
 * Memory for bulk mail-send bodies, used again from one batch to the next. A body is a megabyte or
 * two and lives until SendGrid has answered, long enough to leave V8's young generation, so a fresh
 * one per batch is freed only by a full collection, which the external memory of dozens of them
 * (not the heap) brings on: the mailer's resident memory grew by about 70 MiB of such bodies
 * during a large send. A body given back after a successful post (SendGrid read every byte of it)
 * is written over by a later batch; one whose post failed is left to the collector, as the request
 * may still hold it.
 */
export class BodyBufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** `kept`: how many idle bodies to hold on to (the number of batches in flight at once). */
  constructor(private readonly kept: number) {}

  /** A buffer of at least `bytes`, its contents undefined. */
  take(bytes: number): Buffer {
    const index = this.free.findIndex((memory) => memory.byteLength >= bytes);
    if (index === -1) return Buffer.allocUnsafeSlow(bytes);
    const [memory] = this.free.splice(index, 1);
    return Buffer.from(memory!);
  }

  /** Gives back the memory under `bytes` (a view from `take`, or from a buffer grown from one). */
  give(bytes: Buffer): void {
    const memory = bytes.buffer;
    if (!(memory instanceof ArrayBuffer) || this.free.includes(memory)) return;
    this.free.push(memory);
    if (this.free.length > this.kept) {
      this.free.sort((a, b) => b.byteLength - a.byteLength);
      this.free.length = this.kept;
    }
  }
}
