import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/sales-requested-release-share.js';
import { deal, release, request, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window [2024-01-02, 2025-01-01)

const ids = ['n01', 'n02', 'n03', 'n04', 'n05', 'n06', 'n07', 'n08', 'n09', 'n10'];
const newReleases = ids.map((feature) => release({ feature, kind: 'new', releasedAt: '2024-06-01' }));

describe('sales-requested-release-share', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one new release', () => {
    const t = tables({ releases: [newReleases[0]!], feature_requests: [request({ feature: 'n01', source: 'sales' })] });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient with no new releases in the window (zero denominator)', () => {
    const releases = ids.map((feature) => release({ feature, kind: 'new', releasedAt: '2023-06-01' })); // all older than 12m
    const result = run(metric, tables({ releases, feature_requests: [request()] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with no feature requests and no deal promises', () => {
    const result = run(metric, tables({ releases: newReleases, deals: [deal()] }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind !== 'insufficient') return;
    expect(result.n).toBe(10);
    expect(result.reason).toMatch(/no feature requests and no deal/);
  });

  it('counts new launches asked for by a deal, a sales-sourced request or a deal promise before launch', () => {
    const releases = [
      ...newReleases,
      release({ feature: 'n01', kind: 'new', releasedAt: '2024-09-01' }), // later row: not a second launch
      release({ feature: 'old', kind: 'new', releasedAt: '2023-06-01' }), // outside the window
      release({ feature: 'imp', kind: 'improvement', releasedAt: '2024-03-01' }), // first row not 'new'
    ];
    const feature_requests = [
      request({ feature: 'n01', dealId: 'd9', source: 'customer', createdAt: '2024-05-01' }), // yes: has a deal
      request({ feature: 'n02', source: 'Sales-Team', createdAt: '2024-04-01' }), // yes: "sales team"
      request({ feature: 'n04', source: 'customer', createdAt: '2024-04-01' }), // no
      request({ feature: 'n05', source: 'sales', createdAt: '2024-07-01' }), // after launch: no
      request({ feature: 'n06', source: null, createdAt: '2024-04-01' }), // blank source: unclassified
      request({ feature: 'n08', source: 'AE', createdAt: null }), // yes: undated
      request({ feature: 'n09', source: 'sdr', createdAt: '2024-06-01T15:00:00Z' }), // yes: on the launch day
      request({ feature: 'n10', source: 'sales', createdAt: '2024-06-02' }), // day after launch: no
      request({ feature: 'imp', source: 'sales', createdAt: '2024-01-01' }), // not a new feature
    ];
    const deals = [
      deal({ dealId: 'p1', stage: 'lost', createdAt: '2024-03-01', promisedFeatures: ['n03'] }), // yes: any stage
      deal({ dealId: 'p2', createdAt: '2024-08-01', closedAt: '2024-09-01', promisedFeatures: ['n07'] }), // after launch: no
    ];
    const result = run(metric, tables({ releases, feature_requests, deals }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // Sales-requested: n01, n02, n03, n08, n09 = 5 of 10 new launches → 0.5
    expect(result.value).toBe(0.5);
    expect(result.n).toBe(10);
    expect(byKey(result.evidence)).toMatchObject({
      newFeatures: 10,
      salesRequested: 5,
      viaDealRequest: 1,
      viaSalesSourceRequest: 3,
      viaDealPromise: 1,
      excludedNotNew: 1,
      signalsAfterRelease: 3, // n05, n10 requests and the n07 promise
      unclassifiedRequests: 1,
    });
    expect(byKey(result.evidence).topSalesRequested).toEqual([
      { id: 'n01', signals: 1 }, { id: 'n02', signals: 1 }, { id: 'n03', signals: 1 },
      { id: 'n08', signals: 1 }, { id: 'n09', signals: 1 },
    ]);
    expect(result.interval![0]).toBeLessThan(0.5);
    expect(result.interval![1]).toBeGreaterThan(0.5);
  });

  it('takes the sales-like request sources from params', () => {
    const feature_requests = [
      request({ feature: 'n01', source: 'customer' }),
      request({ feature: 'n02', source: 'customer' }),
      request({ feature: 'n03', source: 'sales' }),
    ];
    const t = tables({ releases: newReleases, feature_requests });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'measured', value: 0.1 }); // n03: 1 / 10
    expect(run(metric, t, asOf, { salesRequestSources: ['Customer'] })).toMatchObject({ kind: 'measured', value: 0.2 }); // 2 / 10
  });
});
