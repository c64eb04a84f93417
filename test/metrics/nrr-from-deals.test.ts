import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/nrr-from-deals.js';
import { deal, run, subscription, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; later window [2024-01-02, T), earlier window [2023-01-02, 2024-01-02).
const asOf = '2024-12-31';

describe('nrr-from-deals', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient when the export has no renewal or expansion deals', () => {
    const deals = [
      deal({ dealId: 'd1', accountId: 'a1', closedAt: '2023-06-01' }),
      deal({ dealId: 'd2', accountId: 'a1', closedAt: '2024-06-01' }),
    ];
    const result = run(metric, tables({ deals }), asOf, { minN: 1 });
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/renewal/);
  });

  it('is insufficient with one base account (below minN)', () => {
    const deals = [
      deal({ dealId: 'd1', accountId: 'a1', closedAt: '2023-06-01' }),
      deal({ dealId: 'd2', accountId: 'a1', closedAt: '2024-06-01', type: 'renewal' }),
    ];
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient with no earlier won amount (zero denominator), ignoring deals outside the windows', () => {
    const deals = [
      deal({ dealId: 'd0', accountId: 'a1', closedAt: '2022-06-01', amount: 5000 }), // before both windows
      deal({ dealId: 'd1', accountId: 'a1', closedAt: '2023-06-01', amount: null }), // no amount
      deal({ dealId: 'd2', accountId: 'a1', closedAt: '2024-06-01', type: 'renewal' }),
      deal({ dealId: 'd3', accountId: 'a1', closedAt: '2025-03-01', type: 'renewal' }), // after T
    ];
    const result = run(metric, tables({ deals }), asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.evidence)).toMatchObject({ wonDealsWithoutAmount: 1 });
  });

  it('computes NRR and gross retention by hand', () => {
    const deals = [
      deal({ dealId: 'a1-new', accountId: 'a1', closedAt: '2023-03-01', amount: 10_000 }),
      deal({ dealId: 'a1-ren', accountId: 'a1', closedAt: '2024-03-01', amount: 10_000, type: 'renewal' }),
      deal({ dealId: 'a1-exp', accountId: 'a1', closedAt: '2024-06-01', amount: 2_000, type: 'expansion' }),
      deal({ dealId: 'a2-new', accountId: 'a2', closedAt: '2023-06-01', amount: 5_000 }), // churned
      deal({ dealId: 'a3-new', accountId: 'a3', closedAt: '2023-06-01', amount: 5_000 }),
      deal({ dealId: 'a3-ren', accountId: 'a3', closedAt: '2024-06-01', amount: 4_000, type: 'renewal' }),
      deal({ dealId: 'a3-lost', accountId: 'a3', closedAt: '2024-08-01', amount: 99_999, type: 'renewal', stage: 'lost' }),
      deal({ dealId: 'a4-new', accountId: 'a4', closedAt: '2024-05-01', amount: 7_000 }), // new logo: not in base
      deal({ dealId: 'a5-new', accountId: 'a5', closedAt: '2023-05-01', amount: null }), // unknown amount
    ];
    // NRR = (12000 + 0 + 4000) / (10000 + 5000 + 5000) = 16000 / 20000 = 0.8
    // GRR = (min(10000,12000) + 0 + min(5000,4000)) / 20000 = 14000 / 20000 = 0.7
    const result = run(metric, tables({ deals }), asOf, { minN: 3 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.8);
    expect(result.n).toBe(3);
    expect(byKey(result.evidence)).toMatchObject({
      earlierAmount: 20_000,
      laterAmount: 16_000,
      laterAmountByType: [{ id: 'new', amount: 0 }, { id: 'renewal', amount: 14_000 }, { id: 'expansion', amount: 2_000 }],
      grossRetention: 0.7,
      retainedAccounts: 2,
      churnedAccounts: 1,
      wonDealsWithoutAmount: 1,
      topExpansions: [{ id: 'a1', earlier: 10_000, later: 12_000 }],
      topChurned: [{ id: 'a2', earlier: 5_000 }],
    });
    // Seeded bootstrap over the 3 base accounts: brackets 0.8, and is the same on every run.
    const [lo, hi] = result.interval!;
    expect(lo).toBeLessThanOrEqual(0.8);
    expect(hi).toBeGreaterThanOrEqual(0.8);
    expect(lo).toBeGreaterThanOrEqual(0);
    const again = run(metric, tables({ deals }), asOf, { minN: 3 });
    expect(again.kind === 'measured' && again.interval).toEqual(result.interval);
  });

  describe('from subscriptions (recurring revenue at 2024-01-02 and just before T)', () => {
    it('no subscription rows paying at the window start: insufficient, with the source', () => {
      const result = run(metric, tables({ subscriptions: [subscription({ startAt: '2024-06-01' })] }), asOf, { minN: 1 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
      expect(byKey(result.evidence)).toMatchObject({ source: 'subscriptions', baseAccounts: 0 });
    });

    it('invoices only: insufficient, asking for subscriptions', () => {
      const result = run(metric, tables({ subscriptions: [subscription({ kind: 'invoice', status: 'paid', startAt: '2023-06-01' })] }), asOf, { minN: 1 });
      expect(result).toMatchObject({ kind: 'insufficient', needs: [{ kind: 'table', table: 'subscriptions' }] });
    });

    it('computes NRR by hand: retained, churned, expanded, cancelled then resumed, trial and other currency left out', () => {
      const subscriptions = [
        subscription({ accountId: 'keep', startAt: '2023-03-01', amount: 100 }),
        subscription({ accountId: 'churn', status: 'canceled', startAt: '2023-03-01', endAt: '2024-06-01', amount: 100 }),
        subscription({ accountId: 'grow', startAt: '2023-03-01', amount: 100 }),
        subscription({ accountId: 'grow', startAt: '2024-05-01', amount: 50 }),
        subscription({ accountId: 'back', status: 'canceled', startAt: '2023-03-01', endAt: '2023-06-01', amount: 100 }), // not paying at the start
        subscription({ accountId: 'back', startAt: '2023-09-01', amount: 100 }), // ... resumed before it
        subscription({ accountId: 'trial', trial: true, amount: 0, startAt: '2023-03-01' }),
        subscription({ accountId: 'eur', startAt: '2023-03-01', amount: null, excludedCurrency: 'EUR' }),
        subscription({ accountId: 'new', startAt: '2024-03-01', amount: 500 }), // not in the base
      ];
      const result = run(metric, tables({ subscriptions, deals: [deal({ type: 'renewal' })] }), asOf, { minN: 4 });
      // base keep, churn, grow, back: 400 at the start; 100 + 0 + 150 + 100 = 350 at the end.
      expect(result).toMatchObject({ kind: 'measured', value: 0.875, n: 4 });
      expect(byKey(result.evidence)).toMatchObject({
        source: 'subscriptions', startRecurring: 400, endRecurring: 350, churnedAccounts: 1, retainedAccounts: 3, grossRetention: 0.75,
        customersWithoutAmount: 1, excludedCurrencyEUR: 1, customersWithSeveralSubscriptions: 1,
      });
      if (result.kind === 'measured') expect(result.notes?.[0]).toMatch(/1 of 4 base customers hold several paid subscriptions/);
    });

    it('most base customers holding several subscriptions at once (versions without end dates): insufficient, asking for end dates', () => {
      const subscriptions = ['a', 'b', 'c'].flatMap((a) => [
        subscription({ accountId: a, startAt: '2023-03-01', amount: 100 }),
        subscription({ accountId: a, startAt: '2024-04-01', amount: 200 }), // an upgrade written as a new row, the old one never ended
      ]);
      const result = run(metric, tables({ subscriptions }), asOf, { minN: 1 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 3, needs: [{ kind: 'column', table: 'subscriptions', field: 'endAt' }] });
      expect(byKey(result.evidence)).toMatchObject({ customersWithSeveralSubscriptions: 3 });
      expect(run(metric, tables({ subscriptions }), asOf, { minN: 1, maxSeveralShare: 1 })).toMatchObject({ kind: 'measured', value: 3 });
    });

    it('a customer that links to no account still counts as its own customer', () => {
      const subscriptions = [subscription({ accountId: 'cus_unlinked', startAt: '2023-03-01', amount: 80 })];
      expect(run(metric, tables({ subscriptions }), asOf, { minN: 1 })).toMatchObject({ kind: 'measured', value: 1, n: 1 });
    });
  });
});
