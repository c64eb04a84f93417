/**
 * JSON-lines events read by DuckDB's read_json into day summaries (src/ingest/events-json-lines.ts),
 * through the built CLI: a Mixpanel export made from the sales-led company's events gives the
 * report of the row-by-row read (PULLCHECK_DUCKDB_EVENTS=0), also with lines SQL leaves to the
 * JavaScript rules among them (they keep their rejections and file:line), at 1 and 2 threads;
 * and lines DuckDB would read otherwise than JSON.parse send the file to the row-by-row read.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeJson, engineNote, ROOT, withoutEngineNotes } from './run-cli.js';
import { csvRowObjects } from '../helpers/csv-objects.js';

const company = join(ROOT, 'fixtures/sales-led');

/** The sales-led events as Mixpanel JSON lines: the event, then its properties (time in epoch seconds). */
function mixpanelLines(): string[] {
  const [, ...rows] = readFileSync(join(company, 'events.csv'), 'utf8').trimEnd().split('\n');
  return rows.map((row, k) => {
    const [timestamp, user, account, event, feature] = row.split(',');
    const properties: Record<string, unknown> = { time: Date.parse(timestamp!) / 1000, distinct_id: user, $insert_id: `i${k}` };
    if (account) properties.account_id = account;
    if (feature) properties.feature = feature;
    return JSON.stringify({ event, properties });
  });
}

/** The company's folder with its events as `name` (`text`, or its bytes gzipped as `name`.gz). */
function folderWith(text: string | Buffer, gzip = false, name = 'events.jsonl'): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-json-lines-duckdb-'));
  for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
  writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(text) : text);
  return dir;
}

const report = analyzeJson;

/** The DuckDB report and the row-by-row one of the same folder; they must be equal but for the engine note. */
function bothWays(dir: string): { duckdb: string; rowByRow: string } {
  const duckdb = report(dir);
  const rowByRow = report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
  expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(rowByRow));
  return { duckdb, rowByRow };
}

const eventsFile = (json: string) =>
  (JSON.parse(json) as { inputs: { files: Array<{ table: string | null; rows: number; rejectedByReason?: Record<string, number>; rejectedExamples?: unknown }> } }).inputs.files.find((f) => f.table === 'events')!;

describe('JSON-lines events through DuckDB', () => {
  const lines = mixpanelLines();

  it('a Mixpanel export is grouped by DuckDB and gives the row-by-row report, at 1 and 2 threads', () => {
    const dir = folderWith(`${lines.join('\n')}\n`);
    const { duckdb } = bothWays(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows/);
    expect(eventsFile(duckdb).rows).toBe(lines.length);
    expect(report(dir, { PULLCHECK_DUCKDB_THREADS: '1' })).toBe(duckdb);
  });

  it('DuckDB running out of memory while grouping: tried once more, then the file is read row by row', () => {
    const dir = folderWith(`${lines.join('\n')}\n`);
    const once = report(dir, { PULLCHECK_TEST_GROUP_FAULT: 'once' });
    expect(engineNote(once)).toMatch(/^events grouped by DuckDB/);
    const always = report(dir, { PULLCHECK_TEST_GROUP_FAULT: 'always' });
    expect(engineNote(always)).toBe("events read row by row: DuckDB's summary could not take this file (DuckDB could not group it (Out of Memory Error: memory or its temporary folder's disk may be short))");
    expect(withoutEngineNotes(always)).toBe(withoutEngineNotes(once));
  });

  it('CRLF line ends, mixed with LF, no final line end, and gzip give the same report', () => {
    const plain = report(folderWith(`${lines.join('\n')}\n`));
    const crlf = report(folderWith(lines.join('\r\n')));
    expect(engineNote(crlf)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(crlf)).toBe(withoutEngineNotes(plain));
    // Mixed line ends, with odd lines to hand back (a fraction of a second, a null line).
    const mixed = lines.map((l, k) => (k % 41 === 5 ? (k % 82 === 5 ? 'null' : l.replace(/"time":(\d+)/, '"time":$1.5')) : l) + (k % 3 === 0 ? '\n' : '\r\n')).join('');
    expect(engineNote(bothWays(folderWith(mixed)).duckdb)).toMatch(/^events grouped by DuckDB/);
    const gz = bothWays(folderWith(`${lines.join('\n')}\n`, true)).duckdb;
    expect(engineNote(gz)).toMatch(/^events grouped by DuckDB/);
  });

  it('lines SQL leaves to the JavaScript rules, in the format sample and after it, keep the row-by-row report, rejections and lines', () => {
    // Each kind both among the first 500 lines (the format sample) and later.
    const odd: Array<(line: string) => string> = [
      (l) => l.replace(/"time":(\d+)/, '"time":$1.5'), // a fraction: JavaScript writes String(1704…31.5)
      (l) => l.replace(/"time":(\d+)/, (_, t: string) => `"time":"${new Date(Number(t) * 1000).toISOString()}"`), // a time as text
      (l) => l.replace(/"event":"([^"]+)"/, '"event":"$1 \\"quoted\\""'), // an escaped string
      (l) => l.replace(/"event":"([^"]+)"/, '"event":"\\u0041$1"'), // a unicode escape
      (l) => l.replace(/"distinct_id":"[^"]+"/, '"distinct_id":12345678901234567890'), // a number beyond 15 digits
      (l) => (l.includes('"feature"') ? l.replace(/"feature":"[^"]+"/, '"feature":2.0') : l.replace(/\}\}$/, ',"feature":2.0}}')), // JavaScript writes 2, DuckDB 2.0
      (l) => l.replace(/"distinct_id":"([^"]+)"/, '"distinct_id":true'),
      (l) => l.replace(/"distinct_id":"([^"]+)"/, '"distinct_id":{"id":"$1"}'), // an object where text is read
      (l) => l.replace(/^\{/, '{"properties.time":1,'), // a dotted key written literally beside the nested one
      (l) => l.replace(/"\$insert_id":"[^"]+"/, '"$insert_id":1,"$insert_id":2'), // a key read by no field, repeated
      () => 'null', // not an object: rejected by the rules (DuckDB reads it as an object of nulls)
      () => '{}',
      (l) => l.replace(/"event":"[^"]+"/, '"event":""'), // a blank event: rejected
    ];
    const mixed = lines.map((line, k) => {
      const kind = k % 41 === 5 ? odd[Math.floor(k / 41) % odd.length] : undefined;
      return kind ? kind(line) : line;
    });
    // Every kind in the sample too.
    odd.forEach((kind, i) => (mixed[100 + i] = kind(lines[100 + i]!)));
    const { duckdb } = bothWays(folderWith(`${mixed.join('\n')}\n`));
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    const file = eventsFile(duckdb);
    expect(file.rows).toBe(lines.length);
    expect(file.rejectedByReason?.BAD_JSON).toBeGreaterThan(0);
  });

  it('Unicode text in values is grouped by DuckDB and gives the row-by-row report', () => {
    const text = lines.map((line, k) => (k % 97 === 3 ? line.replace(/"event":"([^"]+)"/, '"event":"$1 café ☕"') : line)).join('\n');
    expect(engineNote(bothWays(folderWith(`${text}\n`)).duckdb)).toMatch(/^events grouped by DuckDB/);
  });

  // What DuckDB's JSON reader takes and JSON.parse refuses (or the reverse), and line ends DuckDB's
  // row numbers cannot follow: the file is read row by row, and says why.
  const fallbacks: Array<[string, (ls: string[]) => string, RegExp]> = [
    ['a trailing comma', (ls) => ls.map((l, k) => (k === 700 ? l.replace(/\}\}$/, ',}}') : l)).join('\n'), /trailing comma/],
    ['NaN', (ls) => ls.map((l, k) => (k === 700 ? l.replace(/\}\}$/, ',"x":NaN}}') : l)).join('\n'), /bare word/],
    ['nesting beyond 64 levels', (ls) => ls.map((l, k) => (k === 700 ? l.replace(/\}\}$/, `},"deep":${'['.repeat(70)}${']'.repeat(70)}}`) : l)).join('\n'), /nested more than 64/],
    ['a repeated key a field reads', (ls) => ls.map((l, k) => (k === 700 ? l.replace(/^\{/, '{"event":"x",') : l)).join('\n'), /differently from JSON\.parse/],
    // DuckDB would read a file of values, not objects, unless told they are records.
    ['a first line that is a number', (ls) => ['5', ...ls].join('\n'), /differently from JSON\.parse/],
    ['a line that is an array', (ls) => ls.map((l, k) => (k === 700 ? '[]' : l)).join('\n'), /differently from JSON\.parse/],
    ['a broken line', (ls) => ls.map((l, k) => (k === 700 ? '{"event": broken' : l)).join('\n'), /bare word|differently from JSON\.parse/],
    ['a blank line between lines', (ls) => [...ls.slice(0, 700), '', ...ls.slice(700)].join('\n'), /blank lines/],
    ['a lone CR', (ls) => `${ls.slice(0, 700).join('\n')}\r${ls.slice(700).join('\n')}`, /lone CRs/],
    ['a line of spaces', (ls) => [...ls.slice(0, 700), '   ', ...ls.slice(700)].join('\n'), /DuckDB read \d+ rows where the file has \d+ lines/],
    ['a lone surrogate', (ls) => ls.map((l, k) => (k === 700 ? l.replace(/"event":"([^"]+)"/, '"event":"\\ud800$1"') : l)).join('\n'), /differently from JSON\.parse/],
  ];
  for (const [name, make, why] of fallbacks) {
    it(`${name}: read row by row, the same report`, () => {
      const { duckdb } = bothWays(folderWith(`${make(lines)}\n`));
      expect(engineNote(duckdb)).toMatch(/^events read row by row: DuckDB's summary could not take this file/);
      expect(engineNote(duckdb)).toMatch(why);
    });
  }

  it('a file handed back is read by two threads, as one DuckDB never took: the same report, rejections and lines', () => {
    // Odd lines on both sides of the middle, and a trailing comma far in that sends the file back.
    const text = lines.map((l, k) => (k === lines.length - 10 ? l.replace(/\}\}$/, ',}}') : k % 500 === 7 ? 'null' : l)).join('\n');
    const dir = folderWith(`${text}\n`);
    const split = report(dir, { PULLCHECK_SPLIT_MIN_BYTES: '1', PULLCHECK_READ_THREADS: '2' });
    expect(engineNote(split)).toMatch(/trailing comma/);
    const oneThread = report(dir, { PULLCHECK_DUCKDB_EVENTS: '0', PULLCHECK_READ_THREADS: '1' });
    expect(withoutEngineNotes(split)).toBe(withoutEngineNotes(oneThread));
    expect(eventsFile(split).rejectedByReason?.BAD_JSON).toBeGreaterThan(10);
  });

  it('a byte order mark or bytes that are not UTF-8: read row by row', () => {
    const bom = report(folderWith(`\ufeff${lines.join('\n')}\n`));
    expect(engineNote(bom)).toBeUndefined(); // not offered to DuckDB at all
    const latin1 = Buffer.concat([Buffer.from(`${lines.slice(0, 700).join('\n')}\n`), Buffer.from(lines[700]!.replace('"event":"', '"event":"caf\u00e9 '), 'latin1'), Buffer.from(`\n${lines.slice(701).join('\n')}\n`)]);
    const { duckdb } = bothWays(folderWith(latin1));
    expect(engineNote(duckdb) ?? '').not.toMatch(/^events grouped by DuckDB/);
  });
});

describe('JSON arrays of events through DuckDB', () => {
  const lines = mixpanelLines();
  const array = (elements: string[], pretty = false): string =>
    pretty ? `[\n${elements.map((e) => JSON.stringify(JSON.parse(e), null, 2).replace(/^/gm, '  ')).join(',\n')}\n]\n` : `[${elements.join(',\n')}]`;

  it('an array of the Mixpanel events, one element a line or pretty-printed, is grouped by DuckDB and gives the row-by-row report', () => {
    for (const pretty of [false, true]) {
      const { duckdb } = bothWays(folderWith(array(lines, pretty), false, 'events.json'));
      expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
      expect(eventsFile(duckdb).rows).toBe(lines.length);
    }
  });

  it('elements SQL leaves to the JavaScript rules keep the row-by-row report, rejections and places', () => {
    const mixed = lines.map((line, k) => {
      if (k % 53 !== 9) return line;
      return [line.replace(/"time":(\d+)/, '"time":$1.5'), 'null', line.replace(/"event":"([^"]+)"/, '"event":"$1 \\"x\\""'), '{}'][Math.floor(k / 53) % 4]!;
    });
    const { duckdb } = bothWays(folderWith(array(mixed), false, 'events.json'));
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(eventsFile(duckdb).rejectedByReason?.BAD_JSON).toBeGreaterThan(0);
  });

  const fallbacks: Array<[string, (es: string[]) => string, RegExp]> = [
    ['a trailing comma in an element', (es) => array(es.map((e, k) => (k === 700 ? e.replace(/\}\}$/, ',}}') : e))), /trailing comma/],
    ['NaN', (es) => array(es.map((e, k) => (k === 700 ? e.replace(/\}\}$/, ',"x":NaN}}') : e))), /bare word/],
    ['an element that is a number', (es) => array(es.map((e, k) => (k === 700 ? '5' : e))), /differently from JSON\.parse/],
    ['JSON that breaks off', (es) => array(es).slice(0, -200), /differently from JSON\.parse/],
  ];
  for (const [name, make, why] of fallbacks) {
    it(`${name}: read row by row, the same report`, () => {
      const { duckdb } = bothWays(folderWith(make(lines), false, 'events.json'));
      expect(engineNote(duckdb)).toMatch(why);
    });
  }
});

/**
 * A corpus company's events CSV written as the vendor's JSON-lines export would hold it: each row
 * an object of its columns, a JSON cell (properties, traits) as the object it holds, a blank cell
 * left out.
 */
function asJsonLines(csvPath: string): string {
  return csvRowObjects(csvPath)
    .map((object) => JSON.stringify(object))
    .join('\n');
}

describe('vendor exports as JSON lines through DuckDB', () => {
  const lines = mixpanelLines();
  it("Segment's track calls as JSON lines (a nested context, traits on some lines) give the row-by-row report, and the checks of the company's CSV", () => {
    const [, ...rows] = readFileSync(join(company, 'events.csv'), 'utf8').trimEnd().split('\n');
    const text = rows.map((row, k) => {
      const [timestamp, user, account, event, feature] = row.split(',');
      const context: Record<string, unknown> = { library: { name: 'analytics.js' } };
      if (account) context.groupId = account;
      if (k % 50 === 0) context.traits = { title: k % 100 === 0 ? 'Software Engineer' : 'VP Sales', email: `${user}@example.com` };
      return JSON.stringify({ type: 'track', messageId: `m${k}`, event, userId: user, anonymousId: `anon-${user}`, timestamp, properties: feature ? { feature } : {}, context });
    });
    const { duckdb } = bothWays(folderWith(`${text.join('\n')}\n`));
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    // The account is context.groupId and the feature properties.feature, as the CSV's columns:
    // every check reads the same (without them, the feature checks read features made from names).
    const checks = (json: string): string[] =>
      (JSON.parse(json) as { categories: Array<{ checks: Array<{ id: string; status: string; value: unknown }> }> }).categories.flatMap((c) => c.checks.map((k) => `${k.id} ${k.status} ${JSON.stringify(k.value)}`));
    expect(checks(duckdb)).toEqual(checks(report(company)));
    // The traits of every line that carries them, also after the format sample (its first 500
    // lines): each such user's e-mail is derived (the users file has no e-mail column).
    const withTraits = new Set(rows.filter((_, k) => k % 50 === 0).map((row) => row.split(',')[1]));
    const derived = (JSON.parse(duckdb) as { inputs: { derived: Array<{ field: string; users: number }> } }).inputs.derived;
    expect(derived.find((d) => d.field === 'users.email')?.users).toBe(withTraits.size);
    expect(withTraits.size).toBeGreaterThan(500);
  });

  it('rows flagged deleted by a sync (_fivetran_deleted) are excluded all through the file, not only in the format sample', () => {
    const flagged = lines.map((line, k) => JSON.stringify({ ...(JSON.parse(line) as object), _fivetran_deleted: k % 100 === 7 }));
    const dir = folderWith(`${flagged.join('\n')}\n`);
    const { duckdb, rowByRow } = bothWays(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    const file = JSON.parse(rowByRow) as { inputs: { files: Array<{ table: string | null; rows: number; excluded?: Record<string, number> }> } };
    const events = file.inputs.files.find((f) => f.table === 'events')!;
    expect(events.excluded).toEqual({ DELETED_ROW: lines.filter((_, k) => k % 100 === 7).length });
    expect(lines.length).toBeGreaterThan(5000);
  });

  const corpus: Array<[string, string]> = [
    ['hubspot-posthog', 'posthog-events-export.csv'],
    ['pipedrive-amplitude', 'amplitude-export-2026-06-30.csv'],
    ['sfapi-segment', 'tracks.csv'],
  ];
  it('PostHog lines carrying person properties ($set) on some lines, then on most, give the row-by-row report', () => {
    const source = join(ROOT, 'fixtures/corpus/hubspot-posthog');
    const events = 'posthog-events-export.csv';
    const lines = asJsonLines(join(source, events)).split('\n');
    for (const every of [20, 1]) {
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-json-lines-set-'));
      for (const f of readdirSync(source)) if (f !== events) copyFileSync(join(source, f), join(dir, f));
      const withSet = lines.map((line, k) => {
        if (k % every !== 0) return line;
        const object = JSON.parse(line) as { properties?: Record<string, unknown>; distinct_id?: string };
        object.properties = { ...object.properties, $set: { email: `${object.distinct_id}@example.com`, title: k % 3 === 0 ? 'Head of Sales' : 'Engineer' } };
        // Now and then the person properties also written as a literal dotted key (recordOf takes the later).
        if (k % 7 === 3) return JSON.stringify({ ...object, 'properties.$set': { title: 'Founder' } });
        return JSON.stringify(object);
      });
      writeFileSync(join(dir, 'posthog-events-export.jsonl'), `${withSet.join('\n')}\n`);
      const { duckdb } = bothWays(dir);
      expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    }
  });

  for (const [company, events] of corpus) {
    it(`${company}: its events as JSON lines are grouped by DuckDB and give the row-by-row report`, () => {
      const source = join(ROOT, 'fixtures/corpus', company);
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-json-lines-corpus-'));
      for (const f of readdirSync(source)) if (f !== events) copyFileSync(join(source, f), join(dir, f));
      writeFileSync(join(dir, events.replace(/\.csv$/, '.jsonl')), `${asJsonLines(join(source, events))}\n`);
      const { duckdb } = bothWays(dir);
      expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    });
  }
});
