/**
 * Helpers shared by the feature and roadmap metrics (unused-feature-share, core-feature-share,
 * new-feature-retention-90d, promised-feature-adoption, sales-requested-release-share,
 * single-account-feature-share, promised-features-deal-rate, new-feature-core-entry-rate);
 * `firstEventTime` also serves the other metrics that must know where event data starts.
 * All are pure and deterministic.
 */
import { EVENT_CHUNK, type Deal, type EventTable, type FeatureRequest, type Release, type Tables } from '../core/model.js';
import { normaliseLabel } from '../core/settings.js';
import type { Derived } from './derived.js';
import { byKey, DAY_MS } from '../stats/stats.js';

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

/**
 * Per feature, the rows (indexes into tables.events) of all its core events (any time), sorted
 * by timestamp, ties in table order. Memoised per Derived instance (one per analysis; it does not
 * depend on T, so a `--trend` builds it once), so several metrics share one grouping of the
 * events: 4 bytes per core feature event.
 */
export function coreEventsByFeature(derived: Derived): Map<string, Int32Array> {
  return derived.memoise(groupCoreEventsByFeature, { asOfFree: true });
}

function groupCoreEventsByFeature({ events }: Tables, derived: Derived): Map<string, Int32Array> {
  // The rows derived.forEachCoreEvent(-Infinity, Infinity) visits, read from the chunks directly.
  const core = derived.coreNameFlags();
  const counts = new Int32Array(events.features.size);
  for (let c = 0; c < events.chunks.length; c++) {
    const { timestamp, name, feature } = events.chunks[c]!;
    const n = events.chunkLength(c);
    for (let j = 0; j < n; j++) {
      const f = feature[j]!;
      const t = timestamp[j]!;
      if (f >= 0 && t > Number.NEGATIVE_INFINITY && t < Number.POSITIVE_INFINITY && core[name[j]!] === 1) counts[f]!++;
    }
  }
  const rows = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(events.features.size);
  // Whether each feature's rows come in time order, seen while filling (no second pass).
  const lastTime = new Float64Array(events.features.size).fill(Number.NEGATIVE_INFINITY);
  const unsorted = new Uint8Array(events.features.size);
  const order: number[] = [];
  for (let c = 0; c < events.chunks.length; c++) {
    const { timestamp, name, feature } = events.chunks[c]!;
    const n = events.chunkLength(c);
    const base = c * EVENT_CHUNK;
    for (let j = 0; j < n; j++) {
      const f = feature[j]!;
      const t = timestamp[j]!;
      if (f < 0 || !(t > Number.NEGATIVE_INFINITY && t < Number.POSITIVE_INFINITY) || core[name[j]!] !== 1) continue;
      if (filled[f] === 0) order.push(f);
      rows[f]![filled[f]!++] = base + j;
      if (t < lastTime[f]!) unsorted[f] = 1;
      lastTime[f] = t;
    }
  }
  const byFeature = new Map<string, Int32Array>();
  for (const f of order) {
    const list = rows[f]!;
    // Exports are usually in time order already; otherwise a stable sort by timestamp.
    if (unsorted[f] === 1) sortRowsByTime(list, events);
    byFeature.set(events.features.values[f]!, list);
  }
  return byFeature;
}

/**
 * Sort `rows` (ascending row indexes) by timestamp, ties by row: what
 * `rows.sort((a, b) => t(a) - t(b) || a - b)` gives. Whole-millisecond timestamps (all but
 * fractional spreadsheet dates) go through a stable radix sort on their offset from the earliest,
 * 13 bits a pass (the comparator is slow on millions of rows); others through the comparator.
 */
export function sortRowsByTime(rows: Int32Array, events: EventTable): void {
  const n = rows.length;
  const times = new Float64Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (let k = 0; k < n; k++) {
    const t = events.timestampAt(rows[k]!);
    times[k] = t;
    if (t < min) min = t;
    if (t > max) max = t;
    if (whole && !Number.isInteger(t)) whole = false;
  }
  if (n < 2) return;
  if (!whole || max - min >= 2 ** 52) {
    rows.sort((a, b) => events.timestampAt(a) - events.timestampAt(b) || a - b);
    return;
  }
  const DIGIT = 8192;
  let from: Int32Array = rows;
  let fromKeys: Float64Array = times;
  let to: Int32Array = new Int32Array(n);
  let toKeys: Float64Array = new Float64Array(n);
  const counts = new Int32Array(DIGIT);
  for (let shift = 1; shift <= max - min; shift *= DIGIT) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[Math.floor((fromKeys[k]! - min) / shift) % DIGIT]!++;
    for (let d = 1; d < DIGIT; d++) counts[d]! += counts[d - 1]!;
    for (let k = n - 1; k >= 0; k--) {
      const d = Math.floor((fromKeys[k]! - min) / shift) % DIGIT;
      const at = --counts[d]!;
      to[at] = from[k]!;
      toKeys[at] = fromKeys[k]!;
    }
    [from, to] = [to, from];
    [fromKeys, toKeys] = [toKeys, fromKeys];
  }
  if (from !== rows) rows.set(from);
}

/**
 * The rows of a timestamp-sorted row list with some event in [from, to) (binary search; a view, not
 * a copy). A day summary's row is in when its events reach into the window (EventTable.someWithin):
 * its earliest time may be up to a day before `from`.
 */
export function eventsWithin(sorted: Int32Array, events: EventTable, from: number, to: number, why: string): Int32Array {
  const start = lowerBound(sorted, events, from);
  const end = lowerBound(sorted, events, to);
  const inside = sorted.subarray(start, Math.max(start, end));
  if (!events.spread) return inside;
  const before = sorted.subarray(lowerBound(sorted, events, from - DAY_MS), start).filter((i) => events.someWithin(i, from, to, why));
  if (before.length === 0) return inside;
  const rows = new Int32Array(before.length + inside.length);
  rows.set(before);
  rows.set(inside, before.length);
  return rows;
}

function lowerBound(sorted: Int32Array, events: EventTable, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events.timestampAt(sorted[mid]!) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Timestamp of the earliest event of any kind; null with no events. Usage before it is unobserved. */
export function firstEventTime(events: EventTable): number | null {
  // Several metrics ask; the table only grows while it is read, so its length tells a stale entry.
  const known = firstEventTimes.get(events);
  if (known && known.length === events.length) return known.first;
  const first = events.timeRange()?.min ?? null;
  firstEventTimes.set(events, { length: events.length, first });
  return first;
}

const firstEventTimes = new WeakMap<EventTable, { length: number; first: number | null }>();

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
