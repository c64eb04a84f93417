/**
 * Events read by DuckDB into day summaries (src/ingest/events-duckdb.ts), through the built CLI:
 * the report is byte-identical at 1 and 2 DuckDB threads, and equals the report of the same rows
 * read by the JavaScript path (the same file with a blank line after its last-but-one row, which
 * DuckDB's line numbers cannot follow), also when many rows are ones SQL leaves to the JavaScript
 * row rules; a file with an odd row keeps its rejections and file:line.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeJson, engineNote, ROOT, runCli, withoutEngineNotes } from './run-cli.js';

const company = join(ROOT, 'fixtures/sales-led');

/** The company's folder with its events.csv replaced by `text`. */
function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-duckdb-'));
  for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
  writeFileSync(join(dir, 'events.csv'), text);
  return dir;
}

const report = analyzeJson;



/** Writes the CSV file's columns (`select`, SQL over its text columns) as a Parquet file, and removes the CSV. */
async function csvToParquet(csv: string, select: string, parquet: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const writer = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await writer.connect();
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(`COPY (SELECT ${select} FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  writer.closeSync();
  rmSync(csv);
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
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows of one user, account, event, feature and UTC day$/);
    expect(engineNote(javascript)).toBe("events read row by row: DuckDB's summary could not take this file (blank lines or lone CRs between rows, or gzip data that is corrupt or too large)");
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(javascript));
    // PULLCHECK_DUCKDB_EVENTS=0 reads the same file row by row in JavaScript, and says nothing of DuckDB.
    const off = report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    expect(engineNote(off)).toBeUndefined();
    expect(withoutEngineNotes(off)).toBe(withoutEngineNotes(duckdb));
  });

  it('rows SQL does not settle, read by the JavaScript rules among the summary rows, give the JavaScript path\'s report', () => {
    // Every 7th time written "… Z" (read by the date parser, not by the SQL patterns), every 13th event blank.
    // (A padded id would send the whole file to JavaScript: values are tested per distinct value.)
    const lines = events.trimEnd().split('\n').map((line, k) => {
      if (k === 0) return line;
      const cells = line.split(',');
      if (k % 7 === 0) cells[0] = cells[0]!.replace('Z', ' Z');
      if (k % 13 === 0) cells[3] = '';
      return cells.join(',');
    });
    const javascript = report(folderWith(`${lines.slice(0, -1).join('\n')}\n\n${lines.at(-1)}\n`));
    const duckdb = report(folderWith(`${lines.join('\n')}\n`));
    expect(JSON.parse(duckdb).inputs.files.find((f: { table: string | null }) => f.table === 'events').rejectedByReason.MISSING_VALUE).toBeGreaterThan(2000);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(javascript));
  });

  it('values the row rules trim or read as blank ("None" features, padded ids) are grouped by DuckDB and give the row-by-row report; a blank-word event name sends the file to JavaScript', () => {
    const lines = events.trimEnd().split('\n').map((line, k) => {
      if (k === 0) return line;
      const cells = line.split(',');
      if (cells[4] === '' && k % 3 === 0) cells[4] = ['None', 'null', 'N/A', '-'][k % 4]!;
      if (k % 11 === 0) cells[1] = ` ${cells[1]} `;
      if (k % 17 === 0 && cells[1]!.trim() !== '' && cells[2] !== '') cells[2] = 'none';
      return cells.join(',');
    });
    const dir = folderWith(`${lines.join('\n')}\n`);
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
    const blankEvent = folderWith(`${lines.map((line, k) => (k === 9 ? line.replace(/^([^,]*,[^,]*,[^,]*),[^,]*,/, '$1,N/A,') : line)).join('\n')}\n`);
    const fallback = report(blankEvent);
    expect(engineNote(fallback)).toBe("events read row by row: DuckDB's summary could not take this file (an event name the row rules read as blank, such as \"null\")");
    expect(withoutEngineNotes(fallback)).toBe(withoutEngineNotes(report(blankEvent, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it('quoted cells give the JavaScript path\'s report; a space beside a quoted cell, which DuckDB would drop, sends the file to JavaScript', () => {
    const lines = events.trimEnd().split('\n');
    const quoted = lines.map((line, k) => (k === 0 ? line : line.split(',').map((c) => `"${c}"`).join(',')));
    const duckdb = report(folderWith(`${quoted.join('\n')}\n`));
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(folderWith(`${lines.join('\n')}\n`))));
    // ` "U00001"` is that text to the CSV reader (a user id with quotes); DuckDB would read U00001.
    const spaced = quoted.map((line, k) => (k === 5 ? line.replace(',"U', ', "U') : line));
    expect(spaced[5]).toContain(', "U');
    const dir = folderWith(`${spaced.join('\n')}\n`);
    const fallback = report(dir);
    expect(engineNote(fallback)).toBe("events read row by row: DuckDB's summary could not take this file (a space before a quoted cell, which DuckDB reads otherwise than the CSV reader)");
    expect(withoutEngineNotes(fallback)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it.each([
    ['BigQuery', (day: string, time: string, fraction: boolean) => `${day} ${time}${fraction ? '.250000' : ''} UTC`],
    ['PostgreSQL', (day: string, time: string, fraction: boolean) => `${day} ${time}${fraction ? '.25' : ''}+00`],
  ])('timestamps as %s writes them are grouped by DuckDB and give the report of the ISO times', (_, write) => {
    const warehouse = events.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})Z,/gm, (_m, day: string, time: string) => `${write(day, time, time.endsWith('7'))},`);
    expect(warehouse).not.toBe(events);
    const duckdb = report(folderWith(warehouse));
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows/);
    const iso = events.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})Z,/gm, (_m, at: string) => `${at}${at.endsWith('7') ? '.250' : ''}Z,`);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(folderWith(iso))));
  });

  it('a wide export (3,000 columns the rules do not read) is grouped by DuckDB, odd rows included, and gives the row-by-row report', () => {
    // Every column went through DuckDB's stages for the odd rows' hash: it ran out of memory.
    const extra = Array.from({ length: 3000 }, (_, k) => `prop_${k}`).join(',');
    const blanks = ','.repeat(2999);
    const lines = events.trimEnd().split('\n').slice(0, 4001).map((line, k) => {
      if (k === 0) return `${line},${extra}`;
      const cells = line.split(',');
      if (k % 97 === 0) cells[0] = cells[0]!.replace('Z', ' Z'); // odd: read by the JavaScript rules
      if (k % 89 === 0) cells[3] = ''; // odd: rejected, at its line
      return `${cells.join(',')},${k % 7 === 0 ? `x${k}` : ''}${blanks}`;
    });
    const dir = folderWith(`${lines.join('\n')}\n`);
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
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

  it('a Parquet events file (timestamps typed, the rest text) gives the JavaScript path\'s report, odd rows included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-parquet-'));
    for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
    // An odd row: no time, which the JavaScript rules reject.
    const csv = join(dir, 'events-source.csv');
    const lines = events.trimEnd().split('\n');
    lines.splice(50, 0, ',U00001,A0004,login,');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    await csvToParquet(csv, 'CAST(timestamp AS TIMESTAMPTZ) AS timestamp, user_id, account_id, event, feature', join(dir, 'events.parquet'));
    const duckdb = report(dir);
    const r = JSON.parse(duckdb) as { inputs: { files: Array<{ table: string | null; rows: number; rejectedByReason: Record<string, number> }> } };
    expect(r.inputs.files.find((f) => f.table === 'events')).toMatchObject({ rows: lines.length - 1, rejectedByReason: { MISSING_VALUE: 1 } });
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' }))).toBe(withoutEngineNotes(duckdb));
  });
});

describe('events whose times are written as spreadsheets write them, through DuckDB', () => {
  const events = readFileSync(join(company, 'events.csv'), 'utf8');
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number): string => String(n).padStart(2, '0');
  const shapes: Array<[string, (t: Date) => string]> = [
    ['DD.MM.YYYY HH:MM:SS', (t) => `${two(t.getUTCDate())}.${two(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`],
    // Quoted: the time holds commas.
    ['Mon D, YYYY, h:mm:ss AM', (t) => `"${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()}, ${t.getUTCHours() % 12 || 12}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} ${t.getUTCHours() < 12 ? 'AM' : 'PM'}"`],
    ['YYYY/MM/DD HH:MM', (t) => `${t.getUTCFullYear()}/${two(t.getUTCMonth() + 1)}/${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`],
  ];
  for (const [name, write] of shapes) {
    it(`${name} is grouped by DuckDB and gives the row-by-row report`, () => {
      const lines = events.trimEnd().split('\n').map((line, k) => {
        if (k === 0) return line;
        const [time, ...rest] = line.split(',');
        return [write(new Date(time!)), ...rest].join(',');
      });
      const dir = folderWith(`${lines.join('\n')}\n`);
      const duckdb = report(dir);
      expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
      expect(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' }))).toBe(withoutEngineNotes(duckdb));
    });
  }
});

describe('events a sync flags (exclusions) through DuckDB', () => {
  const events = readFileSync(join(company, 'events.csv'), 'utf8');
  const excluded = (json: string): Record<string, number> | undefined =>
    (JSON.parse(json) as { inputs: { files: Array<{ table: string | null; excluded?: Record<string, number> }> } }).inputs.files.find((f) => f.table === 'events')!.excluded;
  // Every 7th row flagged, in the spellings exports use; the others kept as `false` or blank.
  const FLAGS = ['true', 'TRUE', '1', ' true', 'yes', '1.0', 'True '];
  const flagged = (k: number): boolean => k % 7 === 3;
  const withColumn = (header: string, cell: (k: number) => string): string =>
    `${events.trimEnd().split('\n').map((line, k) => (k === 0 ? `${line},${header}` : `${line},${cell(k - 1)}`)).join('\n')}\n`;

  it('rows flagged deleted (_fivetran_deleted) are grouped by DuckDB, excluded and counted as the row-by-row read does', () => {
    const dir = folderWith(withColumn('_fivetran_deleted', (k) => (flagged(k) ? FLAGS[k % FLAGS.length]! : k % 2 === 0 ? 'false' : '')));
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    const rows = events.trimEnd().split('\n').length - 1;
    expect(excluded(duckdb)).toEqual({ DELETED_ROW: Array.from({ length: rows }, (_, k) => k).filter(flagged).length });
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
    // The examples keep their lines and values.
    const text = runCli(['inspect', dir], { env: { CI: '' } }).stdout;
    expect(text).toMatch(/DELETED_ROW [\d,]+ — e\.g\. line 5: _fivetran_deleted = "true": flagged deleted in the export; row excluded/);
  });

  it('a history-mode sync (_fivetran_active false for earlier versions) is grouped by DuckDB and gives the row-by-row report', () => {
    const dir = folderWith(withColumn('_fivetran_active', (k) => (flagged(k) ? ['false', 'F', '0', ' no'][k % 4]! : k % 3 === 0 ? 'TRUE' : 'true')));
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(Object.keys(excluded(duckdb) ?? {})).toEqual(['SUPERSEDED_ROW']);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it('a Parquet events file whose flag is a BOOLEAN or a DOUBLE column gives the row-by-row report', async () => {
    for (const type of ['BOOLEAN', 'DOUBLE']) {
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-parquet-flag-'));
      for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
      const csv = join(dir, 'events-source.csv');
      writeFileSync(csv, withColumn('is_deleted', (k) => (flagged(k) ? '1' : k % 5 === 0 ? '' : '0')));
      await csvToParquet(csv, `CAST(timestamp AS TIMESTAMPTZ) AS timestamp, user_id, account_id, event, feature, CAST(is_deleted AS ${type}) AS is_deleted`, join(dir, 'events.parquet'));
      const duckdb = report(dir);
      expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
      expect(excluded(duckdb)?.DELETED_ROW, type).toBeGreaterThan(1000);
      expect(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })), type).toBe(withoutEngineNotes(duckdb));
    }
  });
});

describe('a pre-aggregated events file (event_count) through DuckDB', () => {
  const events = readFileSync(join(company, 'events.csv'), 'utf8');

  /** The company's events as a summary file: per user, account, event, feature and UTC day, the first time and a count; some groups in two rows. */
  function summaryText(countCell: (count: number, k: number) => string): string {
    const groups = new Map<string, { first: string; count: number; cells: string[] }>();
    for (const line of events.trimEnd().split('\n').slice(1)) {
      const [timestamp, user, account, event, feature] = line.split(',');
      const key = [timestamp!.slice(0, 10), user, account, event, feature].join('|');
      const group = groups.get(key);
      if (group) {
        group.count++;
        if (timestamp! < group.first) group.first = timestamp!;
      } else groups.set(key, { first: timestamp!, count: 1, cells: [user!, '', account!, event!, feature ?? ''] });
    }
    const rows: string[] = ['first_at,user_id,anonymous_id,account_id,event,feature,event_count'];
    [...groups.values()].forEach(({ first, count, cells }, k) => {
      // Every 5th group of more than one event in two rows of the same day (DuckDB merges them again).
      if (count > 1 && k % 5 === 0) {
        rows.push([first, ...cells, countCell(1, k)].join(','), [first, ...cells, countCell(count - 1, k + 1)].join(','));
      } else rows.push([first, ...cells, countCell(count, k)].join(','));
    });
    return `${rows.join('\n')}\n`;
  }
  const folder = (text: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-summary-'));
    for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
    writeFileSync(join(dir, 'event_summary.csv'), text);
    return dir;
  };
  const file = (json: string) =>
    (JSON.parse(json) as { inputs: { files: Array<{ table: string | null; rows: number; events?: number; rejectedByReason?: Record<string, number> }> } }).inputs.files.find((f) => f.table === 'events')!;

  it('is grouped by DuckDB with its counts summed, and gives the report of the raw events and of the row-by-row read', () => {
    const dir = folder(summaryText((count) => String(count)));
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows of one user, account, event, feature, anonymous id and UTC day$/);
    expect(file(duckdb).events).toBe(events.trimEnd().split('\n').length - 1);
    expect(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' }))).toBe(withoutEngineNotes(duckdb));
    // The checks of the raw events (the inputs differ: the files and their rows).
    const checks = (json: string) => JSON.stringify((JSON.parse(json) as { categories: unknown }).categories);
    expect(checks(duckdb)).toBe(checks(report(folderWith(events))));
  });

  it('counts SQL cannot prove (padded, 2.0, 1,234, 0, blank, words, beyond 32 bits) are read or rejected by the JavaScript rules', () => {
    const odd = [' 3', '2.0', '"1,234"', '0', '', 'many', '4294967296', '007'];
    const dir = folder(summaryText((count, k) => (k % 9 === 4 ? odd[(k / 9) % odd.length | 0]! : String(count))));
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(file(duckdb).rejectedByReason?.BAD_NUMBER).toBeGreaterThan(10);
    expect(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' }))).toBe(withoutEngineNotes(duckdb));
  });

  it('a day\'s group summing to more events than a row holds (32 bits) is read row by row, and says so', () => {
    // Five rows of 999,999,999 events (each within a row's 4,294,967,295) on one user's day.
    const rows = Array.from({ length: 5 }, (_, h) => `2024-03-01T1${h}:00:00Z,U00001,,A0004,login,,999999999`);
    const dir = folder(['first_at,user_id,anonymous_id,account_id,event,feature,event_count', ...rows, '2024-03-02T10:00:00Z,U00002,,A0004,login,,2', ''].join('\n'));
    const json = report(dir);
    expect(engineNote(json)).toBe("events read row by row: DuckDB's summary could not take this file (a day's group of more events than a row can stand for (4294967295))");
    expect(file(json).events).toBe(5 * 999999999 + 2);
  });
});

describe('events with JSON properties through DuckDB (Amplitude)', () => {
  it('an Amplitude export (every group an array) is grouped by DuckDB and gives the row-by-row report', () => {
    const corpus = join(ROOT, 'fixtures/corpus/pipedrive-amplitude');
    const duckdb = report(corpus);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(corpus, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });
});

describe('events with JSON properties through DuckDB (PostHog)', () => {
  const corpus = join(ROOT, 'fixtures/corpus/hubspot-posthog');
  const eventsFile = 'posthog-events-export.csv';

  /** The PostHog company with `rows` added to its events export. */
  function posthogWith(rows: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-events-json-'));
    for (const f of readdirSync(corpus)) if (f !== eventsFile) copyFileSync(join(corpus, f), join(dir, f));
    writeFileSync(join(dir, eventsFile), `${readFileSync(join(corpus, eventsFile), 'utf8').trimEnd()}\n${rows.join('\n')}\n`);
    return dir;
  }
  const cell = (json: string): string => `"${json.replaceAll('"', '""')}"`;
  const row = (k: number, event: string, user: string, props: string): string => `018f9${String(k).padStart(3, '0')}-5e1a-7000-8000-000000000000,${event},${cell(props)},${user},2024-06-1${k % 10} 10:0${k % 10}:00.000000+00:00`;

  it('gives the report of the row-by-row read, with rows JSON.parse reads otherwise left to JavaScript', () => {
    const dir = posthogWith([
      row(1, 'report_created', 'U00002', '{"feature":"reports","feature":"dashboards","$groups":{"company":"redwood-pharma.example"}}'),
      row(2, 'report_created', 'U00003', '{"feature":"reports",}'),
      row(3, 'report_created', 'U00003', '{"feature":NaN}'),
      row(4, 'report_created', 'U00003', '{"feature":"r\\u00e9ports"}'),
      row(5, 'report_created', 'U00003', '{"feature":7}'),
      row(6, 'report_created', 'U00003', '{"feature":["dashboards"]}'),
      row(7, 'report_created', 'U00003', '{"feature":"reports"'),
      row(8, '$identify', 'U00004', '{"$anon_distinct_id":"anon-8","$set":{"title":"VP Sales","email":"vp@example.com"}}'),
      row(9, 'pageview', 'anon-8', '{"$groups":{"company":"redwood-pharma.example"}}'),
      row(10, 'invite_sent', 'U00004', '{"invitee_email":"new@example.com","$groups":{"company":"redwood-pharma.example"}}'),
      row(11, '$identify', 'U00005', '{"$anon_distinct_id":"anon-11"}'),
      row(12, 'pageview', 'anon-11', '{"feature":"","feature_name":"dashboards"}'),
    ]);
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows/);
    const rowByRow = report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    expect(engineNote(rowByRow)).toBeUndefined();
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(rowByRow));
    // The anonymous ids joined their users, and each JSON cell JSON.parse refuses was warned at its line, once.
    const r = JSON.parse(duckdb) as { inputs: { identity?: { pairs: number; anonymousIds: number } }; warnings: Array<{ code: string; line: number }> };
    expect(r.inputs.identity).toMatchObject({ pairs: 2, anonymousIds: 2 });
    expect(r.warnings.filter((i) => i.code === 'BAD_JSON').map((i) => i.line)).toEqual([2993, 2994, 2998]);
  });

  it('person properties on every row ($set with a title and e-mail) are grouped by DuckDB, noted as the row-by-row read notes them', () => {
    // Each user's title changes once; two of them twice at one time (the least value is kept, whatever the order).
    const titles = ['Analyst', 'Data Engineer', 'Head of Data', 'VP Sales'];
    // Most rows carry them (so SQL reads them: otherwise each is left to JavaScript).
    const rows = Array.from({ length: 8000 }, (_, k) => {
      const user = `U0000${2 + (k % 4)}`;
      const title = titles[(k % 4) + (k > 4000 ? 0 : 1)] ?? 'CTO';
      return row(k, k % 5 === 0 ? 'dashboard_viewed' : 'report_created', user, JSON.stringify({ $groups: { company: 'redwood-pharma.example' }, feature: 'reports', $set: { title, email: `${user.toLowerCase()}@redwood-pharma.example` } }));
    });
    const dir = posthogWith(rows);
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it('a blank value where the field reads on to another key gives the row-by-row report (the rules take the next key; SQL would stop)', () => {
    const dir = posthogWith([
      row(1, 'report_created', 'U00002', '{"account_id":"  ","$groups":{"company":"redwood-pharma.example"},"feature":"reports"}'),
      row(2, 'report_created', 'U00003', '{"feature":"null","feature_name":"dashboards"}'),
    ]);
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/where the field has another source to read on to\)$/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it('properties as large as a real export\'s (45 keys, 1.6 KB a row) are grouped by DuckDB within its memory, and give the row-by-row report', () => {
    // 25,000 such rows ran DuckDB out of its memory when each key test parsed the text again.
    const props = (k: number): string => JSON.stringify({
      ...(k % 7 === 0 ? {} : { $groups: { company: 'redwood-pharma.example' } }),
      feature: ['reports', 'dashboards', 'exports'][k % 3],
      $os: 'Mac OS X', $os_version: '14.4.1', $browser: 'Chrome', $browser_version: 120 + (k % 7), $device_type: 'Desktop',
      $current_url: `https://app.example.com/projects/${k % 997}/settings?tab=members`, $host: 'app.example.com', $pathname: `/projects/${k % 997}/settings`,
      $referrer: 'https://www.google.com/', $referring_domain: 'www.google.com', $screen_height: 1117, $screen_width: 1728, $viewport_height: 959, $viewport_width: 1728,
      $lib: 'web', $lib_version: '1.130.2', $insert_id: `ins${k.toString(36)}`, $time: 1718013600.123 + k, $session_id: `018f${(k >> 4).toString(16).padStart(8, '0')}-7b2a-7c1d-9e3f-a1b2c3d4e5f6`,
      $window_id: `018f${(k >> 6).toString(16).padStart(8, '0')}-aaaa-bbbb-cccc-ddddeeeeffff`, token: 'phc_abcdefghijklmnopqrstuvwxyz0123456789ABCD',
      $geoip_city_name: 'Berlin', $geoip_country_name: 'Germany', $geoip_country_code: 'DE', $geoip_continent_name: 'Europe', $geoip_latitude: 52.52, $geoip_longitude: 13.405,
      $geoip_time_zone: 'Europe/Berlin', $is_identified: true, $process_person_profile: true, $lib_custom_api_host: null,
      $raw_user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      $set_once: { $initial_referrer: '$direct', $initial_current_url: 'https://app.example.com/', $initial_browser: 'Chrome' },
      $feature_flag_payloads: {}, $active_feature_flags: ['new-nav', 'beta-export'], $sent_at: '2024-06-10T10:00:00.456Z',
    });
    const dir = posthogWith(Array.from({ length: 25_000 }, (_, k) => row(k, ['report_created', 'pageview', 'dashboard_viewed'][k % 3]!, `U0000${2 + (k % 4)}`, props(k))));
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it('a PostHog batch export as Parquet (properties a JSON text column, timestamps typed) gives the row-by-row report', async () => {
    const dir = posthogWith([
      row(1, 'report_created', 'U00003', '{"feature":"reports","feature":"dashboards"}'),
      row(2, '$identify', 'U00004', '{"$anon_distinct_id":"anon-8","$set":{"title":"VP Sales"}}'),
      row(3, 'pageview', 'anon-8', '{"$groups":{"company":"redwood-pharma.example"}}'),
      row(4, 'report_created', 'U00003', '{"feature":7}'),
    ]);
    const csv = join(dir, eventsFile);
    await csvToParquet(csv, 'uuid, event, properties, distinct_id, CAST(timestamp AS TIMESTAMPTZ) AS timestamp', join(dir, 'posthog-events.parquet'));
    const duckdb = report(dir);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB into [\d,]+ rows of one user, account, event, feature, anonymous id and UTC day$/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(report(dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });
});
