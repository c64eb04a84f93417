import { describe, expect, it } from 'vitest';
import metric, { adoptionCurve } from '../../src/metrics/checks/unused-feature-share.js';
import type { ProductEvent, Release } from '../../src/core/model.js';
import { event, release, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // T = 2025-01-01; usage window [2024-10-03, 2025-01-01)

/** 20 active accounts (a01..a20), made active by a feature-less core event in the window. */
const activity: ProductEvent[] = Array.from({ length: 20 }, (_, i) =>
  event({ accountId: `a${String(i + 1).padStart(2, '0')}`, userId: null, event: 'report_viewed', feature: null, timestamp: '2024-11-01' }),
);

/** Events on `feature` from the first `k` accounts, in the window. */
function usedBy(feature: string, k: number): ProductEvent[] {
  return Array.from({ length: k }, (_, i) => event({ feature, accountId: `a${String(i + 1).padStart(2, '0')}`, userId: null, timestamp: '2024-12-01' }));
}

const mature = (feature: string, releasedAt = '2024-01-01'): Release => release({ feature, releasedAt, kind: 'new' });

describe('unused-feature-share', () => {
  it('draws the adoption curve most used first, and thins a long one to 100 ranks keeping both ends', () => {
    const short = adoptionCurve([0.1, 0.5, 0], 0.05);
    expect(short.points).toEqual([{ x: '1', y: 0.5 }, { x: '2', y: 0.1 }, { x: '3', y: 0 }]);
    expect(short.reference).toEqual({ label: 'usage floor', y: 0.05 });
    expect(adoptionCurve([], 0.05).points).toEqual([]);
    const long = adoptionCurve(Array.from({ length: 1000 }, (_, i) => i / 1000), 0.05);
    expect(long.points).toHaveLength(100);
    expect(long.points[0]).toEqual({ x: '1', y: 0.999 });
    expect(long.points.at(-1)).toEqual({ x: '1000', y: 0 });
  });

  it('carries the curve of the features it measured', () => {
    const releases = Array.from({ length: 10 }, (_, i) => mature(`f${i}`));
    const events = [...activity, ...usedBy('f0', 10), ...usedBy('f1', 4)];
    const result = run(metric, tables({ releases, events }), asOf);
    if (result.kind !== 'measured') throw new Error('expected a value');
    expect(result.series![0]!.points.slice(0, 3).map((p) => p.y)).toEqual([0.5, 0.2, 0]);
    expect(result.series![0]!.points).toHaveLength(10);
  });

  it('is insufficient with empty tables', () => {
    const result = run(metric, tables(), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one released feature (below minN)', () => {
    const result = run(metric, tables({ releases: [mature('f1')], events: activity }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient when no account was active (zero denominator), never NaN', () => {
    const releases = Array.from({ length: 12 }, (_, i) => mature(`f${i}`));
    const result = run(metric, tables({ releases }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind !== 'insufficient') return;
    expect(result.n).toBe(12);
    expect(result.reason).toMatch(/no account had a core event/);
  });

  it('counts features used by <5% of active accounts, excluding immature and future releases', () => {
    const releases = [
      mature('f01'), mature('f02'), mature('f03'),
      ...['f04', 'f05', 'f06', 'f07', 'f08', 'f09', 'f10'].map((f) => mature(f)),
      release({ feature: 'f01', kind: 'improvement', releasedAt: '2024-11-20' }), // not a launch
      release({ feature: 'f11', kind: 'new', releasedAt: '2024-10-04' }), // 89 days old: immature
      release({ feature: 'f12', kind: 'new', releasedAt: '2024-10-03' }), // exactly 90 days old: eligible
      release({ feature: 'f13', kind: 'new', releasedAt: '2025-01-05' }), // after T: not released yet
    ];
    const events = [
      ...activity,
      // f01: no use. f02: used only before the window.
      event({ feature: 'f02', accountId: 'a01', timestamp: '2024-06-01' }),
      // f03: one account of 20 = 5%, not below 5%. A pageview on f03 from another account is not use.
      ...usedBy('f03', 1),
      event({ feature: 'f03', accountId: 'a02', event: 'pageview', timestamp: '2024-12-01' }),
      ...['f04', 'f05', 'f06', 'f07', 'f08', 'f09', 'f10'].flatMap((f) => usedBy(f, 2)),
      ...usedBy('unreleased', 3), // used, but no release row
    ];
    const result = run(metric, tables({ releases, events }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // Eligible: f01..f10 + f12 = 11. Unused (<1 of 20 accounts): f01, f02, f12 = 3. 3 / 11 = 0.27272… → 0.2727
    expect(result.value).toBe(0.2727);
    expect(result.n).toBe(11);
    expect(byKey(result.evidence)).toMatchObject({
      releasedFeatures: 11,
      unusedFeatures: 3,
      activeAccounts: 20,
      excludedImmature: 1,
      usedFeaturesWithoutRelease: 1,
    });
    const leastUsed = byKey(result.evidence).leastUsed as Array<{ id: string; accountShare: number }>;
    expect(leastUsed.map((u) => u.id)).toEqual(['f01', 'f02', 'f12', 'f03', 'f04']);
    expect(leastUsed[3]!.accountShare).toBe(0.05);
    expect(result.interval![0]).toBeLessThan(0.2727);
    expect(result.interval![1]).toBeGreaterThan(0.2727);
    expect(result.notes?.[0]).toMatch(/no release row/);
  });

  it('honours minAccountShare', () => {
    const releases = Array.from({ length: 10 }, (_, i) => mature(`g${i}`));
    const events = [...activity, ...Array.from({ length: 10 }, (_, i) => usedBy(`g${i}`, i)).flat()];
    // g_i is used by i of 20 accounts. Below 20% (4 accounts): g0..g3 → 4 / 10.
    const result = run(metric, tables({ releases, events }), asOf, { minAccountShare: 0.2 });
    expect(result).toMatchObject({ kind: 'measured', value: 0.4, n: 10 });
  });
});
