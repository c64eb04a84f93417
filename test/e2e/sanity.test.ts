/**
 * Data-sanity findings and config errors on small fixtures (fixtures/sanity/<case>/), through the
 * built CLI: each finding counted, shown with file:line, and never silent.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

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
  categories: Array<{ checks: Array<{ id: string; status: string; value: number | null; n: number; reason: string | null; evidence: Record<string, unknown> }> }>;
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
    expect(r.stdout).toMatch(/deals \(1\)\.csv\n.*\n\s+warnings\s+DUPLICATE_FILE 1 — the same bytes as .*deals\.csv/);
    expect(r.stdout).toMatch(/6 rows, 0 rejected, 2 duplicates not read again/);
    expect(r.stdout).toMatch(/DUPLICATE_ID 1 — e\.g\. line 6: deal id "D2"/);
    expect(r.stdout).toMatch(/DUPLICATE_ROW 1 — e\.g\. line 6: the same row as line 5/);
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
