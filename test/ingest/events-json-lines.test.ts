/**
 * DuckDB's reading of JSON-lines events (src/ingest/events-json-lines.ts) and the byte scan's
 * JsonLinesCheck (src/ingest/data-lines.ts): a value SQL settles as a cell is recordOf's cell
 * (String(value) of JSON.parse's value, '' for null), on hand-picked and random JSON; the read's
 * refusals; and the check finds exactly the lines DuckDB reads but JSON.parse refuses (or nests
 * deeper than it takes), across chunk edges.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { JsonLinesCheck } from '../../src/ingest/data-lines.js';
import { LazyDuckDb } from '../../src/ingest/duckdb-engine.js';
import { readEventsSummary } from '../../src/ingest/events-duckdb.js';
import { EventTable } from '../../src/core/model.js';
import { cellSql, jsonLinesReadSql } from '../../src/ingest/events-json-lines.js';
import { jsonLayout, parseJsonLine } from '../../src/ingest/read-csv.js';
import { arrayElementRecord } from '../../src/ingest/read-json.js';

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pullcheck-json-lines-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

let files = 0;
/** SQL's cell of each JSON value (written as `{"v": value}` lines, read by read_json as the loader's read does); ODD for an odd cell. */
async function sqlCells(values: readonly string[]): Promise<Array<string | null>> {
  const path = join(dir, `values-${files++}.jsonl`);
  writeFileSync(path, values.map((v) => `{"v":${v}}\n`).join(''));
  const sql = `SELECT CASE WHEN c = (chr(0) || 'pullcheck:odd') THEN 'ODD' ELSE c END FROM (SELECT ${cellSql('v')} AS c FROM read_json($1, format = 'newline_delimited', columns = {'v': 'JSON'}))`;
  return ((await connection.runAndReadAll(sql, [path])).getColumns()[0] ?? []) as Array<string | null>;
}

/** recordOf's cell of a value ('' for null: the loader's SQL reads an empty cell as NULL). */
function javascriptCell(text: string): string | null {
  const v = (JSON.parse(`{"v":${text}}`) as { v: unknown }).v;
  if (v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

describe('cellSql', () => {
  it('settles strings without escapes, integers of up to 15 digits, booleans and null as recordOf writes them, and nothing else', async () => {
    const values = [
      '"login"', '""', '" padded "', '"café ☕"', '"a\\"b"', '"\\u0041"', '"a\\/b"', '"line\\nbreak"',
      '0', '-0', '7', '-42', '123456789012345', '-123456789012345', '1234567890123456', '12345678901234567890',
      '1.0', '1.5', '0.1', '1e3', '1E+2', '-1e-7', '2.50', '1704373471.123',
      'true', 'false', 'null', '{}', '[]', '{"a":1}', '["x"]',
    ];
    const cells = await sqlCells(values);
    values.forEach((v, k) => {
      if (cells[k] === 'ODD') return;
      expect([v, cells[k]]).toEqual([v, javascriptCell(v) === '' ? '' : javascriptCell(v)]);
    });
    // What must be settled (the common shapes), and what must not (JavaScript writes it otherwise).
    // DuckDB decodes an escape it can write back without one (\u0041, \/) as JSON.parse does.
    expect(cells.slice(0, 4)).toEqual(['login', '', ' padded ', 'café ☕']);
    expect(cells.slice(4, 8)).toEqual(['ODD', 'A', 'a/b', 'ODD']);
    expect(cells.slice(8, 14)).toEqual(['0', '0', '7', '-42', '123456789012345', '-123456789012345']);
    expect(cells.slice(14, 24).every((c) => c === 'ODD')).toBe(true);
    expect(cells.slice(24)).toEqual(['true', 'false', null, 'ODD', 'ODD', 'ODD', 'ODD']);
  });

  it('never settles a value otherwise than recordOf (random JSON values)', async () => {
    const values = fc.sample(fc.oneof(fc.json({ depthSize: 'small' }), fc.double().filter(Number.isFinite).map(String), fc.integer().map(String), fc.string().map((s) => JSON.stringify(s))), { numRuns: 400, seed: 14 });
    const cells = await sqlCells(values);
    values.forEach((v, k) => {
      if (cells[k] !== 'ODD') expect([v, cells[k]]).toEqual([v, javascriptCell(v)]);
    });
  });
});

describe('jsonLinesReadSql', () => {
  const none = new Map();
  const lines = (header: string[]) => ({ header, format: 'lines' as const });
  it('reads top-level keys and keys of their objects, both spellings of a dotted key', () => {
    const read = jsonLinesReadSql(lines(['event', 'properties.time', 'extra']), new Set([0, 1]), none, none, false)!;
    expect(read.source).toContain(`columns = {'event': 'JSON', 'properties.time': 'JSON', 'properties': 'STRUCT("time" JSON)'}`);
    expect(read.projections[2]).toBe('NULL AS c2');
    expect(read.carried).toEqual([]);
  });

  it('refuses a key read with two dots or a NUL, read both as a value and as an object, or apart from another only in case', () => {
    expect(jsonLinesReadSql(lines(['a.b.c']), new Set([0]), none, none, false)).toBeNull();
    expect(jsonLinesReadSql(lines(['p', 'p.k']), new Set([0, 1]), none, none, false)).toBeNull();
    expect(jsonLinesReadSql(lines(['ev\0ent']), new Set([0]), none, none, false)).toBeNull();
    expect(jsonLinesReadSql(lines(['Event', 'event']), new Set([0, 1]), none, none, false)).toBeNull();
    expect(jsonLinesReadSql(lines(['properties.Company', 'properties']), new Set([0, 1]), new Map([[1, new Map([['company', null]])]]), none, false)).toBeNull();
    // Keys not read do not matter.
    expect(jsonLinesReadSql(lines(['Event', 'event']), new Set([1]), none, none, false)).not.toBeNull();
  });

  it("reads a JSON column `p.k` from `p`, and flags a line that writes `p.k` literally", () => {
    const email = () => new Map([['email', null]]) as Map<string, null>;
    const trees = new Map([[0, new Map([['$set', email()]])], [1, email()]]);
    const read = jsonLinesReadSql(lines(['properties', 'properties.$set']), new Set([0, 1]), trees, none, false)!;
    expect(read.source).toContain(`'properties': 'STRUCT("$set" STRUCT("email" JSON))', 'properties.$set': 'JSON'`);
    expect(read.projections).toContain('"properties"."$set" AS j1');
    expect(read.odd).toEqual(['o1']);
  });

  it('quotes hostile keys as SQL literals and identifiers', () => {
    const read = jsonLinesReadSql(lines([`a'b"c`]), new Set([0]), none, none, false)!;
    expect(read.source).toContain(`'a''b"c': 'JSON'`);
    expect(read.projections[0]).toContain('"a\'b""c"');
  });

  it("gives a JSON column's keys as a struct beside a cell that is odd where read as text", () => {
    const trees = new Map([[1, new Map([['account_id', null], ['$groups', new Map([['company', null]])]])]]);
    const read = jsonLinesReadSql(lines(['event', 'properties', 'properties.time']), new Set([0, 1, 2]), trees, new Map([[1, new Set(['$groups.company'])]]), true)!;
    expect(read.carried).toEqual(['j1']);
    expect(read.source).toContain(`'properties': 'STRUCT("account_id" JSON, "$groups" STRUCT("company" JSON), "$groups.company" JSON, "time" JSON)'`);
    expect(read.source).toContain("compression = 'gzip'");
  });
});

describe('JsonLinesCheck', () => {
  /** The problem the check finds in `text`, fed in chunks of `size` bytes. */
  function problemOf(text: string, size = 1 << 20): string | null {
    const bytes = Buffer.from(text, 'utf8');
    const check = new JsonLinesCheck();
    for (let at = 0; at < bytes.length; at += size) check.add(bytes.subarray(at, at + size));
    check.end();
    return check.problem;
  }
  const deep = (n: number): string => `{"a":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;

  it('accepts JSON as JSON.parse reads it: words, numbers with exponents, leniencies written inside strings', () => {
    const text = '{"a":true,"b":false,"c":null,"d":-1.5e+3,"e":2E7,"f":"NaN, Infinity,} ,]","g":"x\\"y,}","h":[1, 2 ],"i":{ }}\n' + deep(64) + '\r\n{"j":"\\\\"}';
    for (const size of [1, 2, 3, 7, 1 << 20]) expect(problemOf(text, size)).toBeNull();
  });

  it('finds a trailing comma, NaN and Infinity, and nesting deeper than JSON.parse takes, across chunk edges', () => {
    for (const size of [1, 3, 1 << 20]) {
      expect(problemOf('{"a":1}\n{"a":1,}\n', size)).toBe('a trailing comma');
      expect(problemOf('{"a":[1, 2 , ]}', size)).toBe('a trailing comma');
      expect(problemOf('{"a":NaN}', size)).toMatch(/bare word/);
      expect(problemOf('{"a":-Infinity}', size)).toMatch(/bare word/);
      expect(problemOf('{"a":nan}', size)).toMatch(/bare word/);
      expect(problemOf('{"a":inf}', size)).toMatch(/bare word/);
      expect(problemOf(deep(65), size)).toMatch(/nested more than 64/);
    }
  });

  it("in an array, counts the elements and reads across line feeds (pretty-printed), finding the same leniencies", () => {
    const arrayCheck = (text: string, size = 1 << 20): JsonLinesCheck => {
      const bytes = Buffer.from(text, 'utf8');
      const check = new JsonLinesCheck(false);
      for (let at = 0; at < bytes.length; at += size) check.add(bytes.subarray(at, at + size));
      return check;
    };
    for (const size of [1, 5, 1 << 20]) {
      expect(arrayCheck('[]', size).elements).toBe(0);
      expect(arrayCheck(' [ ]\n', size).elements).toBe(0);
      expect(arrayCheck('[{"a":"x,y","b":[1,2]},\n {"a":{"c":[3]}},null]', size).elements).toBe(3);
      const pretty = arrayCheck('[\n  {\n    "a": 1,\n    "b": "two"\n  },\n  {\n    "a": 2\n  }\n]\n', size);
      expect([pretty.problem, pretty.elements]).toEqual([null, 2]);
      expect(arrayCheck('[\n  {\n    "a": 1,\n  }\n]', size).problem).toBe('a trailing comma');
      expect(arrayCheck('[{"a":\nNaN}]', size).problem).toMatch(/bare word/);
      expect(arrayCheck(`[${deep(64)}]`, size).problem).toBeNull();
      expect(arrayCheck(`[${deep(65)}]`, size).problem).toMatch(/nested more than 64/);
    }
  });

  it('finds every line DuckDB reads and JSON.parse refuses (random lines with leniencies)', async () => {
    const piece = fc.constantFrom('{"a":1}', '{"a":[1,2]}', '{"a":"x,}"}', '{"a":1,}', '[1,]', '{"a":NaN}', '{"a":-Infinity}', '{"a":"NaN"}', '{"a":1e5}', '{"a":null}', '{"b":{"c":[]},}', '{"a":"\\"",}');
    const lines = fc.sample(fc.array(piece, { minLength: 1, maxLength: 4 }), { numRuns: 60, seed: 7 });
    for (const group of lines) {
      const text = group.join('\n');
      const path = join(dir, `lines-${files++}.jsonl`);
      writeFileSync(path, `${text}\n`);
      // DuckDB's reading of each line alone (object lines only: read_json refuses the others outright).
      const duckdbReads = async (line: string): Promise<boolean> => {
        const one = join(dir, `line-${files++}.jsonl`);
        writeFileSync(one, `${line}\n`);
        return connection.runAndReadAll(`SELECT * FROM read_json($1, format = 'newline_delimited', columns = {'a': 'JSON'})`, [one]).then(() => true, () => false);
      };
      const refusedByParse = group.filter((line) => 'problem' in parseJsonLine(line));
      const readByDuckDb = await Promise.all(refusedByParse.map(duckdbReads));
      const mustFind = readByDuckDb.some(Boolean);
      if (mustFind) expect(problemOf(text)).not.toBeNull();
      if (refusedByParse.length === 0) expect(problemOf(text)).toBeNull();
    }
  });
});

describe('readEventsSummary on JSON lines', () => {
  /** The summary of JSON lines under `header`: the rows read, and the odd lines handed back (line, text). */
  async function summarise(lines: string[], header: string[], extract?: import('../../src/ingest/extract.js').ExtractSpec, properties?: import('../../src/ingest/event-properties.js').PropertyPlan, format: 'lines' | 'array' = 'lines') {
    const path = join(dir, `summary-${files++}.json${format === 'lines' ? 'l' : ''}`);
    writeFileSync(path, format === 'lines' ? `${lines.join('\n')}\n` : `[\n  ${lines.join(',\n  ')}\n]\n`);
    const engine = new LazyDuckDb([path]);
    const table = new EventTable();
    const odd: Array<[number, string]> = [];
    const column = (name: string): number => header.indexOf(name);
    try {
      const read = await readEventsSummary(
        engine,
        {
          path, delimiter: ',', width: header.length, gzip: null, dateFormat: { order: 'mdy', numeric: 'epoch-s' }, json: { header, format },
          columns: { timestamp: column('properties.time'), event: column('event'), userId: column('properties.distinct_id'), accountId: -1, feature: -1 },
          ...(extract ? { extract, properties: properties ?? null } : {}),
        },
        table,
        (line, cells) => odd.push([line, cells[0]!]),
      );
      return { read, odd, table };
    } finally {
      await engine.close();
    }
  }
  const header = ['event', 'properties', 'properties.time', 'properties.distinct_id', 'properties.$set'];
  const line = (props: Record<string, unknown>, extra: Record<string, unknown> = {}): string => JSON.stringify({ event: 'open', properties: { time: 1704373471, distinct_id: 'u1', ...props }, ...extra });

  it('hands back, as their text and line, the lines whose cells SQL does not write as recordOf does', async () => {
    const lines = [line({}), line({ time: 1704373471.5 }), line({ distinct_id: 1.5 }), 'null', line({}, { 'properties.time': 1 }), line({ distinct_id: 'u2' })];
    const { read, odd } = await summarise(lines, header.slice(0, 4));
    expect(read).toEqual({ rows: 2 });
    expect(odd).toEqual([2, 3, 4, 5].map((n) => [n, lines[n - 1]]));
  });

  it('hands back, as written and by their place, the elements of an array SQL does not settle', async () => {
    const elements = [line({}), line({ time: 1704373471.5 }), 'null', line({ distinct_id: 'u2' }), line({}, { 'properties.time': 1 })];
    const { read, odd } = await summarise(elements, header.slice(0, 4), undefined, undefined, 'array');
    expect(read).toEqual({ rows: 2 });
    expect(odd).toEqual([2, 3, 5].map((n) => [n, elements[n - 1]]));
  });

  it('hands back a line that writes a JSON column `p.k` literally beside `p`', async () => {
    const extract = { sources: { timestamp: [2], event: [0], userId: [3] }, json: {}, defaults: {} };
    const properties = { person: [{ column: 1, path: ['$set'] }, { column: 4, path: [] }], invite: [] };
    const lines = [line({}), line({ $set: { title: 'Engineer' } }), line({}, { 'properties.$set': { title: 'Founder' } }), line({})];
    const { read, odd } = await summarise(lines, header, extract, properties);
    expect(read).toEqual({ rows: 2 });
    // Line 2 carries a person property (the JavaScript rules note it), line 3 the literal key.
    expect(odd.map(([n]) => n)).toEqual([2, 3]);
  });
});

describe('arrayElementRecord', () => {
  it('reads an element as the array reader does, and says why one is not a record, never throwing', () => {
    const layout = jsonLayout(['event']);
    expect(arrayElementRecord(4, '{"event":"open"}', layout, undefined)).toMatchObject({ line: 4, cells: ['open'] });
    expect(arrayElementRecord(5, 'null', layout, undefined)).toEqual({ line: 5, code: 'BAD_JSON', message: 'element 5 is null, not a JSON object' });
    expect(arrayElementRecord(6, '{"event":NaN}', layout, undefined)).toMatchObject({ line: 6, code: 'BAD_JSON' });
  });
});
