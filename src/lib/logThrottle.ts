/**
 * One log line per failure class per interval. During a database outage every request fails the
 * same way; logging each, with its stack, buried everything else (725 lines in 4 s). The first of a
 * class is logged at once; the rest are counted and reported with the next line of that class.
 */
export interface Throttled {
  /** Whether to write this occurrence. */
  log: boolean;
  /** Occurrences of the class swallowed since its last line. */
  suppressed: number;
}

export function logThrottle(intervalMs = 10_000, now: () => number = Date.now) {
  const classes = new Map<string, { at: number; suppressed: number }>();
  return (failureClass: string): Throttled => {
    const t = now();
    const entry = classes.get(failureClass);
    if (!entry || t - entry.at >= intervalMs) {
      const suppressed = entry?.suppressed ?? 0;
      classes.set(failureClass, { at: t, suppressed: 0 });
      return { log: true, suppressed };
    }
    entry.suppressed++;
    return { log: false, suppressed: entry.suppressed };
  };
}
