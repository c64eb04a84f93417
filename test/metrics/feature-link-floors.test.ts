/**
 * The feature checks' link floors (src/metrics/feature-links.ts; docs/data-model.md, "Feature
 * links"): a release log, an events feature column, feature requests or deal promises spelled
 * apart from the rest is insufficient data naming the link, never 1.0 unused, 0 in the core set,
 * 0 single-account or 0 sales-requested features; a real absence (a release no one used, a
 * request for a feature never built) still measures. Each case hand-counted in its comment.
 */
import { describe, expect, it } from 'vitest';
import unused from '../../src/metrics/checks/unused-feature-share.js';
import coreEntry from '../../src/metrics/checks/new-feature-core-entry-rate.js';
import singleAccount from '../../src/metrics/checks/single-account-feature-share.js';
import salesRequested from '../../src/metrics/checks/sales-requested-release-share.js';
import type { ProductEvent } from '../../src/core/model.js';
import { deal, event, release, request, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // T = 2025-01-01
const f = (prefix: string, k: number): string[] => Array.from({ length: k }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
const features = f('f', 10); // f01..f10
const coverage = (result: { evidence?: unknown }): unknown => byKey(result.evidence as never).linkCoverage;

/** `k` core events on `feature`, one from each of accounts a01..a<k> (never concentrated), on `timestamp`. */
function usedBy(feature: string, k: number, timestamp = '2024-12-01'): ProductEvent[] {
  return Array.from({ length: k }, (_, i) => event({ feature, accountId: `a${String(i + 1).padStart(2, '0')}`, userId: null, timestamp }));
}

describe('unused-feature-share: release→feature floor', () => {
  // 10 features released 2024-01-01 (all ≥ 90 days old); usage window [2024-10-03, 2025-01-01).
  const releases = features.map((feature) => release({ feature, releasedAt: '2024-01-01' }));
  /** 20 accounts active in the window through a feature-less core event. */
  const active = Array.from({ length: 20 }, (_, i) => event({ feature: null, accountId: `a${String(i + 1).padStart(2, '0')}`, userId: null, timestamp: '2024-11-01' }));

  it('is insufficient naming release→feature when the events spell every feature apart (was fail 1.0)', () => {
    // Events on Xf01..Xf10, 10 accounts each: 0 of 10 released features seen in events, 0 of 10 used features have a release row.
    const result = run(unused, tables({ releases, events: [...active, ...features.flatMap((x) => usedBy(`X${x}`, 10))] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10, needs: [{ kind: 'link', table: 'releases', link: 'release→feature' }] });
    if (result.kind !== 'insufficient') return;
    expect(result.reason).toBe(
      'the release→feature link reached 0 of 10 features released at least 90 days ago seen in product events (0%), and 0% of 10 features used in the last 90 days ' +
        '(linked: named by a release row) linked; below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
    );
    expect(coverage(result)).toEqual([{ id: 'release→feature', linked: 0, of: 10, rate: 0, floor: 0.5, sourceRate: 0 }]);
  });

  it('measures features no one used: 2 of 10 seen in events, but both used features are in the release log (8 of 10 unused)', () => {
    const result = run(unused, tables({ releases, events: [...active, ...usedBy('f01', 10), ...usedBy('f02', 10)] }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0.8, n: 10 });
    expect(coverage(result)).toEqual([{ id: 'release→feature', linked: 2, of: 10, rate: 0.2, floor: 0.5, sourceRate: 1 }]);
  });

  it('measures at the floor (5 of 10 seen, 5 of 10 used features released) and is insufficient just below it (4 of 10)', () => {
    const at = (k: number) => [...active, ...features.slice(0, k).flatMap((x) => usedBy(x, 10)), ...features.slice(k).flatMap((x) => usedBy(`X${x}`, 10))];
    const five = run(unused, tables({ releases, events: at(5) }), asOf);
    // f06..f10 never used under their release names: 5 of 10 unused.
    expect(five).toMatchObject({ kind: 'measured', value: 0.5 });
    expect(coverage(five)).toEqual([{ id: 'release→feature', linked: 5, of: 10, rate: 0.5, floor: 0.5, sourceRate: 0.5 }]);
    expect(run(unused, tables({ releases, events: at(4) }), asOf)).toMatchObject({ kind: 'insufficient', needs: [{ link: 'release→feature' }] });
  });

  it('with no feature used in the window (source 0 of 0), measures on the features seen in events before it', () => {
    // Every feature used in June only: 10 of 10 seen in events, none in the window: all unused.
    const result = run(unused, tables({ releases, events: [...active, ...features.flatMap((x) => usedBy(x, 3, '2024-06-01'))] }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 1 });
    expect(coverage(result)).toEqual([{ id: 'release→feature', linked: 10, of: 10, rate: 1, floor: 0.5, sourceRate: null }]);
  });
});

describe('new-feature-core-entry-rate: release→feature floor', () => {
  // 10 new features launched 2024-05-01 (in the 12 months, ≥ 60 days old); core window [2024-10-03, 2025-01-01).
  const launches = features.map((feature) => release({ feature, kind: 'new', releasedAt: '2024-05-01' }));
  const tenEach = (name: (x: string) => string) => features.flatMap((x) => Array.from({ length: 10 }, () => event({ feature: name(x), timestamp: '2024-12-01' })));

  it('is insufficient naming release→feature when the events spell every feature apart (was fail 0)', () => {
    const result = run(coreEntry, tables({ releases: launches, events: tenEach((x) => `X${x}`) }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10, needs: [{ kind: 'link', table: 'releases', link: 'release→feature' }] });
    expect(coverage(result)).toEqual([{ id: 'release→feature', linked: 0, of: 10, rate: 0, floor: 0.5, sourceRate: 0 }]);
  });

  it('measures when they join: 10 events each, the core set (80%) is f01..f08', () => {
    const result = run(coreEntry, tables({ releases: launches, events: tenEach((x) => x) }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0.8, n: 10 });
    expect(coverage(result)).toEqual([{ id: 'release→feature', linked: 10, of: 10, rate: 1, floor: 0.5, sourceRate: 1 }]);
  });
});

describe('single-account-feature-share: release→feature and request→release floors', () => {
  // 10 features released 2024-01-01; usage window [2024-10-03, 2025-01-01).
  const releases = features.map((feature) => release({ feature, releasedAt: '2024-01-01' }));
  /** Each feature used by 10 accounts, one event each: never concentrated. */
  const spread = features.flatMap((x) => usedBy(x, 10));

  it('is insufficient naming release→feature when the events spell features apart (was 0: no concentration found)', () => {
    // Xf01..Xf10 each used only by a01 (10 events): concentrated, but joined to no release.
    const events = features.flatMap((x) => Array.from({ length: 10 }, () => event({ feature: `X${x}`, accountId: 'a01', userId: null, timestamp: '2024-12-01' })));
    const result = run(singleAccount, tables({ releases, events }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10, needs: [{ kind: 'link', table: 'releases', link: 'release→feature' }] });
  });

  it('is insufficient naming request→release when no request names a known feature (was 0: no single requester found)', () => {
    // Each of Xf01..Xf10 requested by one account before release; no events.
    const feature_requests = features.map((x, i) => request({ feature: `X${x}`, accountId: `a${i}`, createdAt: '2023-12-01' }));
    const result = run(singleAccount, tables({ releases, feature_requests }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10, needs: [{ kind: 'link', table: 'feature_requests', link: 'request→release' }] });
    if (result.kind !== 'insufficient') return;
    expect(result.reason).toMatch(/^the request→release link reached 0 of 10 feature requests \(none names a feature released or seen in events\) \(0%\)/);
  });

  it('measures with requests for features never built (left out of the floor): 1 of 1 known request joins, f01 single-requester', () => {
    const feature_requests = [
      request({ feature: 'f01', accountId: 'a1', createdAt: '2023-12-01' }),
      ...f('wish', 5).map((w) => request({ feature: w, accountId: 'a2', createdAt: '2023-12-01' })),
    ];
    const result = run(singleAccount, tables({ releases, feature_requests, events: spread }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0.1, n: 10 });
    expect(coverage(result)).toEqual([
      { id: 'release→feature', linked: 10, of: 10, rate: 1, floor: 0.5, sourceRate: 1 },
      { id: 'request→release', linked: 1, of: 1, rate: 1, floor: 0.5, sourceRate: null },
    ]);
  });

  it('request→release at the floor (5 of 10 known requests released) measures; 4 of 10 is insufficient', () => {
    // e01..e10 are used in events but have no release row: known, not released.
    const known = f('e', 10).flatMap((x) => usedBy(x, 10));
    const requests = (k: number) => [...features.slice(0, k), ...f('e', 10 - k)].map((x) => request({ feature: x, accountId: 'a1', createdAt: '2023-12-01' }));
    const five = run(singleAccount, tables({ releases, feature_requests: requests(5), events: [...spread, ...known] }), asOf);
    // f01..f05 each requested by a1 alone: 5 of 10.
    expect(five).toMatchObject({ kind: 'measured', value: 0.5 });
    expect((coverage(five) as unknown[])[1]).toEqual({ id: 'request→release', linked: 5, of: 10, rate: 0.5, floor: 0.5, sourceRate: null });
    const four = run(singleAccount, tables({ releases, feature_requests: requests(4), events: [...spread, ...known] }), asOf);
    expect(four).toMatchObject({ kind: 'insufficient', needs: [{ link: 'request→release' }] });
  });

  it('requests without a feature set no floor (zero denominator)', () => {
    const result = run(singleAccount, tables({ releases, feature_requests: [request({ feature: null })], events: spread }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0 });
    expect(coverage(result)).toEqual([{ id: 'release→feature', linked: 10, of: 10, rate: 1, floor: 0.5, sourceRate: 1 }]);
  });
});

describe('sales-requested-release-share: request→release and promise→release floors', () => {
  // 10 new features launched 2024-06-01 (in the 12-month window); sales requests dated 2024-04-01.
  const launches = features.map((feature) => release({ feature, kind: 'new', releasedAt: '2024-06-01' }));
  const sales = (feature: string | null) => request({ feature, source: 'sales', createdAt: '2024-04-01' });

  it('is insufficient naming request→release when the release log spells features apart (was pass 0)', () => {
    // Released as Xf01..Xf10; events use f01..f10, so the requests name known features, none released.
    const releases = features.map((x) => release({ feature: `X${x}`, kind: 'new', releasedAt: '2024-06-01' }));
    const t = tables({ releases, feature_requests: features.slice(0, 5).map(sales), events: features.flatMap((x) => usedBy(x, 1)) });
    const result = run(salesRequested, t, asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10, needs: [{ kind: 'link', table: 'feature_requests', link: 'request→release' }] });
    if (result.kind !== 'insufficient') return;
    expect(result.reason).toMatch(/^the request→release link reached 0 of 5 sales feature requests naming a feature released or seen in events \(0%\)/);
  });

  it('is insufficient naming promise→release when no promised feature is known (was pass 0)', () => {
    const deals = features.slice(0, 5).map((x, i) => deal({ dealId: `d${i}`, promisedFeatures: [`X${x}`], createdAt: '2024-03-01' }));
    const result = run(salesRequested, tables({ releases: launches, deals }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', needs: [{ kind: 'link', table: 'deals', link: 'promise→release' }] });
  });

  it('measures with sales requests for features never built: 3 of 3 known requests released, 3 of 10 launches sales-requested', () => {
    const t = tables({ releases: launches, feature_requests: [...features.slice(0, 3), ...f('unbuilt', 7)].map(sales) });
    const result = run(salesRequested, t, asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0.3, n: 10 });
    expect(coverage(result)).toEqual([{ id: 'request→release', linked: 3, of: 3, rate: 1, floor: 0.5, sourceRate: null }]);
  });

  it('request→release at the floor (5 of 10 known) measures; 4 of 10 is insufficient; non-sales requests are not counted', () => {
    // e01..e10 used in events without a release row: known, not released.
    const events = f('e', 10).flatMap((x) => usedBy(x, 1));
    const requests = (k: number) => [...[...features.slice(0, k), ...f('e', 10 - k)].map(sales), ...f('e', 10).map((x) => request({ feature: x, source: 'customer' }))];
    const five = run(salesRequested, tables({ releases: launches, feature_requests: requests(5), events }), asOf);
    expect(five).toMatchObject({ kind: 'measured', value: 0.5 });
    expect(coverage(five)).toEqual([{ id: 'request→release', linked: 5, of: 10, rate: 0.5, floor: 0.5, sourceRate: null }]);
    expect(run(salesRequested, tables({ releases: launches, feature_requests: requests(4), events }), asOf)).toMatchObject({
      kind: 'insufficient',
      needs: [{ link: 'request→release' }],
    });
  });

  it('sales requests without a feature set no floor (zero denominator); the promises measure', () => {
    const deals = [deal({ dealId: 'd1', promisedFeatures: ['f01', 'f02'], createdAt: '2024-03-01' })];
    const result = run(salesRequested, tables({ releases: launches, deals, feature_requests: [sales(null)] }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0.2 });
    expect(coverage(result)).toEqual([{ id: 'promise→release', linked: 2, of: 2, rate: 1, floor: 0.5, sourceRate: null }]);
  });
});
