/**
 * `pullcheck sql --dialect duckdb` run for real: each source's events, loaded into DuckDB as the
 * vendor's warehouse table, are summarised by the printed query, exported as CSV, and analysed
 * beside the company's CRM files. The report equals the one from the raw export files: every
 * check, the score, the links. The companies are the vendor corpus (fixtures/corpus/) and the
 * product-led fixture.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../e2e/run-cli.js';

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

interface Case {
  source: string;
  folder: string;
  /** The raw events file in the folder (left out of the summary's folder). */
  events: string;
  /** Creates table `t` in the vendor's warehouse shape from the raw file. */
  load: (file: string) => string;
  /** Pass the table's own columns (else the source's warehouse schema is assumed). */
  ownColumns: boolean;
  /** `--timestamp`, when the table keeps time otherwise than as a timestamp. */
  timestamp?: string;
}

const CASES: Case[] = [
  { source: 'canonical', folder: 'fixtures/product-led', events: 'events.csv', load: (f) => `CREATE TABLE t AS SELECT * FROM read_csv(${quote(f)}, header = true)`, ownColumns: false },
  // Time as epoch microseconds (BIGINT), as GA4's BigQuery export and Parquet-loaded tables keep it.
  {
    source: 'canonical',
    folder: 'fixtures/product-led',
    events: 'events.csv',
    load: (f) => `CREATE TABLE t AS SELECT epoch_us("timestamp") AS "timestamp", user_id, account_id, event, feature FROM read_csv(${quote(f)}, header = true)`,
    ownColumns: false,
    timestamp: 'epoch-microseconds',
  },
  { source: 'posthog', folder: 'fixtures/corpus/hubspot-posthog', events: 'posthog-events-export.csv', load: (f) => `CREATE TABLE t AS SELECT * FROM read_csv(${quote(f)}, header = true)`, ownColumns: true },
  { source: 'amplitude', folder: 'fixtures/corpus/pipedrive-amplitude', events: 'amplitude-export-2026-06-30.csv', load: (f) => `CREATE TABLE t AS SELECT * FROM read_csv(${quote(f)}, header = true)`, ownColumns: true },
  { source: 'segment', folder: 'fixtures/corpus/sfapi-segment', events: 'tracks.csv', load: (f) => `CREATE TABLE t AS SELECT * FROM read_csv(${quote(f)}, header = true)`, ownColumns: true },
  {
    // Mixpanel's Data Pipelines table from its raw export: the event's name, time and distinct_id
    // as columns, every property kept in a JSON column.
    source: 'mixpanel',
    folder: 'fixtures/corpus/sfreport-mixpanel',
    events: 'mixpanel-export.jsonl',
    load: (f) =>
      `CREATE TABLE t AS SELECT event AS event_name, to_timestamp(properties.time) AS time, properties.distinct_id AS distinct_id, properties."$insert_id" AS insert_id, to_json(properties) AS properties FROM read_json(${quote(f)}, format = 'newline_delimited')`,
    ownColumns: false,
  },
];

let connection: DuckDBConnection;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run("SET TimeZone = 'UTC'");
});
afterAll(() => connection?.closeSync());

const checksOf = (report: { categories: Array<{ checks: object[] }> }) => report.categories.flatMap((c) => c.checks);

describe('the event summary query, run in DuckDB', () => {
  for (const c of CASES) {
    it(`gives the report of the raw ${c.source} events${c.timestamp ? ` (${c.timestamp})` : ''}`, async () => {
      const folder = join(ROOT, c.folder);
      await connection.run('DROP TABLE IF EXISTS t');
      await connection.run(c.load(join(folder, c.events)));
      const columns = (await connection.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position")).getRows().map((r) => String(r[0]));
      const args = ['sql', '--dialect', 'duckdb', '--source', c.source, '--table', 't', ...(c.ownColumns ? ['--columns', columns.join(',')] : []), ...(c.timestamp ? ['--timestamp', c.timestamp] : [])];
      const printed = runCli(args);
      expect(printed.code, printed.stderr).toBe(0);

      const dir = mkdtempSync(join(tmpdir(), `pullcheck-wh-${c.source}-`));
      for (const f of readdirSync(folder)) if (f !== c.events) copyFileSync(join(folder, f), join(dir, f));
      await connection.run(`COPY (${printed.stdout}\n) TO ${quote(join(dir, 'event_summary.csv'))} (HEADER)`);

      const raw = runCli(['analyze', folder, '--format', 'json', '-q']);
      const summarised = runCli(['analyze', dir, '--format', 'json', '-q']);
      expect(raw.code, raw.stderr).toBe(0);
      expect(summarised.code, summarised.stderr).toBe(0);
      const a = JSON.parse(raw.stdout);
      const b = JSON.parse(summarised.stdout);
      const file = b.inputs.files.find((f: { path: string }) => f.path.endsWith('event_summary.csv'));
      const rawFile = a.inputs.files.find((f: { path: string }) => f.path.endsWith(c.events));
      expect(file).toMatchObject({ table: 'events', layout: 'pullcheck-summary', rejected: 0, events: rawFile.rows - rawFile.rejected });
      expect(file.rows).toBeLessThanOrEqual(rawFile.rows);
      expect(checksOf(b)).toEqual(checksOf(a));
      expect([b.score, b.coverage, b.asOf]).toEqual([a.score, a.coverage, a.asOf]);
      expect(b.inputs.links).toEqual(a.inputs.links);
    }, 60_000);
  }
});

describe('hostile names in the query', () => {
  it('keeps a crafted column or table name a name: the query reads it and writes nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-wh-hostile-'));
    const target = join(dir, 'pwned.csv');
    // Read as `feature` (its header key is "feature"), so it reaches the query.
    const column = `feat"'); --ure`;
    await connection.run('DROP TABLE IF EXISTS t');
    await connection.run(`CREATE TABLE t ("timestamp" TIMESTAMPTZ, user_id VARCHAR, event VARCHAR, ${DIALECT_QUOTE(column)} VARCHAR)`);
    await connection.run("INSERT INTO t VALUES ('2024-05-01T10:00:00Z', 'u1', 'open', 'x'), ('2024-05-01T11:00:00Z', 'u1', 'open', 'x')");
    const printed = runCli(['sql', '--dialect', 'duckdb', '--source', 'canonical', '--table', 't', '--columns', `timestamp,user_id,event,${column}`]);
    expect(printed.code, printed.stderr).toBe(0);
    const rows = (await connection.runAndReadAll(printed.stdout)).getRowObjectsJson();
    expect(rows).toEqual([{ first_at: '2024-05-01T10:00:00.000Z', user_id: 'u1', anonymous_id: null, account_id: null, event: 'open', feature: 'x', event_count: '2' }]);

    const table = `t"; COPY (SELECT 1) TO '${target}'; --`;
    const crafted = runCli(['sql', '--dialect', 'duckdb', '--source', 'canonical', '--table', table]);
    expect(crafted.code, crafted.stderr).toBe(0);
    await expect(connection.run(crafted.stdout)).rejects.toThrow(/does not exist/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a line break in the table name out of the comments and inside the quotes', () => {
    const printed = runCli(['sql', '--dialect', 'postgres', '--source', 'segment', '--table', 'tracks\nDROP TABLE users; --']);
    expect(printed.code, printed.stderr).toBe(0);
    const comments = printed.stdout.split('\n').filter((line) => !line.startsWith('--'));
    expect(comments[0]).toBe('SELECT');
    expect(printed.stdout).toContain('FROM "tracks\nDROP TABLE users; --"');
  });

  it('says which columns are missing, exit 2, no stack', () => {
    const result = runCli(['sql', '--dialect', 'bigquery', '--source', 'posthog', '--columns', 'uuid,properties']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/lack what an event needs: timestamp \(timestamp \/ properties\.\$time\), event \(event\), userId/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

function DIALECT_QUOTE(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
