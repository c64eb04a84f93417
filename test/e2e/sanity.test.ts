/**
 * Data-sanity findings and config errors on small fixtures (fixtures/sanity/<case>/), through the
 * built CLI: each finding counted, shown with file:line, and never silent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import type { Evidence } from '../../src/report/contract/evidence.js';
import { byKey } from '../helpers/evidence.js';

describe('config entries checked against the data (exit 2)', () => {
  it('a config column that is not in the file: config:line, the header and a did-you-mean', () => {
    for (const command of ['analyze', 'inspect']) {
      const r = runCli([command, 'fixtures/sanity/config-column']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/pullcheck\.config\.yaml:6: files\."opps\.csv"\.columns\.dealId: "Opp No" is not a column of .*opps\.csv; did you mean "Opp #"\?/);
      expect(r.stderr).toMatch(/pullcheck\.config\.yaml:8: files\."opps\.csv"\.columns\.amount: "Valeu" .*did you mean "Value"\?/);
      expect(r.stderr).toMatch(/CONFIG_COLUMN_NOT_FOUND/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('a files: entry that matches no file: config:line and the closest file name', () => {
    const r = runCli(['analyze', 'fixtures/sanity/config-file', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/pullcheck\.config\.yaml:3: files\."opp\.csv": matches no file in the folder; did you mean "opps\.csv"\? \(files: opps\.csv\)/);
    expect(r.stderr).toMatch(/CONFIG_FILE_NOT_MATCHED/);
  });
});

interface Warning { code: string; file: string; line: number; column?: string; message: string }
interface Report {
  inputs: { tables: Record<string, number>; files: Array<{ path: string; rows: number; warnings: Record<string, number> }> };
  warnings: Warning[];
  categories: Array<{ checks: Array<{ id: string; metric: string; status: string; value: number | null; n: number; reason: string | null; evidence: Evidence }> }>;
}

function analyzeJson(dir: string): Report {
  const r = runCli(['analyze', dir, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
const fileOf = (report: Report, name: string) => report.inputs.files.find((f) => f.path.endsWith(`/${name}`))!;
const warningsOf = (report: Report, code: string, name: string) => report.warnings.filter((w) => w.code === code && w.file.endsWith(`/${name}`));

describe('duplicate rows, ids and files: counted with file:line, never double counted', () => {
  const report = () => analyzeJson('fixtures/sanity/duplicates');

  it('report: a copy beside the file is skipped, repeated rows read once, a reused id keeps the first row', () => {
    const r = report();
    // deals.csv: D1, D2, D3, D4 (its line 5 repeats line 2, line 6 reuses D2); opportunities.csv adds D5.
    expect(r.inputs.tables.deals).toBe(5);
    expect(r.inputs.tables.activities).toBe(3);
    expect(fileOf(r, 'deals (1).csv')).toMatchObject({ rows: 0, warnings: { DUPLICATE_FILE: 1 } });
    expect(warningsOf(r, 'DUPLICATE_FILE', 'deals (1).csv')[0]!.message).toMatch(/the same bytes as fixtures\/sanity\/duplicates\/deals\.csv; skipped/);
    expect(fileOf(r, 'deals.csv').warnings).toEqual({ DUPLICATE_ROW: 1, DUPLICATE_ID: 1 });
    expect(warningsOf(r, 'DUPLICATE_ROW', 'deals.csv')[0]).toMatchObject({ line: 5, message: 'the same row as line 2; read once' });
    expect(warningsOf(r, 'DUPLICATE_ID', 'deals.csv')[0]).toMatchObject({
      line: 6,
      column: 'deal_id',
      message: expect.stringMatching(/^deal id "D2" was already read at line 3 with a different amount \(8000 vs 9500\), stage \("won" vs "open"\).*; the first is kept/),
    });
    // The same deal in another file, columns in another order.
    expect(warningsOf(r, 'DUPLICATE_ROW', 'opportunities.csv')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/deals\.csv:7; read once/) });
    expect(fileOf(r, 'activities.csv').warnings).toEqual({ DUPLICATE_ID: 1, DUPLICATE_ROW: 1 });
    // The kept D2 is the first (won) row: the stage values counted are those of the rows kept.
    const inspect = JSON.parse(runCli(['inspect', 'fixtures/sanity/duplicates', '--format', 'json']).stdout) as { files: Array<{ path: string; values: Record<string, unknown> }> };
    expect(inspect.files.find((f) => f.path.endsWith('/deals.csv'))!.values.stage).toEqual([{ from: 'won', to: 'won', rows: 3 }, { from: 'lost', to: 'lost', rows: 1 }]);
  });

  it('inspect shows each finding with its line and what was not read', () => {
    const r = runCli(['inspect', 'fixtures/sanity/duplicates']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deals \(1\)\.csv\n\s+skipped\s+a copy of fixtures\/sanity\/duplicates\/deals\.csv\n\s+warnings\s+DUPLICATE_FILE 1 — the same bytes as .*deals\.csv/);
    expect(runCli(['analyze', 'fixtures/sanity/duplicates']).stdout).toMatch(/deals \(1\)\.csv: skipped — a copy of fixtures\/sanity\/duplicates\/deals\.csv/);
    expect(r.stdout).toMatch(/6 rows, 0 rejected, 2 duplicates not read again/);
    expect(r.stdout).toMatch(/DUPLICATE_ID 1 — e\.g\. line 6: deal id "D2"/);
    expect(r.stdout).toMatch(/DUPLICATE_ROW 1 — e\.g\. line 6: the same row as line 5/);
  });
});

describe('duplicates in a JSON-lines table, past the format sample (its first 500 lines) and the first read (64 KB)', () => {
  it('compare whole rows, as in the sample: an exact copy is the same row, a copy with another unread key a reused id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-json-duplicates-'));
    const users = Array.from({ length: 3000 }, (_, k) => ({ user_id: `u${k}`, signup_at: '2024-03-01', title: 'Analyst', plan_note: 'x' }));
    const lines = users.map((u) => JSON.stringify(u));
    lines.push(lines[1]!); // line 3001: line 2 again, byte for byte
    lines.push(JSON.stringify({ ...users[2900], plan_note: 'changed' })); // line 3002: line 2901 with a key pullcheck does not read changed
    lines.push(JSON.stringify({ ...users[2900], plan_note: 'changed again' })); // line 3003: and once more, otherwise
    writeFileSync(join(dir, 'users.jsonl'), `${lines.join('\n')}\n`);
    const r = analyzeJson(dir);
    expect(fileOf(r, 'users.jsonl').warnings).toEqual({ DUPLICATE_ROW: 1, DUPLICATE_ID: 2 });
    expect(warningsOf(r, 'DUPLICATE_ROW', 'users.jsonl')[0]).toMatchObject({ line: 3001, message: 'the same row as line 2; read once' });
    const reused = 'user id "u2900" was already read at line 2901 with the same values in every column pullcheck reads (other columns differ); the first is kept, this row is not read';
    expect(warningsOf(r, 'DUPLICATE_ID', 'users.jsonl').map((w) => [w.line, w.message])).toEqual([[3002, reused], [3003, reused]]);
    expect(r.inputs.tables.users).toBe(3000);
  });
});

describe('a header naming the same column twice', () => {
  it('is reported per name, saying which column is read', () => {
    const r = analyzeJson('fixtures/sanity/duplicate-header');
    const found = warningsOf(r, 'DUPLICATE_HEADER', 'deals.csv');
    expect(found.map((w) => [w.line, w.column, w.message])).toEqual([
      [1, 'Amount', 'the header names "Amount" 2 times (columns 3, 7); amount is read from column 3, else from column 7 when blank'],
      [1, 'Notes', 'the header names "Notes" 2 times (columns 8, 9); pullcheck reads none of them'],
    ]);
    expect(fileOf(r, 'deals.csv').warnings).toEqual({ DUPLICATE_HEADER: 2 });
    const inspect = runCli(['inspect', 'fixtures/sanity/duplicate-header']);
    expect(inspect.stdout).toMatch(/DUPLICATE_HEADER 2 — e\.g\. line 1: the header names "Amount" 2 times/);
  });
});

const checkOf = (report: Report, id: string) => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;

describe('a deal closed before it was created', () => {
  it('is kept, flagged with file:line, and left out of the sales cycle (counted)', () => {
    const r = analyzeJson('fixtures/sanity/close-before-create');
    expect(r.inputs.tables.deals).toBe(6);
    expect(fileOf(r, 'deals.csv').warnings).toEqual({ CLOSE_BEFORE_CREATE: 3 });
    expect(warningsOf(r, 'CLOSE_BEFORE_CREATE', 'deals.csv').map((w) => [w.line, w.column])).toEqual([[3, 'closed_at'], [5, 'closed_at'], [7, 'closed_at']]);
    expect(warningsOf(r, 'CLOSE_BEFORE_CREATE', 'deals.csv')[0]!.message).toBe(
      'close date 2026-03-01 is before the creation date 2026-03-10; the deal is kept, but has no sales cycle (sales-cycle-ratio excludes it)',
    );
    // D2 (in the window) is excluded and counted; D5, closed the day it was created, floors to 1 day.
    expect(byKey(checkOf(r, 'sales-cycle-ratio').evidence)).toMatchObject({ excludedCloseBeforeCreate: 1, cyclesFlooredToOneDay: 1, productSourcedWins: 2 });
    const inspect = runCli(['inspect', 'fixtures/sanity/close-before-create']);
    expect(inspect.stdout).toMatch(/CLOSE_BEFORE_CREATE 3 — e\.g\. line 3: close date 2026-03-01 is before the creation date 2026-03-10/);
  });
});

describe('amounts written as N/A, TBD, —, "see notes"', () => {
  it('declared blanks and unreadable numbers are counted apart, with examples; a database NULL is not flagged', () => {
    const r = analyzeJson('fixtures/sanity/placeholder-amounts');
    expect(r.inputs.tables.deals).toBe(7);
    // amount N/A and —, discount n/a, - and #N/A; TBD and "see notes" are not numbers.
    expect(fileOf(r, 'deals.csv').warnings).toEqual({ PLACEHOLDER_NUMBER: 5, BAD_NUMBER: 2 });
    expect(warningsOf(r, 'PLACEHOLDER_NUMBER', 'deals.csv').filter((w) => w.line > 0).map((w) => [w.line, w.column, w.message])).toEqual([
      [3, 'amount', 'amount "N/A" stands for no number; read as blank'],
      [3, 'discount', 'discount "n/a" stands for no number; read as blank'],
      [5, 'amount', 'amount "—" stands for no number; read as blank'],
    ]);
    expect(r.warnings.find((w) => w.code === 'PLACEHOLDER_NUMBER' && w.line === 0)!.message).toBe('2 more PLACEHOLDER_NUMBER in this file (5 in all)');
    expect(warningsOf(r, 'BAD_NUMBER', 'deals.csv').map((w) => [w.line, w.message])).toEqual([
      [4, 'amount "TBD" could not be read; treated as blank'],
      [6, 'amount "see notes" could not be read; treated as blank'],
    ]);
    const inspect = runCli(['inspect', 'fixtures/sanity/placeholder-amounts']);
    expect(inspect.stdout).toMatch(/PLACEHOLDER_NUMBER 5 — e\.g\. line 3: amount "N\/A" stands for no number/);
    expect(inspect.stdout).toMatch(/BAD_NUMBER 2 — e\.g\. line 4: amount "TBD"/);
  });
});

describe('no deal stage means won or lost', () => {
  // The won-deal metrics this folder has every other table and column for.
  const wonDealMetrics = ['touches-per-won-deal', 'self-serve-won-share', 'sales-sourced-won-share', 'sales-cycle-ratio', 'quarter-end-close-concentration'];

  it('says so first among the warnings and makes every won-deal check insufficient, pointing at the value map', () => {
    const r = analyzeJson('fixtures/sanity/unknown-stages');
    expect(r.warnings[0]).toMatchObject({ code: 'UNKNOWN_STAGES', line: 0, column: 'stage' });
    expect(r.warnings[0]!.message).toMatch(/all 5 deals read as open \(stages: "Signed" 3, "Dead" 1, "Discovery" 1\)/);
    expect(fileOf(r, 'deals.csv').warnings).toMatchObject({ UNKNOWN_STAGES: 1 });
    const checks = r.categories.flatMap((c) => c.checks).filter((c) => wonDealMetrics.includes(c.metric));
    expect(checks).toHaveLength(wonDealMetrics.length + 2); // touches-per-won-deal is three checks
    for (const c of checks) {
      expect(c.status, c.id).toBe('insufficient-data');
      expect(c.reason, c.id).toMatch(/no deal stage means won or lost .*values: \{ stage: \{ "Signed": won, "Dead": lost \} \}/);
    }
    const terminal = runCli(['analyze', 'fixtures/sanity/unknown-stages']);
    expect(terminal.stdout).toMatch(/Warnings \(1\)\n\s+! .*deals\.csv: no deal stage means won or lost/);
    expect(runCli(['inspect', 'fixtures/sanity/unknown-stages']).stdout).toMatch(/UNKNOWN_STAGES 1 — no deal stage means won or lost/);
  });

  it('with the value map in a config, the stages are read and the finding is gone', () => {
    const r = runCli(['analyze', 'fixtures/sanity/unknown-stages', '--config', 'fixtures/sanity/unknown-stages.config.yaml', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.warnings.filter((w) => w.code === 'UNKNOWN_STAGES')).toEqual([]);
    expect(checkOf(report, 'self-serve-won-share').reason).toMatch(/^3 won deals/);
  });
});

describe('events: a copy of the file is skipped, rows are not checked one by one (memory bound)', () => {
  it('reads the original once and keeps its repeated rows', () => {
    const r = analyzeJson('fixtures/sanity/duplicate-events');
    expect(r.inputs.tables.events).toBe(3);
    expect(fileOf(r, 'events copy.csv')).toMatchObject({ rows: 0, warnings: { DUPLICATE_FILE: 1 } });
    expect(fileOf(r, 'events.csv').warnings).toEqual({});
  });
});
