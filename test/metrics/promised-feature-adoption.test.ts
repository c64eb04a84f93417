import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/promised-feature-adoption.js';
import { deal, event, release, run, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // T = 2025-01-01

// p1 launched before the closes (window = [close, close + 90d) = [03-01, 05-30));
// p2 launched after them (window = [release, release + 90d) = [05-01, 07-30)).
const releases = [
  release({ feature: 'p1', kind: 'new', releasedAt: '2024-01-01' }),
  release({ feature: 'p2', kind: 'new', releasedAt: '2024-05-01' }),
];

const won = (dealId: string, accountId: string | null, promisedFeatures: string[], closedAt: string | null = '2024-03-01') =>
  deal({ dealId, accountId, promisedFeatures, closedAt, stage: 'won' });

describe('promised-feature-adoption', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one pair (below minN)', () => {
    const t = tables({
      deals: [won('d1', 'a1', ['p1'])],
      releases,
      events: [
        event({ event: 'login', feature: null, timestamp: '2024-01-01' }), // event data starts before the close
        event({ feature: 'p1', accountId: 'a1', timestamp: '2024-03-10' }),
      ],
    });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient when no won deal has promises (zero pairs), never NaN', () => {
    const deals = Array.from({ length: 20 }, (_, i) => won(`d${i}`, `a${i}`, []));
    const result = run(metric, tables({ deals, releases, events: [event()] }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind !== 'insufficient') return;
    expect(result.n).toBe(0);
    expect(result.reason).toMatch(/no won deal lists promised features/);
  });

  it('counts pairs used within 90 days of max(release, close), excluding immature and undeliverable pairs', () => {
    const deals = [
      ...['01', '02', '03', '04', '05', '06'].map((i) => won(`d${i}`, `acc${i}`, ['p1'])),
      ...['07', '08', '09', '10'].map((i) => won(`d${i}`, `acc${i}`, ['p2', 'p2 '])), // duplicate → one pair
      won('d11', 'acc11', ['p1'], '2024-11-01'), // window ends 2025-01-30 > T: immature
      won('d12', 'acc12', ['vapour']), // never released, never used: unreleased
      deal({ dealId: 'd13', accountId: 'acc13', stage: 'lost', promisedFeatures: ['p1'] }), // lost: ignored
      won('d14', null, ['p1']), // no account
      won('d15', 'acc15', ['p1'], null), // no close date
      won('d16', 'acc16', ['legacy']), // no release row but used: window starts at close
    ];
    const events = [
      // p1, window [2024-03-01, 2024-05-30)
      ...['01', '02', '03', '04'].map((i) => event({ feature: 'p1', accountId: `acc${i}`, timestamp: '2024-04-01' })),
      event({ feature: 'p1', accountId: 'acc05', timestamp: '2024-02-01' }), // before close: no
      event({ feature: 'p1', accountId: 'acc06', timestamp: '2024-06-15' }), // after the window: no
      event({ feature: 'p1', accountId: 'acc99', timestamp: '2024-04-01' }), // another account
      event({ feature: 'p1', accountId: 'acc06', event: 'pageview', timestamp: '2024-04-01' }), // non-core: no
      // p2, window [2024-05-01, 2024-07-30)
      event({ feature: 'p2', accountId: 'acc07', timestamp: '2024-05-10' }), // yes
      event({ feature: 'p2', accountId: 'acc08', timestamp: '2024-04-15' }), // before release: no
      event({ feature: 'p2', accountId: null, userId: 'u09', timestamp: '2024-07-01' }), // yes, via the user's account
      event({ feature: 'legacy', accountId: 'acc16', timestamp: '2024-03-10' }), // yes
    ];
    const users = [user({ userId: 'u09', accountId: 'acc09' })];
    const result = run(metric, tables({ deals, releases, events, users }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // Pairs: d01–d10 + d16 = 11. Adopted: d01–d04, d07, d09, d16 = 7. 7 / 11 = 0.63636… → 0.6364
    expect(result.value).toBe(0.6364);
    expect(result.n).toBe(11);
    expect(byKey(result.evidence)).toMatchObject({
      pairs: 11,
      adoptedPairs: 7,
      excludedImmature: 1,
      unreleased: 1,
      noReleaseRow: 1,
      excludedNoAccount: 1,
      excludedNoCloseDate: 1,
      excludedBeforeEventData: 0,
    });
    // p2: 2 of 4 (0.5); p1: 4 of 6 (0.6667); legacy: 1 of 1.
    expect(byKey(result.evidence).leastAdoptedFeatures).toEqual([
      { id: 'p2', pairs: 4, adopted: 2, adoptionShare: 0.5 },
      { id: 'p1', pairs: 6, adopted: 4, adoptionShare: 0.6667 },
      { id: 'legacy', pairs: 1, adopted: 1, adoptionShare: 1 },
    ]);
    expect(result.interval![0]).toBeLessThan(0.6364);
    expect(result.interval![1]).toBeGreaterThan(0.6364);
  });

  it('starts the window at the release when the feature shipped after the close', () => {
    // Closed 2024-03-01, p2 released 2024-05-01 → window [05-01, 07-30), not [03-01, 05-30).
    const deals = [won('b1', 'a1', ['p2']), won('b2', 'a2', ['p2']), won('b3', 'a3', ['p2'])];
    const events = [
      event({ event: 'login', feature: null, timestamp: '2024-01-01' }),
      event({ feature: 'p2', accountId: 'a1', timestamp: '2024-04-15' }), // pre-release (beta) use: not adoption
      event({ feature: 'p2', accountId: 'a2', timestamp: '2024-07-20' }), // day 80 after release: adopted
      event({ feature: 'p2', accountId: 'a3', timestamp: '2024-07-25' }), // day 85 after release: adopted
    ];
    // 2 of 3 pairs adopted → 0.6667 (a window from the close would give 1 of 3)
    expect(run(metric, tables({ deals, releases, events }), asOf, { minN: 2 })).toMatchObject({ kind: 'measured', value: 0.6667, n: 3 });
  });

  it('excludes pairs whose window starts before the event data does', () => {
    const deals = [won('old', 'a1', ['p1'], '2023-06-01'), won('new', 'a2', ['p1'], '2024-03-01')];
    const events = [event({ feature: 'p1', accountId: 'a2', timestamp: '2024-02-01' })]; // data starts 2024-02-01
    const result = run(metric, tables({ deals, releases, events }), asOf, { minN: 1 });
    // only 'new' is measured, and a2 did not use p1 in [03-01, 05-30): 0 / 1
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 1 });
    expect(byKey(result.kind === 'measured' ? result.evidence : undefined)).toMatchObject({ excludedBeforeEventData: 1 });
  });
});
