/**
 * Files meet in one run in path order, on both events paths (docs/data-model.md, "Reading
 * files"; DUPLICATE_ID: "the first row read is kept (files in name order, rows in file order)").
 * Every file is opened at once and its rows are read in turn (load-dataset.ts); a file that ends
 * before its turn (not recognised, a copy, a lookup table) must not let the files after it read
 * ahead of the files before it. Before it waited, an events file read row by row (more than one
 * 64 KB read) held back the next file while the file after a skipped one read first: two deal
 * files sharing an id kept the later file's deal row by row, and the earlier one's when DuckDB
 * grouped the events (it hands them over later), so the two paths gave different reports.
 * Lookup tables, read before their turn, apply in path order too, not in the order they finish.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeJson, engineNote, withoutEngineNotes } from './run-cli.js';

interface Report {
  inputs: {
    files: Array<{
      path: string; table: string | null; status: string; kind?: string; warnings: Record<string, number>;
      values?: Record<string, Array<{ from: string; to: string; rows: number }>>; lookups?: Record<string, { from: string[] }>;
    }>;
  };
  warnings: Array<{ code: string; file: string; line: number; message: string }>;
}

const report = analyzeJson;

/** The DuckDB report and the row-by-row one of the same folder; they must be equal but for the engine note. */
function bothWays(dir: string): { duckdb: string; rowByRow: string } {
  const duckdb = report(dir);
  const rowByRow = report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
  expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
  expect(engineNote(rowByRow)).toBeUndefined();
  expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(rowByRow));
  return { duckdb, rowByRow };
}

/** `files` (path → text) written in a new folder. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-file-order-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** 10,000 canonical events a minute apart (about 450 KB: several reads of the row-by-row path). */
function events(): string {
  const lines = ['timestamp,user_id,account_id,event,feature'];
  for (let i = 0; i < 10_000; i++) {
    lines.push(`${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('.000', '')},U${i % 7},A${i % 3},report_created,reports`);
  }
  return `${lines.join('\n')}\n`;
}

const DEALS_HEADER = 'deal_id,account_id,deal_name,amount,stage,created_at,closed_at';
const deal = (amount: number) => `${DEALS_HEADER}\nD1,A1,Acme annual,${amount},won,2026-01-05,2026-02-10\n`;

describe('files are read in path order on both events paths', () => {
  // a/events.csv, b/deals.csv, c/<a file that ends before its turn>, d/deals.csv: deal D1 in both
  // deal files; b/deals.csv's comes first in path order, so it is kept and d/deals.csv's is the duplicate.
  const cases: Array<[string, Record<string, string>]> = [
    ['a file not recognised', { 'c/notes.csv': 'meeting_title,attendees\nWeekly sync,4\n' }],
    ['a copy of another file', { 'c/deals.csv': deal(1000) }],
    [
      'a lookup table',
      { 'c/deal_pipeline_stage.csv': 'stage_id,label,closed_won,is_closed\nst_won,Signed,TRUE,TRUE\n' },
    ],
  ];
  for (const [what, between] of cases) {
    it(`after ${what}, the deal of the earlier file is kept, whichever path reads the events`, () => {
      const dir = folder({ 'a/events.csv': events(), 'b/deals.csv': deal(1000), ...between, 'd/deals.csv': deal(9000) });
      const { duckdb } = bothWays(dir);
      const r = JSON.parse(duckdb) as Report;
      const warnings = (path: string) => r.inputs.files.find((f) => f.path === path)!.warnings;
      if (what === 'a lookup table') expect(r.inputs.files.find((f) => f.path === 'DIR/c/deal_pipeline_stage.csv')!.kind).toBe('lookup');
      expect(warnings('DIR/b/deals.csv')).toEqual({});
      expect(warnings('DIR/d/deals.csv')).toEqual({ DUPLICATE_ID: 1, DUPLICATE_FILE: 1 });
      expect(r.warnings.find((w) => w.code === 'DUPLICATE_ID')).toMatchObject({
        file: 'DIR/d/deals.csv',
        line: 2,
        message: 'deal id "D1" was already read at DIR/b/deals.csv:2 with a different amount (1000 vs 9000); the first is kept, this row is not read',
      });
    });
  }
});

describe('lookup tables apply in path order', () => {
  it('a stage id in two lookup files takes the first file\'s label, though the later file, smaller, is read first', () => {
    // a/deal_pipeline_stage.csv says st_won is won; b/deal_pipeline_stage.csv, later in path order
    // and read sooner (one row against 5,001), says it is lost. Lookup files are read before their
    // turn; they were used in the order they finished.
    const header = 'stage_id,label,closed_won,is_closed';
    const many = Array.from({ length: 5_000 }, (_, i) => `st_${i},Stage ${i},FALSE,FALSE`);
    const dir = folder({
      'a/deal_pipeline_stage.csv': `${[header, ...many, 'st_won,Signed,TRUE,TRUE'].join('\n')}\n`,
      'b/deal_pipeline_stage.csv': `${header}\nst_won,Lost late,FALSE,TRUE\n`,
      'b/deal.csv': 'deal_id,deal_pipeline_stage_id,property_dealname,property_amount,property_closedate,property_createdate\n9001,st_won,Northwind,24000,2026-02-10 00:00:00,2025-11-03 10:00:00\n',
    });
    const r = JSON.parse(report(dir)) as Report;
    const deals = r.inputs.files.find((f) => f.path === 'DIR/b/deal.csv')!;
    expect(deals.values?.stage).toEqual([{ from: 'st_won', to: 'won', rows: 1 }]);
    expect(deals.lookups?.stage?.from).toEqual(['DIR/a/deal_pipeline_stage.csv', 'DIR/b/deal_pipeline_stage.csv']);
  });
});
