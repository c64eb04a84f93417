/**
 * The PostgreSQL round trip of `pullcheck sql` (docs/warehouse.md), against a real server: raw
 * events go into tables shaped as the vendor's warehouse keeps them, the printed query runs in
 * psql and its CSV is exported as a user would (`psql --csv`), and `pullcheck analyze` of the
 * summary beside the CRM files gives the report of the raw export files, check by check.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../e2e/run-cli.js';
import { postgresBinaries, startCluster, type Cluster } from '../helpers/postgres.js';

const bin = postgresBinaries();
const required = process.env.PULLCHECK_REQUIRE_POSTGRES === '1';

interface Case {
  source: string;
  folder: string;
  events: string;
  /** The table as the vendor's warehouse keeps it (the raw file's columns, typed). */
  table: string;
  /** SQL run on the loaded table (`{table}`: its name), and the `--timestamp` it then needs. */
  reshape?: { sql: string; timestamp: string };
}

const CASES: Case[] = [
  { source: 'canonical', folder: 'fixtures/product-led', events: 'events.csv', table: '"timestamp" timestamptz, user_id text, account_id text, event text, feature text' },
  // Time as epoch microseconds (bigint), as GA4's export and Parquet-loaded tables keep it.
  {
    source: 'canonical',
    folder: 'fixtures/product-led',
    events: 'events.csv',
    table: '"timestamp" timestamptz, user_id text, account_id text, event text, feature text',
    reshape: { sql: 'ALTER TABLE {table} ALTER COLUMN "timestamp" TYPE bigint USING (extract(epoch FROM "timestamp") * 1000000)::bigint', timestamp: 'epoch-microseconds' },
  },
  // PostHog's properties as jsonb, as its Postgres batch export writes them.
  { source: 'posthog', folder: 'fixtures/corpus/hubspot-posthog', events: 'posthog-events-export.csv', table: 'uuid uuid, event text, properties jsonb, distinct_id text, "timestamp" timestamptz' },
  // Amplitude's times without a time zone (UTC by PGTZ), JSON kept as text; groups hold arrays.
  {
    source: 'amplitude',
    folder: 'fixtures/corpus/pipedrive-amplitude',
    events: 'amplitude-export-2026-06-30.csv',
    table: '"$insert_id" text, event_type text, event_time timestamp, user_id text, amplitude_id bigint, event_properties text, groups text, user_properties text, platform text',
  },
];

describe.skipIf(bin === null && !required)('the event summary query, run in PostgreSQL', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    expect(bin, 'PostgreSQL server binaries (Debian package postgresql)').not.toBeNull();
    cluster = await startCluster(bin!);
  }, 60_000);
  afterAll(() => cluster?.stop());

  for (const c of CASES) {
    it(`gives the report of the raw ${c.source} events${c.reshape ? ` (${c.reshape.timestamp})` : ''}`, () => {
      const folder = join(ROOT, c.folder);
      const table = `${c.source}_events${c.reshape ? '_reshaped' : ''}`;
      cluster.psql(['-c', `DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${c.table})`]);
      cluster.psql(['-c', `\\copy ${table} FROM '${join(folder, c.events).replaceAll("'", "''")}' WITH (FORMAT csv, HEADER true)`]);
      if (c.reshape) cluster.psql(['-c', c.reshape.sql.replaceAll('{table}', table)]);
      const columns = cluster.psql(['-At', '-c', `SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = '${table}'`]).trim();

      const printed = runCli(['sql', '--dialect', 'postgres', '--source', c.source, '--table', `public.${table}`, '--columns', columns, ...(c.reshape ? ['--timestamp', c.reshape.timestamp] : [])]);
      expect(printed.code, printed.stderr).toBe(0);
      const dir = mkdtempSync(join(tmpdir(), `pullcheck-pg-${c.source}-`));
      const queryFile = join(dir, 'event_summary.sql');
      writeFileSync(queryFile, printed.stdout);
      const csv = cluster.psql(['--csv', '-f', queryFile]);
      const data = join(dir, 'data');
      mkdirSync(data);
      for (const f of readdirSync(folder)) if (f !== c.events) copyFileSync(join(folder, f), join(data, f));
      writeFileSync(join(data, 'event_summary.csv'), csv);

      const raw = runCli(['analyze', folder, '--format', 'json', '-q']);
      const summarised = runCli(['analyze', data, '--format', 'json', '-q']);
      expect(raw.code, raw.stderr).toBe(0);
      expect(summarised.code, summarised.stderr).toBe(0);
      const a = JSON.parse(raw.stdout);
      const b = JSON.parse(summarised.stdout);
      const rawFile = a.inputs.files.find((f: { path: string }) => f.path.endsWith(c.events));
      const file = b.inputs.files.find((f: { path: string }) => f.path.endsWith('event_summary.csv'));
      expect(file).toMatchObject({ table: 'events', layout: 'pullcheck-summary', rejected: 0, events: rawFile.rows - rawFile.rejected });
      const checks = (r: { categories: Array<{ checks: object[] }> }) => r.categories.flatMap((cat) => cat.checks);
      expect(checks(b)).toEqual(checks(a));
      expect([b.score, b.coverage, b.asOf]).toEqual([a.score, a.coverage, a.asOf]);
      expect(b.inputs.links).toEqual(a.inputs.links);
    }, 60_000);
  }
});
