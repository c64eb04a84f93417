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
