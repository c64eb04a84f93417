import { describe, expect, it } from 'vitest';
import { applyCurrency, currencyCode, currencyInAmount } from '../../src/ingest/currency.js';
import { RowReader, ROW_BUILDERS } from '../../src/ingest/rows.js';
import type { Deal } from '../../src/core/model.js';
import { deal } from '../helpers/factories.js';

describe('currency cells', () => {
  it.each([
    ['EUR', 'EUR'], ['eur', 'EUR'], [' usd ', 'USD'], ['€', 'EUR'], ['£', 'GBP'], ['Euro', 'EUR'], ['US Dollar', 'USD'],
    ['USD - U.S. Dollar', 'USD'], ['EUR (Euro)', 'EUR'], ['CA$', 'CAD'], ['Dollars', 'DOLLARS'], ['', null], [null, null],
  ])('currency column %j → %j', (cell, code) => {
    expect(currencyCode(cell)).toBe(code);
  });

  it.each([
    ['€12,500', 'EUR'], ['USD 900', 'USD'], ['900 USD', 'USD'], ['12.500,00 €', 'EUR'], ['£1,200.50', 'GBP'], ['$12,500', 'USD'],
    ['CA$ 1,000', 'CAD'], ['CHF 1200', 'CHF'], ['1200 sek', 'SEK'], ['TBD 500', null], ['-€50', 'EUR'], ['(€1,200)', 'EUR'], ['12500', null], ['250k', null], ['1.2M', null], ['', null], [undefined, null],
  ])('amount cell %j → %j', (cell, code) => {
    expect(currencyInAmount(cell)).toBe(code);
  });

  it('a deal row takes its currency column, else the currency written in its amount cell', () => {
    const build = ROW_BUILDERS.deals as (r: RowReader) => Deal;
    const row = (cells: Record<string, string>) => build(new RowReader(cells));
    expect(row({ dealId: 'd1', stage: 'won', amount: '€12,500' })).toMatchObject({ amount: 12500, currency: 'EUR' });
    expect(row({ dealId: 'd1', stage: 'won', amount: '12500', currency: 'gbp' })).toMatchObject({ amount: 12500, currency: 'GBP' });
    expect(row({ dealId: 'd1', stage: 'won', amount: '12500' })).toMatchObject({ amount: 12500, currency: null });
  });
});

const won = (dealId: string, amount: number | null, currency: string | null, extra: Partial<Deal> = {}): Deal => ({ ...deal({ dealId, amount }), currency, ...extra });

describe('applyCurrency', () => {
  it('returns null and changes nothing when no deal names a currency (no rows, or no currency column)', () => {
    expect(applyCurrency([])).toBeNull();
    const deals = [won('a', 100, null)];
    expect(applyCurrency(deals)).toBeNull();
    expect(deals[0]!.amount).toBe(100);
  });

  it('one currency: amounts as they are, blanks taken to be in it', () => {
    const deals = [won('a', 100, 'EUR'), won('b', 50, null)];
    const c = applyCurrency(deals)!;
    expect(c).toMatchObject({ analysisCurrency: 'EUR', mode: 'single', excluded: {} });
    expect(c.byCurrency).toEqual([
      { currency: 'EUR', deals: 1, wonDeals: 1, wonAmount: 100, rate: null, use: 'analysed' },
      { currency: 'unspecified', deals: 1, wonDeals: 1, wonAmount: 50, rate: null, use: 'analysed' },
    ]);
    expect(deals.map((d) => d.amount)).toEqual([100, 50]);
  });

  it('several currencies, no rates: keeps the one with most won amount and sets the others aside, counted', () => {
    // EUR wins 300, USD wins 250 in more deals: the main currency is EUR (won amount, not count).
    const deals = [
      won('e1', 200, 'EUR'), won('e2', 100, 'EUR'),
      won('u1', 100, 'USD'), won('u2', 100, 'USD'), won('u3', 50, 'USD'),
      won('g1', 999, 'GBP', { stage: 'lost' }), won('x', 10, null),
    ];
    const c = applyCurrency(deals)!;
    expect(c).toMatchObject({ analysisCurrency: 'EUR', mode: 'main', excluded: { USD: 3, GBP: 1, unspecified: 1 } });
    expect(deals.map((d) => d.amount)).toEqual([200, 100, null, null, null, null, null]);
    expect(deals.map((d) => d.excludedCurrency ?? null)).toEqual([null, null, 'USD', 'USD', 'USD', 'GBP', 'unspecified']);
    expect(c.byCurrency.find((x) => x.currency === 'GBP')).toEqual({ currency: 'GBP', deals: 1, wonDeals: 0, wonAmount: 0, rate: null, use: 'excluded' });
  });

  it('breaks a tie in won amount by deal count, then by code', () => {
    expect(applyCurrency([won('a', 100, 'USD'), won('b', 100, 'EUR')])!.analysisCurrency).toBe('EUR');
    expect(applyCurrency([won('a', 100, 'USD'), won('b', 50, 'EUR'), won('c', 50, 'EUR', { stage: 'open' })])!.analysisCurrency).toBe('USD');
  });

  it('config base without rates keeps the base currency', () => {
    const deals = [won('e', 300, 'EUR'), won('u', 100, 'USD')];
    expect(applyCurrency(deals, { base: 'USD' })).toMatchObject({ analysisCurrency: 'USD', mode: 'base', excluded: { EUR: 1 } });
    expect(deals.map((d) => d.amount)).toEqual([null, 100]);
  });

  it('config rates convert to the base currency; a currency without a rate is excluded', () => {
    const deals = [won('u', 100, 'USD'), won('e', 1000, 'EUR'), won('g', 10, 'GBP'), won('j', 5000, 'JPY'), won('open', null, 'EUR', { stage: 'open' })];
    const c = applyCurrency(deals, { base: 'USD', rates: { EUR: 1.08, GBP: 1.27 } })!;
    expect(c).toMatchObject({ analysisCurrency: 'USD', mode: 'converted', excluded: { JPY: 1 } });
    expect(deals.map((d) => d.amount)).toEqual([100, 1080, 12.7, null, null]);
    expect(c.byCurrency.find((x) => x.currency === 'EUR')).toEqual({ currency: 'EUR', deals: 2, wonDeals: 1, wonAmount: 1000, rate: 1.08, use: 'converted' });
  });

  it('config rates on single-currency data in another currency convert every deal, blanks included', () => {
    const deals = [won('e', 100, 'EUR'), won('b', 10, null)];
    expect(applyCurrency(deals, { base: 'USD', rates: { EUR: 2 } })).toMatchObject({ analysisCurrency: 'USD', mode: 'converted', excluded: {} });
    expect(deals.map((d) => d.amount)).toEqual([200, 20]);
  });
});

describe('amounts the CRM converted to the company currency', () => {
  it('a deal row with "Amount in company currency" takes that amount, in the company currency', () => {
    const build = ROW_BUILDERS.deals as (r: RowReader) => Deal;
    const row = (cells: Record<string, string>) => build(new RowReader(cells));
    expect(row({ dealId: 'd1', stage: 'won', amount: '8000', currency: 'GBP', homeAmount: '10160' })).toMatchObject({ amount: 10160, currency: 'company currency' });
    // Blank in a file that has the column: a blank amount, not a deal in another currency.
    expect(row({ dealId: 'd2', stage: 'open', amount: '', currency: 'GBP', homeAmount: '' })).toMatchObject({ amount: null, currency: 'company currency' });
    // The file has the column but this deal only has its own amount: its own currency.
    expect(row({ dealId: 'd3', stage: 'won', amount: '500', currency: 'GBP', homeAmount: '' })).toMatchObject({ amount: 500, currency: 'GBP' });
  });

  it('is one currency for the analysis, named by config currency.base', () => {
    const deals = [won('a', 10800, 'company currency'), won('b', 10160, 'company currency')];
    expect(applyCurrency(deals.map((d) => ({ ...d })))).toMatchObject({ analysisCurrency: 'company currency', mode: 'single', excluded: {} });
    expect(applyCurrency(deals.map((d) => ({ ...d })), { base: 'USD' })).toMatchObject({ analysisCurrency: 'USD', mode: 'single', excluded: {} });
  });

  it('sets nothing aside for a deal in another currency without an amount', () => {
    const deals = [won('a', 100, 'EUR'), won('b', 50, 'EUR'), won('c', null, 'USD'), won('d', 10, 'USD')];
    expect(applyCurrency(deals)).toMatchObject({ analysisCurrency: 'EUR', excluded: { USD: 1 } });
    expect(deals.map((d) => d.excludedCurrency ?? null)).toEqual([null, null, null, 'USD']);
  });
});
