/**
 * Where a bulk import spends its time, phase by phase (milliseconds summed over batches), for
 * the benchmark's breakdown (bench/ingestGenerated.ts). Optional: the importer runs without one.
 */
export class PhaseTimes {
  readonly ms: Record<string, number> = {};

  add(phase: string, ms: number): void {
    this.ms[phase] = (this.ms[phase] ?? 0) + ms;
  }

  /** Runs `fn`, adding its wall time to `phase`. */
  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  /** Wraps an async iterable: the time spent waiting for each item goes to `phase`. */
  async *timeIterable<T>(phase: string, items: AsyncIterable<T>): AsyncGenerator<T> {
    const it = items[Symbol.asyncIterator]();
    for (;;) {
      const started = performance.now();
      const next = await it.next();
      this.add(phase, performance.now() - started);
      if (next.done) return;
      yield next.value;
    }
  }
}

/** Runs `fn`, timing it as `phase` when there is a timer. */
export function timed<T>(phases: PhaseTimes | undefined, phase: string, fn: () => Promise<T>): Promise<T> {
  return phases ? phases.time(phase, fn) : fn();
}
