/** Small statistics helpers shared by metrics. All are pure and handle empty input. */

export const DAY_MS = 86_400_000;

/** Whole and fractional days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return (to - from) / DAY_MS;
}

/** Median of a list; NaN for an empty list. Does not modify its input. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Wilson score interval (95%) for a proportion `successes / n`.
 * Returns [0, 1] for n = 0 (nothing is known).
 */
export function wilson(successes: number, n: number, z = 1.959964): [number, number] {
  if (n <= 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Jensen–Shannon divergence (base 2, so 0..1) between two discrete distributions given as
 * counts per category. Categories missing from one side count as zero there.
 * Returns NaN when either side has no mass.
 */
export function jensenShannon(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const totalA = sumValues(a);
  const totalB = sumValues(b);
  if (totalA <= 0 || totalB <= 0) return Number.NaN;
  const keys = new Set([...a.keys(), ...b.keys()]);
  let js = 0;
  for (const key of keys) {
    const p = (a.get(key) ?? 0) / totalA;
    const q = (b.get(key) ?? 0) / totalB;
    const m = (p + q) / 2;
    if (p > 0) js += 0.5 * p * Math.log2(p / m);
    if (q > 0) js += 0.5 * q * Math.log2(q / m);
  }
  return Math.max(0, Math.min(1, js));
}

function sumValues(map: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const v of map.values()) total += v;
  return total;
}

/** Count occurrences of each key. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Round for reports, so JSON stays stable and readable. */
export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Top `limit` entries of a count map, largest first, ties broken by key for determinism. */
export function topEntries(counts: ReadonlyMap<string, number>, limit: number, order: 'desc' | 'asc' = 'desc'): Array<[string, number]> {
  const sign = order === 'desc' ? -1 : 1;
  return [...counts.entries()]
    .sort((x, y) => sign * (x[1] - y[1]) || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, limit);
}
