/**
 * Helpers shared by the feature and roadmap metrics (unused-feature-share, core-feature-share,
 * new-feature-retention-90d, promised-feature-adoption, sales-requested-release-share,
 * single-account-feature-share, promised-features-deal-rate, new-feature-core-entry-rate);
 * `firstEventTime` also serves the other metrics that must know where event data starts.
 * All are pure and deterministic.
 */
import type { Deal, FeatureRequest, ProductEvent, Release, Tables } from '../model.js';
import { normaliseLabel } from '../settings.js';
import type { Derived } from './derived.js';
import { byKey, DAY_MS } from './stats.js';

/** Launches (first release row of each feature) dated strictly before T, by date then feature. */
export function launchesBefore(derived: Derived, asOf: number): Release[] {
  return [...derived.launches().values()]
    .filter((r) => r.releasedAt < asOf)
    .sort((a, b) => a.releasedAt - b.releasedAt || byKey(a.feature, b.feature));
}

/** Feature ids a deal promised: trimmed, blanks dropped, de-duplicated, sorted. */
export function promisedFeaturesOf(deal: Deal): string[] {
  return [...new Set(deal.promisedFeatures.map((f) => f.trim()).filter((f) => f !== ''))].sort(byKey);
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
