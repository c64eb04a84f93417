/**
 * The event fields as SQL (src/ingest/events-fields-sql.ts) against extract.ts's rules: on random
 * PostHog and Amplitude rows (JSON properties with repeated keys, numbers, arrays, nulls, blank and
 * padded strings, escapes, trailing commas, NaN, deep nesting, dotted keys, person and invite
 * properties), every row SQL settles has the fields JavaScript reads (or a value the summary's
 * dictionary test sends to JavaScript), and every row JavaScript warns about or notes properties
 * of is one SQL leaves to JavaScript.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { eventsSummarySql } from '../../src/ingest/events-duckdb.js';
import { countSql, fieldsSql } from '../../src/ingest/events-fields-sql.js';
import { eventCountOf } from '../../src/ingest/rows.js';
import { compileExtractor, type ExtractSpec } from '../../src/ingest/extract.js';
import { propertyNoter, propertyPlan, type PropertyPlan } from '../../src/ingest/event-properties.js';
import { recognise } from '../../src/ingest/recognise.js';
import { ALL_LAYOUTS } from '../../src/ingest/vendor-layouts.js';
import { parseText } from '../../src/ingest/coerce.js';
import { EventTable } from '../../src/core/model.js';
import { PERSON_FIELDS } from '../../src/core/event-notes.js';
import { CSV_PARSE_RULES } from '../../src/ingest/read-csv.js';

/** CSV text with every cell quoted (quotes doubled), as an export writes JSON cells. */
function stringify(rows: string[][]): string {
  return rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
}

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pullcheck-fields-sql-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

interface Shape {
  spec: ExtractSpec;
  plan: PropertyPlan | null;
  header: string[];
}

function shapeOf(header: string[], file: string): Shape {
  const found = recognise(header, file, ALL_LAYOUTS.filter((l) => l.table === 'events'))!;
  expect(found, file).not.toBeNull();
  return { spec: { sources: found.sources, json: found.json, defaults: found.layout.defaults ?? {} }, plan: propertyPlan(header, found.layout), header };
}

const FIELDS = ['userId', 'accountId', 'event', 'feature', 'anonymousId'] as const;
const SQL_NAMES: Record<(typeof FIELDS)[number], string> = { userId: 'u', accountId: 'a', event: 'ev', feature: 'f', anonymousId: 'an' };

/** SQL's reading of each row: its fields (u, a, ev, f, an), its person properties (`notes`) and whether it is odd, in file order. */
async function sqlRows(shape: Shape, rows: string[][], readProperties = true): Promise<Array<{ odd: boolean; values: Record<string, string | null>; notes: Record<string, string | null>; invites: string[] }>> {
  const path = join(dir, `rows-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, stringify([shape.header, ...rows]));
  const queries = eventsSummarySql({
    path, delimiter: ',', width: shape.header.length, columns: {}, dateFormat: { order: 'mdy', numeric: null }, gzip: null, extract: shape.spec, properties: shape.plan, readProperties,
  })!;
  // The rows CTEs of the prefix query (its first 20,000 rows: every row here, with its oddness), numbered in file order.
  const rowsSql = queries.prefix.slice(0, queries.prefix.lastIndexOf('SELECT CAST(count(*)'));
  const invites = queries.invites.map((_, i) => `q_${i}`);
  const result = await connection.runAndReadAll(`${rowsSql} SELECT odd, u, a, ev, f, an, ${invites.map((q) => `${q}, `).join('')}${queries.notes.length > 0 ? "COLUMNS('^p_')" : 'NULL AS none'} FROM (SELECT row_number() OVER () AS rn, * FROM o) ORDER BY rn`, [path]);
  const noteNames = queries.notes.length > 0 ? result.columnNames().slice(6 + invites.length).map((n) => n.slice(2)) : [];
  return (result.getRows() as Array<[boolean, ...Array<string | null>]>).map(([odd, ...v]) => ({
    odd,
    values: Object.fromEntries(['u', 'a', 'ev', 'f', 'an'].map((k, i) => [k, v[i] ?? null])),
    notes: Object.fromEntries(noteNames.map((k, i) => [k, v[5 + invites.length + i] ?? null])),
    invites: queries.invites.flatMap(({ side, key }, i) => (v[5 + i] == null ? [] : [`${side} ${key} ${v[5 + i]}`])).sort(),
  }));
}

/** JavaScript's reading of each row: its fields, whether it warned, its person properties, and whether it noted an invite property. */
function jsRows(shape: Shape, rows: string[][]): Array<{ warned: boolean; invites: string[]; notes: Record<string, string | null>; values: Record<string, string | null> }> {
  let warned = false;
  const extract = compileExtractor(shape.spec, () => (warned = true), []);
  return rows.map((cells, k) => {
    warned = false;
    const fields = extract(cells, k + 2);
    const values = Object.fromEntries(FIELDS.map((f) => [SQL_NAMES[f], parseText(fields[f])]));
    // Note the properties of the row, as the loader does after appending it (a table of its own: this row's notes only).
    const table = new EventTable();
    const noter = shape.plan ? propertyNoter(table, shape.plan, extract) : null;
    table.append(0, values.u ?? 'someone', null, values.ev ?? 'e', null);
    noter?.(cells, k + 2);
    const person = table.notes.people.get(0) ?? {};
    const invites = [...table.notes.invites.values()].map((i) => `${i.side} ${i.key} ${i.value}`).sort();
    return { warned, invites, notes: Object.fromEntries(PERSON_FIELDS.map((f) => [f, person[f]?.value ?? null])), values };
  });
}

// Property objects written as JSON text by hand, so keys can repeat and values be anything.
const KEYS = ['feature', 'feature_name', 'module', 'account_id', 'company', '$groups', '$groups.company', '$anon_distinct_id', '$set', 'invitee_email', 'title', '$browser', 'Feature', 'note'];
const scalar = fc.oneof(
  fc.constantFrom('"A1"', '"reports"', '""', '" "', '" A1"', '"null"', '"N/A"', '"a\\"b"', '"\\u0041"', '"é"', '"a,b"', '"a}"', '"x: inf"'),
  fc.constantFrom('1', '1.50', '-0', '1e400', 'true', 'false', 'null', 'NaN', 'Infinity', '[]', '["q"]', '[1,]', '{}'),
);
const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object')),
  object: fc
    .tuple(fc.array(fc.tuple(fc.constantFrom(...KEYS, 'company', 'account'), tie('value') as fc.Arbitrary<string>), { maxLength: 4 }), fc.constantFrom('', ' ', ','))
    .map(([pairs, space]) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${space === ' ' ? ' ' : ''}${v}`).join(',')}${space === ',' && pairs.length > 0 ? ',' : ''}}`),
})).value;
// Person properties as PostHog's `$set` and Amplitude's user_properties carry them: person keys with plain, padded, array, number or null values.
const personValue = fc.constantFrom('"CTO"', '"Acme"', '"a@example.com"', '" CTO"', '"CTO "', '"\u00a0x"', '["VP"]', '[]', '[null,"x"]', '7', 'true', 'null', '""', '{}');
const personBag = fc
  .array(fc.tuple(fc.constantFrom('title', 'job_title', 'role', 'persona', 'company', 'organization', 'email', '$email', 'invited_by', 'plan', 'invitee_email', 'inviter_id', 'invited_user'), personValue), { minLength: 1, maxLength: 4 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
const propertiesCell = fc.oneof(
  { arbitrary: value.filter((v) => v.startsWith('{')), weight: 6 },
  { arbitrary: fc.tuple(personBag, fc.constantFrom('', '"feature":"reports",')).map(([bag, rest]) => `{${rest}"$set":${bag}}`), weight: 2 },
  { arbitrary: personBag, weight: 2 },
  { arbitrary: fc.constantFrom('', ' {}', '{} ', '[{"feature":"x"}]', 'not json', '{"feature":"x"', '{"a":'.repeat(70) + '1' + '}'.repeat(70)), weight: 1 },
);

/**
 * The seeded properties below run a few hundred DuckDB queries each (21–27 s on the 2-core CI
 * machine, once 30 s while the suite ran beside it): more than the suite's 30 s default.
 */
const PROPERTY_TIMEOUT = 120_000;

async function compare(shape: Shape, rows: string[][]): Promise<void> {
  // As the CSV reader gives the cells (every cell quoted).
  const cells = (parse(stringify([shape.header, ...rows]), { ...CSV_PARSE_RULES }) as string[][]).slice(1);
  const js = jsRows(shape, cells);
  // Both ways SQL compiles a file: properties left to JavaScript, or read.
  for (const readProperties of [false, true]) {
    const sql = await sqlRows(shape, rows, readProperties);
    sql.forEach((row, k) => {
      const why = `${JSON.stringify(rows[k])} (properties ${readProperties ? 'read' : 'left'})`;
      const noted = js[k]!.invites.length > 0 || Object.values(js[k]!.notes).some((v) => v !== null);
      if (js[k]!.warned || (!readProperties && noted)) expect(row.odd, `${why}: JavaScript warns or notes, SQL must leave it`).toBe(true);
      if (row.odd) return;
      // The person and invite properties it notes (a row JavaScript gives no user notes none).
      if (readProperties && js[k]!.values.u !== null) {
        for (const field of PERSON_FIELDS) expect(row.notes[field] ?? null, `${why}: ${field}`).toBe(js[k]!.notes[field]);
        expect(row.invites, `${why}: invites`).toEqual(js[k]!.invites);
      }
      for (const [name, value] of Object.entries(row.values)) {
        // A value parseText would change sends the whole file to JavaScript (the dictionary test).
        if (value !== null && parseText(value) !== value) continue;
        expect(value, `${why}: ${name}`).toBe(js[k]!.values[name]);
      }
    });
  }
}

describe('fields as SQL, against extract.ts', () => {
  it('compiles the PostHog and Amplitude layouts, and a count of one column but not one read from JSON', () => {
    expect(fieldsSql(shapeOf(['uuid', 'event', 'distinct_id', 'timestamp', 'properties'], 'posthog-events.csv').spec, null)).not.toBeNull();
    const counted = { sources: { timestamp: [0], event: [1], userId: [2], count: [3] }, json: {}, defaults: {} };
    expect(fieldsSql(counted, null)?.count).toBe('TRY_CAST(c3 AS DOUBLE)');
    expect(fieldsSql({ ...counted, sources: { timestamp: [0], event: [1], userId: [2] }, json: { count: { columns: [3], keys: ['n'] } } }, null)).toBeNull();
  });

  it('PostHog rows: properties JSON for the account, feature and anonymous id', async () => {
    const shape = shapeOf(['uuid', 'event', 'distinct_id', 'timestamp', 'properties'], 'posthog-events.csv');
    const row = fc.tuple(fc.constantFrom('login', 'report_created', 'invite_sent', ''), fc.constantFrom('U1', 'U2', ' U3', ''), propertiesCell).map(([event, user, props]) => ['id', event, user, '2024-01-02T10:00:00Z', props]);
    let settled = 0;
    let noted = 0;
    let invited = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), async (rows) => {
        await compare(shape, rows);
        const sql = (await sqlRows(shape, rows)).filter((r) => !r.odd);
        settled += sql.length;
        noted += sql.filter((r) => Object.values(r.notes).some((v) => v !== null) || r.invites.length > 0).length;
        invited += sql.filter((r) => r.invites.length > 0).length;
      }),
      { numRuns: 120, seed: 14 },
    );
    // The property is not vacuous: SQL settles many rows, some with person properties.
    expect(settled).toBeGreaterThan(50);
    expect(noted).toBeGreaterThan(5);
    expect(invited).toBeGreaterThan(5);
  }, PROPERTY_TIMEOUT);

  it('Amplitude rows: columns first, then three JSON columns, user id falling back to device id', async () => {
    const header = ['event_time', 'event_type', 'user_id', 'device_id', 'amplitude_id', 'event_properties', 'user_properties', 'groups'];
    const shape = shapeOf(header, 'amplitude-export.csv');
    const row = fc
      .tuple(fc.constantFrom('Open Report', ''), fc.constantFrom('u1', '', 'null'), fc.constantFrom('d1', '', 'd2'), fc.constantFrom('', '123'), propertiesCell, propertiesCell, propertiesCell)
      .map(([event, user, device, amp, ep, up, groups]) => ['2024-01-02 10:00:00', event, user, device, amp, ep, up, groups]);
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 15 }), (rows) => compare(shape, rows)), { numRuns: 80, seed: 7 });
  }, PROPERTY_TIMEOUT);

  it('leaves to JavaScript the rows whose JSON it cannot read as JSON.parse does', async () => {
    const shape = shapeOf(['uuid', 'event', 'distinct_id', 'timestamp', 'properties'], 'posthog-events.csv');
    const cases = [
      '{"feature":"a","feature":"b"}', // JSON.parse keeps the last
      '{"$groups":{"company":"a"},"$groups":{"company":"b"}}',
      '{"$groups":{"company":"a","company":"b"}}', // inside an object on the path
      '{"$set":{"title":null,"title":"CTO"}}', // inside a property bag: JavaScript notes the title
      '{"feature":"a",}', // a trailing comma
      '{"feature":NaN}',
      '{"feature":"\\u0041"}', // an escape
      '{"feature":"a","$current_url":"https://x.example/a\\/b"}', // an escape anywhere, even in a value no field reads (SQL decodes none)
      '{"$groups.company":null,"$groups":{"company":"A"}}', // a dotted key, looked up as a key first
      '{"feature":1}', // a number: String(1)
      '{"feature":[1,"a"]}', // an array of a number: String(1)
      '{"feature":[true]}',
      '{"$set":{"title":" CTO"}}', // a person property to trim
      '{"$set":{"title":7}}', // a person property JavaScript writes String(7)
      '{"invitee_email":" x@example.com"}', // an invite property to trim
      '{"inviter_id":42}', // an invite property JavaScript writes String(42)
      '{"$anon_distinct_id":"anon-1"}'.replace('}', ',"feature":1}'),
    ];
    const sql = await sqlRows(shape, cases.map((c) => ['id', 'e', 'U1', '2024-01-02T10:00:00Z', c]));
    expect(Object.fromEntries(cases.map((c, k) => [c, sql[k]!.odd]))).toEqual(Object.fromEntries(cases.map((c) => [c, true])));
    const plain = await sqlRows(shape, [['id', 'e', 'U1', '2024-01-02T10:00:00Z', '{"feature":"reports","$groups":{"company":"A1"},"$anon_distinct_id":"anon-1"}']]);
    expect(plain).toMatchObject([{ odd: false, values: { u: 'U1', a: 'A1', ev: 'e', f: 'reports', an: 'anon-1' } }]);
  });

  it('settles, as JavaScript reads them, keys skipped for an empty string, null, an object or nothing, and a $set without person keys', async () => {
    const shape = shapeOf(['uuid', 'event', 'distinct_id', 'timestamp', 'properties'], 'posthog-events.csv');
    const rows = [
      '{"feature":"","feature_name":"x","account_id":null,"company_id":{"id":1},"$groups":{"company":"A2"}}',
      '{"$groups":"flat","company":"A3","module":"m"}',
      '{"$groups":[1],"account":"A4"}',
      '{}',
      // Person properties JavaScript would not note: none of its keys, or a null one.
      '{"$set":{"$browser":"Chrome","title":null},"feature":"f"}',
      // An array stands for its first element (Amplitude's groups); an empty one, or one whose first element is not a string, reads on.
      '{"feature":["q","r"],"$groups":{"company":["A6"]}}',
      '{"feature":[],"feature_name":[null,"x"],"module":[{"a":1}],"$groups":{"company":[""],"account":[["A7"]],"organization":["A8"]}}',
      // A repeated key no field looks up changes nothing JavaScript reads: at the top, in $groups, in $set.
      '{"$browser":"Chrome","$browser":"Safari","feature":"g","$groups":{"team":"a","team":"b","company":"A5"},"$set":{"plan":"x","plan":"y"}}',
      // Person properties: the first key with a value per field, an array's first element.
      '{"$set":{"title":"CTO","job_title":"x","$email":["a@example.com"],"company":null,"organization":"Acme","role":{}}}',
    ].map((props) => ['id', 'e', 'U1', '2024-01-02T10:00:00Z', props]);
    const sql = await sqlRows(shape, rows);
    expect(sql.map((r) => [r.odd, r.values.a, r.values.f])).toEqual([[false, 'A2', 'x'], [false, 'A3', 'm'], [false, 'A4', null], [false, null, null], [false, null, 'f'], [false, 'A6', 'q'], [false, 'A8', null], [false, 'A5', 'g'], [false, null, null]]);
    expect(sql.at(-1)!.notes).toEqual({ title: 'CTO', role: null, company: 'Acme', email: 'a@example.com', invitedBy: null });
    const invited = await sqlRows(shape, [['id', 'invite_sent', 'U1', '2024-01-02T10:00:00Z', '{"invitee_email":"new@example.com","inviter":["U1"],"invited_user":null,"feature":"team"}']]);
    expect(invited.map((r) => [r.odd, r.invites])).toEqual([[false, ['invitee invitee_email new@example.com', 'inviter inviter U1']]]);
    await compare(shape, rows);
  });
});

describe('countSql (a pre-aggregated file\'s event_count)', () => {
  it('settles only counts eventCountOf reads as the same number; every other cell is odd', async () => {
    const cells = ['1', '17', '999999999', '1000000000', '4294967295', '0', '007', ' 3', '3 ', '2.0', '1,234', '1 234', '-1', '+1', '1e3', 'x', '', null, '１'];
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const { sql, odd } = countSql(0);
    const values = cells.map((c, k) => `(${k}, ${c === null ? 'NULL' : `'${c}'`})`).join(', ');
    const rows = (await connection.runAndReadAll(`SELECT ${sql}, ${odd.join(' OR ')} FROM (VALUES ${values}) AS t(k, c0) ORDER BY k`)).getRows();
    connection.closeSync();
    db.closeSync();
    const settled = cells.filter((_, k) => rows[k]![1] === false);
    expect(settled).toEqual(['1', '17', '999999999']);
    // Each settled count is the number the row rules read.
    cells.forEach((cell, k) => {
      if (rows[k]![1] === false) expect(Number(rows[k]![0])).toBe(eventCountOf(cell!));
    });
  });

  it('compiles a count read from one column, and not one read from JSON or a default', () => {
    const base: ExtractSpec = { sources: { timestamp: [0], event: [1], userId: [2], count: [3] }, json: {}, defaults: {} };
    expect(fieldsSql(base, null)?.count).toBe('TRY_CAST(c3 AS DOUBLE)');
    expect(fieldsSql({ ...base, sources: { ...base.sources, count: [3, 4] } }, null)).toBeNull();
    expect(fieldsSql({ ...base, defaults: { count: '1' } }, null)).toBeNull();
    expect(fieldsSql({ ...base, sources: { timestamp: [0], event: [1], userId: [2] } }, null)?.count).toBeUndefined();
  });
});
