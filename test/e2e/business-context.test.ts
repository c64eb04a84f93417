/**
 * Business context through the built CLI: fiscal calendar (and currency, pipelines) from
 * pullcheck.config.yaml, shown in the report's inputs and in `inspect`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { byKey } from '../helpers/evidence.js';
import type { Evidence } from '../../src/report/contract/evidence.js';

interface Check { id: string; status: string; value: number | null; evidence: Evidence }
interface Report { inputs: { context: Record<string, unknown> }; categories: Array<{ checks: Check[] }> }

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pullcheck-context-')), 'pullcheck.config.yaml');
  writeFileSync(path, text);
  return path;
}

function analyzeJson(dir: string, extra: string[] = []): Report {
  const r = runCli(['analyze', dir, '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
const check = (report: Report, id: string): Check => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;

describe('fiscal calendar', () => {
  it('fiscalYearStart: 2 moves the quarter ends of the quarter-end checks and is shown in the report and inspect', () => {
    const calendar = analyzeJson('fixtures/sales-led');
    const config = configFile('fiscalYearStart: 2\n');
    const fiscal = analyzeJson('fixtures/sales-led', ['--config', config]);
    expect(calendar.inputs.context).toMatchObject({ fiscalYearStart: 1, quarters: 'calendar quarters' });
    expect(fiscal.inputs.context).toMatchObject({ fiscalYearStart: 2, quarters: 'fiscal quarters of a year starting in February' });
    for (const id of ['quarter-end-close-concentration', 'quarter-end-discount-lift']) {
      expect(byKey(check(fiscal, id).evidence).quarters).toBe('fiscal quarters of a year starting in February');
      expect(byKey(check(calendar, id).evidence).quarters).toBe('calendar quarters');
    }
    // The sales-led company pushes deals into the last days of calendar quarters: a February
    // fiscal year puts other days at quarter end, so the concentration falls.
    const concentration = (r: Report) => check(r, 'quarter-end-close-concentration').value!;
    expect(concentration(fiscal)).toBeLessThan(concentration(calendar));

    const inspect = runCli(['inspect', 'fixtures/sales-led', '--config', config]);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain('Quarters: fiscal quarters of a year starting in February (fiscalYearStart: 2)');
  });

  it('a fiscalYearStart that is not a month number is a config error with file:line, exit 2', () => {
    const config = configFile('asOf: 2026-06-30\nfiscalYearStart: 14\n');
    const r = runCli(['analyze', 'fixtures/tiny', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}:2: fiscalYearStart: expected the month number the fiscal year starts in, 1–12 (2 = February), got 14`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

interface Currency { analysisCurrency: string | null; mode: string; excluded: Record<string, number>; byCurrency: Array<{ currency: string; use: string; rate: number | null }> }

describe('money: deals in several currencies', () => {
  const dir = 'fixtures/context/mixed-currency';

  it('without rates: analyses the main currency (most won amount) and counts the rest as excluded, per currency', () => {
    const r = runCli(['analyze', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report & { warnings: Array<{ code: string; message: string }> };
    const currency = report.inputs.context.currency as Currency;
    // EUR: 36 × 20,000 + 5 × 12,000 won; USD 8 × 30,000; GBP 4 × 15,000.
    expect(currency).toMatchObject({ analysisCurrency: 'EUR', mode: 'main', excluded: { USD: 8, GBP: 4 } });
    const discount = check(report, 'avg-discount-won');
    // (36 × 20,000 × 0.10 + 5 × 12,000 × 0) ÷ (720,000 + 60,000) = 72,000 ÷ 780,000
    expect(discount).toMatchObject({ n: 41 });
    expect(byKey(discount.evidence)).toMatchObject({ excludedCurrencyUSD: 8, excludedCurrencyGBP: 4, excludedMissingAmount: 0 });
    expect(discount.value).toBeCloseTo(72_000 / 780_000, 4);
    expect(byKey(check(report, 'sales-sourced-won-share').evidence)).toMatchObject({ excludedCurrencyUSD: 8, excludedCurrencyGBP: 4 });
    expect(report.warnings.find((w) => w.code === 'CURRENCY')!.message).toBe(
      'amounts analysed in EUR: the main currency (most won amount); amounts in other currencies excluded (give currency.rates and currency.base to convert them); amounts excluded from amount-based checks: USD 8 deals, GBP 4 deals',
    );
    const inspect = runCli(['inspect', dir]);
    expect(inspect.stdout).toContain('Currency: amounts analysed in EUR — the main currency (most won amount)');
    expect(inspect.stdout).toMatch(/USD {9}8 deals, 8 won \(won amount 240,000 USD\): excluded/);
  });

  it('with currency.rates: converts to the base currency and every win weighs in', () => {
    const config = configFile('currency:\n  base: EUR\n  rates: { USD: 0.9, GBP: 1.15 }\n');
    const report = analyzeJson(dir, ['--config', config]);
    expect(report.inputs.context.currency).toMatchObject({ analysisCurrency: 'EUR', mode: 'converted', excluded: {} });
    const discount = check(report, 'avg-discount-won');
    // + 8 × 27,000 × 0.40 + 4 × 17,250 × 0.40 = 72,000 + 86,400 + 27,600 = 186,000 over 780,000 + 216,000 + 69,000
    expect(discount).toMatchObject({ n: 53 });
    expect(discount.value).toBeCloseTo(186_000 / 1_065_000, 4);
    expect(discount.evidence.exclusions.filter((x) => x.key.startsWith('excludedCurrency'))).toEqual([]);
    const inspect = runCli(['inspect', dir, '--config', config]);
    expect(inspect.stdout).toMatch(/USD {9}8 deals, 8 won \(won amount 240,000 USD\): converted ×0\.9/);
  });

  it('reads currency symbols in amount cells ("€12,500", "£9,000.00") when there is no currency column', () => {
    const report = analyzeJson('fixtures/context/currency-symbols');
    expect(report.inputs.context.currency).toMatchObject({ analysisCurrency: 'EUR', mode: 'main', excluded: { GBP: 8 } });
  });

  it('a bad currency config is an error with file:line, exit 2', () => {
    const config = configFile('currency:\n  base: EUR\n  rates: { USD: none }\n');
    const r = runCli(['analyze', dir, '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}:3: currency.rates.USD: expected a positive number: the value of one unit in the base currency`);
  });
});

interface Pipelines { rule: string; byPipeline: Array<{ pipeline: string; deals: number; wonDeals: number; counted: boolean }>; excludedDeals: number; unmatchedConfig: string[] }

describe('scope: CRM pipelines', () => {
  it('counts every pipeline by default and shows the choice with per-pipeline counts (Salesforce record types)', () => {
    const report = analyzeJson('fixtures/context/mixed-currency') as Report & { inputs: { tables: Record<string, number> } };
    expect(report.inputs.context.pipelines).toEqual({
      rule: 'all pipelines (default; config pipelines.include / exclude narrows it)',
      byPipeline: [
        { pipeline: 'Sales', deals: 50, wonDeals: 44, counted: true },
        { pipeline: 'Customer Success', deals: 5, wonDeals: 5, counted: true },
        { pipeline: 'Partner', deals: 4, wonDeals: 4, counted: true },
      ],
      excludedDeals: 0,
      unmatchedConfig: [],
    });
    expect(report.inputs.tables.deals).toBe(59);
  });

  it('pipelines.exclude leaves a pipeline out of every check, counted in the report, warnings and inspect', () => {
    const config = configFile('pipelines:\n  exclude: [customer success, Upsell]\n');
    const r = runCli(['analyze', 'fixtures/context/mixed-currency', '--format', 'json', '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report & { inputs: { tables: Record<string, number> }; warnings: Array<{ code: string; message: string }> };
    const pipelines = report.inputs.context.pipelines as Pipelines;
    expect(pipelines).toMatchObject({ rule: 'exclude: customer success, Upsell', excludedDeals: 5, unmatchedConfig: ['Upsell'] });
    expect(report.inputs.tables.deals).toBe(54);
    // The 5 renewals (0% discount) of the Customer Success record type no longer weigh in: 36 EUR wins at 10%.
    expect(check(report, 'avg-discount-won')).toMatchObject({ n: 36, value: 0.1 });
    expect(report.warnings.find((w) => w.code === 'PIPELINES')!.message).toBe(
      '5 deals outside the pipelines in scope (exclude: customer success, Upsell) are not analysed: Customer Success (5 deals); config pipelines name no pipeline in the data: Upsell (pipelines found: Sales, Customer Success, Partner)',
    );
    const terminal = runCli(['analyze', 'fixtures/context/mixed-currency', '--config', config]);
    expect(terminal.stdout).toContain('  context: calendar quarters · amounts in EUR, 12 deals in other currencies excluded · pipelines: Sales, Partner (5 deals in others left out)');
    const inspect = runCli(['inspect', 'fixtures/context/mixed-currency', '--config', config]);
    expect(inspect.stdout).toContain('Pipelines: exclude: customer success, Upsell; 5 deals left out');
    expect(inspect.stdout).toContain('  Customer Success: 5 deals, 5 won — left out');
    expect(inspect.stdout).toContain('  not in the data: Upsell');
  });

  it('pipelines.include keeps only the named HubSpot pipelines', () => {
    const config = configFile('pipelines:\n  include: [Sales Pipeline]\n');
    const report = analyzeJson('fixtures/context/currency-symbols', ['--config', config]) as Report & { inputs: { tables: Record<string, number> } };
    expect(report.inputs.context.pipelines).toMatchObject({ excludedDeals: 6, byPipeline: [{ pipeline: 'Sales Pipeline', deals: 34, counted: true }, { pipeline: 'Partner pipeline', deals: 6, counted: false }] });
    expect(report.inputs.tables.deals).toBe(34);
  });
});

interface InspectFile { path: string; mapping: Record<string, string>; values: Record<string, Array<{ from: string; to: string; rows: number }>> }

describe("vendors' vocabularies and deal columns named their own way", () => {
  const inspectJson = (dir: string): { files: InspectFile[] } => {
    const r = runCli(['inspect', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { files: InspectFile[] };
  };
  const mapped = (f: InspectFile, field: string) => Object.fromEntries(f.values[field]!.map((v) => [v.from, v.to]));

  it('HubSpot Original Source labels and internal values map to product / unknown, and unknown ones are counted', () => {
    const f = inspectJson('fixtures/context/currency-symbols').files[0]!;
    expect(mapped(f, 'source')).toMatchObject({
      'Organic search': 'product', 'Direct traffic': 'product', 'Paid search': 'product', Referrals: 'product', 'Email marketing': 'product',
      'Social media': 'product', 'AI referrals': 'product', PAID_SOCIAL: 'product', 'Offline Sources': 'unknown', OFFLINE: 'unknown',
    });
    const report = analyzeJson('fixtures/context/currency-symbols');
    const share = check(report, 'sales-sourced-won-share');
    // 40 deals, source = list[k % 10]; lost when k % 8 = 0. Offline (unknown) at k = 2, 8, 12, 18, 22, 28, 32, 38,
    // of which 8 and 32 are lost: 6 unknown wins of 35; none sales-sourced.
    expect(byKey(share.evidence)).toMatchObject({ unknownSourceCount: 6, salesSourcedCount: 0, productSourcedCount: 29 });
  });

  it('Salesforce Lead Source picklist values and own-named deal columns (Opportunity Type, Discount (%), Features promised)', () => {
    const f = inspectJson('fixtures/context/own-columns').files[0]!;
    expect(f.mapping).toMatchObject({ type: 'Opportunity Type', discount: 'Discount (%)', promisedFeatures: 'Features promised', source: 'lead_source' });
    expect(mapped(f, 'source')).toEqual({ Web: 'product', 'Phone Inquiry': 'product', 'Partner Referral': 'sales', 'Purchased List': 'sales' });
    expect(mapped(f, 'type')).toEqual({ 'New Business': 'new', 'Existing Business - Upgrade': 'expansion', Renewal: 'renewal' });
    const report = analyzeJson('fixtures/context/own-columns');
    // 9 wins, all with a discount: measured columns, too few deals for a value.
    expect(byKey(check(report, 'avg-discount-won').evidence)).toMatchObject({ wonDeals: 9, usedDeals: 9, excludedMissingDiscount: 0 });
    expect(byKey(check(report, 'promised-features-deal-rate').evidence)).toMatchObject({ wonDeals: 9, withPromises: 3 });
  });

  it('a deals export without a discount column says the discount may live on line items and how to map it', () => {
    const report = analyzeJson('fixtures/context/currency-symbols') as Report & { categories: Array<{ checks: Array<Check & { reason: string | null }> }> };
    const reason = (id: string) => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!.reason!;
    for (const id of ['avg-discount-won', 'quarter-end-discount-lift']) {
      expect(reason(id)).toContain('the deals export has no discount or list amount column (discounts often live on line items, not deals: Salesforce OpportunityLineItem "Discount", HubSpot line items hs_discount_percentage;');
    }
  });
});

describe('money: amounts the CRM already converted', () => {
  it('HubSpot "Amount in company currency" makes deals in EUR, GBP and USD comparable without rates', () => {
    const report = analyzeJson('fixtures/context/home-currency');
    // Won: 10,800 (EUR deal) + 10,160 (GBP deal) + 12,000 (USD deal) in the company currency.
    expect(report.inputs.context.currency).toMatchObject({
      analysisCurrency: 'company currency', mode: 'single', excluded: {},
      byCurrency: [{ currency: 'company currency', deals: 5, wonDeals: 3, wonAmount: 32960, use: 'analysed' }],
    });
    const named = analyzeJson('fixtures/context/home-currency', ['--config', configFile('currency:\n  base: USD\n')]);
    expect(named.inputs.context.currency).toMatchObject({ analysisCurrency: 'USD', mode: 'single', excluded: {} });
    const inspect = runCli(['inspect', 'fixtures/context/home-currency', '--format', 'json']);
    expect((JSON.parse(inspect.stdout) as { files: InspectFile[] }).files[0]!.mapping).toMatchObject({ amount: 'Amount', homeAmount: 'Amount in company currency', currency: 'Currency', pipeline: 'Pipeline' });
  });
});

describe('Pipedrive sources', () => {
  it('reads the source channel before the source origin, and maps origins such as Prospector and Web forms', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-pipedrive-'));
    writeFileSync(
      join(dir, 'deals.csv'),
      [
        'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Pipeline,Deal - Source origin,Deal - Source channel',
        '1,A,100,EUR,won,Sales,Manually created,Paid search',
        '2,B,100,EUR,won,Sales,Prospector,',
        '3,C,100,EUR,won,Sales,Web forms,',
        '4,D,100,EUR,lost,Sales,Manually created,',
        '5,E,100,EUR,won,Sales,API,',
      ].join('\n'),
    );
    const r = runCli(['inspect', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const f = (JSON.parse(r.stdout) as { files: InspectFile[] }).files[0]!;
    expect(f.mapping.source).toBe('Deal - Source channel | Deal - Source origin');
    expect(Object.fromEntries(f.values.source!.map((v) => [v.from, v.to]))).toEqual({
      'Paid search': 'product', Prospector: 'sales', 'Web forms': 'product', 'Manually created': 'unknown', API: 'unknown',
    });
  });
});
