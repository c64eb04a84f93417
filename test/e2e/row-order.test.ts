/**
 * The report does not depend on the order of the event rows (docs/engine-plan.md, "Stop 18"):
 * DuckDB hands its summary over in time order, not in file order, so the same company with its
 * events file shuffled must give the same report, by DuckDB and row by row.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, engineNote, runCli, withoutEngineNotes } from './run-cli.js';
import { mulberry32 } from '../../src/stats/stats.js';

/** The folder copied, with the data rows of `events` shuffled (seeded); the header stays first. */
function shuffledCopy(folder: string, events: string, seed: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-row-order-'));
  for (const name of readdirSync(join(ROOT, folder))) cpSync(join(ROOT, folder, name), join(dir, name));
  const [header, ...rows] = readFileSync(join(ROOT, folder, events), 'utf8').split('\n').filter((l) => l !== '');
  const random = mulberry32(seed);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  writeFileSync(join(dir, events), `${[header, ...rows].join('\n')}\n`);
  return dir;
}

/** The JSON report with the folder's path made the same and the engine notes left out. */
function report(dir: string, env: Record<string, string> = {}): { json: string; note: string | undefined } {
  const run = runCli(['analyze', dir, '--format', 'json', '--as-of', '2025-06-30'], { env: { CI: '', ...env } });
  expect(run.code, run.stderr.slice(0, 400)).toBe(0);
  return { json: withoutEngineNotes(run.stdout).replaceAll(dir, 'DIR'), note: engineNote(run.stdout) };
}

describe('the order of the event rows', () => {
  it('does not change the users, accounts and wording derived from events: the same rows reversed', () => {
    // Users known only from events: u1's earliest event with an account is on its last line; two signup names.
    const rows = [
      '2024-01-05T10:00:00Z,u1,late,report_created,reports',
      '2024-01-03T10:00:00Z,u2,beta,Account Created,',
      '2024-01-02T09:00:00Z,u1,,signup,',
      '2024-01-04T10:00:00Z,u2,beta,report_created,reports',
      '2024-01-01T10:00:00Z,u1,early,login,',
    ];
    const write = (lines: string[]): string => {
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-row-order-'));
      writeFileSync(join(dir, 'events.csv'), `timestamp,user_id,account_id,event,feature\n${lines.join('\n')}\n`);
      return dir;
    };
    const forward = write(rows);
    const backward = write([...rows].reverse());
    const base = report(forward);
    const derived = (JSON.parse(base.json) as { inputs: { derived?: Array<{ field: string; from: string }> } }).inputs.derived;
    expect(JSON.stringify(derived)).toContain('first `Account Created` / `signup` event');
    for (const env of [{}, { PULLCHECK_DUCKDB_EVENTS: '0' }]) expect(report(backward, env).json).toBe(base.json);
  });


  const companies: Array<[string, string]> = [
    ['fixtures/product-led', 'events.csv'], // plain CSV
    ['fixtures/corpus/hubspot-posthog', 'posthog-events-export.csv'], // CSV with JSON properties
    ['fixtures/derive/activation', 'posthog-events.csv'], // users, signups and activation derived from events
    ['fixtures/derive/features', 'events.csv'], // features derived from event names
  ];
  for (const [folder, events] of companies) {
    it(`does not change the report: ${folder} with its events shuffled, by DuckDB and row by row`, () => {
      const original = join(mkdtempSync(join(tmpdir(), 'pullcheck-row-order-')), 'original');
      cpSync(join(ROOT, folder), original, { recursive: true });
      const base = report(original);
      expect(base.note).toMatch(/^events grouped by DuckDB/);
      for (const seed of [1, 2]) {
        const dir = shuffledCopy(folder, events, seed);
        const duckdb = report(dir);
        expect(duckdb.note).toMatch(/^events grouped by DuckDB/);
        expect(duckdb.json).toBe(base.json.replaceAll(original, 'DIR'));
        const rowByRow = report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
        expect(rowByRow.note).toBeUndefined();
        expect(rowByRow.json).toBe(duckdb.json);
      }
    }, 60_000);
  }
});
