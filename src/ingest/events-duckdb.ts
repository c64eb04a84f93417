/**
 * An events file read by embedded DuckDB into per-day summaries (issue 14, step 3;
 * docs/engine-plan.md): DuckDB reads the rows and groups them per user, account, event, feature
 * and UTC day into the first timestamp and the number of events, and the EventTable receives
 * those summary rows (`append` with a count) instead of one row per event.
 *
 * Exactness: SQL settles a file only when it provably reads every row as the JavaScript rules
 * do (rows.ts `eventFieldsAppender`, coerce.ts `makeDateParser`, the CSV reader's line numbers).
 * The SQL marks every row it cannot prove ("odd": a timestamp outside the strict patterns
 * compiled from the decided date format, a blank event, neither user nor account, a cell with a
 * quote, a line break or whitespace JavaScript would trim) and DuckDB errors on ragged rows and
 * bytes that are not UTF-8; a file with any of them is read by the JavaScript path instead, whole,
 * so its rejections, messages and file:line stay exactly as they were. Which files qualify is
 * decided by the loader (`duckDbEventsEligible`).
 *
 * Line numbers: the header is line 1 and holds no line break (the loader checks the first
 * record's line), no cell holds one (SQL checks every column), and a byte scan finds no blank
 * line followed by more rows (DuckDB skips blank lines) nor a lone CR, and as many lines of rows
 * as DuckDB reads rows: then row n of DuckDB's read, numbered by `row_number() OVER ()` in file
 * order (DuckDB keeps insertion order; verified at 2 threads on 1 M rows, docs/engine-plan.md),
 * is line n + 1.
 *
 * Safety: the SQL names the file's columns c0, c1, … (its header never enters SQL), takes the
 * path as a parameter and the delimiter as an escaped literal; the engine's sandbox
 * (duckdb-engine.ts) limits it to the folder's data files.
 */
import type { EventTable } from '../core/model.js';
import type { DateFormat } from './coerce.js';
import { duckDbMessage, sqlLiteral, type LazyDuckDb } from './duckdb-engine.js';
import { byteStream } from './read-csv.js';
import type { EventColumns } from './rows.js';

/** What the loader decided about an events file DuckDB may read. */
export interface DuckDbEventsFile {
  /** Absolute path (one of the engine's readable files). */
  path: string;
  /** One character (the sniffed delimiter). */
  delimiter: string;
  /** Cells in the header. */
  width: number;
  /** Cell index of each event field (-1 or absent: none). */
  columns: EventColumns;
  /** The timestamp column's decided format. */
  dateFormat: DateFormat;
  /** Set for a gzip-compressed file: the bytes it may decompress to (beyond: the JavaScript path, which reports it). */
  gzip: { maxBytes: number } | null;
}

/** The ms per day, for the UTC day of a timestamp. */
const DAY_MS = 86_400_000;

/**
 * Strict ISO 8601, a subset of what coerce.ts's ISO_DATE reads: four-digit years from 1000,
 * two-digit fields in range (no 24:00, no leap second), `.` fractions, `Z` or a ±hh:mm offset of
 * at most 14:59; nothing to trim.
 */
const ISO_PATTERN =
  '^(?P<y>[1-9][0-9]{3})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])' +
  '(?:[T ](?P<h>[01][0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9])(?:[.](?P<f>[0-9]{1,9}))?)?)?' +
  '(?P<z>Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?$';

/** Epoch numbers: digits only, few enough that the double arithmetic below equals JavaScript's (ms under 2^52). */
const EPOCH: Record<string, { digits: number; ms: (x: string) => string }> = {
  'epoch-s': { digits: 12, ms: (x) => `round(${x} * 1000)` },
  'epoch-ms': { digits: 15, ms: (x) => `round(${x})` },
  'epoch-us': { digits: 18, ms: (x) => `round(${x} / 1000)` },
  'epoch-ns': { digits: 21, ms: (x) => `round(${x} / 1000000)` },
};

/** SQL for the parts of an ISO 8601 cell (a struct of texts, `y` empty when it is not ISO), read by `timestampSql`. */
export function timestampPartsSql(cell: string): string {
  return `regexp_extract(${cell}, ${sqlLiteral(ISO_PATTERN)}, ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'])`;
}

/**
 * SQL giving the epoch milliseconds of text `cell` as `makeDateParser(format)` reads it, or NULL
 * where this SQL does not settle it (blank, another shape, an impossible date): such a row is
 * odd. `parts` names the column holding `timestampPartsSql(cell)`. Null when the format has a
 * family not compiled here (Excel serial days): the file is then read in JavaScript. Exact on
 * what it accepts (test/ingest/events-duckdb.test.ts compares it with the parser).
 */
export function timestampSql(cell: string, parts: string, format: DateFormat): string | null {
  if (format.numeric !== null && !(format.numeric in EPOCH)) return null;
  const p = (g: string): string => `${parts}.${g}`;
  const num = (g: string): string => `coalesce(TRY_CAST(NULLIF(${p(g)}, '') AS BIGINT), 0)`;
  // Days from the civil date (NULL when it does not exist: 2023-02-29), then the time of day, the
  // fraction (truncated to ms, as the parser does) and the offset.
  const iso =
    `CASE WHEN ${p('y')} = '' THEN NULL ELSE ` +
    `date_diff('day', DATE '1970-01-01', try(make_date(CAST(${p('y')} AS BIGINT), CAST(${p('mo')} AS BIGINT), CAST(${p('d')} AS BIGINT)))) * ${DAY_MS}` +
    ` + ${num('h')} * 3600000 + ${num('mi')} * 60000 + ${num('s')} * 1000` +
    ` + CAST(left(${p('f')} || '000', 3) AS BIGINT)` +
    ` - CASE WHEN ${p('z')} IN ('', 'Z') THEN 0 ELSE (CASE WHEN left(${p('z')}, 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(${p('z')}, 2, 2) AS BIGINT) * 60 + CAST(substr(${p('z')}, 5, 2) AS BIGINT)) * 60000 END END`;
  if (format.numeric === null) return iso;
  const epoch = EPOCH[format.numeric]!;
  return `CASE WHEN regexp_full_match(${cell}, '[0-9]{1,${epoch.digits}}') THEN CAST(${epoch.ms(`CAST(${cell} AS DOUBLE)`)} AS BIGINT) ELSE ${iso} END`;
}

/**
 * JavaScript's trimmed whitespace (String.prototype.trim: WhiteSpace and LineTerminator), as an
 * RE2 class: a cell starting or ending with one is odd (the SQL does not trim).
 */
const JS_SPACE = '[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** coerce.ts BLANK_WORD (case-insensitive), for cells with nothing to trim. */
const BLANK_WORD = '(?i)(null|n/a|na|none|-|\\x{2014}|\\x{2013}|#n/a)';

/** A cell as parseText reads it, for a cell with nothing to trim: NULL when blank. */
function textSql(cell: string): string {
  return `CASE WHEN ${cell} IS NULL OR ${cell} = '' OR regexp_full_match(${cell}, '${BLANK_WORD}') THEN NULL ELSE ${cell} END`;
}

/** True when the cell is read the same by SQL and JavaScript: nothing to trim, no quote, no line break. */
function cleanSql(cell: string): string {
  return `(${cell} IS NULL OR NOT regexp_matches(${cell}, '^${JS_SPACE}|${JS_SPACE}$|["\\n\\r]'))`;
}

/** The summary query of a file, or null when its date format is not compiled to SQL. */
export function eventsSummarySql(file: DuckDbEventsFile): string | null {
  const cols = Array.from({ length: file.width }, (_, k) => `c${k}`);
  const cell = (k: number | undefined): string => (k === undefined || k < 0 ? 'NULL' : `c${k}`);
  const ts = timestampSql(cell(file.columns.timestamp), 'tp', file.dateFormat);
  if (ts === null || (file.columns.timestamp ?? -1) < 0 || (file.columns.event ?? -1) < 0) return null;
  const columns = `{${cols.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  const read = `read_csv($1, delim = ${sqlLiteral(file.delimiter)}, quote = '"', escape = '"', header = false, skip = 1, auto_detect = false, strict_mode = true, null_padding = false, compression = '${file.gzip ? 'gzip' : 'none'}', columns = ${columns})`;
  return [
    'WITH r AS (',
    `  SELECT row_number() OVER () AS rn, ${cols.join(', ')} FROM ${read}`,
    '), t AS (',
    `  SELECT *, ${timestampPartsSql(cell(file.columns.timestamp))} AS tp FROM r`,
    '), p AS (',
    `  SELECT rn, ${ts} AS ts, ${textSql(cell(file.columns.userId))} AS u, ${textSql(cell(file.columns.accountId))} AS a,`,
    `    ${textSql(cell(file.columns.event))} AS ev, ${textSql(cell(file.columns.feature))} AS f,`,
    `    ${cols.map(cleanSql).join(' AND ')} AS clean`,
    '  FROM t',
    '), e AS (',
    '  SELECT rn, ts, u, a, ev, f, NOT (clean AND ts IS NOT NULL AND ev IS NOT NULL AND (u IS NOT NULL OR a IS NOT NULL)) AS odd FROM p',
    '), k AS (',
    // Odd rows' keys are blanked: they make one group.
    `  SELECT rn, ts, odd, CASE WHEN odd THEN NULL ELSE floor(ts / ${DAY_MS}) END AS day, CASE WHEN odd THEN NULL ELSE u END AS u,`,
    '    CASE WHEN odd THEN NULL ELSE a END AS a, CASE WHEN odd THEN NULL ELSE ev END AS ev, CASE WHEN odd THEN NULL ELSE f END AS f FROM e',
    ')',
    // Odd rows make one group, first: its presence sends the file to JavaScript before anything is appended.
    'SELECT odd, CAST(min([ts, rn])[1] AS DOUBLE) AS first_at, CAST(min([ts, rn])[2] AS DOUBLE) AS first_rn,',
    '  u, a, ev, f, CAST(count(*) AS DOUBLE) AS n, CAST(count(*) OVER () AS DOUBLE) AS groups, CAST(sum(count(*)) OVER () AS DOUBLE) AS total',
    'FROM k',
    'GROUP BY odd, day, u, a, ev, f',
    // Summary rows in the order of their first event: ids are interned in first-seen order, as a row-by-row read does.
    'ORDER BY odd DESC, min(rn)',
  ].join('\n');
}

/**
 * The data rows of the file as the CSV reader numbers its lines, when DuckDB's row ordinal gives
 * them: null when a blank line comes before a later row (DuckDB skips blank lines, which the
 * reader counts), a CR stands alone (a line end the two may count differently), or a compressed
 * file is corrupt or decompresses to more than `maxBytes` (the JavaScript path reports those).
 * Rows = the lines after the header up to the last non-blank one; the summary's rows must add up
 * to it (given that no cell holds a line break, which the SQL checks). One pass at memchr speed
 * (Buffer.indexOf), decompressing a gzip file through read-csv's byteStream.
 */
export async function dataLines(path: string, gzip: { maxBytes: number } | null): Promise<number | null> {
  let failed = false;
  const bytes = byteStream(path, 0, gzip ? { maxBytes: gzip.maxBytes, onLimit: () => (failed = true), onError: () => (failed = true) } : undefined);
  let lines = 0; // line ends seen
  let lineBytes = 0; // bytes of the line being read (a CR before its LF included)
  let lastByte = -1;
  let lastFilled = 0; // the number of the last line holding more than a CR
  let blankBefore = false; // a blank line was seen after the last filled one
  for await (const chunk of bytes) {
    for (let at = chunk.indexOf(13); at !== -1; at = chunk.indexOf(13, at + 1)) {
      if (at + 1 < chunk.length && chunk[at + 1] !== 10) return null;
    }
    if (lastByte === 13 && chunk.length > 0 && chunk[0] !== 10) return null;
    let from = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, from)) {
      const length = lineBytes + (at - from);
      lines++;
      const blank = length === 0 || (length === 1 && (at > from ? chunk[at - 1] === 13 : lastByte === 13));
      if (blank) blankBefore = true;
      else {
        if (blankBefore) return null;
        lastFilled = lines;
      }
      lineBytes = 0;
      from = at + 1;
    }
    lineBytes += chunk.length - from;
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
  }
  if (failed || lastByte === 13) return null;
  if (lineBytes > 0) {
    // A last line without a line end.
    if (blankBefore) return null;
    lastFilled = lines + 1;
  }
  return Math.max(0, lastFilled - 1);
}

/** What reading gave: the rows read (the file's data rows), or why JavaScript must read the file. */
export type SummaryRead = { rows: number } | { fallback: string };

/**
 * Reads the file's per-day summary into `table` (each row through `onRow` with its first
 * timestamp and that event's line), or appends nothing and says why the JavaScript path must
 * read it.
 */
export async function readEventsSummary(
  engine: LazyDuckDb,
  file: DuckDbEventsFile,
  table: EventTable,
  onRow: (firstAt: number, line: number) => void,
): Promise<SummaryRead> {
  const sql = eventsSummarySql(file);
  if (sql === null) return { fallback: 'a date format not compiled to SQL' };
  const expected = await dataLines(file.path, file.gzip);
  if (expected === null) return { fallback: 'blank lines or lone CRs between rows, or gzip data that is corrupt or too large' };
  let db;
  try {
    db = await engine.get();
  } catch (error) {
    return { fallback: (error as Error).message };
  }
  const connection = await db.connect();
  try {
    let result;
    try {
      result = await connection.stream(sql, [file.path]);
    } catch (error) {
      return { fallback: duckDbMessage(error) };
    }
    let groups = -1;
    let read = 0;
    let rows = 0;
    for (;;) {
      let values: unknown[][];
      let count: number;
      try {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        count = chunk.rowCount;
        values = chunk.getColumns() as unknown[][];
      } catch (error) {
        if (read > 0) throw new Error(`DuckDB failed while reading ${file.path}'s summary: ${duckDbMessage(error)}`);
        return { fallback: duckDbMessage(error) };
      }
      const [odd, firstAt, firstRn, users, accounts, names, features, ns, totals, rowTotals] = values as [boolean[], number[], number[], Array<string | null>, Array<string | null>, string[], Array<string | null>, number[], number[], number[]];
      if (read === 0) {
        if (odd[0]) return { fallback: `${ns[0]} rows SQL does not settle` };
        // Every line is a row DuckDB read (a line DuckDB would number differently sends the file to JavaScript).
        if (rowTotals[0] !== expected) return { fallback: `DuckDB read ${rowTotals[0]} rows where the file has ${expected} lines of rows` };
        groups = totals[0]!;
      }
      for (let i = 0; i < count; i++) {
        table.append(firstAt[i]!, users[i]!, accounts[i]!, names[i]!, features[i]!, ns[i]!, ns[i]!);
        onRow(firstAt[i]!, firstRn[i]! + 1);
        rows += ns[i]!;
      }
      read += count;
    }
    if (read === 0 && expected > 0) return { fallback: `DuckDB read no rows where the file has ${expected} lines of rows` };
    // A streaming result that fails mid-way ends like an exhausted one (docs/engine-plan.md).
    if (read !== Math.max(groups, 0)) throw new Error(`DuckDB's summary of ${file.path} ended after ${read} of ${groups} rows`);
    return { rows };
  } finally {
    connection.closeSync();
  }
}
