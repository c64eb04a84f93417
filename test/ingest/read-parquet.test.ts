/**
 * The Parquet reader (src/ingest/read-parquet.ts) on files DuckDB writes here: each type as the
 * text coercion reads, nulls, nested columns as JSON, zero rows, corrupt files, row order across
 * row groups; and the engine's safety (duckdb-engine.ts): a hostile column name or value is data,
 * and DuckDB can read no file it was not given and write none.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckDbMessage, LazyDuckDb, openDuckDb, sqlLiteral } from '../../src/ingest/duckdb-engine.js';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { makeDateParser, decideDateFormat } from '../../src/ingest/coerce.js';
import { isoOfEpochMs, ParquetUnreadable, readParquet, topLevelNames } from '../../src/ingest/read-parquet.js';
import type { BadRecord, CsvRecord } from '../../src/ingest/read-csv.js';

let dir: string;
let writer: DuckDBInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pullcheck-parquet-'));
  writer = await DuckDBInstance.create(':memory:', { threads: '1' });
});
afterAll(() => writer.closeSync());

/** Writes `select` as `name` in the test folder (DuckDB's COPY), returns its path. */
async function parquet(name: string, select: string, options = ''): Promise<string> {
  const path = join(dir, name);
  const connection = await writer.connect();
  await connection.run(`COPY (${select}) TO ${sqlLiteral(path)} (FORMAT parquet${options})`);
  connection.closeSync();
  return path;
}

/** Every batch of a file (header first), and its bad records. */
async function read(path: string, readable: string[] = [path]): Promise<{ header: string[]; rows: CsvRecord[]; bad: BadRecord[]; info: number | null }> {
  const engine = new LazyDuckDb(readable);
  const bad: BadRecord[] = [];
  let info: number | null = null;
  try {
    const batches: CsvRecord[][] = [];
    for await (const batch of readParquet(path, engine, { onBadRecord: (b) => bad.push(b) }, (i) => (info = i.rows))) batches.push(batch);
    const [head, ...rest] = batches;
    return { header: head![0]!.cells, rows: rest.flat(), bad, info };
  } finally {
    await engine.close();
  }
}

describe('values arrive as the text coercion reads', () => {
  it('timestamps as UTC ISO 8601, dates, decimals, numbers, booleans, uuids', async () => {
    const path = await parquet(
      'types.parquet',
      `SELECT TIMESTAMP '2024-01-02 10:00:00' AS ts, TIMESTAMP '2024-01-02 10:00:00.123456' AS ts_fraction,
        TIMESTAMPTZ '2024-01-02 10:00:00+02:00' AS ts_zone, '2024-03-01 23:30:00'::TIMESTAMP_MS AS ts_ms,
        '2024-03-01 23:30:00.5'::TIMESTAMP_NS AS ts_ns, '2024-03-01 23:30:07'::TIMESTAMP_S AS ts_s,
        DATE '2024-03-01' AS d, 1250.50::DECIMAL(12, 2) AS amount, 0.1::DOUBLE AS share, 0.1::FLOAT AS share32,
        1e20::DOUBLE AS big, 42::INTEGER AS n, 1700000000123::BIGINT AS epoch_ms, true AS flag,
        '3f8c2a5e-0000-4000-8000-000000000001'::UUID AS id, 'Closed Won' AS stage`,
    );
    const { header, rows, bad, info } = await read(path);
    expect(header).toEqual(['ts', 'ts_fraction', 'ts_zone', 'ts_ms', 'ts_ns', 'ts_s', 'd', 'amount', 'share', 'share32', 'big', 'n', 'epoch_ms', 'flag', 'id', 'stage']);
    expect(rows).toEqual([
      {
        line: 1,
        cells: [
          '2024-01-02T10:00:00Z', '2024-01-02T10:00:00.123Z', '2024-01-02T08:00:00Z', '2024-03-01T23:30:00Z', '2024-03-01T23:30:00.500Z', '2024-03-01T23:30:07Z',
          '2024-03-01', '1250.50', '0.1', '0.1', '100000000000000000000', '42', '1700000000123', 'true', '3f8c2a5e-0000-4000-8000-000000000001', 'Closed Won',
        ],
      },
    ]);
    expect(bad).toEqual([]);
    expect(info).toBe(1);
    // The date parser reads what the reader wrote, to the millisecond, as UTC.
    const parse = makeDateParser(decideDateFormat(['2024-01-02T10:00:00.123Z']));
    expect(parse('2024-01-02T10:00:00.123Z')).toBe(Date.UTC(2024, 0, 2, 10, 0, 0, 123));
    expect(parse('2024-01-02T08:00:00Z')).toBe(Date.UTC(2024, 0, 2, 8));
    const epoch = makeDateParser(decideDateFormat(['1700000000123']));
    expect(epoch('1700000000123')).toBe(1700000000123);
  });

  it('infinite, null, pre-1970 and far-future timestamps, and epoch milliseconds as ISO text', async () => {
    const path = await parquet(
      'edges.parquet',
      `SELECT * FROM (VALUES
        (TIMESTAMP 'infinity', TIMESTAMPTZ '-infinity', TIMESTAMP '1969-12-31 23:59:59.250', TIMESTAMP '9999-12-31 23:59:59', DATE '1900-02-28', TIMESTAMP '1500-06-01 10:00:00'::TIMESTAMP_MS),
        (NULL, NULL, NULL, NULL, NULL, NULL)) AS t(a, b, c, d, e, f)`,
    );
    const { rows } = await read(path);
    expect(rows[0]!.cells).toEqual(['infinity', '-infinity', '1969-12-31T23:59:59.250Z', '9999-12-31T23:59:59Z', '1900-02-28', '1500-06-01T10:00:00Z']);
    expect(rows[1]!.cells).toEqual(['', '', '', '', '', '']); // a NULL time is blank, never -infinity
    expect(isoOfEpochMs(null)).toBe('');
    expect(isoOfEpochMs(Date.UTC(2024, 0, 2, 10))).toBe('2024-01-02T10:00:00Z');
    expect(isoOfEpochMs(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoOfEpochMs(9e15)).toBe('beyond the years a date can hold (9000000000000000 ms from 1970)'); // never read as epoch ms
    expect(isoOfEpochMs(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00Z');
  });

  it('isoOfEpochMs writes what toISOString writes (without .000), day cache or not', () => {
    const reference = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 20 }), (values) => {
        for (const ms of values) expect(isoOfEpochMs(ms)).toBe(reference(ms));
        for (const ms of values) expect(isoOfEpochMs(ms + 1)).toBe(reference(ms + 1)); // the same day again
      }),
    );
  });

  it('nested columns as JSON text (STRUCT, MAP, LIST, JSON), nulls as empty cells', async () => {
    const path = await parquet(
      'nested.parquet',
      `SELECT * FROM (VALUES
        ({'feature': 'reports', '$groups': {'company': 'acme.example'}}, MAP {'plan': 'pro'}, ['a', 'b'], '{"$set": {"title": "CTO"}}'::JSON, 'x'),
        (NULL, NULL, NULL, NULL, NULL),
        ({'feature': NULL, '$groups': {'company': 'b.example'}}, MAP {'k"ey': 'va''lue'}, [], '[]'::JSON, '')
      ) AS t(properties, traits, tags, person_properties, note)`,
    );
    const { header, rows } = await read(path);
    // A STRUCT's fields follow it one level deep, as the JSON-lines reader lays out an object.
    expect(header).toEqual(['properties', 'properties.feature', 'properties.$groups', 'traits', 'tags', 'person_properties', 'note']);
    expect(rows.map((r) => r.cells)).toEqual([
      ['{"feature":"reports","$groups":{"company":"acme.example"}}', 'reports', '{"company":"acme.example"}', '{"plan":"pro"}', '["a","b"]', '{"$set": {"title": "CTO"}}', 'x'],
      ['', '', '', '', '', '', ''],
      ['{"feature":null,"$groups":{"company":"b.example"}}', '', '{"company":"b.example"}', '{"k\\"ey":"va\'lue"}', '[]', '[]', ''],
    ]);
    for (const cell of [0, 2, 3, 4, 5].map((k) => rows[2]!.cells[k]!)) expect(() => JSON.parse(cell)).not.toThrow();
  });

  it('Mixpanel events with their properties as a STRUCT load as the same objects as JSON lines do', async () => {
    const events = [
      { event: 'report_created', properties: { time: 1_717_236_000, distinct_id: 'U1', account_id: 'A1', feature: 'reports', $insert_id: 'i1' } },
      { event: 'login', properties: { time: 1_717_239_600, distinct_id: 'U2', account_id: 'A1', feature: null, $insert_id: 'i2' } },
      { event: 'export_run', properties: { time: 1_717_243_200, distinct_id: 'U1', account_id: 'A2', feature: 'exports', $insert_id: 'i3' } },
    ];
    const jsonDir = mkdtempSync(join(tmpdir(), 'pullcheck-parquet-jsonl-'));
    writeFileSync(join(jsonDir, 'mixpanel-export.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const parquetDir = mkdtempSync(join(tmpdir(), 'pullcheck-parquet-struct-'));
    const connection = await writer.connect();
    await connection.run(
      `COPY (SELECT * FROM read_json(${sqlLiteral(join(jsonDir, 'mixpanel-export.jsonl'))}, columns = {event: 'VARCHAR', properties: 'STRUCT(time BIGINT, distinct_id VARCHAR, account_id VARCHAR, feature VARCHAR, "$insert_id" VARCHAR)'}))
       TO ${sqlLiteral(join(parquetDir, 'mixpanel-export.parquet'))} (FORMAT parquet)`,
    );
    connection.closeSync();
    const [fromJson, fromParquet] = [await loadDataset(jsonDir), await loadDataset(parquetDir)];
    const summary = (d: typeof fromJson) => {
      const { path: _path, encoding: _encoding, delimiter: _delimiter, notes: _notes, ...rest } = d.files[0]!;
      return rest;
    };
    expect(summary(fromParquet)).toEqual(summary(fromJson));
    expect(fromParquet.files[0]).toMatchObject({ table: 'events', layout: 'mixpanel', rows: 3, rejected: 0 });
    expect(fromParquet.files[0]!.mapping).toMatchObject({ timestamp: 'properties.time', userId: 'properties.distinct_id' });
    expect([...fromParquet.tables.events]).toEqual([...fromJson.tables.events]);
    expect(fromParquet.tables.events.get(0)).toMatchObject({ timestamp: 1_717_236_000_000, userId: 'U1', accountId: 'A1', feature: 'reports' });
  });

  it('a column name the file repeats is shown as the file writes it (DuckDB would rename it), and flagged', async () => {
    // DuckDB writes no repeated names (other writers do): write two, then make the second name the first's.
    const folder = mkdtempSync(join(tmpdir(), 'pullcheck-parquet-repeated-'));
    const connection = await writer.connect();
    const path = join(folder, 'users.parquet');
    await connection.run(`COPY (SELECT 'U1' AS user_id, 'U2' AS user_ie, TIMESTAMP '2026-01-02 10:00:00' AS signup_at, {'a': 1} AS props) TO ${sqlLiteral(path)} (FORMAT parquet)`);
    connection.closeSync();
    const bytes = readFileSync(path);
    const from = Buffer.from('user_ie');
    for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) bytes.write('user_id', at);
    writeFileSync(path, bytes);
    const { header, rows } = await read(path);
    expect(header).toEqual(['user_id', 'user_id', 'signup_at', 'props', 'props.a']);
    expect(rows[0]!.cells).toEqual(['U1', 'U2', '2026-01-02T10:00:00Z', '{"a":1}', '1']);
    const dataset = await loadDataset(folder);
    expect(dataset.files[0]).toMatchObject({ table: 'users', rows: 1 });
    expect(dataset.issues.find((i) => i.code === 'DUPLICATE_HEADER')).toMatchObject({ column: 'user_id', message: expect.stringContaining('2 times (columns 1, 2)') });
  });

  it('topLevelNames walks the schema tree depth first', () => {
    const node = (name: string, children = 0) => ({ name, children });
    expect(topLevelNames([node('root', 3), node('a'), node('s', 2), node('x'), node('l', 1), node('element'), node('b')])).toEqual(['a', 's', 'b']);
    expect(topLevelNames([node('root', 0)])).toEqual([]);
    expect(topLevelNames([])).toEqual([]);
  });

  it('BLOB columns (strings not marked UTF-8) as their text; bytes that are not UTF-8 escaped', async () => {
    const path = await parquet('blob.parquet', `SELECT * FROM (VALUES (encode('café'), encode('{"feature":"é"}')), ('\\xFF\\xFE'::BLOB, NULL)) AS t(name, properties)`);
    const { rows } = await read(path);
    expect(rows.map((r) => r.cells)).toEqual([
      ['café', '{"feature":"é"}'],
      ['\\xFF\\xFE', ''],
    ]);
  });

  it("every type of DuckDB's test_all_types() reads as one text cell per column, its NULL row all blank", async () => {
    const path = await parquet('all-types.parquet', 'SELECT * FROM test_all_types()');
    const { header, rows, bad } = await read(path);
    expect(bad).toEqual([]);
    expect(header.length).toBeGreaterThan(50);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.cells).toHaveLength(header.length);
      expect(row.cells.every((c) => typeof c === 'string')).toBe(true);
    }
    expect(rows[2]!.cells.every((c) => c === '')).toBe(true);
    const cell = (row: number, column: string): string => rows[row]!.cells[header.indexOf(column)]!;
    expect(cell(0, 'timestamp_tz')).toMatch(/^beyond the years a date can hold \(-\d+ ms from 1970\)$/);
    expect(cell(1, 'timestamp_ns')).toBe('2262-04-11T23:47:16.854Z');
    expect(cell(1, 'dec38_10')).toBe('9999999999999999999999999999.9999999999');
    expect(cell(1, 'varchar')).toBe('goo\u0000se');
  });

  it('a file with a header and no rows gives the header alone', async () => {
    const path = await parquet('zero.parquet', `SELECT 1 AS user_id, 'x' AS event WHERE false`);
    const { header, rows, bad, info } = await read(path);
    expect(header).toEqual(['user_id', 'event']);
    expect(rows).toEqual([]);
    expect(bad).toEqual([]);
    expect(info).toBe(0);
  });

  it('every row once, in order, around the first rows read whole (512) and the rest streamed', async () => {
    for (const n of [1, 511, 512, 513, 2049]) {
      const path = await parquet(`boundary-${n}.parquet`, `SELECT range AS i FROM range(${n})`, ', ROW_GROUP_SIZE 100');
      const { rows, bad } = await read(path);
      expect(bad).toEqual([]);
      expect(rows.map((r) => [r.line, r.cells[0]])).toEqual(Array.from({ length: n }, (_, k) => [k + 1, String(k)]));
    }
  });

  it('rows keep their order and numbers across row groups, read with two threads', async () => {
    const path = await parquet('order.parquet', 'SELECT range AS i FROM range(20000)', ', ROW_GROUP_SIZE 1000');
    const { rows } = await read(path);
    expect(rows.length).toBe(20000);
    expect(rows.every((r, k) => r.line === k + 1 && r.cells[0] === String(k))).toBe(true);
  });
});

describe('files that are not readable Parquet', () => {
  it('a file that is not Parquet, or cut short, throws ParquetUnreadable naming no SQL', async () => {
    const good = await parquet('cut.parquet', 'SELECT range AS i FROM range(100)');
    const cut = join(dir, 'cut-short.parquet');
    writeFileSync(cut, readFileSync(good).subarray(0, 200));
    const text = join(dir, 'text.parquet');
    writeFileSync(text, 'deal_id,stage\nD1,won\n');
    for (const path of [cut, text]) {
      const error = await read(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetUnreadable);
      expect((error as Error).message).not.toMatch(/LINE 1|SELECT/);
      expect((error as Error).message).toContain(path);
    }
  });

  it('a file whose data is damaged after its first row groups ends with PARQUET_UNREADABLE at the row it stopped, never silently short', async () => {
    const path = await parquet('damaged.parquet', "SELECT range AS i, md5(range::VARCHAR) AS s FROM range(100000)", ', ROW_GROUP_SIZE 2048, COMPRESSION zstd');
    const bytes = readFileSync(path);
    // Overwrite data of the last row groups (not the footer, which says where they are).
    bytes.fill(0xab, Math.floor(bytes.length * 0.85), Math.floor(bytes.length * 0.9));
    writeFileSync(path, bytes);
    const { rows, bad } = await read(path);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ code: 'PARQUET_UNREADABLE', line: rows.length + 1 });
    expect(bad[0]!.message).toMatch(/^the Parquet data cannot be read from row [\d,]+ on \(.+\); the file holds 100,000 rows, the last [\d,]+ are not read$/);
    expect(bad[0]!.message).not.toContain('the data ends early'); // DuckDB's reason is found
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100000);
    expect(rows.every((r, k) => r.line === k + 1 && r.cells[0] === String(k))).toBe(true);
  });

  it('duckDbMessage drops the SQL excerpt DuckDB appends', () => {
    expect(duckDbMessage(new Error("IO Error: No files found that match the pattern \"x\"\n\nLINE 1: SELECT * FROM read_parquet($1)\n                      ^"))).toBe('IO Error: No files found that match the pattern "x"');
  });
});

describe('safe by construction', () => {
  it('a hostile column name or value is data: it reads no other file and writes none', async () => {
    const secret = join(dir, 'secret.csv');
    writeFileSync(secret, 'password\nhunter2\n');
    const written = join(dir, 'pwned.csv');
    const names = [
      `x'); COPY (SELECT 1) TO ${sqlLiteral(written)}; --`,
      `"; COPY (SELECT * FROM read_csv(${sqlLiteral(secret)})) TO ${sqlLiteral(written)}; --`,
      '#1',
      'event',
    ];
    const select = 'SELECT ' + names.map((n, i) => `${sqlLiteral(i === 3 ? `COPY (SELECT 1) TO ${sqlLiteral(written)}` : `read_csv(${sqlLiteral(secret)})`)} AS "${n.replaceAll('"', '""')}"`).join(', ');
    const path = await parquet('hostile.parquet', select);
    const before = readdirSync(dir).sort();
    const { header, rows } = await read(path);
    expect(header).toEqual(names);
    expect(rows[0]!.cells).toEqual([`read_csv(${sqlLiteral(secret)})`, `read_csv(${sqlLiteral(secret)})`, `read_csv(${sqlLiteral(secret)})`, `COPY (SELECT 1) TO ${sqlLiteral(written)}`]);
    expect(existsSync(written)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('the engine reads only the files it was given, writes nothing, loads no extension', async () => {
    const allowed = await parquet('allowed.parquet', 'SELECT 1 AS a');
    const other = await parquet('other.parquet', 'SELECT 2 AS a');
    const db = await openDuckDb([allowed]);
    const connection = await db.connect();
    const attempt = async (sql: string, params: string[] = []): Promise<string> => {
      try {
        await connection.runAndReadAll(sql, params);
        return 'ran';
      } catch (error) {
        return duckDbMessage(error);
      }
    };
    try {
      expect(await attempt('SELECT * FROM read_parquet($1)', [allowed])).toBe('ran');
      expect(await attempt('SELECT * FROM read_parquet($1)', [other])).toMatch(/Permission Error/);
      expect(await attempt("SELECT * FROM read_text('/etc/passwd')")).toMatch(/Permission Error/);
      expect(await attempt(`COPY (SELECT 1) TO ${sqlLiteral(join(dir, 'out.csv'))}`)).toMatch(/Permission Error/);
      expect(await attempt("SELECT * FROM read_csv('https://example.com/x.csv')")).toMatch(/Permission Error/);
      expect(await attempt('INSTALL httpfs')).toMatch(/Permission Error|disabled/);
      expect(await attempt('LOAD httpfs')).toMatch(/disabled/);
      expect(await attempt('SET enable_external_access = true')).toMatch(/locked/);
      expect(await attempt("SET allowed_paths = ['/etc/passwd']")).toMatch(/locked/);
      expect(existsSync(join(dir, 'out.csv'))).toBe(false);
      expect(existsSync(db.tempDirectory)).toBe(true);
    } finally {
      connection.closeSync();
      db.close();
    }
    expect(existsSync(db.tempDirectory)).toBe(false);
  });

  it('a folder of Parquet files is read through one engine, closed (its temp folder removed) when loading ends', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pullcheck-parquet-folder-'));
    const connection = await writer.connect();
    await connection.run(`COPY (SELECT 'D1' AS deal_id, 'won' AS stage, 1200.00::DECIMAL(10,2) AS amount, DATE '2026-01-05' AS created_at, TIMESTAMP '2026-03-01 00:00:00' AS closed_at) TO ${sqlLiteral(join(folder, 'deals.parquet'))} (FORMAT parquet)`);
    await connection.run(`COPY (SELECT 'U1' AS user_id, 'A1' AS account_id, TIMESTAMPTZ '2026-02-01 09:00:00+00' AS signup_at) TO ${sqlLiteral(join(folder, 'users.parquet'))} (FORMAT parquet)`);
    connection.closeSync();
    // DuckDB's temporary folder goes under os.tmpdir(), here a folder of this test's own.
    const temp = mkdtempSync(join(tmpdir(), 'pullcheck-parquet-tmp-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    let dataset;
    try {
      dataset = await loadDataset(folder);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    expect(dataset.files.map((f) => [f.path.split('/').pop(), f.status, f.table, f.rows, f.delimiter])).toEqual([
      ['deals.parquet', 'read', 'deals', 1, 'Parquet'],
      ['users.parquet', 'read', 'users', 1, 'Parquet'],
    ]);
    expect(dataset.tables.deals[0]).toMatchObject({ dealId: 'D1', amount: 1200, createdAt: Date.UTC(2026, 0, 5), closedAt: Date.UTC(2026, 2, 1) });
    expect(dataset.tables.users[0]).toMatchObject({ userId: 'U1', signupAt: Date.UTC(2026, 1, 1, 9) });
    expect(readdirSync(temp)).toEqual([]);
  });
});
