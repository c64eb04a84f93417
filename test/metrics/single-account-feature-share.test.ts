import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/single-account-feature-share.js';
import type { ProductEvent } from '../../src/core/model.js';
import { deal, event, release, request, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // usage window [2024-10-03, 2025-01-01); mature = launched ≤ 2024-10-03

const ids = ['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10'];
const releases = ids.map((feature) => release({ feature, kind: 'new', releasedAt: '2024-01-01' }));

function uses(feature: string, accountId: string, k: number, timestamp = '2024-11-15'): ProductEvent[] {
  return Array.from({ length: k }, () => event({ feature, accountId, userId: null, timestamp }));
}

describe('single-account-feature-share', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one released feature', () => {
    const t = tables({ releases: [releases[0]!], feature_requests: [request({ feature: 's01' })] });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient with only immature features (zero denominator)', () => {
    const young = ids.map((feature) => release({ feature, releasedAt: '2024-11-01' }));
    const result = run(metric, tables({ releases: young, feature_requests: [request({ feature: 's01' })] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.kind === 'insufficient' ? result.evidence : undefined)).toMatchObject({ excludedImmature: 10 });
  });

  it('is insufficient with neither requests nor events', () => {
    const result = run(metric, tables({ releases }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10 });
  });

  it('flags features with a single requesting account or ≥80% of events from one account', () => {
    const feature_requests = [
      request({ feature: 's01', accountId: 'a1', createdAt: '2023-12-01' }),
      request({ feature: 's01', accountId: 'a1', createdAt: '2023-12-05' }), // same account twice: still one
      request({ feature: 's02', accountId: 'a1', createdAt: '2023-12-01' }),
      request({ feature: 's02', accountId: 'a2', createdAt: '2023-12-01' }), // two accounts: no
      request({ feature: 's03', accountId: null, dealId: 'dx', createdAt: '2023-12-01' }), // via deal dx → a3
      request({ feature: 's04', accountId: 'a4', createdAt: '2023-12-01' }),
      request({ feature: 's04', accountId: null, dealId: null, createdAt: '2023-12-01' }), // unattributed: rules it out
      request({ feature: 's08', accountId: 'a9', createdAt: '2023-11-01' }),
      request({ feature: 's08', accountId: 'a8', createdAt: '2024-03-01' }), // after launch: ignored → single
      request({ feature: 's11', accountId: 'a1', createdAt: '2024-10-01' }),
    ];
    const deals = [deal({ dealId: 'dx', accountId: 'a3' })];
    const events = [
      ...uses('s05', 'a1', 8), ...uses('s05', 'a2', 2), // 8 / 10 = 0.8: yes
      ...uses('s06', 'a1', 7), ...uses('s06', 'a2', 3), // 0.7: no…
      ...uses('s06', 'a1', 5, '2024-06-01'), // …the older a1 events would make it 12 / 15 = 0.8, but are outside the window
      ...uses('s07', 'a1', 5), // 5 events < minFeatureEvents 10: not judged
      ...['a1', 'a2', 'a3', 'a4', 'a5'].flatMap((a) => uses('s09', a, 2)), // spread
    ];
    const t = tables({
      releases: [...releases, release({ feature: 's11', releasedAt: '2024-11-01' })], // s11 immature
      feature_requests,
      deals,
      events,
    });
    const result = run(metric, t, asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // Flagged: s01, s03, s08 (one requester) and s05 (0.8 of events) = 4 of 10 → 0.4
    expect(result.value).toBe(0.4);
    expect(result.n).toBe(10);
    expect(byKey(result.evidence)).toMatchObject({
      releasedFeatures: 10,
      singleAccountFeatures: 4,
      viaSingleRequester: 3,
      viaUsageConcentration: 1,
      excludedImmature: 1,
      featuresWithUnattributedRequests: 1,
      featuresBelowMinEvents: 7, // all but s05, s06, s09
    });
    expect(byKey(result.evidence).examples).toEqual([
      { id: 's05', requestingAccounts: 0, events: 10, topAccountEventShare: 0.8 },
      { id: 's01', requestingAccounts: 1, events: 0, topAccountEventShare: null },
      { id: 's03', requestingAccounts: 1, events: 0, topAccountEventShare: null },
      { id: 's08', requestingAccounts: 1, events: 0, topAccountEventShare: null },
    ]);
  });
});
