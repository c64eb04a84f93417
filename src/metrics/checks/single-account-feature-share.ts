import { DAY_MS, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { releaseFeatureCoverage, requestedFeatureCoverage } from '../feature-links.js';
import { addLinkCoverage, checkLinkFloor, type LinkFloorResult } from '../link-floor.js';
import { datedOnOrBeforeReleaseDay, dealAccountMap, launchesBefore, requestAccount, requestsByFeature } from '../shared-features.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 90, minAgeDays: 90, concentrationShare: 0.8, minFeatureEvents: 10, minN: 10 };

/**
 * single-account-feature-share (RC roadmap capture).
 *
 * Definition: over released features whose launch (first release row, any kind) is at least
 * `minAgeDays` before T, a feature is a single-account feature when either
 *   - its feature requests dated on or before its launch day (or undated) come from exactly one
 *     account (request account, else its deal's account) and none is unattributed — an
 *     unattributed request could be another account, so it rules the criterion out; or
 *   - of its core events in [T - windowDays, T), at least `concentrationShare` come from one
 *     account, judged only when it has at least `minFeatureEvents` events (events with no
 *     account count in the total, never for an account).
 *   single-account features ÷ released features.
 * Direction: higher = more sales-driven (features built for, or used by, one customer).
 *
 * Requests made after the launch day did not shape the feature and are ignored. Excluded:
 * features launched less than `minAgeDays` before T (`excludedImmature`: early usage is
 * naturally concentrated in pilot accounts) and releases after T. Needs at least `minN`
 * released features and at least one of feature requests or events.
 * Link floors (feature-links.ts, link-floor.ts), each on the half of the check its join feeds:
 * with product events that name features, `release→feature` (eligible features seen in events at
 * all, or the features used in the window named by a release row); with feature requests that
 * name features, `request→release` (requests naming a released feature, of those naming a feature
 * released or seen in events; a request for a feature never built is left out). Below either,
 * insufficient: a failed spelling would read as no feature built for one account.
 */
export default defineMetric({
  id: 'single-account-feature-share',
  description: `Released features requested by exactly one account, or with a concentrated share of their recent events from one account (defaults: ${Math.round(DEFAULTS.concentrationShare * 100)}% of the last ${DEFAULTS.windowDays} days) ÷ released features`,
  unit: 'ratio',
  requires: ['releases'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { asOf, derived } = ctx;
    const launched = launchesBefore(derived, asOf);
    const eligible = launched.filter((r) => r.releasedAt <= asOf - params.minAgeDays * DAY_MS);
    const excludedImmature = launched.length - eligible.length;

    // Per feature: core events in the window, in total and per account.
    const events = tables.events;
    const usageById = new Map<number, { total: number; byAccount: Map<number, number> }>();
    derived.forEachCoreEvent(asOf - params.windowDays * DAY_MS, asOf, (i) => {
      const feature = events.featureAt(i);
      if (feature < 0) return;
      let u = usageById.get(feature);
      if (!u) usageById.set(feature, (u = { total: 0, byAccount: new Map() }));
      const n = events.countAt(i);
      u.total += n;
      const account = derived.accountAt(i);
      if (account >= 0) u.byAccount.set(account, (u.byAccount.get(account) ?? 0) + n);
    });
    const usage = new Map([...usageById].map(([f, u]) => [events.features.values[f]!, u]));
    const requests = requestsByFeature(tables.feature_requests);
    const dealAccounts = dealAccountMap(tables);

    let viaSingleRequester = 0;
    let viaUsageConcentration = 0;
    let withUnattributedRequests = 0;
    let belowMinEvents = 0;
    const flagged: Array<{ feature: string; requestingAccounts: number; topAccountEventShare: number | null; events: number }> = [];
    for (const launch of eligible) {
      const accounts = new Set<string>();
      let unattributed = 0;
      for (const r of requests.get(launch.feature) ?? []) {
        if (!datedOnOrBeforeReleaseDay(r.createdAt, launch.releasedAt)) continue;
        const account = requestAccount(r, dealAccounts);
        if (account) accounts.add(account);
        else unattributed++;
      }
      if (unattributed > 0) withUnattributedRequests++;
      const singleRequester = accounts.size === 1 && unattributed === 0;

      const u = usage.get(launch.feature);
      let topShare: number | null = null;
      if (u && u.total >= params.minFeatureEvents) {
        let top = 0;
        for (const count of u.byAccount.values()) if (count > top) top = count;
        topShare = top / u.total;
      } else {
        belowMinEvents++;
      }
      const concentrated = topShare !== null && topShare >= params.concentrationShare;

      if (singleRequester) viaSingleRequester++;
      if (concentrated) viaUsageConcentration++;
      if (singleRequester || concentrated) {
        flagged.push({ feature: launch.feature, requestingAccounts: accounts.size, topAccountEventShare: topShare, events: u?.total ?? 0 });
      }
    }

    const n = eligible.length;
    const base = newEvidence()
      .count('releasedFeatures', `features released at least ${params.minAgeDays} days ago`, n)
      .count('singleAccountFeatures', 'of them built for one account', flagged.length)
      .count('viaSingleRequester', 'requested before release by exactly one account', viaSingleRequester)
      .count('viaUsageConcentration', `with ${Math.round(params.concentrationShare * 100)}% or more of their events from one account`, viaUsageConcentration)
      .count('featuresWithUnattributedRequests', 'features with a request of no known account (not single-requester)', withUnattributedRequests)
      .count('featuresBelowMinEvents', `features with fewer than ${params.minFeatureEvents} events (concentration not checked)`, belowMinEvents)
      .excluded('excludedImmature', `features released less than ${params.minAgeDays} days ago`, excludedImmature);
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'feature')} released ≥${params.minAgeDays} days ago; need ${params.minN}`,
        n,
        'released features',
        base,
      );
    }
    if (tables.feature_requests.length === 0 && tables.events.length === 0) {
      return insufficient('no feature requests and no product events, so neither requesters nor usage can be checked', n, 'released features', base);
    }
    const floors: LinkFloorResult[] = [];
    if (tables.events.length > 0 && tables.events.features.size > 0) {
      floors.push(checkLinkFloor(ctx, releaseFeatureCoverage(tables, derived, eligible.map((r) => r.feature), asOf - params.windowDays * DAY_MS, asOf, params.windowDays, `features released at least ${params.minAgeDays} days ago`)));
    }
    const requested = requestedFeatureCoverage('request→release', tables, tables.feature_requests.flatMap((r) => (r.feature === null ? [] : [r.feature])), 'feature requests');
    if (requested) floors.push(checkLinkFloor(ctx, requested));
    for (const floor of floors) if (floor.insufficient) return floor.insufficient(n, 'released features', base);
    const notes: string[] = [];
    if (tables.feature_requests.length === 0) notes.push('no feature requests in the data: only usage concentration was checked');
    if (tables.events.length === 0) notes.push('no product events in the data: only requesters were checked');
    const evidence = base.table(
      'examples',
      'single-account features',
      'feature',
      [column('requestingAccounts', 'requesting accounts', 'count'), column('events', 'events', 'count'), column('topAccountEventShare', "top account's event share", 'share')],
      topBy(flagged, (f) => f.topAccountEventShare ?? 0, (f) => f.feature, 'desc').map((f) => ({
        id: f.feature,
        values: {
          requestingAccounts: f.requestingAccounts,
          events: f.events,
          topAccountEventShare: f.topAccountEventShare === null ? null : round(f.topAccountEventShare),
        },
      })),
    );
    if (floors.length > 0) addLinkCoverage(evidence, floors.map((f) => f.evidence));
    return measured(round(flagged.length / n), n, 'released features', evidence, {
      interval: roundedWilson(flagged.length, n),
      ...(notes.length > 0 ? { notes } : {}),
    });
  },
});
