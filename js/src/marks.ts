// Timing marks (performance.mark / measure) that the tests and benchmarks read. A page left
// open for hours would keep every one of them (a brush marks each preview), so each name
// keeps at most MAX_ENTRIES: past that its entries are cleared and counting starts again.

/** Most entries kept under one name. */
export const MAX_ENTRIES = 1000;

const counts = new Map<string, number>();

function count(name: string, clear: (name: string) => void): void {
  const n = (counts.get(name) ?? 0) + 1;
  if (n > MAX_ENTRIES) {
    clear(name);
    counts.set(name, 1);
  } else counts.set(name, n);
}

/** `performance.mark(name)`, keeping at most MAX_ENTRIES marks of that name. */
export function mark(name: string): void {
  count(name, (n) => performance.clearMarks(n));
  performance.mark(name);
}

/** `performance.measure(name)` from `start` to now, keeping at most MAX_ENTRIES of that name. */
export function measure(name: string, start: number, detail?: unknown): void {
  count(name, (n) => performance.clearMeasures(n));
  performance.measure(name, { start, detail });
}
