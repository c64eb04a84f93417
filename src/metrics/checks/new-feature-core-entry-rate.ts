import { DAY_MS, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { releaseFeatureCoverage } from '../feature-links.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { launchesBefore } from '../shared-features.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 365, minAgeDays: 60, coreWindowDays: 90, eventShare: 0.8, minN: 10 };

/**
 * new-feature-core-entry-rate (SN saying no).
 *
 * Definition: new features launched in [T - windowDays, T - minAgeDays] (launch = first release
 * row, with kind 'new'; so released in the last 12 months and at least 60 days old) that are in
 * the core set over [T - coreWindowDays, T) (derived.coreSet: the smallest set of features making
 * `eventShare` of core feature events):
 *   such features in the core set ÷ such features.
 * Direction: higher = more product-driven (new features become part of everyday use).
 *
 * Excluded: features launched less than `minAgeDays` before T (`excludedImmature`), features
 * whose first release row is an improvement or fix (`excludedNotNew`: they predate the release
 * log, even if a later row says 'new'), releases after T. Needs at least `minN` features, and
 * feature events in the core window (without them there is no core set).
 * Link floor (feature-links.ts, link-floor.ts): `release→feature`, eligible new features seen in
 * product events at all ÷ eligible new features, at or above the floor, or the features used in
 * the core window named by a release row at or above it; else insufficient: a release log
 * spelled apart from the events would put no new feature in the core set.
 */
export default defineMetric({
  id: 'new-feature-core-entry-rate',
  description: `New features launched in the window (default ${DEFAULTS.windowDays} days) and at least a minimum age old (default ${DEFAULTS.minAgeDays} days) that are in the core set (default ${DEFAULTS.coreWindowDays}-day window) ÷ those features`,
  unit: 'ratio',
  requires: ['releases', 'events'],
  requiresFields: ['events.feature'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { asOf, derived } = ctx;
    const from = asOf - params.windowDays * DAY_MS;
    const matureBy = asOf - params.minAgeDays * DAY_MS;
    const inWindow = launchesBefore(derived, asOf).filter((r) => r.releasedAt >= from);
    let excludedNotNew = 0;
    let excludedImmature = 0;
    const eligible: string[] = [];
    for (const r of inWindow) {
      if (r.kind !== 'new') excludedNotNew++;
      else if (r.releasedAt > matureBy) excludedImmature++;
      else eligible.push(r.feature);
    }
    const { core, seen, totalEvents } = derived.coreSet(params.coreWindowDays, params.eventShare);
    const coreSet = new Set(core);
    const counts = derived.featureEventCounts(asOf - params.coreWindowDays * DAY_MS, asOf);
    const rows = eligible.map((feature) => ({
      feature,
      inCore: coreSet.has(feature),
      eventShare: totalEvents > 0 ? (counts.get(feature) ?? 0) / totalEvents : 0,
    }));
    const inCore = rows.filter((r) => r.inCore);
    const n = rows.length;
    const base = newEvidence()
      .count('newFeatures', `new features launched at least ${params.minAgeDays} days ago`, n)
      .count('inCore', 'of them in the core set', inCore.length)
      .count('coreSetSize', 'core set size', core.length)
      .count('featuresSeen', `features seen in the last ${params.coreWindowDays} days`, seen)
      .excluded('excludedImmature', `new features launched less than ${params.minAgeDays} days ago`, excludedImmature)
      .excluded('excludedNotNew', 'launches of features that were not new', excludedNotNew);
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'new feature')} launched in the last ${params.windowDays} days and ≥${params.minAgeDays} days ago; need ${params.minN}`,
        n,
        'new features',
        base,
      );
    }
    if (totalEvents === 0) {
      return insufficient(`no feature events in the last ${params.coreWindowDays} days, so there is no core set`, n, 'new features', base);
    }
    const link = checkLinkFloor(
      ctx,
      releaseFeatureCoverage(tables, derived, eligible, asOf - params.coreWindowDays * DAY_MS, asOf, params.coreWindowDays, `new features launched at least ${params.minAgeDays} days ago`),
    );
    if (link.insufficient) return link.insufficient(n, 'new features', base);
    const show = (r: { feature: string; eventShare: number }) => ({ id: r.feature, values: { eventShare: round(r.eventShare) } });
    const share = [column('eventShare', 'event share', 'share')];
    const evidence = base
      .table('enteredCore', 'new features in the core set', 'feature', share, topBy(inCore, (r) => r.eventShare, (r) => r.feature, 'desc').map(show))
      .table('leastUsedOutsideCore', 'least used outside the core set', 'feature', share, topBy(rows.filter((r) => !r.inCore), (r) => r.eventShare, (r) => r.feature, 'asc').map(show));
    addLinkCoverage(evidence, [link.evidence]);
    return measured(round(inCore.length / n), n, 'new features', evidence, { interval: roundedWilson(inCore.length, n) });
  },
});
