import { DAY_MS, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { releaseFeatureCoverage } from '../feature-links.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { launchesBefore } from '../shared-features.js';
import { defineMetric, insufficient, measured, type Series } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 90, minAgeDays: 90, minAccountShare: 0.05, minN: 10 };

/**
 * unused-feature-share (CA curb appeal, SN saying no).
 *
 * Definition: take every released feature whose launch (first release row, any kind) is at
 * least `minAgeDays` before T (releasedAt <= T - minAgeDays). A feature is *unused* when the
 * accounts with a core event on it in [T - windowDays, T) are fewer than `minAccountShare` of
 * the active accounts (accounts with any core event in that window):
 *   unused released features ÷ released features (≥ minAgeDays old).
 * Direction: higher = more sales-driven (features that sell but are not kept in use).
 *
 * Excluded: features launched less than `minAgeDays` before T (immature: they have not had
 * time to be adopted; counted in evidence as `excludedImmature`) and releases dated after T.
 * Features with usage but no release row are not in the denominator (counted as
 * `usedFeaturesWithoutRelease`: a sign the release log is incomplete).
 * Needs at least `minN` eligible features and at least one active account.
 * Link floor (feature-links.ts, link-floor.ts): `release→feature`, eligible features seen in product
 * events at all ÷ eligible features, at or above the floor, or the features used in the window
 * named by a release row at or above it (a release never used is a real "unused"); else
 * insufficient: a release log spelled apart from the events would read every feature as unused.
 * Series `adoptionCurve`: each eligible feature's share of active accounts, most used first
 * (at most 100 points: beyond that, evenly spaced ranks with the first and last kept), with
 * `minAccountShare` as reference: the feature adoption curve.
 */
export default defineMetric({
  id: 'unused-feature-share',
  description: `Features released at least a minimum age ago (default ${DEFAULTS.minAgeDays} days) used by fewer than a share of active accounts (default ${Math.round(DEFAULTS.minAccountShare * 100)}%) in the window (default ${DEFAULTS.windowDays} days) ÷ those features`,
  unit: 'ratio',
  requires: ['releases', 'events'],
  requiresFields: ['events.feature'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { asOf, derived } = ctx;
    const from = asOf - params.windowDays * DAY_MS;
    const launched = launchesBefore(derived, asOf);
    const eligible = launched.filter((r) => r.releasedAt <= asOf - params.minAgeDays * DAY_MS);
    const excludedImmature = launched.length - eligible.length;
    const activeAccounts = derived.activeAccountsBetween(from, asOf);
    const accountsByFeature = derived.featureAccountsBetween(from, asOf);
    const released = new Set(launched.map((r) => r.feature));
    const usedFeaturesWithoutRelease = [...accountsByFeature.keys()].filter((f) => !released.has(f)).length;

    const n = eligible.length;
    const base = newEvidence()
      .count('releasedFeatures', `features released at least ${params.minAgeDays} days ago`, n)
      .count('activeAccounts', `accounts with a core event in the last ${params.windowDays} days`, activeAccounts.size)
      .count('usedFeaturesWithoutRelease', 'features used in the window without a release row', usedFeaturesWithoutRelease)
      .excluded('excludedImmature', `features released less than ${params.minAgeDays} days ago`, excludedImmature);
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'feature')} released ≥${params.minAgeDays} days ago; need ${params.minN}`,
        n,
        'released features',
        base,
      );
    }
    if (activeAccounts.size === 0) {
      return insufficient(
        `no account had a core event in the last ${params.windowDays} days, so no feature's account share can be computed`,
        n,
        'released features',
        base,
      );
    }

    const link = checkLinkFloor(
      ctx,
      releaseFeatureCoverage(tables, derived, eligible.map((r) => r.feature), from, asOf, params.windowDays, `features released at least ${params.minAgeDays} days ago`),
    );
    if (link.insufficient) return link.insufficient(n, 'released features', base);

    const usage = eligible.map((r) => {
      const accounts = accountsByFeature.get(r.feature)?.size ?? 0;
      return { feature: r.feature, accounts, accountShare: accounts / activeAccounts.size };
    });
    const unused = usage.filter((u) => u.accountShare < params.minAccountShare).length;
    const evidence = base
      .count('unusedFeatures', `used by less than ${Math.round(params.minAccountShare * 100)}% of active accounts`, unused)
      .table(
        'leastUsed',
        'least used features',
        'feature',
        [column('accounts', 'accounts', 'count'), column('accountShare', 'account share', 'share')],
        topBy(usage, (u) => u.accountShare, (u) => u.feature, 'asc').map((u) => ({ id: u.feature, values: { accounts: u.accounts, accountShare: round(u.accountShare) } })),
      );
    addLinkCoverage(evidence, [link.evidence]);
    const notes =
      usedFeaturesWithoutRelease > 0
        ? [`${plural(usedFeaturesWithoutRelease, 'feature')} used in the window have no release row; the release log may be incomplete`]
        : undefined;
    return measured(round(unused / n), n, 'released features', evidence, {
      interval: roundedWilson(unused, n),
      ...(notes ? { notes } : {}),
      series: [adoptionCurve(usage.map((u) => u.accountShare), params.minAccountShare)],
    });
  },
});

/** Points of a long curve: enough to draw its shape, few enough to keep the report small. */
const CURVE_POINTS = 100;

/** Account shares, most used first, as ranked points (evenly spaced ranks past CURVE_POINTS). */
export function adoptionCurve(shares: readonly number[], floor: number): Series {
  const sorted = [...shares].sort((a, b) => b - a);
  const ranks = sorted.length <= CURVE_POINTS
    ? sorted.map((_, i) => i)
    : Array.from({ length: CURVE_POINTS }, (_, i) => Math.round((i * (sorted.length - 1)) / (CURVE_POINTS - 1)));
  return {
    id: 'adoptionCurve',
    title: 'Share of active accounts using each released feature, most used first',
    xLabel: 'features ranked by use',
    unit: 'share',
    points: ranks.map((i) => ({ x: String(i + 1), y: round(sorted[i]!) })),
    reference: { label: 'usage floor', y: floor },
  };
}
