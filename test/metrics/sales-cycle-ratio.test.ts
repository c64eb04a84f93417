import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/sales-cycle-ratio.js';
import { deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window: closedAt in [2024-01-02, 2025-01-01)

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
const win = (id: string, source: string | null, cycleDays: number, p: Parameters<typeof deal>[0] = {}) =>
  deal({ dealId: id, source, closedAt: '2024-06-01', createdAt: daysBefore('2024-06-01', cycleDays), ...p });

describe('sales-cycle-ratio', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one win', () => {
    const result = run(metric, tables({ deals: [win('a', 'outbound', 30)] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
    if (result.kind === 'insufficient') {
      expect(result.reason).toBe('1 sales-sourced win and 0 product/inbound wins with known dates in the last 365 days; need 5 of each');
    }
  });

  it('divides the sales-sourced median cycle by the product/inbound one, with win rates by source', () => {
    const deals = [
      win('s1', 'outbound', 30, { amount: 50_000 }),
      win('s2', 'sdr', 60, { amount: 70_000 }),
      win('s3', 'event', 90, { amount: 90_000 }),
      win('p1', 'self-serve', 10, { amount: 5_000 }),
      win('p2', 'inbound', 20, { amount: 6_000 }),
      win('p3', 'pql', 30, { amount: 7_000 }),
      win('u1', null, 500), // unknown source: excluded
      win('nc', 'outbound', 0, { createdAt: null }), // no created date: excluded
      win('neg', 'inbound', 0, { createdAt: '2024-07-01' }), // closed before created: excluded
      win('old', 'outbound', 1, { closedAt: '2023-12-31', createdAt: '2023-12-30' }), // outside window
      deal({ dealId: 'l1', source: 'outbound', stage: 'lost', closedAt: '2024-05-01' }),
      deal({ dealId: 'l2', source: 'outbound', stage: 'lost', closedAt: '2024-05-01' }),
      deal({ dealId: 'l3', source: 'organic', stage: 'lost', closedAt: '2024-05-01' }),
      deal({ dealId: 'o1', source: 'organic', stage: 'open', closedAt: null }),
    ];
    // sales median of 30, 60, 90 = 60; product median of 10, 20, 30 = 20; ratio 60 / 20 = 3
    // win rate sales: won s1, s2, s3, nc = 4, lost 2 → 4/6 = 0.6667; product: won p1, p2, p3, neg = 4, lost 1 → 0.8
    const result = run(metric, tables({ deals }), asOf, { minN: 3 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(3);
    expect(result.n).toBe(6);
    expect(byKey(result.evidence)).toMatchObject({
      salesMedianCycleDays: 60,
      productMedianCycleDays: 20,
      salesSourcedWins: 3,
      productSourcedWins: 3,
      salesMedianAmount: 70_000,
      productMedianAmount: 6_000,
      excludedUnknownSource: 1,
      excludedMissingCreatedDate: 1,
      excludedCloseBeforeCreate: 1,
      winRateBySource: [
        { id: 'sales', won: 4, lost: 2, rate: 0.6667 },
        { id: 'product', won: 4, lost: 1, rate: 0.8 },
        { id: 'unknown', won: 1, lost: 0, rate: 1 },
      ],
    });
    expect(result.notes).toBeUndefined();
    expect(result.interval).toBeDefined();
  });

  it('counts a same-day close as 1 day: product wins all same-day, sales wins 30 days → 30', () => {
    const deals = [
      ...Array.from({ length: 5 }, (_, i) => win(`s${i}`, 'outbound', 30)),
      ...Array.from({ length: 5 }, (_, i) => win(`p${i}`, 'product', 0)),
    ];
    // product cycles 0 → floored to 1; sales median 30 ÷ product median 1 = 30 (was a zero denominator)
    const result = run(metric, tables({ deals }), asOf);
    expect(result).toMatchObject({
      kind: 'measured',
      value: 30,
      n: 10,
    });
    expect(byKey(result.evidence)).toMatchObject({ salesMedianCycleDays: 30, productMedianCycleDays: 1, cyclesFlooredToOneDay: 5 });
    if (result.kind !== 'measured') return;
    // Every resample of constant sides gives 30 / 1.
    expect(result.interval).toEqual([30, 30]);
  });

  it('floors sub-day cycles (created and closed within hours) at 1 day, but still excludes negative cycles', () => {
    const deals = [
      ...Array.from({ length: 5 }, (_, i) => win(`s${i}`, 'outbound', 12)),
      // created 08:00, closed 20:00 the same day: 0.5 days → 1
      ...Array.from({ length: 5 }, (_, i) =>
        deal({ dealId: `p${i}`, source: 'inbound', createdAt: '2024-06-01T08:00:00Z', closedAt: '2024-06-01T20:00:00Z' }),
      ),
      win('neg', 'inbound', 0, { createdAt: '2024-07-01' }), // closed before created: excluded, not floored
      // a date-only close beside a timestamped creation the same day: not before, floored to 1 day
      deal({ dealId: 'sameDay', source: 'inbound', createdAt: '2024-06-01T15:30:00Z', closedAt: '2024-06-01' }),
      // closed the day before it was created (by an hour): excluded
      deal({ dealId: 'dayBefore', source: 'inbound', createdAt: '2024-06-02T00:30:00Z', closedAt: '2024-06-01T23:30:00Z' }),
    ];
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({
      kind: 'measured',
      value: 12,
      n: 11,
    });
    expect(byKey(run(metric, tables({ deals }), asOf).evidence)).toMatchObject({ productMedianCycleDays: 1, cyclesFlooredToOneDay: 6, excludedCloseBeforeCreate: 2 });
  });

  it('is 1 when both sides close same-day (1 day each), and notes the absence of lost deals', () => {
    const deals = [
      ...Array.from({ length: 5 }, (_, i) => win(`s${i}`, 'outbound', 0)),
      ...Array.from({ length: 5 }, (_, i) => win(`p${i}`, 'product', 0)),
    ];
    const result = run(metric, tables({ deals }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 1, n: 10 });
    if (result.kind === 'measured') expect(result.notes?.[0]).toMatch(/no lost deals/);
  });

  it('uses fractional days (even count medians)', () => {
    const deals = [
      win('s1', 'outbound', 10), win('s2', 'outbound', 20), win('s3', 'outbound', 30), win('s4', 'outbound', 40), win('s5', 'outbound', 50),
      win('p1', 'inbound', 4), win('p2', 'inbound', 6), win('p3', 'inbound', 8), win('p4', 'inbound', 12), win('p5', 'inbound', 14), win('p6', 'inbound', 16),
    ];
    // sales median 30; product median (8 + 12) / 2 = 10 → 3
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'measured', value: 3, n: 11 });
  });
});
