import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/new-feature-retention-90d.js';
import type { ProductEvent, Release } from '../../src/core/model.js';
import { event, release, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // T = 2025-01-01
// Launch R = 2024-06-01: days 0–30 = [06-01, 07-01), days 61–90 = [07-31, 08-30).

/** Event data starts on 2024-05-01 (a login), before the 2024-06-01 launches. */
const dataStart = event({ event: 'login', feature: null, userId: 'someone', timestamp: '2024-05-01' });

/** Feature `f` launched 2024-06-01 with `early` first-month users, `kept` of them back in days 61–90, plus `outsiders` new users then. */
function cohort(f: string, early: number, kept: number, outsiders = 0): { release: Release; events: ProductEvent[] } {
  const events: ProductEvent[] = [];
  for (let i = 0; i < early; i++) events.push(event({ feature: f, userId: `${f}-u${i}`, timestamp: '2024-06-10' }));
  for (let i = 0; i < kept; i++) events.push(event({ feature: f, userId: `${f}-u${i}`, timestamp: '2024-08-15' }));
  for (let i = 0; i < outsiders; i++) events.push(event({ feature: f, userId: `${f}-late${i}`, timestamp: '2024-08-15' }));
  return { release: release({ feature: f, kind: 'new', releasedAt: '2024-06-01' }), events };
}

describe('new-feature-retention-90d', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one release and no events', () => {
    const result = run(metric, tables({ releases: [release({ releasedAt: '2024-06-01' })] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('excludes features with no first-month users (zero denominator), never NaN', () => {
    const releases = Array.from({ length: 10 }, (_, i) => release({ feature: `z${i}`, releasedAt: '2024-06-01' }));
    const events = [event({ feature: 'other', timestamp: '2024-05-01' })]; // events exist, none on z*
    const result = run(metric, tables({ releases, events }), asOf);
    expect(result.kind).toBe('insufficient');
    expect(result.n).toBe(0);
    expect(byKey(result.kind === 'insufficient' ? result.evidence : undefined)).toMatchObject({ excludedFewEarlyUsers: 10 });
  });

  it('takes the median cohort retention and excludes immature, not-new, small and unobserved features', () => {
    // kept of 5: 0,1,1,2,2,3,3,4,5,5 → retention 0,.2,.2,.4,.4,.6,.6,.8,1,1 → median (0.4 + 0.6) / 2 = 0.5
    // The two "2 of 5" features also get 3 outsider users in days 61–90: a plain count ratio would give
    // them (2 + 3) / 5 = 1 and a median of 0.7; cohort retention ignores outsiders.
    const kept = [0, 1, 1, 2, 2, 3, 3, 4, 5, 5];
    const cohorts = kept.map((k, i) => cohort(`n${i}`, 5, k, k === 2 ? 3 : 0));
    const small = cohort('small', 2, 2); // 2 first-month users < minEarlyUsers 5
    const releases = [
      ...cohorts.map((c) => c.release),
      small.release,
      release({ feature: 'young', kind: 'new', releasedAt: '2024-10-10' }), // 83 days old: immature
      release({ feature: 'imp', kind: 'improvement', releasedAt: '2024-03-01' }), // first row not 'new'
      release({ feature: 'imp', kind: 'new', releasedAt: '2024-06-01' }),
      release({ feature: 'ancient', kind: 'new', releasedAt: '2023-01-01' }), // before the first event
    ];
    const events = [
      dataStart,
      ...cohorts.flatMap((c) => c.events),
      ...small.events,
      ...Array.from({ length: 6 }, (_, i) => event({ feature: 'young', userId: `y${i}`, timestamp: '2024-10-20' })),
      ...Array.from({ length: 6 }, (_, i) => event({ feature: 'imp', userId: `i${i}`, timestamp: '2024-06-10' })),
      ...Array.from({ length: 6 }, (_, i) => event({ feature: 'ancient', userId: `x${i}`, timestamp: '2024-06-10' })),
    ];
    const result = run(metric, tables({ releases, events }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.5);
    expect(result.n).toBe(10);
    expect(byKey(result.evidence)).toMatchObject({
      measuredFeatures: 10,
      excludedImmature: 1,
      excludedNotNew: 1,
      excludedFewEarlyUsers: 1,
      excludedBeforeEventData: 1,
      pooledRetention: 0.52, // (0+1+1+2+2+3+3+4+5+5) / 50 = 26 / 50
    });
    const lowest = byKey(result.evidence).lowestRetention as Array<{ id: string; retention: number }>;
    expect(lowest.map((f) => f.id)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(lowest.map((f) => f.retention)).toEqual([0, 0.2, 0.2, 0.4, 0.4]);
    const [lo, hi] = result.interval!;
    expect(lo).toBeLessThanOrEqual(0.5);
    expect(hi).toBeGreaterThanOrEqual(0.5);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    // Deterministic: a second run gives the same interval.
    const again = run(metric, tables({ releases, events }), asOf);
    expect(again.kind === 'measured' && again.interval).toEqual(result.interval);
  });

  it('uses [R, R+30d) and [R+60d, R+90d) exactly', () => {
    // One feature, 5 early users. u0 returns on 07-31 (day 60: inside), u1 on 08-30 (day 90: outside),
    // u2 on 07-30 (day 59: outside). A user first seen on 07-01 (day 30) is not in the cohort.
    const f = cohort('b', 5, 0);
    const events = [
      dataStart,
      ...f.events,
      event({ feature: 'b', userId: 'b-u0', timestamp: '2024-07-31' }),
      event({ feature: 'b', userId: 'b-u1', timestamp: '2024-08-30' }),
      event({ feature: 'b', userId: 'b-u2', timestamp: '2024-07-30' }),
      event({ feature: 'b', userId: 'late', timestamp: '2024-07-01' }),
      event({ feature: 'b', userId: 'late', timestamp: '2024-08-01' }),
      event({ feature: 'b', userId: 'b-u3', event: 'pageview', timestamp: '2024-08-01' }), // non-core
    ];
    const result = run(metric, tables({ releases: [f.release], events }), asOf, { minN: 1 });
    // retained = {u0} of 5 → 0.2
    expect(result).toMatchObject({ kind: 'measured', value: 0.2, n: 1 });
  });
});
