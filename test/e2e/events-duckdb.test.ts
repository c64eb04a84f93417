/**
 * Events read by DuckDB into day summaries (src/ingest/events-duckdb.ts), through the built CLI:
 * the report is byte-identical at 1 and 2 DuckDB threads, and equals the report of the same rows
 * read by the JavaScript path (the same file with a blank line after its last-but-one row, which
 * DuckDB's line numbers cannot follow), also when many rows are ones SQL leaves to the JavaScript
 * row rules; a file with an odd row keeps its rejections and file:line.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const company = join(ROOT, 'fixtures/sales-led');

/** The company's folder with its events.csv replaced by `text`. */
function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-duckdb-'));
  for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
  writeFileSync(join(dir, 'events.csv'), text);
  return dir;
}

function report(dir: string, env: Record<string, string> = {}): string {
  const run = runCli(['analyze', dir, '--format', 'json', '-q'], { env: { CI: '', ...env } });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.replaceAll(dir, 'DIR');
}

describe('events through DuckDB', () => {
  const events = readFileSync(join(company, 'events.csv'), 'utf8');

  it('gives the same report at 1 and 2 DuckDB threads', () => {
    const dir = folderWith(events);
    expect(report(dir, { PULLCHECK_DUCKDB_THREADS: '1' })).toBe(report(dir, { PULLCHECK_DUCKDB_THREADS: '2' }));
  });

  it('gives the report of the JavaScript path on the same rows', () => {
    const lines = events.trimEnd().split('\n');
    // A blank line before the last row: the file is read by the JavaScript path, its rows the same.
    const javascript = report(folderWith(`${lines.slice(0, -1).join('\n')}\n\n${lines.at(-1)}\n`));
    const dir = folderWith(`${lines.join('\n')}\n`);
    const duckdb = report(dir);
    expect(duckdb).toBe(javascript);
    // PULLCHECK_DUCKDB_EVENTS=0 reads the same file row by row in JavaScript.
    expect(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })).toBe(duckdb);
  });

  it('rows SQL does not settle, read by the JavaScript rules among the summary rows, give the JavaScript path\'s report', () => {
    // Every 7th time written "… Z" (read by the date parser, not by the SQL patterns), every 11th user id padded.
    const lines = events.trimEnd().split('\n').map((line, k) => {
      if (k === 0) return line;
      const cells = line.split(',');
      if (k % 7 === 0) cells[0] = cells[0]!.replace('Z', ' Z');
      if (k % 11 === 0) cells[1] = ` ${cells[1]}`;
      if (k % 13 === 0) cells[3] = '';
      return cells.join(',');
    });
    const javascript = report(folderWith(`${lines.slice(0, -1).join('\n')}\n\n${lines.at(-1)}\n`));
    const duckdb = report(folderWith(`${lines.join('\n')}\n`));
    expect(JSON.parse(duckdb).inputs.files.find((f: { table: string | null }) => f.table === 'events').rejectedByReason.MISSING_VALUE).toBeGreaterThan(2000);
    expect(duckdb).toBe(javascript);
  });

  it('a file with an odd row keeps its rejection at file:line', () => {
    const lines = events.trimEnd().split('\n');
    lines.splice(100, 0, '2024-02-30T10:00:00Z,U00001,A0004,login,');
    const r = JSON.parse(report(folderWith(`${lines.join('\n')}\n`))) as { inputs: { files: Array<{ table: string | null; rows: number; rejectedByReason: Record<string, number> }> }; issues?: unknown };
    const file = r.inputs.files.find((f) => f.table === 'events')!;
    expect(file.rows).toBe(lines.length - 1);
    expect(file.rejectedByReason).toEqual({ BAD_DATE: 1 });
    const text = runCli(['inspect', folderWith(`${lines.join('\n')}\n`)], { env: { CI: '' } }).stdout;
    expect(text).toContain('BAD_DATE 1 — e.g. line 101: timestamp "2024-02-30T10:00:00Z" is not a readable date');
  });
});
