/**
 * DuckDB's per-day summary of an events file (src/ingest/events-duckdb.ts): the SQL date parse
 * equals makeDateParser on every value SQL accepts (differential, generated strings of every
 * compiled family and their edges), the summary's rows, counts and first lines, and every case
 * that must leave the file to the JavaScript path (odd rows, blank lines, lone CRs, ragged rows,
 * bad bytes). A hostile header never reaches the SQL.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDateParser, type DateFormat } from '../../src/ingest/coerce.js';
import { openDuckDb, LazyDuckDb, type DuckDb } from '../../src/ingest/duckdb-engine.js';
import { dataLines, scanDataLines } from '../../src/ingest/data-lines.js';
import { normaliseLabel } from '../../src/core/settings.js';
import { errorKindShown, eventsSummarySql, exclusionsOddSql, exactNamesPattern, latestEventLines, readEventsSummary, timestampPartsSql, timestampSql, type DuckDbEventsFile } from '../../src/ingest/events-duckdb.js';
import { EventTable } from '../../src/core/model.js';
import { excludedRow, fileExclusions, type FileExclusion } from '../../src/ingest/exclusions.js';
import { readParquet, type ParquetColumn } from '../../src/ingest/read-parquet.js';
import { DuckDBInstance } from '@duckdb/node-api';

let dir: string;
let db: DuckDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-duckdb-'));
  db = await openDuckDb([]);
});
afterAll(() => db.close());

/** SQL's reading of each value (null: not settled by SQL). */
async function sqlTimes(values: readonly string[], format: DateFormat): Promise<Array<number | null>> {
  const expression = timestampSql('x', 'tp', format)!;
  const connection = await db.connect();
  try {
    const result = await connection.runAndReadAll(
      `SELECT CAST(${expression} AS DOUBLE) AS t FROM (SELECT x, ${timestampPartsSql('x', undefined, format)} AS tp, k FROM (SELECT UNNEST(from_json($1, '["VARCHAR"]')) AS x, generate_subscripts(from_json($1, '["VARCHAR"]'), 1) AS k)) ORDER BY k`,
      [JSON.stringify(values)],
    );
    return result.getColumns()[0]!.map((v) => (v === null ? null : Number(v)));
  } finally {
    connection.closeSync();
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isoArb = fc
  .record({
    y: fc.integer({ min: 900, max: 9999 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    time: fc.option(fc.record({ sep: fc.constantFrom('T', ' ', 't'), h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 60 }), s: fc.option(fc.integer({ min: 0, max: 61 })), f: fc.option(fc.stringMatching(/^[0-9]{1,10}$/)) })),
    zone: fc.constantFrom('', 'Z', 'z', '+00:00', '-00:00', '+01:00', '-05:30', '+14:00', '+14:59', '-14:59', '+15:00', '+05:60', '+0530', '-1459', '+1500', ' Z', 'UTC', ' UTC', ' utc', ' GMT', 'gmt', ' +02:00', ' -0330', '  UTC', ' EST', 'UTC+1', ' U', '+00', '-05', '+14', '+15', ' +02', '+2'),
    space: fc.constantFrom('', '', '', ' '),
  })
  .map(({ y, mo, d, time, zone, space }) => {
    const date = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
    const clock = time ? `${time.sep}${pad(time.h, 2)}:${pad(time.mi, 2)}${time.s === null ? '' : `:${pad(time.s, 2)}${time.f === null ? '' : `.${time.f}`}`}` : '';
    return `${space}${date}${clock}${zone}`;
  });
const digitsArb = fc.stringMatching(/^[0-9]{1,22}$/);
const slashedArb = fc
  .record({
    a: fc.integer({ min: 0, max: 32 }),
    b: fc.integer({ min: 0, max: 32 }),
    y: fc.constantFrom('2024', '2023', '1999', '2000', '0999', '24', '1000'),
    pad: fc.boolean(),
    time: fc.option(fc.record({ h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 60 }), s: fc.option(fc.integer({ min: 0, max: 61 })), hpad: fc.boolean() })),
    sep: fc.constantFrom('/', '/', '/', '-', '.'),
    tail: fc.constantFrom('', '', '', ' pm', 'Z', ' '),
  })
  .map(({ a, b, y, pad, time, sep, tail }) => {
    const n = (v: number): string => (pad ? pad2(v) : String(v));
    const clock = time ? ` ${time.hpad ? pad2(time.h) : String(time.h)}:${pad2(time.mi)}${time.s === null ? '' : `:${pad2(time.s)}`}` : '';
    return `${n(a)}${sep}${n(b)}${sep}${y}${clock}${tail}`;
  });
const yearFirstArb = fc
  .record({
    y: fc.constantFrom('2024', '2023', '1999', '0999', '24'),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    pad: fc.boolean(),
    seps: fc.constantFrom(['/', '/'], ['.', '.'], ['/', '.'], ['-', '/']),
    time: fc.option(fc.record({ sep: fc.constantFrom(' ', ' ', 'T'), h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 60 }), s: fc.option(fc.integer({ min: 0, max: 61 })) })),
    tail: fc.constantFrom('', '', '', 'Z', ' '),
  })
  .map(({ y, mo, d, pad, seps, time, tail }) => {
    const n = (v: number): string => (pad ? pad2(v) : String(v));
    const clock = time ? `${time.sep}${pad2(time.h)}:${pad2(time.mi)}${time.s === null ? '' : `:${pad2(time.s)}`}` : '';
    return `${y}${seps[0]}${n(mo)}${seps[1]}${n(d)}${clock}${tail}`;
  });
const monthNameArb = fc
  .record({
    month: fc.constantFrom('Jan', 'jan', 'JAN', 'January', 'Feb', 'Sept', 'September', 'Dec.', 'Mai', 'Foo', 'Juneteenth', 'Ju', 'ſep', 'Sep'),
    d: fc.integer({ min: 0, max: 32 }),
    y: fc.constantFrom('2024', '2023', '0999', '24'),
    dayFirst: fc.boolean(),
    sep: fc.constantFrom(' ', ' ', '-', '  '),
    comma: fc.boolean(),
    time: fc.option(fc.record({ h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 60 }), s: fc.option(fc.integer({ min: 0, max: 61 })), ap: fc.constantFrom('', '', ' PM', ' am', 'pm', ' p.m.') })),
  })
  .map(({ month, d, y, dayFirst, sep, comma, time }) => {
    const clock = time ? ` ${time.h}:${pad2(time.mi)}${time.s === null ? '' : `:${pad2(time.s)}`}${time.ap}` : '';
    return dayFirst ? `${d}${sep}${month}${sep}${y}${clock}` : `${month} ${d}${comma ? ',' : ''} ${y}${comma && clock ? ',' : ''}${clock}`;
  });
function pad2(v: number): string {
  return String(v).padStart(2, '0');
}

/** Hand-picked edges: leap days, month ends, 24:00, leap seconds, offsets, years, epoch lengths at their limits. */
const EDGES = [
  '2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '2024-04-31', '2024-12-31T23:59:59.999Z', '2024-01-01T24:00:00Z', '2024-06-30T23:59:60Z',
  '2024-01-01T00:00:00+14:00', '2024-01-01T00:00:00-14:59', '2024-01-01T00:00:00+15:00', '2024-01-01T10:00', '2024-01-01 10:00:00', '2024-01-01T10:00:00.1Z',
  '2024-01-01T10:00:00.123456789Z', '2024-01-01T10:00:00,5Z', '1000-01-01', '0999-12-31', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z',
  '0', '1', '999999999999', '9999999999999', '1714521600', '1714521600000', '1714521600000000', '1714521600000000000', '999999999999999', '9999999999999999',
  '999999999999999999', '1714521600000000500', '1714521600000500', '00001714521600', '', ' ', 'null', 'N/A', '2024-01-01Z', '2024-1-1', '12/31/2024', 'x',
  '2024-01-04 13:04:31 UTC', '2024-01-04 13:04:31.123456 UTC', '2024-01-04 13:04:31.123 UTC', '2024-01-04 13:04:31.270000', '2024-01-04T13:04:31.123456Z',
  '2024-06-10 10:00:00.000000+00:00', '2024-06-10 10:00:00.123456-00:00', '2024-06-10T10:00:00+0000', '2024-06-10 10:00:00+00', '2024-06-10 10:00:00 +00', '2024-06-10 10:00:00.12+00:00',
  '2024-01-04 13:04:31.123+00', '2024-01-04 13:04:31-05', '2024-01-04 13:04+05', '2024-01-04+05', '2024-01-04 13:04:31 +05', '2024-01-04T13:04:31+053',
  '2024-01-04 13:04:31.12345 UTC', '2024-01-04 13:04:31.1234567 UTC', '2024-01-04 13:04 UTC', '2024-01-04 UTC', '2024-01-04T13:04:31UTC', '2024-02-30 13:04:31 UTC',
  '2/29/2024', '2/29/2023', '29/02/2024', '31/12/2024 23:59:59', '12/31/2024 24:00', '1/2/2024 9:05', '01/02/2024 09:05:07', '13/13/2024', '0/1/2024', '1/1/0999',
];

describe('timestampSql equals makeDateParser on every value SQL accepts', () => {
  const formats: DateFormat[] = [
    { order: 'mdy', numeric: null },
    { order: 'dmy', numeric: null },
    { order: 'mdy', numeric: 'epoch-s' },
    { order: 'mdy', numeric: 'epoch-ms' },
    { order: 'mdy', numeric: 'epoch-us' },
    { order: 'mdy', numeric: 'epoch-ns' },
  ];
  for (const format of formats) {
    it(`${format.numeric ?? 'ISO 8601'} (${format.order})`, async () => {
      const values = [...EDGES, ...fc.sample(isoArb, { numRuns: 3000, seed: 14 }), ...fc.sample(digitsArb, { numRuns: 1500, seed: 15 }), ...fc.sample(slashedArb, { numRuns: 2000, seed: 16 }), ...fc.sample(yearFirstArb, { numRuns: 1000, seed: 17 }), ...fc.sample(monthNameArb, { numRuns: 2000, seed: 18 })];
      const sql = await sqlTimes(values, format);
      const parse = makeDateParser(format);
      let accepted = 0;
      const differ: string[] = [];
      values.forEach((v, i) => {
        if (sql[i] === null) return;
        accepted++;
        if (parse(v) !== sql[i]) differ.push(`${JSON.stringify(v)}: SQL ${sql[i]}, parser ${parse(v)}`);
      });
      expect(differ).toEqual([]);
      // SQL settles the usual shapes (else every file would go to JavaScript and this test prove nothing).
      expect(accepted).toBeGreaterThan(500);
      const slashed = values.filter((v, i) => sql[i] !== null && v.includes('/')).length;
      expect(slashed).toBeGreaterThan(100);
      // Dotted day-first dates and year-first ones with slashes or dots are settled too.
      expect(values.filter((v, i) => sql[i] !== null && /^\d{1,2}\.\d{1,2}\./.test(v)).length).toBeGreaterThan(30);
      expect(values.filter((v, i) => sql[i] !== null && /^\d{4}[/.]/.test(v)).length).toBeGreaterThan(30);
      // Month names, first or after the day.
      expect(values.filter((v, i) => sql[i] !== null && /^[A-Za-z]/.test(v)).length).toBeGreaterThan(100);
      expect(values.filter((v, i) => sql[i] !== null && /^\d{1,2}[ -][A-Za-z]/.test(v)).length).toBeGreaterThan(50);
    });
  }

  it('settles the common shapes and leaves the others (blank, impossible, other families) unsettled', async () => {
    const iso = await sqlTimes(['2024-02-29T10:00:00Z', '2024-01-01', '2024-01-01T10:00:00.5+01:00', '2023-02-29', '2024-01-01T24:00:00Z', '', 'null', 'Mar 1, 2024', ' 2024-01-01'], { order: 'mdy', numeric: null });
    expect(iso).toEqual([Date.UTC(2024, 1, 29, 10), Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 9, 0, 0, 500), null, null, null, null, Date.UTC(2024, 2, 1), null]);
    expect(await sqlTimes(['1714521600', '2024-05-01'], { order: 'mdy', numeric: 'epoch-s' })).toEqual([1714521600000, Date.UTC(2024, 4, 1)]);
    expect(await sqlTimes(['1/2/2024', '13/2/2024 10:05', '1/2/24', '1/2/2024 1:05 pm'], { order: 'mdy', numeric: null })).toEqual([Date.UTC(2024, 0, 2), null, null, null]);
    expect(await sqlTimes(['1/2/2024', '13/2/2024 10:05'], { order: 'dmy', numeric: null })).toEqual([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 13, 10, 5)]);
    // Dots are day first whatever the order; dashes follow it; year-first dates with slashes or dots.
    expect(await sqlTimes(['12.01.2024 13:18:54', '1-2-2024', '2024/01/12 13:18:54', '2024.1.2', '2024/02/30', '12.01.2024 1:18 pm'], { order: 'mdy', numeric: null }))
      .toEqual([Date.UTC(2024, 0, 12, 13, 18, 54), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 12, 13, 18, 54), Date.UTC(2024, 0, 2), null, null]);
    expect(await sqlTimes(['Jan 12, 2024, 1:18:54 PM', 'March 1 2024', '12 Jan 2024 13:18', '12-Jan-2024', 'Jan 12, 2024, 12:05 AM', 'Jan 12, 2024, 13:05 PM', 'ſep 1, 2024', 'Feb 30, 2024'], { order: 'mdy', numeric: null }))
      .toEqual([Date.UTC(2024, 0, 12, 13, 18, 54), Date.UTC(2024, 2, 1), Date.UTC(2024, 0, 12, 13, 18), Date.UTC(2024, 0, 12), Date.UTC(2024, 0, 12, 0, 5), null, null, null]);
    // A warehouse's shapes (BigQuery writes a TIMESTAMP as `… UTC`, with six fraction digits when it has any).
    expect(await sqlTimes(['2024-01-04 13:04:31 UTC', '2024-01-04 13:04:31.123456 UTC', '2024-01-04 13:04:31.270000', '2024-01-04T15:04:31+0200', '2024-01-04 13:04:31 gmt', '2024-01-04 18:04:31.123+05'], { order: 'mdy', numeric: null }))
      .toEqual([Date.UTC(2024, 0, 4, 13, 4, 31), Date.UTC(2024, 0, 4, 13, 4, 31, 123), Date.UTC(2024, 0, 4, 13, 4, 31, 270), Date.UTC(2024, 0, 4, 13, 4, 31), Date.UTC(2024, 0, 4, 13, 4, 31), Date.UTC(2024, 0, 4, 13, 4, 31, 123)]);
    expect(timestampSql('x', 'tp', { order: 'mdy', numeric: 'excel' })).toBeNull();
  });
});

/** Writes a file in the test folder; returns its path. */
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const COLUMNS = { timestamp: 0, userId: 1, accountId: 2, event: 3, feature: 4 };
const HEADER = 'timestamp,user_id,account_id,event,feature';

async function summarise(path: string, options: Partial<DuckDbEventsFile> = {}): Promise<{ read: Awaited<ReturnType<typeof readEventsSummary>>; table: EventTable; odd: Array<[number, string[]]> }> {
  const engine = new LazyDuckDb([path]);
  const table = new EventTable();
  const odd: Array<[number, string[]]> = [];
  try {
    const read = await readEventsSummary(engine, { path, delimiter: ',', width: 5, columns: COLUMNS, dateFormat: { order: 'mdy', numeric: null }, gzip: null, ...options }, table, (line, cells) => {
      odd.push([line, cells]);
      // As the JavaScript rows would: an odd row between summary rows keeps its place.
      table.append(0, `odd@${line}`, null, 'odd', null);
    });
    return { read, table, odd };
  } finally {
    await engine.close();
  }
}

describe('readEventsSummary', () => {
  it('groups a plain CSV file per user, account, event, feature and UTC day, in time order, with counts; its latest lines when asked', async () => {
    const path = file('plain.csv', [
      HEADER,
      '2024-01-02T10:00:00Z,u2,a1,open,reports', // line 2
      '2024-01-01T09:00:00Z,u1,a1,open,reports', // 3
      '2024-01-02T08:00:00Z,u2,a1,open,reports', // 4: same day as line 2, earlier
      '2024-01-02T23:59:59Z,u2,,open,', // 5
      '2024-01-03T00:00:00Z,u2,a1,open,reports', // 6: the next UTC day
      '2024-01-02T08:00:00Z,u2,a1,open,reports', // 7: ties line 4
    ].join('\r\n') + '\r\n');
    const { read, table } = await summarise(path);
    expect(read).toEqual({ rows: 6 });
    expect([...table]).toEqual([
      { timestamp: Date.UTC(2024, 0, 1, 9), userId: 'u1', accountId: 'a1', event: 'open', feature: 'reports' },
      { timestamp: Date.UTC(2024, 0, 2, 8), userId: 'u2', accountId: 'a1', event: 'open', feature: 'reports', count: 3 },
      { timestamp: Date.UTC(2024, 0, 2, 23, 59, 59), userId: 'u2', accountId: null, event: 'open', feature: null },
      { timestamp: Date.UTC(2024, 0, 3), userId: 'u2', accountId: 'a1', event: 'open', feature: 'reports' },
    ]);
    expect(table.rowCount()).toBe(6);
    expect(table.eventCount()).toBe(6);
    // The latest events' lines when a date outlier asks, as a row-by-row read notes them: latest
    // first, then in file order.
    const spec = { path, delimiter: ',', width: 5, columns: COLUMNS, dateFormat: { order: 'mdy' as const, numeric: null }, gzip: null };
    expect(await latestEventLines(spec, Date.UTC(2024, 0, 2, 8))).toEqual([
      { value: Date.UTC(2024, 0, 3), line: 6 },
      { value: Date.UTC(2024, 0, 2, 23, 59, 59), line: 5 },
      { value: Date.UTC(2024, 0, 2, 10), line: 2 },
      { value: Date.UTC(2024, 0, 2, 8), line: 4 },
      { value: Date.UTC(2024, 0, 2, 8), line: 7 },
    ]);
    expect(await latestEventLines(spec, Date.UTC(2024, 0, 4))).toEqual([]);
  });

  it("hands a plain file's groups over in the same order whatever the order of its rows", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `2024-01-0${1 + (i % 5)}T0${i % 7}:00:00Z,u${i % 11},a${i % 3},e${i % 4},f${i % 2}`);
    const forward = await summarise(file('forward.csv', [HEADER, ...rows].join('\n') + '\n'));
    const backward = await summarise(file('backward.csv', [HEADER, ...rows.reverse()].join('\n') + '\n'));
    expect(forward.read).toEqual({ rows: 3000 });
    expect([...backward.table]).toEqual([...forward.table]);
    const times = Array.from({ length: forward.table.length }, (_, i) => forward.table.timestampAt(i));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps each day row\'s latest time, and rows of an exact-time name (an invite) apart per time', async () => {
    const path = file('exact.csv', [
      HEADER,
      '2024-01-02T10:00:00Z,u1,a1,open,', // line 2
      '2024-01-02T16:00:00Z,u1,a1,open,', // 3: the same day row, later
      '2024-01-02T15:00:00Z,u1,a1,Invite-Sent,', // 4: an invite name in another spelling
      '2024-01-02T17:00:00Z,u1,a1,Invite-Sent,', // 5
      '2024-01-02T15:00:00Z,u1,a1,Invite-Sent,', // 6: the same time as line 4
    ].join('\n') + '\n');
    const { read, table } = await summarise(path, { exactLabels: ['invite sent', "it's"] });
    expect(read).toEqual({ rows: 5 });
    expect(Array.from({ length: table.length }, (_, i) => [table.get(i).event, table.timestampAt(i), table.lastTimeAt(i), table.countAt(i)])).toEqual([
      ['open', Date.UTC(2024, 0, 2, 10), Date.UTC(2024, 0, 2, 16), 2],
      ['Invite-Sent', Date.UTC(2024, 0, 2, 15), Date.UTC(2024, 0, 2, 15), 2],
      ['Invite-Sent', Date.UTC(2024, 0, 2, 17), Date.UTC(2024, 0, 2, 17), 1],
    ]);
  });

  it('matches in SQL the event names the label rule reads as an exact-time label, and no others here', async () => {
    const labels = ['invite sent', '$invite', 'a.b (c)', "it's \\d+ [x]"];
    const pattern = exactNamesPattern(labels)!;
    expect(exactNamesPattern([])).toBeNull();
    // A label is data: quotes, backslashes and pattern characters in it match only themselves.
    const names = ['invite_sent', 'Invite-Sent', ' INVITE  sent ', '__invite--sent', 'invitesent', 'invite_sent_2', 'xinvite_sent', '$Invite', 'invite', 'a.b (c)', 'A.B_(C)', 'aXb (c)', "it's", "It's_\\d+ [X]", "it's 5 x"];
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const values = names.map((n, k) => `(${k}, '${n.replaceAll("'", "''")}')`).join(', ');
    const sql = (await connection.runAndReadAll(`SELECT regexp_full_match(v, $1) FROM (VALUES ${values}) AS t(k, v) ORDER BY k`, [pattern])).getColumns()[0] as boolean[];
    connection.closeSync();
    db.closeSync();
    expect(sql).toEqual(names.map((n) => labels.includes(normaliseLabel(n))));
    expect(sql.filter(Boolean)).toHaveLength(8);
  });

  it('gives the latest lines before 1970 too', async () => {
    const path = file('early.csv', [HEADER, '1950-06-01T10:00:00Z,u1,a1,open,', '1950-06-01T09:00:00Z,u1,a1,open,', '1950-06-01T09:00:00Z,u1,a1,open,', '1950-06-01T08:00:00Z,u2,a1,open,'].join('\n') + '\n');
    const { read } = await summarise(path);
    expect(read).toEqual({ rows: 4 });
    const lines = await latestEventLines({ path, delimiter: ',', width: 5, columns: COLUMNS, dateFormat: { order: 'mdy', numeric: null }, gzip: null }, Date.UTC(1950, 5, 1, 9));
    expect(lines).toEqual([{ value: Date.UTC(1950, 5, 1, 10), line: 2 }, { value: Date.UTC(1950, 5, 1, 9), line: 3 }, { value: Date.UTC(1950, 5, 1, 9), line: 4 }]);
  });

  it('reads quoted cells, a BOM and a header of any text', async () => {
    const path = file('words.csv', `\ufeff"ts'); COPY (SELECT 1) TO '/tmp/x.csv'; --",u,a,e,f\n2024-01-01,"u1",,"e,1",\n2024-01-01,u1,,"e,1",\n`);
    const { read, table } = await summarise(path);
    expect(read).toEqual({ rows: 2 });
    expect([...table]).toEqual([{ timestamp: Date.UTC(2024, 0, 1), userId: 'u1', accountId: null, event: 'e,1', feature: null, count: 2 }]);
  });

  it('hands back each row SQL does not settle with its line and cells, in file order after the summary rows', async () => {
    const path = file('odd-rows.csv', [
      `${HEADER},note`,
      '2024-01-01,u1,a1,open,,x', // 2
      'yesterday,u1,a1,open,,x', // 3: a bad date
      '1/2/2024 1:05 pm,u1,a1,open,,x', // 4: a shape SQL does not read
      '2024-01-01,u1,a1,,,x', // 5: a blank event
      '2024-01-01,,,open,,x', // 6: neither user nor account
      '2024-01-01,u1,a1,open,,x', // 7: with line 2
      '2024-01-02,u4,a1,open,,x', // 8
    ].join('\n') + '\n');
    const { read, table, odd } = await summarise(path, { width: 6 });
    expect(read).toEqual({ rows: 3 });
    // The `note` column, which no rule reads, comes back blank (it is not read again).
    expect(odd).toEqual([
      [3, ['yesterday', 'u1', 'a1', 'open', '', '']],
      [4, ['1/2/2024 1:05 pm', 'u1', 'a1', 'open', '', '']],
      [5, ['2024-01-01', 'u1', 'a1', '', '', '']],
      [6, ['2024-01-01', '', '', 'open', '', '']],
    ]);
    expect([...table].map((e) => e.userId)).toEqual(['u1', 'u4', 'odd@3', 'odd@4', 'odd@5', 'odd@6']);
    expect(table.rowCount()).toBe(7);
  });

  const fallbacks: Array<[string, string]> = [
    ['a quoted line break in any column', `${HEADER},note\n2024-01-01,u1,a1,open,,"two\nlines"\n`],
    ['a quote in a cell', `${HEADER}\n2024-01-01,u"1,a1,open,\n`],
    // DuckDB drops the spaces around a quoted cell; the CSV reader keeps them, with the quotes.
    ['a space before a quoted cell', `${HEADER}\n2024-01-01, "u1",a1,open,\n`],
    ['a space after a quoted cell', `${HEADER}\n2024-01-01,"u1" ,a1,open,\n`],
    ['a ragged row', `${HEADER}\n2024-01-01,u1,a1,open,\n2024-01-01,u1,a1,open,,extra\n`],
    ['a short row', `${HEADER}\n2024-01-01,u1,a1,open,\n2024-01-01,u1\n`],
    ['a blank line between rows', `${HEADER}\n2024-01-01,u1,a1,open,\n\n2024-01-02,u1,a1,open,\n`],
    ['a lone CR', `${HEADER}\r2024-01-01,u1,a1,open,\r`],
    // Values the row rules read as blank, where that makes them reject the row (textSql).
    ['a blank word as account beside no user', `${HEADER}\n2024-01-01,,null,open,\n`],
    ['blank words as user and account', `${HEADER}\n2024-01-01,u1,a1,open,\n2024-01-01,N/A,none,open,\n`],
    ['a blank word as event name', `${HEADER}\n2024-01-01,u1,a1,open,\n2024-01-01,u1,a1,-,\n`],
  ];
  for (const [what, text] of fallbacks) {
    it(`leaves a file with ${what} to JavaScript, appending nothing`, async () => {
      const width = text.split(/\r|\n/)[0]!.split(',').length;
      const { read, table } = await summarise(file(`odd-${what.replace(/\W+/g, '-')}.csv`, text), { width });
      expect(read).toHaveProperty('fallback');
      expect(table.length).toBe(0);
    });
  }

  it('gives values the row rules trim or read as blank their parseText value, where no row changes fate', async () => {
    const text = `${HEADER}\n2024-01-01,u2 ,a1,open,\n2024-01-01,\u00a0u3,a1, open,\n2024-01-02,u1,N/A,open,none\n2024-01-02,null,a1,open,-\n2024-01-03,u1,a1,open, reports\n`;
    const { read, table } = await summarise(file('blank-words.csv', text));
    expect(read).toEqual({ rows: 5 });
    expect([...table].map((e) => JSON.stringify([e.userId, e.accountId, e.event, e.feature])).sort()).toEqual(
      [['u3', 'a1', 'open', null], ['u2', 'a1', 'open', null], [null, 'a1', 'open', null], ['u1', null, 'open', null], ['u1', 'a1', 'open', 'reports']].map((r) => JSON.stringify(r)).sort(),
    );
  });

  it('leaves the file to JavaScript for a quote the two readers read differently far into the file', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `2024-01-01,"u${i}",a1,open,`);
    rows.push('2024-01-01, "late",a1,open,');
    const path = file('late-quote.csv', `${HEADER}\n${rows.join('\n')}\n`);
    expect(statSync(path).size).toBeGreaterThan(2 * 65536);
    const { read, table } = await summarise(path);
    expect(read).toEqual({ fallback: "a space before a quoted cell, which DuckDB reads otherwise than the CSV reader" });
    expect(table.length).toBe(0);
  });

  it('reads quoted cells holding quotes and delimiters (JSON text) as the CSV reader does', async () => {
    const path = file('json-cells.csv', `${HEADER},properties\n2024-01-01,u1,a1,open,,"{""a"": ""b, c""}"\n2024-01-01,"u""2",a1,open,,""\n`);
    const { read, table } = await summarise(path, { width: 6 });
    expect(read).toEqual({ rows: 2 });
    // The same time: by value ('"' sorts before '1').
    expect([...table].map((e) => e.userId)).toEqual(['u"2', 'u1']);
  });

  it('leaves to JavaScript a large file whose rows are mostly for the JavaScript rules', async () => {
    // 1,500 rows with a time SQL does not read, 100 it does: the row-by-row read is cheaper.
    const rows = [...Array.from({ length: 1500 }, (_, i) => `1/2/2024 1:05 pm,u${i},a1,open,`), ...Array.from({ length: 100 }, (_, i) => `2024-01-02,u${i},a1,open,`)];
    const { read, table } = await summarise(file('mostly-odd.csv', `${HEADER}\n${rows.join('\n')}\n`));
    expect(read).toEqual({ fallback: '1,500 of its 1,600 rows need the JavaScript row rules (JSON SQL does not read as JSON.parse does, person or invite properties, dates in another shape, rows flagged deleted or superseded)' });
    expect(table.length).toBe(0);
    // Below 1,000 such rows the file stays on DuckDB.
    expect((await summarise(file('some-odd.csv', `${HEADER}\n${rows.slice(600).join('\n')}\n`))).read).toEqual({ rows: 100 });
  });

  it('judges the first 20,000 rows before grouping: a file that starts with mostly odd rows is not grouped', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => (i % 4 === 0 ? `2024-01-02,u${i},a1,open,` : `1/2/2024 1:05 pm,u${i},a1,open,`));
    const { read, table } = await summarise(file('starts-odd.csv', `${HEADER}\n${rows.join('\n')}\n`));
    expect(read).toEqual({ fallback: '15,000 of its first 20,000 rows need the JavaScript row rules (15,000 with a time in a shape SQL does not read)' });
    expect(table.length).toBe(0);
    // The reasons as SQL tells them apart: times (a 12-hour clock, a space to trim) and blanks the rules reject.
    const mixed = Array.from({ length: 25_000 }, (_, i) => [`2024-01-02,u${i},a1,open,`, `1/2/2024 1:05 pm,u${i},a1,open,`, `2024-01-02,u${i},a1,,`, `,u${i},a1,open,`, `2024-01-02 ,u${i},a1,open,`][i % 5]!);
    expect((await summarise(file('mixed-odd.csv', `${HEADER}\n${mixed.join('\n')}\n`))).read).toEqual({
      fallback: '16,000 of its first 20,000 rows need the JavaScript row rules (8,000 with a time in a shape SQL does not read; 8,000 with a blank time, event name, or user and account)',
    });
  });

  it('leaves bytes that are not UTF-8 to JavaScript', async () => {
    const { read, table } = await summarise(file('latin1.csv', Buffer.concat([Buffer.from(`${HEADER}\n2024-01-01,u`), Buffer.from([0xe9]), Buffer.from(',a1,open,\n')])));
    expect(read).toHaveProperty('fallback');
    expect(table.length).toBe(0);
  });

  it('trailing blank lines change no line number and stay on the SQL path', async () => {
    const { read } = await summarise(file('trailing.csv', `${HEADER}\n2024-01-01,u1,a1,open,\n\n\n`));
    expect(read).toEqual({ rows: 1 });
  });

  it('names the columns c0, c1, … and takes the path as a parameter: the header never reaches the SQL', () => {
    const queries = eventsSummarySql({ path: "/tmp/x'; DROP TABLE t; --.csv", delimiter: "'", width: 2, columns: { timestamp: 0, event: 1, userId: 1 }, dateFormat: { order: 'mdy', numeric: null }, gzip: null })!;
    const all = [queries.summary, ...queries.odd, ...queries.latest(0)];
    // Each statement that reads the file reads it by the parameter (the others read a table of marks).
    for (const sql of all) {
      if (sql.includes('read_csv')) {
        expect(sql).toContain('read_csv($1');
        expect(sql).toContain("delim = ''''");
      } else expect(sql).toMatch(/FROM pc_latest_times /);
      expect(sql).not.toContain('DROP');
    }
    expect(all.filter((sql) => sql.includes('read_csv($1')).length).toBe(3);
    expect(() => queries.latest(Number.NaN)).toThrow();
  });
});

describe('exclusionsOddSql', () => {
  /** Per cell (text, or a Parquet DOUBLE), whether SQL leaves the row to JavaScript (odd), with JavaScript's own decision. */
  async function decide(exclusion: FileExclusion, cells: Array<string | number | null>): Promise<Array<{ cell: string | number | null; odd: boolean; excluded: boolean }>> {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const numbers = cells.every((c) => c === null || typeof c === 'number');
    const values = cells.map((c, k) => `(${k}, ${c === null ? 'NULL' : typeof c === 'number' ? `${c}::DOUBLE` : `'${c.replaceAll("'", "''")}'`})`).join(', ');
    const [test] = exclusionsOddSql([{ ...exclusion, column: 0 }], numbers ? ['number'] : ['text']);
    const odd = (await connection.runAndReadAll(`SELECT ${test} FROM (VALUES ${values}) AS t(k, c0) ORDER BY k`)).getColumns()[0] as boolean[];
    connection.closeSync();
    db.closeSync();
    return cells.map((cell, k) => ({ cell, odd: odd[k]!, excluded: excludedRow([exclusion], () => (cell === null ? '' : String(cell))) !== null }));
  }
  const deleted = fileExclusions(['_fivetran_deleted'], null)[0]!;
  const superseded = fileExclusions(['_fivetran_active'], null)[0]!;

  it('leaves to JavaScript every row it would exclude, and decides plain words and blanks itself', async () => {
    const cells = ['true', 'TRUE', 'True', 't', 'Y', 'yes', '1', ' true', 'true ', '\u00a0true', '\ufefftrue', 'tru\u0065', 'false', 'FALSE', '0', 'no', '', '  ', '1.0', 'n/a', 'truex', '\u212aa', null];
    for (const exclusion of [deleted, superseded]) {
      const rows = await decide(exclusion, cells);
      // Never a row JavaScript excludes and SQL settles as kept.
      expect(rows.filter((r) => r.excluded && !r.odd)).toEqual([]);
      // Words of ASCII letters and digits, and blanks, are decided exactly (no kept row read again).
      expect(rows.filter((r) => (r.cell === null || /^[A-Za-z0-9]*$/.test(r.cell as string)) && r.odd !== r.excluded)).toEqual([]);
    }
    // Kept rows it leaves to JavaScript here: cells with spaces, punctuation or text beyond ASCII
    // (`1.0` too is left to JavaScript, which reads it as 1: excluded).
    expect((await decide(deleted, cells)).filter((r) => r.odd && !r.excluded).map((r) => r.cell)).toEqual(['  ', 'n/a', '\u212aa']);
    expect((await decide(deleted, cells)).find((r) => r.cell === '1.0')).toMatchObject({ odd: true, excluded: true });
  });

  it('reads a Parquet number as JavaScript writes it: whole numbers as words, others left to JavaScript', async () => {
    const rows = await decide(deleted, [1, 0, -0, 1.5, 2, 1e20, null]);
    expect(rows.map((r) => [r.odd, r.excluded])).toEqual([[true, true], [false, false], [false, false], [true, false], [false, false], [true, false], [false, false]]);
  });

  it('blank-values and any-value exclusions', async () => {
    const blankOrAny: FileExclusion = { code: 'X', column: 0, columnName: 'x', values: ['', '*'], reason: 'r' };
    expect((await decide(blankOrAny, ['', null, 'a', ' '])).map((r) => r.odd)).toEqual([true, true, true, true]);
    const anyValue: FileExclusion = { ...blankOrAny, values: ['*'] };
    expect((await decide(anyValue, ['', null, 'a', ' '])).map((r) => [r.odd, r.excluded])).toEqual([[false, false], [false, false], [true, true], [true, false]]);
  });
});

describe('errorKindShown', () => {
  it('blames memory or disk only for the errors they cause', () => {
    expect(errorKindShown('Out of Memory Error')).toBe("Out of Memory Error: memory or its temporary folder's disk may be short");
    expect(errorKindShown('IO Error')).toBe("IO Error: memory or its temporary folder's disk may be short");
    expect(errorKindShown('Invalid Input Error')).toBe('Invalid Input Error');
    expect(errorKindShown('Binder Error')).toBe('Binder Error');
  });
});

describe('scanDataLines', () => {
  it('fails when the file cannot be read', async () => {
    await expect(scanDataLines(join(tmpdir(), 'pullcheck-no-such-file.csv'), null, { delimiter: ',' })).rejects.toThrow();
  });
});

describe('dataLines', () => {
  const lines = (name: string, text: string | Buffer, gzip: { maxBytes: number } | null = null) => dataLines(file(name, text), gzip);
  it('counts the lines of rows, and finds blank lines before later rows and lone CRs, across chunk edges too', async () => {
    expect(await lines('ok.csv', 'a,b\n1,2\n3,4\n')).toBe(2);
    expect(await lines('no-end.csv', 'a,b\n1,2\n3,4')).toBe(2);
    expect(await lines('header-only.csv', 'a,b\n')).toBe(0);
    expect(await lines('crlf.csv', 'a,b\r\n1,2\r\n3,4\r\n\r\n\n')).toBe(2);
    expect(await lines('blank.csv', 'a,b\n1,2\n\n3,4\n')).toBeNull();
    expect(await lines('blank-crlf.csv', 'a,b\r\n1,2\r\n\r\n3,4\r\n')).toBeNull();
    expect(await lines('blank-last.csv', 'a,b\n1,2\n\n3,4')).toBeNull();
    expect(await lines('cr.csv', 'a,b\r1,2\r')).toBeNull();
    expect(await lines('cr-inside.csv', 'a,b\n1,x\ry\n')).toBeNull();
    // A blank line right at the 1 MB chunk edge, LF and CR LF.
    const row = '2024-01-01,u1\n';
    const body = 'a,b\n' + row.repeat(Math.ceil((1 << 20) / row.length));
    const cut = body.slice(0, (1 << 20) - 1);
    const whole = cut.slice(0, cut.lastIndexOf('\n') + 1);
    const padded = whole + 'x'.repeat((1 << 20) - 1 - whole.length - 1) + '\n';
    expect(await lines('edge.csv', `${padded}\n${row}`)).toBeNull();
    expect(await lines('edge-ok.csv', `${padded}${row}`)).toBe(padded.split('\n').length - 1);
    const crlf = padded.replaceAll('\n', '\r\n');
    expect(await lines('edge-crlf.csv', `${crlf.slice(0, (1 << 20) - 1)}\r\n\r\n${row}`)).toBeNull();
  });

  it('reads gzip data; corrupt data or more than the limit leave the file to JavaScript', async () => {
    const text = 'a,b\n1,2\n3,4\n';
    expect(await lines('ok.csv.gz', gzipSync(text), { maxBytes: 1000 })).toBe(2);
    expect(await lines('big.csv.gz', gzipSync(text), { maxBytes: 5 })).toBeNull();
    expect(await lines('cut.csv.gz', gzipSync(text).subarray(0, 15), { maxBytes: 1000 })).toBeNull();
  });
});

describe('gzip', () => {
  it('a compressed events file gives the summary of the plain one', async () => {
    const text = `${HEADER}\n2024-01-01T10:00:00Z,u1,a1,open,\n2024-01-01T09:00:00Z,u1,a1,open,\n2024-01-02,u2,,open,x\n`;
    const plain = await summarise(file('plain-twin.csv', text));
    const zipped = await summarise(file('zipped.csv.gz', gzipSync(text)), { gzip: { maxBytes: 1 << 20 } });
    // Named without .gz: the compression is said, not guessed from the name.
    const unnamed = await summarise(file('zipped-unnamed.csv', gzipSync(text)), { gzip: { maxBytes: 1 << 20 } });
    expect(plain.read).toEqual({ rows: 3 });
    expect(zipped.read).toEqual({ rows: 3 });
    expect(unnamed.read).toEqual({ rows: 3 });
    expect([...zipped.table]).toEqual([...plain.table]);
  });
});

describe('readEventsSummary on Parquet', () => {
  /** A Parquet events file written by DuckDB from `select`, and how the reader reads its columns. */
  async function parquetFile(name: string, select: string): Promise<{ path: string; columns: ParquetColumn[] }> {
    const path = join(mkdtempSync(join(tmpdir(), 'pullcheck-events-parquet-')), name);
    const writer = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await writer.connect();
    await connection.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    writer.closeSync();
    const engine = new LazyDuckDb([path]);
    let columns: ParquetColumn[] = [];
    for await (const _ of readParquet(path, engine, { onBadRecord: () => undefined }, (info) => (columns = info.columns))) break;
    await engine.close();
    return { path, columns };
  }

  it('groups a timestamp column by its epoch milliseconds; rows are numbered as rows, and odd rows come back after the summary rows as the reader writes them', async () => {
    const { path, columns } = await parquetFile('events.parquet', `
      SELECT * FROM (VALUES
        (TIMESTAMPTZ '2024-01-02 10:00:00+00', 'u1', 'a1', 'open', 'reports'),
        (TIMESTAMPTZ '2024-01-02 08:30:00.250+00', 'u1', 'a1', 'open', 'reports'),
        (NULL, 'u1', 'a1', 'open', 'reports'),
        (TIMESTAMPTZ '0900-01-01 00:00:00+00', 'u2', 'a1', 'open', NULL),
        (TIMESTAMPTZ '2024-01-03 00:00:00+00', 'u1', 'a1', 'open', 'reports')
      ) AS t(timestamp, user_id, account_id, event, feature)`);
    expect(columns.map((c) => c.kind)).toEqual(['epoch', 'text', 'text', 'text', 'text']);
    const { read, table, odd } = await summarise(path, { parquet: { columns } });
    expect(read).toEqual({ rows: 3 });
    // Row 3 (no time) and row 4 (a year the ISO pattern does not read) go to the JavaScript rules, as the reader writes them.
    expect(odd).toEqual([
      [3, ['', 'u1', 'a1', 'open', 'reports']],
      [4, ['0900-01-01T00:00:00Z', 'u2', 'a1', 'open', '']],
    ]);
    expect([...table]).toEqual([
      { timestamp: Date.UTC(2024, 0, 2, 8, 30, 0, 250), userId: 'u1', accountId: 'a1', event: 'open', feature: 'reports', count: 2 },
      { timestamp: Date.UTC(2024, 0, 3), userId: 'u1', accountId: 'a1', event: 'open', feature: 'reports' },
      { timestamp: 0, userId: 'odd@3', accountId: null, event: 'odd', feature: null },
      { timestamp: 0, userId: 'odd@4', accountId: null, event: 'odd', feature: null },
    ]);
    // The latest events' rows (a Parquet file's places are rows): row 2 holds 08:30, not row 1.
    const spec = { path, delimiter: ',', width: 5, columns: COLUMNS, dateFormat: { order: 'mdy' as const, numeric: null }, gzip: null, parquet: { columns } };
    expect(await latestEventLines(spec, Date.UTC(2024, 0, 2, 8))).toEqual([
      { value: Date.UTC(2024, 0, 3), line: 5 },
      { value: Date.UTC(2024, 0, 2, 10), line: 1 },
      { value: Date.UTC(2024, 0, 2, 8, 30, 0, 250), line: 2 },
    ]);
  });

  it('gives the latest rows before 1970 too, equal times in row order', async () => {
    const { path, columns } = await parquetFile('early.parquet', `
      SELECT * FROM (VALUES
        (TIMESTAMPTZ '1950-06-01 10:00:00+00', 'u1', 'a1', 'open', NULL),
        (TIMESTAMPTZ '1950-06-01 09:00:00+00', 'u1', 'a1', 'open', NULL),
        (TIMESTAMPTZ '1950-06-01 09:00:00+00', 'u1', 'a1', 'open', NULL),
        (TIMESTAMPTZ '1950-06-01 08:00:00+00', 'u2', 'a1', 'open', NULL)
      ) AS t(timestamp, user_id, account_id, event, feature)`);
    const { read } = await summarise(path, { parquet: { columns } });
    expect(read).toEqual({ rows: 4 });
    const spec = { path, delimiter: ',', width: 5, columns: COLUMNS, dateFormat: { order: 'mdy' as const, numeric: null }, gzip: null, parquet: { columns } };
    expect(await latestEventLines(spec, Date.UTC(1950, 5, 1, 8, 30))).toEqual([
      { value: Date.UTC(1950, 5, 1, 10), line: 1 },
      { value: Date.UTC(1950, 5, 1, 9), line: 2 },
      { value: Date.UTC(1950, 5, 1, 9), line: 3 },
    ]);
  });
});
