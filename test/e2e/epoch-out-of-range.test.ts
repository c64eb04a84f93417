/**
 * Epoch numbers whose date falls outside the years 1000–9999 (a unit mistake: microseconds in a
 * column of milliseconds, nanoseconds among seconds), through the built CLI on both events paths:
 * the rows are rejected as not dates, and the as-of date comes from the other dates. Before,
 * they were read as dates in the year 56302 or beyond the range of a JavaScript Date: the run
 * stopped with exit 2 blaming an --as-of nobody passed ("+056302-03"), or exit 3 (internal
 * error: Invalid time value).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineNote, ROOT, runCli, withoutEngineNotes } from './run-cli.js';

const company = join(ROOT, 'fixtures/sales-led');

/** sales-led with its events' times as epoch numbers (`unit` per second), and `extra` rows after them. */
function folder(unit: number, extra: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-epoch-range-'));
  for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
  const [header, ...rows] = readFileSync(join(company, 'events.csv'), 'utf8').trimEnd().split('\n');
  const epoch = rows.slice(0, 2000).map((row) => {
    const [time, ...rest] = row.split(',');
    return [String((Date.parse(time!) / 1000) * unit), ...rest].join(',');
  });
  writeFileSync(join(dir, 'events.csv'), `${[header, ...epoch, ...extra].join('\n')}\n`);
  return dir;
}

function analyze(dir: string, env: Record<string, string> = {}): { code: number | null; stderr: string; json: string } {
  const run = runCli(['analyze', dir, '--format', 'json', '-q'], { env: { CI: '', ...env } });
  return { code: run.code, stderr: run.stderr, json: run.stdout.replaceAll(dir, 'DIR') };
}

describe('epoch numbers beyond the years 1000–9999', () => {
  const cases: Array<[string, number, string]> = [
    ['microseconds among milliseconds', 1000, '1714557600000000'],
    ['nanoseconds among seconds', 1, '1714557600000000000'],
  ];
  for (const [label, unit, value] of cases) {
    it(`${label}: rejected as not dates, on both paths alike`, () => {
      const dir = folder(unit, Array.from({ length: 10 }, () => `${value},U00001,A0001,login,`));
      const duckdb = analyze(dir);
      const javascript = analyze(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
      for (const run of [duckdb, javascript]) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      const report = JSON.parse(duckdb.json) as { asOf: string; inputs: { files: Array<{ table: string | null; rows: number; rejected: number }> } };
      expect(report.asOf).toBe('2026-06-30');
      expect(report.inputs.files.find((f) => f.table === 'events')).toMatchObject({ rows: 2010, rejected: 10 });
      expect(engineNote(duckdb.json)).toMatch(/^events grouped by DuckDB/);
      expect(withoutEngineNotes(duckdb.json)).toBe(withoutEngineNotes(javascript.json));
    });
  }
});

describe('dates whose UTC day is past 9999-12-31', () => {
  it('says the data has no writable as-of date (exit 2), not that a --as-of nobody passed is bad', () => {
    // 9999-12-31 23:00 at UTC-5 is 10000-01-01 04:00 UTC.
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-year-10000-'));
    const rows = Array.from({ length: 10 }, (_, i) => `9999-12-31T23:00:00-05:00,u${i},A1,login,`);
    writeFileSync(join(dir, 'events.csv'), `${['timestamp,user_id,account_id,event,feature', ...rows].join('\n')}\n`);
    for (const env of [{}, { PULLCHECK_DUCKDB_EVENTS: '0' }]) {
      const run = runCli(['analyze', dir], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`the latest date in ${dir} is after the year 9999 (+010000-01-01T04:00:00.000Z)`);
      expect(run.stderr).toMatch(/hint: pass --as-of YYYY-MM-DD, or correct those dates/);
      expect(run.stderr).not.toMatch(/--as-of must be|\n\s+at /);
    }
    // An --as-of given settles it.
    expect(runCli(['analyze', dir, '--as-of', '2024-01-01', '--format', 'json', '-q']).code).toBe(0);
  });
});
