/** Amount-based checks never mix currencies: amounts set aside at ingest are counted per currency. */
import { describe, expect, it } from 'vitest';
import { applyCurrency } from '../../src/ingest/currency.js';
import avgDiscountWon from '../../src/metrics/checks/avg-discount-won.js';
import nrrFromDeals from '../../src/metrics/checks/nrr-from-deals.js';
import salesSourcedWonShare from '../../src/metrics/checks/sales-sourced-won-share.js';
import type { Deal } from '../../src/core/model.js';
import { deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31';
const inCurrency = (d: Deal, currency: string): Deal => ({ ...d, currency });

describe('amount-based checks with deals in two currencies', () => {
  // 30 EUR wins (sales-sourced, 1,000 each, 10% off) and 5 GBP wins (product-sourced, 1,000 each, 50% off): EUR has most won amount.
  const eur = Array.from({ length: 30 }, (_, i) => inCurrency(deal({ dealId: `e${i}`, accountId: `a${i}`, amount: 1000, discount: 0.1, source: 'outbound', closedAt: '2024-06-01' }), 'EUR'));
  const gbp = Array.from({ length: 5 }, (_, i) => inCurrency(deal({ dealId: `g${i}`, accountId: `b${i}`, amount: 1000, discount: 0.5, source: 'inbound', closedAt: '2024-06-01' }), 'GBP'));

  it('without rates: only the main currency (EUR) is weighted; GBP wins are counted as excluded, not as missing amounts', () => {
    const deals = [...eur, ...gbp].map((d) => ({ ...d }));
    expect(applyCurrency(deals)).toMatchObject({ analysisCurrency: 'EUR', excluded: { GBP: 5 } });
    const discount = run(avgDiscountWon, tables({ deals }), asOf);
    expect(discount).toMatchObject({ kind: 'measured', value: 0.1, n: 30 });
    expect(byKey(discount.evidence)).toMatchObject({ excludedMissingAmount: 0, excludedCurrencyGBP: 5 });
    const share = run(salesSourcedWonShare, tables({ deals }), asOf);
    expect(share).toMatchObject({ kind: 'measured', value: 1 });
    expect(byKey(share.evidence)).toMatchObject({ excludedMissingAmount: 0, excludedCurrencyGBP: 5 });
  });

  it('with rates: GBP is converted and weighs in (Σ amount × discount ÷ Σ amount)', () => {
    const deals = [...eur, ...gbp].map((d) => ({ ...d }));
    applyCurrency(deals, { base: 'EUR', rates: { GBP: 1.2 } });
    // (30 × 1,000 × 0.1 + 5 × 1,200 × 0.5) ÷ (30,000 + 6,000) = 6,000 ÷ 36,000 = 0.1667
    const discount = run(avgDiscountWon, tables({ deals }), asOf);
    expect(discount.kind).toBe('measured');
    if (discount.kind === 'measured') {
      expect(discount.value).toBeCloseTo(6_000 / 36_000, 4);
      expect(byKey(discount.evidence).excludedCurrencyGBP).toBeUndefined();
    }
  });

  it('says in the insufficient reason when excluded currencies leave too few deals', () => {
    const deals = [...eur.slice(0, 10), ...gbp].map((d) => ({ ...d }));
    applyCurrency(deals, { base: 'EUR' });
    const result = run(avgDiscountWon, tables({ deals }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toBe('10 won deals with a known discount and amount in the last 365 days; need 30; 5 more with amounts in other currencies excluded (GBP 5; config currency.rates converts them)');
  });

  it('nrr-from-deals counts excluded renewals per currency, never adding them to the other currency', () => {
    const deals: Deal[] = [];
    for (let i = 0; i < 30; i++) {
      deals.push(inCurrency(deal({ dealId: `n${i}`, accountId: `a${i}`, amount: 1000, closedAt: '2023-06-01' }), 'USD'));
      deals.push(inCurrency(deal({ dealId: `r${i}`, accountId: `a${i}`, amount: 900, type: 'renewal', closedAt: '2024-06-01' }), i < 3 ? 'EUR' : 'USD'));
    }
    applyCurrency(deals);
    const result = run(nrrFromDeals, tables({ deals }), asOf);
    // 27 renewals of 900 in USD over 30 × 1,000: 24,300 ÷ 30,000 = 0.81; the 3 EUR renewals are set aside.
    expect(result).toMatchObject({ kind: 'measured', value: 0.81 });
    expect(byKey(result.evidence)).toMatchObject({ wonDealsWithoutAmount: 0, excludedCurrencyEUR: 3 });
  });

  it('single-currency data adds no currency evidence', () => {
    const deals = eur.map((d) => ({ ...d }));
    applyCurrency(deals);
    const result = run(avgDiscountWon, tables({ deals }), asOf);
    expect(result.kind === 'measured' && result.evidence.exclusions.some((x) => x.key.startsWith('excludedCurrency'))).toBe(false);
  });
});
