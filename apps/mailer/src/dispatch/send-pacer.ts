/**
 * Spaces campaign sends to at most `ratePerSecond` recipients per second in this process (0 = no
 * limit). Each caller reserves the next slot for its batch and waits until it starts.
 */
export class SendPacer {
  private nextSlotAt = 0;

  constructor(private readonly ratePerSecond: number) {}

  async reserve(recipients: number): Promise<void> {
    if (this.ratePerSecond <= 0 || recipients === 0) return;
    const now = Date.now();
    const startAt = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = startAt + (recipients / this.ratePerSecond) * 1_000;
    if (startAt > now) await new Promise((resolve) => setTimeout(resolve, startAt - now));
  }
}
