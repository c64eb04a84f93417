/**
 * Units in the text reports (issue 17, item 10): one formatting module (src/renderers/format.ts)
 * decides how each unit prints. Shares print as percents, intervals as ranges in their value's
 * unit ("50.1%–67.1%", never "interval 0=0.5007 1=0.6714"), amounts with the analysis currency,
 * counts with thousands separators, a count of one singular ("1 row"), a noise wider than the
 * 0–100 scale in words; JSON keeps the raw numbers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import type { Evidence } from '../../src/report/contract/evidence.js';
import { byKey } from '../helpers/evidence.js';

/** The terminal report wraps lines: compare its words, not its line breaks. */
const words = (s: string): string => s.replace(/\s+/g, ' ');

describe('units in text', () => {
  it('intervals in evidence are ranges', () => {
    const r = runCli(['analyze', 'fixtures/sales-led'], { env: { CI: '', COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\b0=\d/);
    expect(r.stdout).toMatch(/interval \d+(\.\d+)?%–\d+(\.\d+)?%/);
    // an interval column beside a rate is in its declared unit, a count's interval in the count's
    expect(words(r.stdout)).toContain('win rate 58.9%, 95% interval 50.1%–67.1%');
    expect(words(r.stdout)).toContain('share activated: 53.2% (95% 50.5%–55.8%)');
  });

  it('shares, rates and coverages in evidence print as percents, in every text format', () => {
    const terminal = runCli(['analyze', 'fixtures/sales-led'], { env: { CI: '', COLUMNS: '200' } });
    expect(terminal.code).toBe(0);
    expect(words(terminal.stdout)).toContain('share of won deals used: 89.2%');
    expect(words(terminal.stdout)).toContain('contact role mix: exec 32.5%');
    expect(words(terminal.stdout)).toContain('discount 50%');
    // no fraction of one left beside a percent: "share 0.62", "coverage 0.89", "rate=0.58"
    expect(words(terminal.stdout)).not.toMatch(/(share|coverage|rate|retention|discount|gap)[ =]-?0\.\d+(?![\d%])/i);
    const junit = runCli(['analyze', 'fixtures/sales-led', '--format', 'junit'], { env: { CI: '' } });
    expect(junit.stdout).toContain('share of won deals used: 89.2%');
    expect(junit.stdout).not.toMatch(/(share|coverage|rate|retention|discount|gap)[ =]-?0\.\d+(?![\d%])/i);
    // counts in the JUnit body carry thousands separators
    expect(junit.stdout).toContain('n: 1,428 signups');
    // JSON keeps the raw fraction
    const json = JSON.parse(runCli(['analyze', 'fixtures/sales-led', '--format', 'json'], { env: { CI: '' } }).stdout);
    const discount = json.categories.flatMap((c: { checks: { id: string; evidence: Evidence }[] }) => c.checks).find((c: { id: string }) => c.id === 'avg-discount-won');
    expect(byKey(discount.evidence).discountCoverage).toBe(0.8917);
    // and says its unit, so no reader guesses it from the key
    expect(discount.evidence.counts.find((c: { key: string }) => c.key === 'discountCoverage')).toEqual({ key: 'discountCoverage', label: 'share of won deals used', value: 0.8917, unit: 'share' });
    expect(discount.evidence.exclusions.find((x: { key: string }) => x.key === 'excludedMissingDiscount')).toMatchObject({ count: 13, reason: expect.stringMatching(/without a discount/) });
  });

  it('amounts print with the analysis currency', () => {
    const r = runCli(['analyze', 'fixtures/context/mixed-currency'], { env: { CI: '', COLUMNS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    expect(words(r.stdout)).toContain('won amount: 780,000 EUR');
    expect(words(r.stdout)).toContain('amount 20,000 EUR');
    // without a named currency, amounts stay bare numbers
    const plain = runCli(['analyze', 'fixtures/sales-led'], { env: { CI: '', COLUMNS: '200' } });
    expect(words(plain.stdout)).toContain('won amount: 3,505,710 ·');
  });

  it('a noise wider than the 0–100 scale is said in words, not as ±213', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-units-'));
    const baseline = join(dir, 'baseline.json');
    expect(runCli(['analyze', 'fixtures/sales-led', '--save-baseline', baseline], { env: { CI: '' } }).code).toBe(0);
    // a baseline where core-feature-share was 15% (score 100) with an interval of 0–50%: the drop
    // to 5.71% (score 0) has a noise of 100 × hypot(0.15, 0.1861 − 0.0571) / 0.0929 ≈ 213 points
    const saved = JSON.parse(readFileSync(baseline, 'utf8')) as { checks: { id: string; value: number; score: number; interval: number[]; scoreInterval: number[] }[] };
    const check = saved.checks.find((k) => k.id === 'core-feature-share')!;
    Object.assign(check, { value: 0.15, score: 100, interval: [0, 0.5], scoreInterval: [0, 100] });
    writeFileSync(baseline, JSON.stringify(saved));
    for (const format of ['terminal', 'markdown', 'junit']) {
      const r = runCli(['analyze', 'fixtures/sales-led', '--baseline', baseline, '--format', format], { env: { CI: '', COLUMNS: '200' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, format).not.toMatch(/±[1-9]\d\d/);
      if (format !== 'markdown') expect(words(r.stdout), format).toContain('dropped 100 points, within the noise (more than the 0–100 scale)');
    }
  });

  it('one row is "1 row" in analyze and inspect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-units-'));
    writeFileSync(join(dir, 'deals.csv'), 'deal_id,account_id,amount,stage,created_at,closed_at\nD1,A1,1000,won,2026-01-01,2026-01-10\n');
    const r = runCli(['analyze', dir], { env: { CI: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/deals\.csv: deals, 1 row\b/);
    expect(r.stdout).not.toContain('1 rows');
    expect(runCli(['inspect', dir], { env: { CI: '' } }).stdout).toMatch(/; 1 row, 0 rejected/);
  });

  it('a date format is labelled as written: 20-10-16 is D-M-YY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-units-'));
    writeFileSync(join(dir, 'deals.csv'), 'deal_id,account_id,amount,stage,created_at,closed_at\nD1,A1,1000,won,20-10-16,25-10-16\nD2,A1,900,won,01-11-16,13-11-16\n');
    const r = runCli(['analyze', dir, '--format', 'json'], { env: { CI: '' } });
    expect(r.code, r.stderr).toBe(0);
    const formats = JSON.parse(r.stdout).inputs.files[0].formats as Record<string, { format: string }>;
    expect(formats.createdAt!.format).toBe('D-M-YY');
  });
});
