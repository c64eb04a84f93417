import { byKey, DAY_MS, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { coreEventsByFeature, eventsWithin, firstEventTime, promisedFeaturesOf } from '../shared-features.js';
import { addLinkCoverage, checkLinkFloor, type LinkCoverageEvidence } from '../link-floor.js';
import { crmAccountIds, dealAccountFloor, dealAccountFound, seenInEvents } from '../account-joins.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { defineMetric, insufficient, measured } from '../types.js';

const NO_ROWS = new Int32Array(0);

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { adoptionDays: 90, minN: 10 };

/**
 * promised-feature-adoption (CA curb appeal, RC roadmap capture).
 *
 * Definition: over (won deal, promised feature) pairs — each distinct feature id in a won deal's
 * promisedFeatures — the pair is adopted when the deal's account has a core event on that
 * feature (account of the event, or of its user) in [S, S + adoptionDays), where
 * S = max(feature launch, deal close):
 *   adopted pairs ÷ pairs.
 * Direction: higher = more product-driven (what was promised to close a deal gets used).
 *
 * Release date: the feature's launch (first release row, any kind) dated before T. A promised
 * feature with no release before T but with core events in the data is taken as already
 * available (the release log is incomplete): S = close, counted as `noReleaseRow`. A promised
 * feature never released and never used is not delivered, so its adoption is undefined: the
 * pair is excluded (`unreleased`).
 * Excluded, each counted in pairs: S + adoptionDays after T (`excludedImmature`, covers deals
 * closed or features released < 90 days before T); S before the first event in the data
 * (`excludedBeforeEventData`: usage not observed); won deals without an account or a close date
 * (`excludedNoAccount`, `excludedNoCloseDate`). Needs at least `minN` measured pairs.
 * Link floors (link-floor.ts, account-joins.ts): first `deal→account` (with an accounts table):
 * pairs whose deal's account id is an account of the table ÷ pairs with a complete window
 * (`source: null`: each carries a reference); above the floor the others are excluded
 * (`excludedAccountNotFound`), below it insufficient. Then measured pairs whose feature appears
 * in product events at all (`release→feature`) and whose account does (`event→account`: some
 * event row resolves to it by its own account id, through its user only when no event carries
 * an account id — being in users.csv is not appearing in events), each ÷ pairs, at or above the
 * floor unless that link works for the rows carrying a reference; else insufficient (a promised
 * feature spelled differently in events, or an account the product does not know, is not "unused").
 */
export default defineMetric({
  id: 'promised-feature-adoption',
  description: `(Won deal, promised feature) pairs whose account used the feature within the adoption window (default ${DEFAULTS.adoptionDays} days) of max(release, close) ÷ pairs`,
  unit: 'ratio',
  requires: ['deals', 'releases', 'events'],
  requiresFields: ['deals.stage|isWon', 'deals.promisedFeatures', 'events.feature'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { asOf, derived } = ctx;
    const launches = derived.launches();
    const events = tables.events;
    const byFeature = coreEventsByFeature(derived);
    const firstEvent = firstEventTime(tables.events);
    const window = params.adoptionDays * DAY_MS;

    let dealsWithPromises = 0;
    let excludedNoAccount = 0;
    let excludedNoCloseDate = 0;
    let unreleased = 0;
    let noReleaseRow = 0;
    let excludedImmature = 0;
    let excludedBeforeEventData = 0;
    const perFeature = new Map<string, { pairs: number; adopted: number }>();
    const measuredDeals = new Set<string>();
    let pairs = 0;
    let adopted = 0;
    // Pairs whose feature is seen in events at all, and whose account is: the links they rest on.
    let pairsFeatureSeen = 0;
    let pairsAccountSeen = 0;
    // deal→account: measured pairs whose deal's account reference joined the accounts table.
    const known = derived.memoise(crmAccountIds, { asOfFree: true });
    const seen = seenInEvents(derived);
    let pairsWithAccountRef = 0;
    let excludedAccountNotFound = 0;

    const won = [...derived.wonDeals()].sort((a, b) => byKey(a.dealId, b.dealId));
    for (const deal of won) {
      const features = promisedFeaturesOf(deal);
      if (features.length === 0) continue;
      dealsWithPromises++;
      if (deal.accountId === null || deal.accountId.trim() === '') {
        excludedNoAccount += features.length;
        continue;
      }
      if (deal.closedAt === null) {
        excludedNoCloseDate += features.length;
        continue;
      }
      for (const feature of features) {
        const rows = byFeature.get(feature) ?? NO_ROWS;
        const launch = launches.get(feature);
        let start: number;
        let viaNoReleaseRow = false;
        if (launch && launch.releasedAt < asOf) {
          start = Math.max(launch.releasedAt, deal.closedAt);
        } else if (rows.some((i) => events.timestampAt(i) < asOf)) {
          start = deal.closedAt;
          viaNoReleaseRow = true;
        } else {
          unreleased++;
          continue;
        }
        if (start + window > asOf) {
          excludedImmature++;
          continue;
        }
        if (firstEvent === null || start < firstEvent) {
          excludedBeforeEventData++;
          continue;
        }
        pairsWithAccountRef++;
        if (!dealAccountFound(known, deal.accountId)) {
          // The deal's account joined nothing: not a pair whose account did not use the feature.
          excludedAccountNotFound++;
          continue;
        }
        if (viaNoReleaseRow) noReleaseRow++;
        const account = derived.accountIdOf(deal.accountId);
        if (rows.length > 0) pairsFeatureSeen++;
        // Seen: some event row resolves to the account (account-joins.ts), not merely its being in users.csv.
        if (account >= 0 && seen[account] === 1) pairsAccountSeen++;
        const used = account >= 0 && eventsWithin(rows, events, start, start + window, 'promised-feature-adoption: a window shorter than a day').some((i) => derived.accountAt(i) === account);
        pairs++;
        if (used) adopted++;
        measuredDeals.add(deal.dealId);
        const stats = perFeature.get(feature) ?? { pairs: 0, adopted: 0 };
        stats.pairs++;
        if (used) stats.adopted++;
        perFeature.set(feature, stats);
      }
    }

    const base = newEvidence()
      .count('pairs', '(won deal, promised feature) pairs measured', pairs)
      .count('adoptedPairs', `pairs whose account used the feature within ${params.adoptionDays} days`, adopted)
      .count('wonDealsWithPromises', 'won deals with promised features', dealsWithPromises)
      .count('measuredDeals', 'won deals with a measured pair', measuredDeals.size)
      .count('noReleaseRow', 'measured pairs whose feature has usage but no release row (window from the close)', noReleaseRow)
      .excluded('excludedImmature', `pairs whose ${params.adoptionDays}-day window is not over yet`, excludedImmature)
      .excluded('excludedBeforeEventData', 'pairs whose window starts before the event data', excludedBeforeEventData)
      .excluded('unreleased', 'pairs whose feature is neither released nor used', unreleased)
      .excluded('excludedNoAccount', 'pairs of won deals without an account', excludedNoAccount)
      .excluded('excludedAccountNotFound', 'pairs of won deals whose account id is not in the accounts table (deal→account failed)', excludedAccountNotFound)
      .excluded('excludedNoCloseDate', 'pairs of won deals without a close date', excludedNoCloseDate);
    // deal→account first: below its floor the pairs left are what the join left, not the promises.
    const links: LinkCoverageEvidence[] = [];
    if (known !== null && pairsWithAccountRef > 0) {
      const dealLink = dealAccountFloor(ctx, pairs, pairsWithAccountRef, "promised pairs whose deal's account is in the accounts table");
      if (dealLink.insufficient) return dealLink.insufficient(pairs, 'promised pairs', base);
      links.push(dealLink.evidence);
    }
    if (pairs < params.minN) {
      const why =
        dealsWithPromises === 0
          ? 'no won deal lists promised features'
          : `${plural(pairs, '(won deal, promised feature) pair')} with a complete ${params.adoptionDays}-day adoption window`;
      return insufficient(`${why}; need ${params.minN} pairs`, pairs, 'promised pairs', base);
    }
    const featureLink = checkLinkFloor(ctx, {
      link: 'release→feature', table: 'releases', linked: pairsFeatureSeen, total: pairs, what: 'promised pairs whose feature appears in product events',
    });
    if (featureLink.insufficient) return featureLink.insufficient(pairs, 'promised pairs', base);
    const accountLink = checkLinkFloor(ctx, {
      link: 'event→account', table: 'events', linked: pairsAccountSeen, total: pairs, what: 'promised pairs whose account appears in product events',
    });
    if (accountLink.insufficient) return accountLink.insufficient(pairs, 'promised pairs', base);
    const features = [...perFeature.entries()].map(([feature, s]) => ({ feature, ...s, share: s.adopted / s.pairs }));
    const evidence = addLinkCoverage(base, [...links, featureLink.evidence, accountLink.evidence]).table(
      'leastAdoptedFeatures',
      'least adopted promised features',
      'feature',
      [column('pairs', 'pairs', 'count'), column('adopted', 'adopted', 'count'), column('adoptionShare', 'adoption share', 'share')],
      topBy(features, (f) => f.share, (f) => f.feature, 'asc').map((f) => ({
        id: f.feature,
        values: { pairs: f.pairs, adopted: f.adopted, adoptionShare: round(f.share) },
      })),
    );
    const notes =
      noReleaseRow > 0
        ? [`${plural(noReleaseRow, 'pair')} promised a feature with usage but no release row; its window starts at the deal close`]
        : undefined;
    return measured(round(adopted / pairs), pairs, 'promised pairs', evidence, {
      interval: roundedWilson(adopted, pairs),
      ...(notes ? { notes } : {}),
    });
  },
});
