/**
 * Units in the text reports (issue 17, item 10, the parts done): an interval prints as a range
 * ("0.5007–0.6714"), never as keys ("interval 0=0.5007 1=0.6714"); a count of one is singular
 * ("1 row").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('units in text', () => {
  it('intervals in evidence are ranges', () => {
    const r = runCli(['analyze', 'fixtures/sales-led'], { env: { CI: '', COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\b0=\d/);
    expect(r.stdout).toMatch(/interval \d+(\.\d+)?–\d+(\.\d+)?/);
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
