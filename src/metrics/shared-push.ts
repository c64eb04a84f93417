/**
 * Helpers shared by the sales-push metrics (touches-per-won-deal, avg-discount-won,
 * quarter-end-discount-lift, sales-sourced-won-share, post-close-shelfware-rate,
 * sales-cycle-ratio). All are pure and deterministic.
 */
import type { Deal } from '../model.js';
import { DAY_MS, round } from './stats.js';
import type { MetricContext } from './types.js';

export interface WonWindow {
  /** Won deals with `from <= closedAt < to`. */
  deals: Deal[];
  from: number;
  to: number;
  /** Won deals (anywhere in time) without a close date: they cannot be placed in any window. */
  missingCloseDate: number;
}

/** Won deals closed in [T - lookbackDays, T). */
export function wonClosedWithin(ctx: MetricContext, lookbackDays: number): WonWindow {
  const to = ctx.asOf;
  const from = to - lookbackDays * DAY_MS;
  let missingCloseDate = 0;
  const deals: Deal[] = [];
  for (const d of ctx.derived.wonDeals()) {
    if (d.closedAt === null) {
      missingCloseDate++;
      continue;
    }
    if (d.closedAt >= from && d.closedAt < to) deals.push(d);
  }
  return { deals, from, to, missingCloseDate };
}

/** 'YYYY-MM-DD' (UTC) of a timestamp, for evidence. */
export function isoDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** Comparator: by a numeric key descending, ties by deal id ascending (deterministic). */
export function byDescThenId<T>(key: (item: T) => number, id: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => key(b) - key(a) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/** Deal reference for evidence: id and name only (never owner or contacts). */
export function dealRef(d: Deal): { dealId: string; name: string | null } {
  return { dealId: d.dealId, name: d.name };
}

/** Amount-weighted mean of `value` with weights `weight`; NaN when the total weight is 0. */
export function weightedMean<T>(items: readonly T[], value: (item: T) => number, weight: (item: T) => number): number {
  let num = 0;
  let den = 0;
  for (const item of items) {
    const w = weight(item);
    num += w * value(item);
    den += w;
  }
  return den > 0 ? num / den : Number.NaN;
}

/** Deterministic PRNG (mulberry32) so bootstrap intervals are stable between runs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear-interpolated quantile of an ascending-sorted, non-empty list. */
function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * 95% percentile bootstrap interval of `stat` over one or more groups, each resampled with
 * replacement separately (stratified, so a ratio of two groups keeps both group sizes).
 * Seeded, so the interval is reproducible. Resamples where `stat` is not finite (a zero
 * denominator) are dropped; if more than 10% are dropped, or a group is empty, no interval.
 */
export function bootstrapInterval<T>(
  groups: ReadonlyArray<readonly T[]>,
  stat: (samples: T[][]) => number,
  resamples = 1000,
  seed = 0x5eed,
): [number, number] | undefined {
  if (groups.length === 0 || groups.some((g) => g.length === 0)) return undefined;
  const rand = mulberry32(seed);
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const samples = groups.map((g) => {
      const s: T[] = new Array<T>(g.length);
      for (let i = 0; i < g.length; i++) s[i] = g[Math.floor(rand() * g.length)]!;
      return s;
    });
    const v = stat(samples);
    if (Number.isFinite(v)) stats.push(v);
  }
  if (stats.length < resamples * 0.9) return undefined;
  stats.sort((a, b) => a - b);
  return [round(quantileSorted(stats, 0.025)), round(quantileSorted(stats, 0.975))];
}

/** `${n} ${noun}` with a naive plural. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
