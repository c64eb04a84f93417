/**
 * Parquet through the built CLI: fixtures/parquet-events (the corpus company hubspot-posthog with
 * its PostHog events and persons as Parquet, scripts/parquet-fixture.mjs) gives the same report
 * as the CSV files it was made from; inspect shows the files recognised; a Parquet file is
 * known by its first bytes whatever its name; damaged files are named, never a stack trace;
 * a hostile column name is data; and DuckDB is loaded only when a Parquet file is read.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const PARQUET = 'fixtures/parquet-events';
const CSV = 'fixtures/corpus/hubspot-posthog';
const NO_CI = { CI: '' };

function temp(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** The JSON report of `dir`, with its folder and the Parquet files' names as their CSV twins'. */
function report(dir: string): Record<string, unknown> {
  const run = runCli(['analyze', dir, '--format', 'json'], { env: NO_CI });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const text = run.stdout.replaceAll(`${dir}/`, 'DIR/').replaceAll(`"${dir}"`, '"DIR"').replaceAll('.parquet"', '.csv"');
  const parsed = JSON.parse(text) as { inputs: { files: Array<Record<string, unknown>> } };
  // How each file was read (encoding, delimiter, notes) differs by format, and nothing else.
  for (const f of parsed.inputs.files) {
    delete f.encoding;
    delete f.delimiter;
    delete f.notes;
  }
  return parsed;
}

describe('Parquet files give the same report as the same rows as CSV', () => {
  it('analyze: PostHog events (properties JSON, timestamp WITH TIME ZONE) and persons (LIST, JSON, TIMESTAMP) as Parquet', () => {
    const parquet = report(PARQUET);
    expect(parquet).toEqual(report(CSV));
    // Not a vacuous comparison: the Parquet rows were read and the checks measured.
    const files = (parquet as { inputs: { files: Array<{ path: string; table: string; rows: number; rejected: number }> } }).inputs.files;
    expect(files.find((f) => f.path === 'DIR/posthog-events-export.csv')).toMatchObject({ table: 'events', rows: 2990, rejected: 0 });
    expect(files.find((f) => f.path === 'DIR/persons.csv')).toMatchObject({ table: 'users', rows: 357, rejected: 0 });
  });

  it('inspect shows each Parquet file recognised, and the events file grouped by DuckDB', () => {
    const run = runCli(['inspect', PARQUET], { env: NO_CI });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        `${PARQUET}/posthog-events-export.parquet`,
        '  table     events — PostHog (events export), confidence 0.75',
        '  note      Parquet has no lines: a place in this file (file:N) is its Nth row',
        // Its properties are a JSON text column, which DuckDB's summary reads (events-fields-sql.ts).
        '  note      events grouped by DuckDB into 2,660 rows of one user, account, event, feature, anonymous id and UTC day',
        '  read as   Parquet; 2,990 rows, 0 rejected',
      ].join('\n'),
    );
    const json = JSON.parse(runCli(['inspect', PARQUET, '--format', 'json'], { env: NO_CI }).stdout) as { files: Array<{ path: string; table: string; layout: string; delimiter: string }> };
    expect(json.files.filter((f) => f.delimiter === 'Parquet').map((f) => [f.path, f.table, f.layout])).toEqual([
      [`${PARQUET}/persons.parquet`, 'users', 'posthog-persons'],
      [`${PARQUET}/posthog-events-export.parquet`, 'events', 'posthog'],
    ]);
  });

  it('a Parquet file named .csv is known by its first bytes (PAR1) and read as Parquet', () => {
    const dir = temp('pullcheck-parquet-named-');
    cpSync(PARQUET, dir, { recursive: true });
    for (const name of ['posthog-events-export', 'persons']) renameSync(join(dir, `${name}.parquet`), join(dir, `${name}.csv`));
    const run = runCli(['inspect', dir, '--format', 'json'], { env: NO_CI });
    const events = (JSON.parse(run.stdout) as { files: Array<{ path: string; table: string; rows: number; delimiter: string; notes: string[] }> }).files.find((f) => f.path === `${dir}/posthog-events-export.csv`)!;
    expect(events).toMatchObject({ table: 'events', rows: 2990, delimiter: 'Parquet' });
    expect(events.notes).toContain('a Parquet file although its name does not end in .parquet');
  });
});

describe('an event summary exported from a warehouse as Parquet', () => {
  it('gives the report of the same summary as CSV (event_count BIGINT, first_at TIMESTAMP WITH TIME ZONE)', async () => {
    const [asParquet, asCsv] = [temp('pullcheck-parquet-summary-'), temp('pullcheck-csv-summary-')];
    for (const dir of [asParquet, asCsv]) {
      cpSync('fixtures/product-led', dir, { recursive: true });
      rmSync(join(dir, 'events.csv'));
    }
    const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;
    // Per user, account, event, feature and UTC day: the first time and the count (docs/warehouse.md's summary).
    const summary = (firstAt: string): string => `SELECT ${firstAt} AS first_at, user_id, NULL::VARCHAR AS anonymous_id, account_id, event, feature, count(*)::BIGINT AS event_count
      FROM read_csv(${quote(join(ROOT, 'fixtures/product-led/events.csv'))}, header = true, all_varchar = true)
      GROUP BY user_id, account_id, event, feature, timestamp[1:10] ORDER BY min(timestamp), user_id, account_id, event, feature`;
    const writer = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await writer.connect();
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`COPY (${summary('min(timestamp)::TIMESTAMPTZ')}) TO ${quote(join(asParquet, 'event_summary.parquet'))} (FORMAT parquet)`);
    await connection.run(`COPY (${summary('min(timestamp)')}) TO ${quote(join(asCsv, 'event_summary.csv'))} (HEADER)`);
    connection.closeSync();
    writer.closeSync();
    const parquet = report(asParquet) as { inputs: { files: Array<{ path: string; layout: string; rows: number; events?: number }> } };
    expect(parquet).toEqual(report(asCsv));
    expect(parquet.inputs.files.find((f) => f.path === 'DIR/event_summary.csv')).toMatchObject({ layout: 'pullcheck-summary', events: 91558 });
  });
});

describe('Parquet files that cannot be read', () => {
  it('a damaged Parquet file alone: exit 2, the file and why named, no stack trace', () => {
    const dir = temp('pullcheck-parquet-bad-');
    writeFileSync(join(dir, 'events.parquet'), Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]));
    const run = runCli(['analyze', dir], { env: NO_CI });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir}/events.parquet:1: cannot read it as a Parquet file (`);
    expect(run.stderr).toContain('export the table again, as Parquet or CSV');
    expect(run.stderr).not.toMatch(/\n\s+at |LINE 1:|SELECT/);
  });

  it('a damaged or empty Parquet file among CSV files: reported and skipped, the rest read', () => {
    const dir = temp('pullcheck-parquet-among-');
    cpSync('fixtures/tiny', dir, { recursive: true });
    writeFileSync(join(dir, 'more-events.parquet'), 'timestamp,user_id\n');
    writeFileSync(join(dir, 'empty.parquet'), '');
    const run = runCli(['analyze', dir, '--format', 'json'], { env: NO_CI });
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { inputs: { files: Array<{ path: string; status: string; reason?: string }> }; warnings: Array<{ code: string; file: string; message: string }> };
    expect(parsed.inputs.files.find((f) => f.path.endsWith('more-events.parquet'))).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^cannot read it as a Parquet file \(.*No magic bytes.*\)/) });
    expect(parsed.inputs.files.find((f) => f.path.endsWith('empty.parquet'))).toMatchObject({ status: 'skipped', reason: 'the file is empty' });
    expect(parsed.warnings.filter((w) => w.file.endsWith('.parquet')).map((w) => w.code).sort()).toEqual(['EMPTY_FILE', 'FILE_UNREADABLE']);
    expect(parsed.inputs.files.filter((f) => f.status === 'read')).toHaveLength(5);
  });

  it('a .parquet.gz is not read, and says why', () => {
    const dir = temp('pullcheck-parquet-gz-');
    cpSync('fixtures/tiny', dir, { recursive: true });
    writeFileSync(join(dir, 'events.parquet.gz'), '');
    const parsed = JSON.parse(runCli(['inspect', dir, '--format', 'json'], { env: NO_CI }).stdout) as { files: Array<{ path: string; status: string; reason?: string }> };
    expect(parsed.files.find((f) => f.path.endsWith('events.parquet.gz'))).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^a gzip file of something other than/) });
  });
});

describe('a hostile Parquet column name is data', () => {
  it('a column named like SQL reads no other file and writes none; its name is shown as text', async () => {
    const dir = temp('pullcheck-parquet-hostile-');
    const outside = temp('pullcheck-parquet-outside-');
    writeFileSync(join(outside, 'secret.csv'), 'password\nhunter2\n');
    const written = join(outside, 'pwned.csv');
    const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;
    const hostile = `x'); COPY (SELECT * FROM read_csv(${quote(join(outside, 'secret.csv'))})) TO ${quote(written)}; --`;
    const writer = await DuckDBInstance.create(':memory:');
    const connection = await writer.connect();
    await connection.run(
      `COPY (SELECT TIMESTAMP '2026-06-01 10:00:00' + INTERVAL (range) HOUR AS timestamp, 'U' || (range % 7) AS user_id, 'A1' AS account_id, 'report_created' AS event,
         ${quote(`read_text(${quote('/etc/passwd')})`)} AS "${hostile.replaceAll('"', '""')}" FROM range(50)) TO ${quote(join(dir, 'events.parquet'))} (FORMAT parquet)`,
    );
    connection.closeSync();
    writer.closeSync();
    const run = runCli(['inspect', dir, '--format', 'json'], { env: NO_CI });
    expect(run.code).toBe(0);
    const file = (JSON.parse(run.stdout) as { files: Array<{ table: string; rows: number; unmappedColumns: string[] }> }).files[0]!;
    expect(file).toMatchObject({ table: 'events', rows: 50, unmappedColumns: [hostile] });
    expect(existsSync(written)).toBe(false);
    expect(readdirSync(outside)).toEqual(['secret.csv']);
    expect(run.stdout).not.toContain('hunter2');
    expect(run.stdout).not.toContain('root:');
  });
});

describe('DuckDB is loaded only when an events or Parquet file is read', () => {
  /** Runs the CLI with a preload that writes, at exit, whether DuckDB's native binding is mapped into the process. */
  function loadsDuckDb(args: string[]): { code: number | null; loaded: boolean } {
    const dir = temp('pullcheck-parquet-lazy-');
    const preload = join(dir, 'report-duckdb.mjs');
    const out = join(dir, 'loaded.txt');
    writeFileSync(
      preload,
      `import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(${JSON.stringify(out)}, String(readFileSync('/proc/self/maps', 'utf8').includes('duckdb'))));
`,
    );
    const run = runCli(args, { env: { ...NO_CI, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` } });
    return { code: run.code, loaded: readFileSync(out, 'utf8') === 'true' };
  }

  it.runIf(existsSync('/proc/self/maps'))('not by --help nor a run on CRM files alone; by a run with an events file or a Parquet file', () => {
    expect(loadsDuckDb(['--help'])).toEqual({ code: 0, loaded: false });
    expect(loadsDuckDb(['analyze', 'fixtures/vendors/maven', '--format', 'json'])).toEqual({ code: 0, loaded: false });
    // Its events.csv is read by DuckDB into day summaries (src/ingest/events-duckdb.ts).
    expect(loadsDuckDb(['analyze', 'fixtures/tiny', '--format', 'json'])).toEqual({ code: 0, loaded: true });
    expect(loadsDuckDb(['analyze', PARQUET, '--format', 'json'])).toEqual({ code: 0, loaded: true });
  });
});

describe('DuckDB without a temporary folder', () => {
  it('says a Parquet file cannot be read because TMPDIR is not writable, not that the file should be exported again', () => {
    const missing = join(temp('pullcheck-no-tmp-'), 'absent');
    const run = runCli(['inspect', join(ROOT, PARQUET)], { env: { ...NO_CI, TMPDIR: missing } });
    expect(run.stdout + run.stderr).toContain(`cannot read it as a Parquet file: DuckDB's temporary folder cannot be made in ${missing} (ENOENT): set TMPDIR to a folder pullcheck can write to`);
    expect(run.stdout + run.stderr).not.toMatch(/export the table again|\n\s+at /);
  });
});
