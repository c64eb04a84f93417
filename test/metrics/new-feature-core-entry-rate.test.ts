import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/new-feature-core-entry-rate.js';
import type { ProductEvent } from '../../src/core/model.js';
import { event, release, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31';
// Launch window [2024-01-02, 2024-11-02] (≥60 days old); core window [2024-10-03, 2025-01-01).

const ids = ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e09', 'e10'];
const launches = ids.map((feature) =>
  release({ feature, kind: 'new', releasedAt: feature === 'e10' ? '2024-11-02' : '2024-05-01' }), // e10: exactly 60 days old
);

function times(feature: string, k: number, timestamp = '2024-12-01'): ProductEvent[] {
  return Array.from({ length: k }, () => event({ feature, timestamp }));
}

describe('new-feature-core-entry-rate', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one new feature', () => {
    expect(run(metric, tables({ releases: [launches[0]!], events: times('e01', 5) }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient with no feature events (no core set), never NaN', () => {
    const result = run(metric, tables({ releases: launches }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind !== 'insufficient') return;
    expect(result.n).toBe(10);
    expect(result.reason).toMatch(/no core set/);
  });

  it('counts new launches (12 months, ≥60 days old) that are in the core set', () => {
    const releases = [
      ...launches,
      release({ feature: 'e11', kind: 'new', releasedAt: '2024-11-15' }), // 47 days old: immature
      release({ feature: 'imp', kind: 'improvement', releasedAt: '2024-05-01' }), // first row not 'new'
      release({ feature: 'imp', kind: 'new', releasedAt: '2024-06-01' }),
      release({ feature: 'old', kind: 'new', releasedAt: '2023-01-01' }), // outside the 12 months
    ];
    // 100 core feature events: e01 40, e02 25, old 20, e03 5, e04 4, e05 3, e06 2, e07 1.
    const events = [
      ...times('e01', 40), ...times('e02', 25), ...times('old', 20), ...times('e03', 5),
      ...times('e04', 4), ...times('e05', 3), ...times('e06', 2), ...times('e07', 1),
      ...times('e08', 50, '2024-09-01'), // before the core window: no effect
      ...Array.from({ length: 50 }, () => event({ feature: 'e09', event: 'pageview', timestamp: '2024-12-01' })), // non-core
    ];
    const result = run(metric, tables({ releases, events }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // Core: e01 (40) → e02 (65) → old (85 ≥ 80) = {e01, e02, old}. New features in it: e01, e02. 2 / 10 = 0.2
    expect(result.value).toBe(0.2);
    expect(result.n).toBe(10);
    expect(byKey(result.evidence)).toMatchObject({
      newFeatures: 10,
      inCore: 2,
      excludedImmature: 1,
      excludedNotNew: 1,
      coreSetSize: 3,
      featuresSeen: 8,
    });
    expect(byKey(result.evidence).enteredCore).toEqual([
      { id: 'e01', eventShare: 0.4 },
      { id: 'e02', eventShare: 0.25 },
    ]);
    expect(byKey(result.evidence).leastUsedOutsideCore).toEqual([
      { id: 'e08', eventShare: 0 },
      { id: 'e09', eventShare: 0 },
      { id: 'e10', eventShare: 0 },
      { id: 'e07', eventShare: 0.01 },
      { id: 'e06', eventShare: 0.02 },
    ]);
    expect(result.interval![0]).toBeLessThan(0.2);
    expect(result.interval![1]).toBeGreaterThan(0.2);
  });
});
