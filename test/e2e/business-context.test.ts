/**
 * Business context through the built CLI: fiscal calendar (and currency, pipelines) from
 * pullcheck.config.yaml, shown in the report's inputs and in `inspect`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Check { id: string; status: string; value: number | null; evidence: Record<string, unknown> }
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
      expect(check(fiscal, id).evidence.quarters).toBe('fiscal quarters of a year starting in February');
      expect(check(calendar, id).evidence.quarters).toBe('calendar quarters');
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
    expect(discount).toMatchObject({ n: 41, evidence: { excludedOtherCurrency: { USD: 8, GBP: 4 }, excludedMissingAmount: 0 } });
    expect(discount.value).toBeCloseTo(72_000 / 780_000, 4);
    expect(check(report, 'sales-sourced-won-share').evidence.excludedOtherCurrency).toEqual({ USD: 8, GBP: 4 });
    expect(report.warnings.find((w) => w.code === 'CURRENCY')!.message).toBe(
      'amounts analysed in EUR (the main currency (most won amount); amounts in other currencies excluded (give currency.rates and currency.base to convert them)); amounts excluded from amount-based checks: USD 8 deals, GBP 4 deals',
    );
    const inspect = runCli(['inspect', dir]);
    expect(inspect.stdout).toContain('Currency: amounts analysed in EUR — the main currency (most won amount)');
    expect(inspect.stdout).toMatch(/USD {9}8 deals, 8 won \(won amount 240,000\): excluded/);
  });

  it('with currency.rates: converts to the base currency and every win weighs in', () => {
    const config = configFile('currency:\n  base: EUR\n  rates: { USD: 0.9, GBP: 1.15 }\n');
    const report = analyzeJson(dir, ['--config', config]);
    expect(report.inputs.context.currency).toMatchObject({ analysisCurrency: 'EUR', mode: 'converted', excluded: {} });
    const discount = check(report, 'avg-discount-won');
    // + 8 × 27,000 × 0.40 + 4 × 17,250 × 0.40 = 72,000 + 86,400 + 27,600 = 186,000 over 780,000 + 216,000 + 69,000
    expect(discount).toMatchObject({ n: 53 });
    expect(discount.value).toBeCloseTo(186_000 / 1_065_000, 4);
    expect(discount.evidence.excludedOtherCurrency).toBeUndefined();
    const inspect = runCli(['inspect', dir, '--config', config]);
    expect(inspect.stdout).toMatch(/USD {9}8 deals, 8 won \(won amount 240,000\): converted ×0\.9/);
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
