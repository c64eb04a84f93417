/**
 * Helpers shared by the PULL (product pull) and PM (persona mismatch) metrics:
 * role families, account signups, activation delays, intervals for medians, means and
 * ratios, and privacy-safe example ids. All pure; none reads anything but its arguments.
 */
import type { User } from '../model.js';
import { DAY_MS, round, wilson } from './stats.js';

/** Role values persona metrics ignore: `other` (title matched no family) and blanks/unknowns. */
const IGNORED_ROLES = new Set(['', 'other', 'unknown', 'n/a', 'na', 'none']);

/** The role family of a contact or user, lower-cased; null when it is `other`/unknown (ignored). */
export function knownRole(role: string | null | undefined): string | null {
  if (role === null || role === undefined) return null;
  const r = role.trim().toLowerCase();
  return IGNORED_ROLES.has(r) ? null : r;
}

/** Wilson 95% interval, rounded for reports. */
export function proportionInterval(successes: number, n: number): [number, number] {
  return wilson(successes, n).map((x) => round(x)) as [number, number];
}

/** Quantile with linear interpolation between order statistics (R type 7); NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Distribution-free 95% interval for a median from order statistics (binomial, normal
 * approximation): ranks n/2 ± 1.96·√n/2. Cheap for large n, unlike a bootstrap.
 * Undefined (null) below 6 values, where the interval is the whole range anyway.
 */
export function medianInterval(values: readonly number[]): [number, number] | null {
  const n = values.length;
  if (n < 6) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = (1.959964 * Math.sqrt(n)) / 2;
  const lo = Math.max(0, Math.floor(n / 2 - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half));
  return [sorted[lo]!, sorted[hi]!];
}

/**
 * Normal-approximation 95% interval for a mean (mean ± 1.96·sd/√n), clamped to [min, max].
 * Null below 2 values.
 */
export function meanInterval(values: readonly number[], min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  return [Math.max(min, m - 1.959964 * se), Math.min(max, m + 1.959964 * se)];
}

/** mulberry32: a tiny seeded PRNG so bootstrap intervals are reproducible run to run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap 95% interval for a ratio of sums Σnum ÷ Σden, resampling units
 * (e.g. accounts) with replacement. Seeded, so the same data give the same interval.
 * Null with fewer than 2 units; resamples with a zero denominator are skipped.
 */
export function bootstrapRatioInterval(
  num: readonly number[],
  den: readonly number[],
  iterations = 1000,
  seed = 20240101,
): [number, number] | null {
  const n = num.length;
  if (n < 2 || den.length !== n) return null;
  const rand = prng(seed);
  const stats: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let sn = 0;
    let sd = 0;
    for (let j = 0; j < n; j++) {
      const k = Math.floor(rand() * n);
      sn += num[k]!;
      sd += den[k]!;
    }
    if (sd > 0) stats.push(sn / sd);
  }
  if (stats.length === 0) return null;
  return [quantile(stats, 0.025), quantile(stats, 0.975)];
}

export function roundInterval(interval: [number, number] | null, digits = 4): [number, number] | undefined {
  return interval ? [round(interval[0], digits), round(interval[1], digits)] : undefined;
}

/**
 * An id safe to show as an example. Ids that look like e-mail addresses are replaced by a
 * stable short hash, so reports never carry e-mails.
 */
export function safeId(id: string): string {
  if (!id.includes('@')) return id;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `redacted-${h.toString(16).padStart(8, '0')}`;
}

/**
 * Days from signup to activation, or null when the user has not activated (or activated
 * at/after `before`). An activation stamped before signup (imports, clock skew) counts as 0 days.
 */
export function activationDelayDays(user: User, before: number): number | null {
  if (user.signupAt === null || user.activatedAt === null || user.activatedAt >= before) return null;
  return Math.max(0, (user.activatedAt - user.signupAt) / DAY_MS);
}

/** Each account's signup: the earliest signupAt of its users (users without account or signup skipped). */
export function accountSignups(users: readonly User[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const u of users) {
    if (!u.accountId || u.signupAt === null) continue;
    const prev = first.get(u.accountId);
    if (prev === undefined || u.signupAt < prev) first.set(u.accountId, u.signupAt);
  }
  return first;
}

/** Start of the UTC day containing `ts`. */
export function dayStart(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/** Counts → shares (rounded), keys sorted by share desc then name, for evidence. */
export function shares(counts: ReadonlyMap<string, number>): Record<string, number> {
  let total = 0;
  for (const v of counts.values()) total += v;
  const out: Record<string, number> = {};
  if (total <= 0) return out;
  for (const [k, v] of [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    out[k] = round(v / total);
  }
  return out;
}

/** Compare strings for deterministic tie-breaks. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
