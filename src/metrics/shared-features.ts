/**
 * Helpers shared by the feature and roadmap metrics (unused-feature-share, core-feature-share,
 * new-feature-retention-90d, promised-feature-adoption, sales-requested-release-share,
 * single-account-feature-share, promised-features-deal-rate, new-feature-core-entry-rate).
 * All are pure and deterministic.
 */
import type { Deal, FeatureRequest, ProductEvent, Release, Tables } from '../model.js';
import { normaliseLabel } from '../settings.js';
import type { Derived } from './derived.js';
import { DAY_MS, round, wilson } from './stats.js';

/** Most examples any evidence list carries. */
export const EXAMPLE_LIMIT = 5;

/** Launches (first release row of each feature) dated strictly before T, by date then feature. */
export function launchesBefore(derived: Derived, asOf: number): Release[] {
  return [...derived.launches().values()]
    .filter((r) => r.releasedAt < asOf)
    .sort((a, b) => a.releasedAt - b.releasedAt || compareIds(a.feature, b.feature));
}

/** Wilson 95% interval of successes / n, rounded for reports. */
export function roundedWilson(successes: number, n: number): [number, number] {
  const [lo, hi] = wilson(successes, n);
  return [round(lo), round(hi)];
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
  return [...items].sort((a, b) => sign * (value(a) - value(b)) || compareIds(id(a), id(b))).slice(0, limit);
}

/** Feature ids a deal promised: trimmed, blanks dropped, de-duplicated, sorted. */
export function promisedFeaturesOf(deal: Deal): string[] {
  return [...new Set(deal.promisedFeatures.map((f) => f.trim()).filter((f) => f !== ''))].sort(compareIds);
}

const coreEventsByFeatureCache = new WeakMap<Derived, Map<string, ProductEvent[]>>();

/**
 * Per feature, all its core events (any time) sorted by timestamp. Memoised per Derived
 * instance (one per analysis), so several metrics share one grouping of the events.
 */
export function coreEventsByFeature(derived: Derived): Map<string, ProductEvent[]> {
  let byFeature = coreEventsByFeatureCache.get(derived);
  if (!byFeature) {
    byFeature = new Map();
    for (const e of derived.coreEventsBetween(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)) {
      if (!e.feature) continue;
      let list = byFeature.get(e.feature);
      if (!list) byFeature.set(e.feature, (list = []));
      list.push(e);
    }
    for (const list of byFeature.values()) list.sort((a, b) => a.timestamp - b.timestamp);
    coreEventsByFeatureCache.set(derived, byFeature);
  }
  return byFeature;
}

/** The events of a timestamp-sorted list with `from <= timestamp < to` (binary search). */
export function eventsWithin(sorted: readonly ProductEvent[], from: number, to: number): ProductEvent[] {
  const start = lowerBound(sorted, from);
  const end = lowerBound(sorted, to);
  return sorted.slice(start, Math.max(start, end));
}

function lowerBound(sorted: readonly ProductEvent[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Timestamp of the earliest event of any kind; null with no events. Usage before it is unobserved. */
export function firstEventTime(events: readonly ProductEvent[]): number | null {
  let first: number | null = null;
  for (const e of events) if (first === null || e.timestamp < first) first = e.timestamp;
  return first;
}

/**
 * Whether a dated signal (request, deal) could have driven a release: dated on or before the
 * release day (before `releasedAt + 1 day`), or undated (it cannot be ruled out).
 */
export function datedOnOrBeforeReleaseDay(date: number | null, releasedAt: number): boolean {
  return date === null || date < releasedAt + DAY_MS;
}

/** Request source values treated as sales-like by default (compared after normaliseLabel). */
export const DEFAULT_SALES_REQUEST_SOURCES = ['sales', 'prospect', 'sales team', 'ae', 'sdr'];

export function isSalesRequest(request: FeatureRequest, salesSources: ReadonlySet<string>): { viaDeal: boolean; viaSource: boolean } {
  const viaDeal = request.dealId !== null && request.dealId.trim() !== '';
  const viaSource = request.source !== null && salesSources.has(normaliseLabel(request.source));
  return { viaDeal, viaSource };
}

/** Feature requests grouped by (trimmed) feature id; requests without a feature are left out. */
export function requestsByFeature(requests: readonly FeatureRequest[]): Map<string, FeatureRequest[]> {
  const byFeature = new Map<string, FeatureRequest[]>();
  for (const r of requests) {
    const feature = r.feature?.trim();
    if (!feature) continue;
    const list = byFeature.get(feature) ?? [];
    list.push(r);
    byFeature.set(feature, list);
  }
  return byFeature;
}

/** The account that raised a request: its own account id, else its deal's account; null when unknown. */
export function requestAccount(request: FeatureRequest, dealAccounts: ReadonlyMap<string, string | null>): string | null {
  if (request.accountId && request.accountId.trim() !== '') return request.accountId;
  if (request.dealId) return dealAccounts.get(request.dealId) ?? null;
  return null;
}

export function dealAccountMap(tables: Tables): Map<string, string | null> {
  return new Map(tables.deals.map((d) => [d.dealId, d.accountId]));
}

/** mulberry32: a tiny seeded PRNG so bootstrap intervals are identical run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Percentile bootstrap 95% interval for the median (seeded, so deterministic), rounded.
 * Returns null for an empty list.
 */
export function bootstrapMedianInterval(values: readonly number[], resamples = 2000, seed = 20_240_101): [number, number] | null {
  const n = values.length;
  if (n === 0) return null;
  const random = mulberry32(seed);
  const medians: number[] = new Array<number>(resamples);
  const sample: number[] = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(random() * n)]!;
    sample.sort((x, y) => x - y);
    const mid = n >> 1;
    medians[b] = n % 2 === 1 ? sample[mid]! : (sample[mid - 1]! + sample[mid]!) / 2;
  }
  medians.sort((x, y) => x - y);
  const lo = medians[Math.floor(0.025 * resamples)]!;
  const hi = medians[Math.min(resamples - 1, Math.ceil(0.975 * resamples) - 1)]!;
  return [round(lo), round(hi)];
}

/** "1 feature" / "3 features". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
