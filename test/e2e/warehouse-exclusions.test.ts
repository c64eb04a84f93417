/**
 * A warehouse events table whose sync flags deleted rows (`_fivetran_deleted`, as a Fivetran or
 * Stitch sync keeps them): analyze leaves those rows out of a raw export (docs/data-model.md,
 * "Row exclusions"), so the summary `pullcheck sql` prints must let it leave them out too. The
 * table as Parquet and its summary (CSV and Parquet) give the same checks and score.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const COMPANY = join(ROOT, 'fixtures/sales-led');

interface Report {
  score: number | null;
  categories: Array<{ checks: Array<{ id: string; status: string; value: number | null }> }>;
  inputs: { files: Array<{ path: string; table: string | null; rows: number; excluded?: Record<string, number> }> };
}

function analyze(dir: string, env: Record<string, string> = {}): Report {
  const run = runCli(['analyze', dir, '--format', 'json', '-q'], { env: { CI: '', ...env } });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

describe('pullcheck sql on a table with rows flagged deleted', () => {
  it('keeps the flag in the summary, so analyze leaves the same events out as from the raw table', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run("SET TimeZone = 'UTC'");
    // One event in 23 flagged deleted, as a sync keeps rows deleted at the source.
    await connection.run(
      `CREATE TABLE t AS SELECT CAST(timestamp AS TIMESTAMPTZ) AS timestamp, user_id, account_id, event, feature, (row_number() OVER () % 23 = 0) AS _fivetran_deleted
       FROM read_csv(${quote(join(COMPANY, 'events.csv'))}, header = true, all_varchar = true)`,
    );
    const base = mkdtempSync(join(tmpdir(), 'pullcheck-wh-deleted-'));
    const [raw, csv, parquet] = ['raw', 'csv', 'parquet'].map((name) => join(base, name)) as [string, string, string];
    for (const dir of [raw, csv, parquet]) {
      mkdirSync(dir);
      for (const f of readdirSync(COMPANY)) if (f !== 'events.csv') copyFileSync(join(COMPANY, f), join(dir, f));
    }
    await connection.run(`COPY t TO ${quote(join(raw, 'events.parquet'))} (FORMAT parquet)`);
    const printed = runCli(['sql', '--dialect', 'duckdb', '--source', 'canonical', '--table', 't', '--columns', 'timestamp,user_id,account_id,event,feature,_fivetran_deleted']);
    expect(printed.code, printed.stderr).toBe(0);
    await connection.run(`COPY (${printed.stdout}\n) TO ${quote(join(csv, 'event_summary.csv'))} (HEADER)`);
    await connection.run(`COPY (${printed.stdout}\n) TO ${quote(join(parquet, 'event_summary.parquet'))} (FORMAT parquet)`);
    connection.closeSync();

    const expected = analyze(raw);
    const events = expected.inputs.files.find((f) => f.table === 'events')!;
    expect(events.excluded?.DELETED_ROW).toBeGreaterThan(1000);
    for (const dir of [csv, parquet]) {
      for (const env of [{}, { PULLCHECK_DUCKDB_EVENTS: '0' }]) {
        const got = analyze(dir, env);
        expect(JSON.stringify(got.categories)).toBe(JSON.stringify(expected.categories));
        expect(got.score).toBe(expected.score);
        // The summary's flagged rows are left out, counted, as the raw rows were.
        expect(got.inputs.files.find((f) => f.table === 'events')!.excluded?.DELETED_ROW).toBeGreaterThan(0);
      }
    }
  });

  it('a flag written 1.0 (a DOUBLE column, as CSV and as the summary write it) excludes the rows its Parquet twin (1) excludes', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run("SET TimeZone = 'UTC'");
    // pandas writes an integer flag with blanks as floats (1.0, 0.0); a warehouse's DOUBLE is_deleted too.
    await connection.run(
      `CREATE TABLE t AS SELECT CAST(timestamp AS TIMESTAMPTZ) AS timestamp, user_id, account_id, event, feature,
         CASE WHEN row_number() OVER () % 31 = 0 THEN NULL WHEN row_number() OVER () % 23 = 0 THEN 1 ELSE 0 END::DOUBLE AS is_deleted
       FROM read_csv(${quote(join(COMPANY, 'events.csv'))}, header = true, all_varchar = true)`,
    );
    const base = mkdtempSync(join(tmpdir(), 'pullcheck-wh-deleted-double-'));
    const [parquet, csv, summary] = ['parquet', 'csv', 'summary'].map((name) => join(base, name)) as [string, string, string];
    for (const dir of [parquet, csv, summary]) {
      mkdirSync(dir);
      for (const f of readdirSync(COMPANY)) if (f !== 'events.csv') copyFileSync(join(COMPANY, f), join(dir, f));
    }
    await connection.run(`COPY t TO ${quote(join(parquet, 'events.parquet'))} (FORMAT parquet)`);
    await connection.run(`COPY t TO ${quote(join(csv, 'events.csv'))} (HEADER)`);
    const printed = runCli(['sql', '--dialect', 'duckdb', '--source', 'canonical', '--table', 't', '--columns', 'timestamp,user_id,account_id,event,feature,is_deleted']);
    expect(printed.code, printed.stderr).toBe(0);
    await connection.run(`COPY (${printed.stdout}\n) TO ${quote(join(summary, 'event_summary.csv'))} (HEADER)`);
    connection.closeSync();
    expect(readFileSync(join(csv, 'events.csv'), 'utf8')).toMatch(/,1\.0\n/);

    const expected = analyze(parquet);
    expect(expected.inputs.files.find((f) => f.table === 'events')!.excluded?.DELETED_ROW).toBeGreaterThan(1000);
    for (const dir of [csv, summary]) {
      for (const env of [{}, { PULLCHECK_DUCKDB_EVENTS: '0' }]) {
        const got = analyze(dir, env);
        expect(JSON.stringify(got.categories)).toBe(JSON.stringify(expected.categories));
        expect(got.score).toBe(expected.score);
      }
    }
  });
});
