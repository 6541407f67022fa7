/** Whether each item of a batch went through; a rejected item carries its own error. */
export type BatchOutcome = PromiseSettledResult<unknown>[];

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Groups work that arrives concurrently so that one database round trip serves several callers.
 * A batch starts as soon as a slot is free, so an idle system adds no delay; under load, what
 * arrives while the slots are busy is taken together. Each caller's promise settles with its own
 * item's outcome.
 */
export class Batcher<T> {
  private waiting: Waiting<T>[] = [];
  private running = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<BatchOutcome>,
    private readonly slots: number,
    private readonly maxSize: number,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.running < this.slots && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxSize);
      this.running += 1;
      this.run(batch.map((waiting) => waiting.item))
        .then(
          (outcomes) =>
            batch.forEach((waiting, index) => {
              const outcome = outcomes[index]!;
              if (outcome.status === 'fulfilled') waiting.resolve();
              else waiting.reject(outcome.reason);
            }),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          this.running -= 1;
          this.startBatches();
        });
    }
  }
}
