/**
 * Small statistics and formatting helpers shared by every metric family: summaries, intervals
 * (Wilson, seeded percentile bootstrap), deterministic orderings and wording. All are pure and
 * handle empty input.
 */

import { DAY_MS } from '../core/calendar.js';

export { DAY_MS };

/** Whole and fractional days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return (to - from) / DAY_MS;
}

/** Median of a list; NaN for an empty list. Does not modify its input. */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  // Selection in a Float64Array copy (linear time, no comparator calls: the bootstraps take a
  // median of thousands of values a thousand times). The order statistics are the values the
  // sort `(a, b) => a - b` puts in the middle; with a NaN (whose place that comparator leaves to
  // the sort algorithm) or a -0 (which it may put after a 0) the sort is kept.
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v || (v === 0 && 1 / v < 0)) {
      const sorted = [...values].sort((x, y) => x - y);
      const m = n >> 1;
      return n % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
    }
    a[i] = v;
  }
  const mid = n >> 1;
  const upper = selectInPlace(a, mid);
  if (n % 2 === 1) return upper;
  // Everything before `mid` is <= a[mid] now: the lower middle is their largest.
  let lower = a[0]!;
  for (let i = 1; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/**
 * Hoare's FIND: reorders `a` so that a[k] is its k-th smallest value (0-based), with every value
 * before k <= a[k] <= every value after it; returns a[k]. No NaN in `a`.
 */
function selectInPlace(a: Float64Array, k: number): number {
  let l = 0;
  let r = a.length - 1;
  while (l < r) {
    const x = a[k]!;
    let i = l;
    let j = r;
    do {
      while (a[i]! < x) i++;
      while (x < a[j]!) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) r = j;
  }
  return a[k]!;
}

/**
 * The median of bootstrapIndexInterval samples drawn from `values`: `medianAt(values)(at)` equals
 * `median(at.map((k) => values[k]))`. The distinct values are sorted once; each call counts the
 * drawn items per rank (no copy, no selection) and walks the counts to the middle order
 * statistics, so it returns the same values and the same `(lower + upper) / 2` as `median`.
 * With a NaN or a -0 among the values (where `median` keeps its sort) it calls `median` on a copy.
 */
export function medianAt(values: readonly number[]): (at: Int32Array) => number {
  const n = values.length;
  let plain = true;
  for (let i = 0; i < n && plain; i++) {
    const v = values[i]!;
    if (v !== v || (v === 0 && 1 / v < 0)) plain = false;
  }
  if (!plain) {
    const copy: number[] = [];
    return (at) => {
      copy.length = at.length;
      for (let i = 0; i < at.length; i++) copy[i] = values[at[i]!]!;
      return median(copy);
    };
  }
  const sorted = Float64Array.from(values).sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i]!;
  const distinct = sorted.subarray(0, u);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  const counts = new Int32Array(u);
  return (at) => {
    const m = at.length;
    if (m === 0) return Number.NaN;
    counts.fill(0);
    for (let i = 0; i < m; i++) counts[rank[at[i]!]!]!++;
    const mid = m >> 1;
    // Order statistics mid - 1 (lower, for an even count) and mid (upper), 0-based.
    let seen = 0;
    let r = 0;
    let lower = Number.NaN;
    for (; ; r++) {
      seen += counts[r]!;
      if (seen > mid - 1 && lower !== lower) lower = distinct[r]!;
      if (seen > mid) break;
    }
    const upper = distinct[r]!;
    return m % 2 === 1 ? upper : (lower + upper) / 2;
  };
}

/** Quantile (R type 7: linear interpolation between order statistics) of an ascending-sorted list; NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Quantile (R type 7) of an unsorted list; NaN for no values. Does not modify its input. */
export function quantile(values: readonly number[], q: number): number {
  return quantileSorted([...values].sort((a, b) => a - b), q);
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

/** Wilson 95% interval of successes / n, rounded for reports. */
export function roundedWilson(successes: number, n: number): [number, number] {
  const [lo, hi] = wilson(successes, n);
  return [round(lo), round(hi)];
}

/** Σ num(item) ÷ Σ den(item) (e.g. an amount-weighted mean or share); NaN unless Σ den > 0. */
export function ratioOfSums<T>(items: readonly T[], num: (item: T) => number, den: (item: T) => number): number {
  let sn = 0;
  let sd = 0;
  for (const item of items) {
    sn += num(item);
    sd += den(item);
  }
  return sd > 0 ? sn / sd : Number.NaN;
}

/** ratioOfSums over the items `at` of a bootstrapIndexInterval sample: Σ num[k] ÷ Σ den[k], added in the same order. */
export function ratioOfSumsAt(num: ArrayLike<number>, den: ArrayLike<number>, at: Int32Array): number {
  let sn = 0;
  let sd = 0;
  for (let i = 0; i < at.length; i++) {
    const k = at[i]!;
    sn += num[k]!;
    sd += den[k]!;
  }
  return sd > 0 ? sn / sd : Number.NaN;
}

/** mean over the items `at` of a bootstrapIndexInterval sample, added in the same order. */
export function meanAt(values: ArrayLike<number>, at: Int32Array): number {
  if (at.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < at.length; i++) sum += values[at[i]!]!;
  return sum / at.length;
}

/** mulberry32: a tiny seeded PRNG (uniform in [0, 1)), so bootstrap intervals are identical run to run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Seed every metric's bootstrap uses, so the same data always give the same interval. */
export const BOOTSTRAP_SEED = 0x5eed;

/**
 * 95% percentile bootstrap interval of `stat` over one or more groups, each resampled with
 * replacement separately (stratified, so a ratio of two groups keeps both group sizes), rounded.
 * Seeded, so the interval is reproducible. The sample arrays are reused between resamples, so
 * `stat` must not keep them. Resamples where `stat` is not finite (a zero
 * denominator) are dropped; if more than 10% are dropped, or a group is empty, no interval.
 * E.g. a median: `bootstrapInterval([xs], ([s]) => median(s!))`; a ratio of sums over units:
 * `bootstrapInterval([units], ([s]) => ratioOfSums(s!, num, den))`.
 */
export function bootstrapInterval<T>(
  groups: ReadonlyArray<readonly T[]>,
  stat: (samples: T[][]) => number,
  resamples = 1000,
  seed = BOOTSTRAP_SEED,
): [number, number] | undefined {
  if (groups.length === 0 || groups.some((g) => g.length === 0)) return undefined;
  const rand = mulberry32(seed);
  const stats: number[] = [];
  // One array per group, refilled for every resample (`stat` must not keep them).
  const samples = groups.map((g) => new Array<T>(g.length));
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k]!;
      const s = samples[k]!;
      for (let i = 0; i < g.length; i++) s[i] = g[Math.floor(rand() * g.length)]!;
    }
    const v = stat(samples);
    if (Number.isFinite(v)) stats.push(v);
  }
  return percentileInterval(stats, resamples);
}

/**
 * bootstrapInterval by index: the same draws (same seed, same order: each group in turn, one
 * draw per item) and the same interval, but `stat` gets, per group, the drawn item indices in a
 * typed array reused across resamples, so a statistic can count by index with no allocation.
 * `bootstrapIndexInterval([xs.length], ([s]) => f(pick(xs, s)))` equals
 * `bootstrapInterval([xs], ([s]) => f(s))`.
 */
export function bootstrapIndexInterval(
  sizes: readonly number[],
  stat: (samples: Int32Array[]) => number,
  resamples = 1000,
  seed = BOOTSTRAP_SEED,
): [number, number] | undefined {
  if (sizes.length === 0 || sizes.some((n) => n === 0)) return undefined;
  const stats: number[] = [];
  bootstrapIndexResamples(sizes, stat, seed)(0, resamples, stats);
  return percentileInterval(stats, resamples);
}

/**
 * Draws resamples `from` to `to` − 1 of a bootstrap and appends their finite statistics to
 * `stats`. The resamples' percentile interval (`percentileInterval`) only depends on which values
 * were appended, not on their order, so ranges can be drawn in any order, or on two threads.
 */
export type ResampleRange = (from: number, to: number, stats: number[]) => void;

/**
 * bootstrapIndexInterval's resamples by range: resample b makes the same draws whatever range it
 * is drawn in, because mulberry32's state after k draws is `seed + k·0x6d2b79f5` (mod 2³²), so a
 * range starts from the state after `from · Σ sizes` draws. No group may be empty.
 */
export function bootstrapIndexResamples(
  sizes: readonly number[],
  stat: (samples: Int32Array[]) => number,
  seed = BOOTSTRAP_SEED,
): ResampleRange {
  const samples = sizes.map((n) => new Int32Array(n));
  return (from, to, stats) => drawIndexResamples(sizes, samples, stat, seed, from, to, stats);
}

/** The draws of bootstrapIndexResamples (parameters, not captured variables: the loop reads locals). */
function drawIndexResamples(
  sizes: readonly number[],
  samples: Int32Array[],
  stat: (samples: Int32Array[]) => number,
  seed: number,
  from: number,
  to: number,
  stats: number[],
): void {
  let perResample = 0;
  for (const n of sizes) perResample += n;
  // mulberry32(seed), inlined: the same numbers in the same order as `rand()` in bootstrapInterval.
  let a = mulberry32StateAfter(seed, from * perResample);
  for (let b = from; b < to; b++) {
    for (let g = 0; g < sizes.length; g++) {
      const n = sizes[g]!;
      const s = samples[g]!;
      for (let i = 0; i < n; i++) {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        s[i] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
      }
    }
    const v = stat(samples);
    if (Number.isFinite(v)) stats.push(v);
  }
}

/**
 * mulberry32's internal state after `draws` draws from `seed` (each draw adds 0x6d2b79f5 mod 2³²);
 * `draws` is an integer below 2⁵³.
 */
export function mulberry32StateAfter(seed: number, draws: number): number {
  return ((seed >>> 0) + Math.imul(draws % 4_294_967_296, 0x6d2b79f5)) >>> 0;
}

/**
 * The bootstraps' 95% percentile interval of the finite resample statistics `stats` (sorted in
 * place), rounded; undefined when none, or more than 10% of `resamples` were dropped.
 */
export function percentileInterval(stats: number[], resamples: number): [number, number] | undefined {
  if (stats.length === 0 || stats.length < resamples * 0.9) return undefined;
  stats.sort((a, b) => a - b);
  return [round(quantileSorted(stats, 0.025)), round(quantileSorted(stats, 0.975))];
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

/** Compare strings (ids, keys) by code unit, for deterministic tie-breaks. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most examples any evidence list carries. */
export const EXAMPLE_LIMIT = 5;

/**
 * The first `limit` items ordered by a numeric value (ascending or descending), ties by id
 * ascending: the deterministic order every evidence example list uses.
 */
export function topBy<T>(
  items: readonly T[],
  value: (item: T) => number,
  id: (item: T) => string,
  order: 'asc' | 'desc',
  limit = EXAMPLE_LIMIT,
): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * (value(a) - value(b)) || byKey(id(a), id(b))).slice(0, limit);
}

/** Top `limit` entries of a count map, largest first, ties broken by key for determinism. */
export function topEntries(counts: ReadonlyMap<string, number>, limit: number, order: 'desc' | 'asc' = 'desc'): Array<[string, number]> {
  return topBy([...counts.entries()], (e) => e[1], (e) => e[0], order, limit);
}

/** "1 feature" / "3 features": `${count} ${noun}` with a naive (or given) plural. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Lift of two means (quarter-end-discount-lift): a ÷ b; 1 when both are 0; NaN when only b is 0. */
export function lift(a: number, b: number): number {
  if (b === 0) return a === 0 ? 1 : Number.NaN;
  return a / b;
}
