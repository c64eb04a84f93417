import type { EventTable } from '../../core/model.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { DAY_MS, median, plural, round, topBy } from '../../stats/stats.js';
import { coreEventsByFeature, eventsWithin, firstEventTime, launchesBefore } from '../shared-features.js';
import { defineMetric, insufficient, measured, withInterval } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { earlyDays: 30, lateStartDay: 60, lateEndDay: 90, minEarlyUsers: 5, minN: 10 };
/** Why a day summary's row cannot say whether it used a feature in a window (EventTable.someWithin). */
const SPLIT_WHY = 'new-feature-retention-90d: a window shorter than a day';

/**
 * new-feature-retention-90d (CA curb appeal).
 *
 * Definition: for each new feature, with R = its launch (first release row), the users with a
 * core event on the feature in days 0–30 after launch, [R, R + earlyDays), are its first-month
 * cohort; its retention is the share of that cohort who also used it in days 61–90,
 * [R + lateStartDay, R + lateEndDay). The value is the median retention over features.
 * "Users in days 61–90 ÷ users in days 0–30" is read as cohort retention (the numerator only
 * counts first-month users), as in Pendo's product-retention benchmark the thresholds are
 * anchored on; so each feature's retention lies in 0..1. Direction: higher = more product-driven.
 *
 * Which features: a feature is new when its launch row has kind 'new'. A feature whose first
 * release row is an improvement or fix is not new (it predates the release log), even if a later
 * row says 'new' — counted as `excludedNotNew`.
 * Excluded, each counted in evidence: features launched less than `lateEndDay` days before T
 * (`excludedImmature`: their day-90 window is not over); features launched before the first event
 * in the data (`excludedBeforeEventData`: their first month is not observed); features with fewer
 * than `minEarlyUsers` first-month users (`excludedFewEarlyUsers`: retention of a tiny cohort is
 * noise, and zero users would be a zero denominator). Events without a user id are ignored.
 * Needs at least `minN` measured features. Interval: seeded percentile bootstrap of the median.
 */
export default defineMetric({
  id: 'new-feature-retention-90d',
  description: `Median, over new features old enough to observe (default ${DEFAULTS.lateEndDay} days), of the share of first-window users (default days 0–${DEFAULTS.earlyDays}) still using it in the late window (default days ${DEFAULTS.lateStartDay}–${DEFAULTS.lateEndDay})`,
  unit: 'ratio',
  requires: ['releases', 'events'],
  requiresFields: ['events.feature', 'events.userId'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { asOf, derived } = ctx;
    const launched = launchesBefore(derived, asOf);
    const firstEvent = firstEventTime(tables.events);
    const byFeature = coreEventsByFeature(derived);

    let excludedNotNew = 0;
    let excludedImmature = 0;
    let excludedBeforeEventData = 0;
    let excludedFewEarlyUsers = 0;
    const measuredFeatures: Array<{ feature: string; earlyUsers: number; retainedUsers: number; retention: number }> = [];
    for (const launch of launched) {
      if (launch.kind !== 'new') {
        excludedNotNew++;
        continue;
      }
      const r = launch.releasedAt;
      if (r + params.lateEndDay * DAY_MS > asOf) {
        excludedImmature++;
        continue;
      }
      if (firstEvent === null || r < firstEvent) {
        excludedBeforeEventData++;
        continue;
      }
      const rows = byFeature.get(launch.feature) ?? NO_ROWS;
      const early = usersOf(tables.events, eventsWithin(rows, tables.events, r, r + params.earlyDays * DAY_MS, SPLIT_WHY));
      if (early.size === 0 || early.size < params.minEarlyUsers) {
        excludedFewEarlyUsers++;
        continue;
      }
      const late = usersOf(tables.events, eventsWithin(rows, tables.events, r + params.lateStartDay * DAY_MS, r + params.lateEndDay * DAY_MS, SPLIT_WHY));
      let retained = 0;
      for (const u of early) if (late.has(u)) retained++;
      measuredFeatures.push({ feature: launch.feature, earlyUsers: early.size, retainedUsers: retained, retention: retained / early.size });
    }

    const n = measuredFeatures.length;
    const base = newEvidence()
      .count('measuredFeatures', 'new features measured', n)
      .excluded('excludedNotNew', 'launches of features that were not new', excludedNotNew)
      .excluded('excludedImmature', `new features released less than ${params.lateEndDay} days ago`, excludedImmature)
      .excluded('excludedBeforeEventData', 'new features released before the event data starts', excludedBeforeEventData)
      .excluded('excludedFewEarlyUsers', `new features with fewer than ${params.minEarlyUsers} first-month users`, excludedFewEarlyUsers);
    if (n < params.minN) {
      const why =
        n === 0 && excludedImmature + excludedBeforeEventData + excludedFewEarlyUsers === 0
          ? `no new feature released ≥${params.lateEndDay} days ago`
          : `${plural(n, 'new feature')} released ≥${params.lateEndDay} days ago with ≥${params.minEarlyUsers} first-month users`;
      return insufficient(`${why}; need ${params.minN}`, n, 'new features', base);
    }
    const retentions = measuredFeatures.map((f) => f.retention);
    const pooledEarly = measuredFeatures.reduce((s, f) => s + f.earlyUsers, 0);
    const pooledRetained = measuredFeatures.reduce((s, f) => s + f.retainedUsers, 0);
    const evidence = base
      .share('pooledRetention', 'retention pooled over all first-month users', round(pooledRetained / pooledEarly))
      .table(
        'lowestRetention',
        'lowest retention',
        'feature',
        [column('earlyUsers', 'first-month users', 'count'), column('retainedUsers', 'retained users', 'count'), column('retention', 'retention', 'share')],
        topBy(measuredFeatures, (f) => f.retention, (f) => f.feature, 'asc').map((f) => ({
          id: f.feature,
          values: { earlyUsers: f.earlyUsers, retainedUsers: f.retainedUsers, retention: round(f.retention) },
        })),
      );
    const interval = bootstrap(ctx, 'median-at', { values: retentions });
    return measured(round(median(retentions)), n, 'new features', evidence, withInterval(interval));
  },
});

const NO_ROWS = new Int32Array(0);

/** Distinct user ids (events.users ids) of some event rows; rows without a user are ignored. */
function usersOf(events: EventTable, rows: Int32Array): Set<number> {
  const users = new Set<number>();
  for (const i of rows) {
    const user = events.userAt(i);
    if (user >= 0) users.add(user);
  }
  return users;
}
