/**
 * The link floors of the feature checks (docs/data-model.md, "Feature links"): the joins on a
 * feature's name, measured so that a failed spelling can be told from a real absence.
 *
 * - `release→feature` (unused-feature-share, new-feature-core-entry-rate, the usage half of
 *   single-account-feature-share): of the check's eligible released features, those seen in
 *   product events at all. A released feature no one ever used is a real zero, so the floor is also
 *   met from the other side (`source`): of the features used in the check's window, those a
 *   release row names. When the release log and the events spell features differently both sides
 *   fail; a company whose old features go unused still has its used features in the release log.
 * - `request→release`, `promise→release` (single-account-feature-share, sales-requested-release-
 *   share): of the requests (promises) the check reads, those naming a released feature, over
 *   those naming a feature known at all (released, or seen in events): a request for a feature never
 *   built and never used is a real "not released" and is left out of the denominator. When none
 *   names a known feature, the denominator is all of them (0 of N): a failed spelling and a
 *   company none of whose requests was ever built cannot be told apart, so the check does not
 *   measure.
 */
import type { Tables } from '../core/model.js';
import type { Derived } from './derived.js';
import type { LinkCoverage } from './link-floor.js';

/**
 * release→feature on a check's eligible released features (seen in events at all), with the
 * features that have core events in [from, asOf) and a release row as the source side.
 */
export function releaseFeatureCoverage(tables: Tables, derived: Derived, eligible: readonly string[], from: number, asOf: number, windowDays: number, what: string): LinkCoverage {
  const seen = new Set(tables.events.features.values);
  const released = derived.launches();
  const used = [...derived.featureEventCounts(from, asOf).keys()];
  return {
    link: 'release→feature',
    table: 'releases',
    linked: eligible.filter((f) => seen.has(f)).length,
    total: eligible.length,
    what: `${what} seen in product events`,
    source: { linked: used.filter((f) => released.has(f)).length, total: used.length, what: `features used in the last ${windowDays} days (linked: named by a release row)` },
  };
}

/**
 * request→release or promise→release on the features the check reads (one per request, or per
 * deal and promised feature; trimmed, blanks left out): linked = those naming a release row's
 * feature, of those naming a feature known from releases or events (all of them when none does).
 * Null when there are none (nothing to floor).
 */
export function requestedFeatureCoverage(link: 'request→release' | 'promise→release', tables: Tables, features: readonly string[], what: string): LinkCoverage | null {
  const named = features.map((f) => f.trim()).filter((f) => f !== '');
  if (named.length === 0) return null;
  const released = new Set(tables.releases.map((r) => r.feature.trim()));
  const seen = new Set(tables.events.features.values);
  const linked = named.filter((f) => released.has(f)).length;
  const known = named.filter((f) => released.has(f) || seen.has(f)).length;
  return {
    link,
    table: link === 'request→release' ? 'feature_requests' : 'deals',
    linked,
    total: known > 0 ? known : named.length,
    what: known > 0 ? `${what} naming a feature released or seen in events` : `${what} (none names a feature released or seen in events)`,
    // The link table counts requests for features never built as unlinked: never the floor's figure.
    source: null,
  };
}
