import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/core-feature-share.js';
import type { ProductEvent } from '../../src/core/model.js';
import { event, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window [2024-10-03, 2025-01-01)

function times(feature: string, k: number, timestamp = '2024-12-01', name = 'feature_used'): ProductEvent[] {
  return Array.from({ length: k }, () => event({ feature, timestamp, event: name }));
}

/** 10 features, 100 core events: a 40, b 30, c 10, d 5, e 5, f 4, g 3, h 1, i 1, j 1. */
const mix: ProductEvent[] = [
  ...times('a', 40), ...times('b', 30), ...times('c', 10), ...times('d', 5), ...times('e', 5),
  ...times('f', 4), ...times('g', 3), ...times('h', 1), ...times('i', 1), ...times('j', 1),
];

describe('core-feature-share', () => {
  it('is insufficient with no events (zero features seen)', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one event', () => {
    expect(run(metric, tables({ events: times('a', 1) }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('divides the 80% core set by the features seen, ignoring non-core and old events', () => {
    const events = [
      ...mix,
      ...times('k', 50, '2024-12-01', 'login'), // non-core: not seen
      ...times('old', 50, '2024-09-01'), // before the window: not seen
    ];
    const result = run(metric, tables({ events }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // Ranked: a 40 (cum 40) → b 30 (70) → c 10 (80 ≥ 0.8 × 100): core = {a, b, c}. 3 / 10 = 0.3
    expect(result.value).toBe(0.3);
    expect(result.n).toBe(10);
    expect(byKey(result.evidence)).toMatchObject({ featuresSeen: 10, featureEvents: 100, coreFeatures: 3, coreEventShare: 0.8 });
    expect(byKey(result.evidence).topCoreFeatures).toEqual([
      { id: 'a', eventShare: 0.4 },
      { id: 'b', eventShare: 0.3 },
      { id: 'c', eventShare: 0.1 },
    ]);
    expect(result.interval![0]).toBeLessThan(0.3);
    expect(result.interval![1]).toBeGreaterThan(0.3);
  });

  it('is insufficient below minEvents even with enough features', () => {
    const result = run(metric, tables({ events: mix }), asOf, { minEvents: 101 });
    expect(result.kind).toBe('insufficient');
    if (result.kind !== 'insufficient') return;
    expect(result.reason).toMatch(/100 feature events/);
  });
});
