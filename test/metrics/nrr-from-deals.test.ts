import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/nrr-from-deals.js';
import { deal, run, tables } from '../helpers/factories.js';

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
    expect(result).toMatchObject({ kind: 'insufficient', n: 0, evidence: { wonDealsWithoutAmount: 1 } });
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
    expect(result.evidence).toMatchObject({
      earlierAmount: 20_000,
      laterAmount: 16_000,
      laterAmountByType: { new: 0, renewal: 14_000, expansion: 2_000 },
      grossRetention: 0.7,
      retainedAccounts: 2,
      churnedAccounts: 1,
      wonDealsWithoutAmount: 1,
      topExpansions: [{ account: 'a1', earlier: 10_000, later: 12_000 }],
      topChurned: [{ account: 'a2', earlier: 5_000 }],
    });
    // Seeded bootstrap over the 3 base accounts: brackets 0.8, and is the same on every run.
    const [lo, hi] = result.interval!;
    expect(lo).toBeLessThanOrEqual(0.8);
    expect(hi).toBeGreaterThanOrEqual(0.8);
    expect(lo).toBeGreaterThanOrEqual(0);
    const again = run(metric, tables({ deals }), asOf, { minN: 3 });
    expect(again.kind === 'measured' && again.interval).toEqual(result.interval);
  });
});
