/**
 * An events file read by embedded DuckDB into per-day summaries (issue 14, step 3;
 * docs/engine-plan.md): DuckDB reads the rows and groups them per user, account, event, feature
 * and UTC day (per exact time for the exact-time names: invites) into the first timestamp, the
 * span to the last and the number of events, and the EventTable receives those summary rows
 * (`appendIds` with a count and the latest time) instead of one row per event.
 *
 * Exactness: SQL settles only rows it provably reads as the JavaScript rules do (rows.ts
 * `eventFieldsAppender`, coerce.ts `makeDateParser`). Every other row ("odd": a timestamp outside
 * the strict patterns compiled from the decided date format, a blank event, neither user nor
 * account, a mapped cell JavaScript would trim) comes back as its cells with its line and goes
 * through the JavaScript row rules (the loader's `eventsRecordSink`), in file order after the
 * summary rows, so rejections, messages and file:line stay exactly as they were. What would make
 * DuckDB and the CSV reader disagree on rows or lines (a quote the two read differently: a space
 * beside a quoted cell, a quote inside a cell not quoted, a line break in a quoted cell, found by
 * the byte scan's QuoteCheck; DuckDB errors on ragged rows, bytes that are not UTF-8, mixed line
 * ends) sends the whole file to the
 * JavaScript path. Which files qualify is decided by the loader.
 *
 * Line numbers: the header is line 1 and holds no line break (the loader checks the first
 * record's line), no cell holds one (the byte scan's QuoteCheck), and the scan finds no blank
 * line followed by more rows (DuckDB skips blank lines) nor a lone CR, and as many lines of rows
 * as DuckDB reads rows: then row n of DuckDB's read, numbered by `row_number() OVER ()` in file
 * order (DuckDB keeps insertion order; verified at 2 threads on 1 M rows, docs/engine-plan.md),
 * is line n + 1. That window runs the read on one thread, so no file is grouped with row numbers:
 * the summary rows join the table in time order (the report does not depend on the rows' order,
 * docs/metric-event-reads.md), and only the odd rows and, when a date outlier asks, the latest
 * events are read again with their numbers.
 *
 * Safety: the SQL names the file's columns c0, c1, … (its header never enters SQL), takes the
 * path as a parameter and the delimiter as an escaped literal; the engine's sandbox
 * (duckdb-engine.ts) limits it to the folder's data files.
 */
import type { DuckDBConnection, DuckDBResult, DuckDBResultReader } from '@duckdb/node-api';
import type { EventTable } from '../core/model.js';
import { EPOCH_DATE_END, EPOCH_DATE_MIN, parseText, type DateFormat } from './coerce.js';
import { duckDbMessage, duckDbPath, LazyDuckDb, sqlLiteral } from './duckdb-engine.js';
import { scanDataLines } from './data-lines.js';
import type { ParquetColumn } from './read-parquet.js';
import { MAX_EVENT_COUNT, type EventColumns } from './rows.js';
import type { ExtractSpec } from './extract.js';
import type { FileExclusion } from './exclusions.js';
import type { PropertyPlan } from './event-properties.js';
import { fieldsSql, jsonKeyTrees, mapsAnonymousId, ODD_VALUE, referencedColumns, SQL_EVENT_FIELDS, type FieldsSql } from './events-fields-sql.js';
import { JSON_KEYS_NOT_READ, jsonLinesReadSql, type JsonFormat } from './events-json-lines.js';
import { anonymousKey } from './identity.js';
import { PERSON_FIELDS, type PersonField } from '../core/event-notes.js';

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
  /**
   * Set for a Parquet file: each header column's SQL over `read_parquet` and what it gives
   * (read-parquet.ts parquetColumn). Its rows are numbered as rows (line n = row n), and a
   * timestamp column of a timestamp type is read as its epoch milliseconds.
   */
  parquet?: { columns: ReadonlyArray<Pick<ParquetColumn, 'sql' | 'kind' | 'text'>> };
  /**
   * Set for a JSON-lines file or a JSON array of objects (events-json-lines.ts): its header
   * (jsonLinesHeader, or the array reader's), whose keys DuckDB's read_json reads. Its rows are
   * its lines or elements (line n = row n), and an odd row comes back as its line's or element's
   * text, for the JavaScript rules to parse.
   */
  json?: { header: readonly string[]; format: JsonFormat };
  /**
   * Set by prepareEventsSummary when most rows carry person or invite properties: SQL reads them
   * (events-fields-sql.ts `readProperties`) instead of leaving each such row to JavaScript.
   */
  readProperties?: boolean;
  /**
   * Set when a field is read from several columns, JSON properties or a default, or an anonymous
   * id is mapped (the loader's ExtractSpec, read by extract.ts's rules): compiled to SQL by
   * events-fields-sql.ts. `columns` then names each field's first column (the timestamp's is the
   * one a Parquet file may hold as a timestamp type).
   */
  extract?: ExtractSpec;
  /** Where rows may carry person and invite properties (such rows are odd: the JavaScript rules note them). */
  properties?: PropertyPlan | null;
  /**
   * Event names (normaliseLabel labels) whose rows keep their own time: grouped per exact time, not
   * per UTC day (settings.ts exactTimeEventLabels). Matched in SQL by `exactNamesPattern`.
   */
  exactLabels?: readonly string[];
  /**
   * The file's row exclusions (exclusions.ts: flagged deleted, superseded versions). A row whose
   * flag SQL cannot prove kept is odd, so the JavaScript rules exclude it and count it with its
   * line (`exclusionsOddSql`).
   */
  exclusions?: readonly FileExclusion[];
}

/**
 * The RE2 pattern (for `regexp_full_match`) of event names normaliseLabel reads as one of
 * `labels`: each label's words, case-insensitive, separated by runs of `-`, `_` and spaces, with
 * such runs allowed around them. A name whose spaces or letters RE2 reads otherwise than
 * JavaScript (a vertical tab, a letter whose lower case is two) does not match: it is grouped per
 * day, and a count split inside one of its day rows makes the run read events row by row
 * (analyze.ts). Null without labels.
 */
export function exactNamesPattern(labels: readonly string[]): string | null {
  const words = [...new Set(labels)].filter((l) => l !== '' && !l.includes('\0')).map((l) => l.split(' ').map((w) => w.replace(/[\\.^$|?*+()[\]{}]/g, '\\$&')).join('[-_\\s]+'));
  return words.length === 0 ? null : `(?i)[-_\\s]*(?:${words.join('|')})[-_\\s]*`;
}

/** 1000-01-01 and 10000-01-01 UTC in epoch milliseconds: the years the ISO pattern reads. */
const EPOCH_YEAR_1000 = Date.UTC(1000, 0, 1);
const EPOCH_YEAR_10000 = Date.UTC(10000, 0, 1);

/** The ms per day, for the UTC day of a timestamp. */
const DAY_MS = 86_400_000;

/**
 * Strict ISO 8601, a subset of what coerce.ts's ISO_DATE reads: four-digit years from 1000,
 * two-digit fields in range (no 24:00, no leap second), `.` fractions, and a zone after at most
 * one space: `Z`, `UTC` or `GMT` (any case: BigQuery writes `2024-01-04 13:04:31 UTC`) or a
 * ±hh:mm / ±hhmm offset of at most 14:59, or ±hh right after a time (PostgreSQL's
 * `13:04:31.123+00`; timestampSql refuses it elsewhere, as the parser does); nothing to trim.
 */
const ISO_PATTERN =
  '^(?P<y>[1-9][0-9]{3})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])' +
  '(?:[T ](?P<h>[01][0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9])(?:[.](?P<f>[0-9]{1,9}))?)?)?' +
  '(?:(?P<zs> ?)(?P<z>(?i:z|utc|gmt)|[+-](?:0[0-9]|1[0-4])(?::?[0-5][0-9])?))?$';

/** Epoch numbers: digits only, few enough that the double arithmetic below equals JavaScript's (ms under 2^52). */
const EPOCH: Record<string, { digits: number; ms: (x: string) => string }> = {
  'epoch-s': { digits: 12, ms: (x) => `round(${x} * 1000)` },
  'epoch-ms': { digits: 15, ms: (x) => `round(${x})` },
  'epoch-us': { digits: 18, ms: (x) => `round(${x} / 1000)` },
  'epoch-ns': { digits: 21, ms: (x) => `round(${x} / 1000000)` },
};

/**
 * SQL for the parts of an ISO 8601 cell (a struct of texts, `y` empty when it is not ISO), read by
 * `timestampSql`; NULL for the usual shape (`fast`) and, with a numeric `format`, for an epoch
 * number (timestampSql reads neither from the parts: extracting them from every row of an epoch
 * column cost 1.4 s at 5 M rows).
 */
export function timestampPartsSql(cell: string, fast = fastIsoTest(cell), format?: DateFormat): string {
  const skip = format?.numeric && format.numeric in EPOCH ? `${fast} OR ${epochTest(cell, format.numeric)}` : fast;
  return `CASE WHEN ${skip} THEN NULL ELSE regexp_extract(${cell}, ${sqlLiteral(ISO_PATTERN)}, ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'zs', 'z']) END`;
}

/**
 * The usual shapes `YYYY-MM-DDTHH:MM:SS[.fff][Z]` and a warehouse's `YYYY-MM-DD HH:MM:SS[.ffffff] UTC`
 * (T or a space, a year from 1000, time fields in range, three or six fraction digits, a zero
 * offset: `Z`, ` UTC`, `+00:00`, `+0000` or `+00` as PostHog and PostgreSQL write it), tested by
 * one full match without captures, which costs a tenth of the general pattern's extraction;
 * DuckDB's own timestamp cast then reads it (NULL for a month or day that does not exist: such a
 * row is odd).
 */
export function fastIsoTest(c: string): string {
  return `regexp_full_match(${c}, '[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{3}([0-9]{3})?)?(Z| UTC|[+-]00(:?00)?)?')`;
}

/** ` H:MM` or ` H:MM:SS` on a 24-hour clock, fields in range: the time the day-first and year-first families below accept. */
const CLOCK = '( ([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?';

/**
 * `M/D/YYYY` or `D/M/YYYY` (by the decided day order; `-` alike), `D.M.YYYY` (always day first),
 * optionally with a CLOCK time: the family of coerce.ts's DMY_LIKE with four-digit years from
 * 1000, one separator throughout, no meridiem, no zone, nothing to trim (other members of the
 * family are odd rows).
 */
function dayMonthTest(c: string): string {
  return `regexp_full_match(${c}, '([0-9]{1,2}/[0-9]{1,2}/|[0-9]{1,2}-[0-9]{1,2}-|[0-9]{1,2}[.][0-9]{1,2}[.])[1-9][0-9]{3}${CLOCK}')`;
}

function dayMonthValue(c: string, format: DateFormat): string {
  const date = `split_part(${c}, ' ', 1)`;
  const separator = `CASE WHEN contains(${date}, '.') THEN '.' WHEN contains(${date}, '-') THEN '-' ELSE '/' END`;
  const part = (k: number): string => `CAST(split_part(${date}, ${separator}, ${k}) AS BIGINT)`;
  // Dots are always day first (coerce.ts); slashes and dashes follow the decided order.
  const dayFirst = format.order === 'dmy' ? 'true' : `contains(${date}, '.')`;
  const [month, day] = [`CASE WHEN ${dayFirst} THEN ${part(2)} ELSE ${part(1)} END`, `CASE WHEN ${dayFirst} THEN ${part(1)} ELSE ${part(2)} END`];
  return `date_diff('day', DATE '1970-01-01', try(make_date(${part(3)}, ${month}, ${day}))) * ${DAY_MS} + ${clockMs(`split_part(${c}, ' ', 2)`)}`;
}

/** `YYYY/MM/DD` or `YYYY.MM.DD` (coerce.ts's YMD_SLASH), years from 1000, optionally a CLOCK time after a space. */
function yearFirstTest(c: string): string {
  return `regexp_full_match(${c}, '[1-9][0-9]{3}[/.][0-9]{1,2}[/.][0-9]{1,2}${CLOCK}')`;
}

function yearFirstValue(c: string): string {
  const date = `replace(split_part(${c}, ' ', 1), '.', '/')`;
  const part = (k: number): string => `CAST(split_part(${date}, '/', ${k}) AS BIGINT)`;
  return `date_diff('day', DATE '1970-01-01', try(make_date(${part(1)}, ${part(2)}, ${part(3)}))) * ${DAY_MS} + ${clockMs(`split_part(${c}, ' ', 2)`)}`;
}

/**
 * A month's name as coerce.ts's MONTH_FIRST and DAY_FIRST read it: a word of 3 to 9 ASCII letters
 * whose first three name a month, any case. Letters are listed in both cases, not matched with
 * RE2's (?i), which folds letters JavaScript's /i does not (ſ for s).
 */
const MONTH_WORD = `(?P<mon>${['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m) => [...m].map((l) => `[${l.toUpperCase()}${l}]`).join('')).join('|')})[A-Za-z]{0,6}[.]?`;
/** `Mar 1, 2024`, `March 1 2024, 1:05 PM` (MONTH_FIRST) and `1 Mar 2024 13:05`, `1-Mar-2024` (DAY_FIRST), years from 1000, single spaces. */
const MONTH_NAME_PATTERNS = [
  `^${MONTH_WORD} (?P<d>[0-9]{1,2}),? (?P<y>[1-9][0-9]{3})(?:,? (?P<h>[0-9]{1,2}):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?(?: ?(?P<ap>[AaPp][Mm]))?)?$`,
  `^(?P<d>[0-9]{1,2})[ -]${MONTH_WORD}[ -](?P<y>[1-9][0-9]{3})(?: (?P<h>[0-9]{1,2}):(?P<mi>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?)?(?P<ap>)$`,
];

/** A pattern's group names in the order of its groups: regexp_extract names the groups by position, not by their (?P<…>) names. */
function groupNames(pattern: string): string {
  return `[${[...pattern.matchAll(/\(\?P<([a-z]+)>/g)].map((m) => sqlLiteral(m[1]!)).join(', ')}]`;
}

/** A cell of a MONTH_NAME_PATTERNS shape. */
function monthNameTest(c: string): string {
  return `(${MONTH_NAME_PATTERNS.map((p) => `regexp_full_match(${c}, ${sqlLiteral(p)})`).join(' OR ')})`;
}

/** Its epoch ms; NULL where the parser would not read it (a 12-hour clock's hour outside 1–12, an hour beyond 23, a day the month lacks). */
function monthNameValue(c: string): string {
  const parts = `coalesce(${MONTH_NAME_PATTERNS.map((p) => `CASE WHEN regexp_full_match(${c}, ${sqlLiteral(p)}) THEN regexp_extract(${c}, ${sqlLiteral(p)}, ${groupNames(p)}) END`).join(', ')})`;
  // The parts are extracted once and bound to `m` (a one-element list's lambda): written out at
  // each use, the extraction made the query text 40 KB.
  const m = 'm';
  const num = (g: string): string => `coalesce(TRY_CAST(NULLIF(${m}.${g}, '') AS BIGINT), 0)`;
  const month = `list_position(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], lower(${m}.mon))`;
  const hour = `CASE WHEN ${m}.ap = '' THEN CASE WHEN ${num('h')} <= 23 THEN ${num('h')} END WHEN ${num('h')} BETWEEN 1 AND 12 THEN ${num('h')} % 12 + CASE WHEN lower(left(${m}.ap, 1)) = 'p' THEN 12 ELSE 0 END END`;
  return `list_transform([${parts}], lambda m: date_diff('day', DATE '1970-01-01', try(make_date(${num('y')}, ${month}, ${num('d')}))) * ${DAY_MS} + ${hour} * 3600000 + ${num('mi')} * 60000 + ${num('s')} * 1000)[1]`;
}

/** The ms of a CLOCK time's text (`H:MM[:SS]`, or empty: midnight). */
function clockMs(clock: string): string {
  const field = (k: number): string => `coalesce(TRY_CAST(NULLIF(split_part(${clock}, ':', ${k}), '') AS BIGINT), 0)`;
  return `${field(1)} * 3600000 + ${field(2)} * 60000 + ${field(3)} * 1000`;
}

/** A fastIsoTest shape's epoch ms: the seconds by DuckDB's cast, the fraction truncated to ms (as the parser does). */
function fastIsoValue(c: string): string {
  return `epoch_ms(TRY_CAST(left(${c}, 19) AS TIMESTAMP)) + CASE WHEN substr(${c}, 20, 1) = '.' THEN TRY_CAST(substr(${c}, 21, 3) AS BIGINT) ELSE 0 END`;
}

/** SQL: the cell is an epoch number of the format's unit that timestampSql reads. */
function epochTest(cell: string, numeric: string): string {
  return `regexp_full_match(${cell}, '[0-9]{1,${EPOCH[numeric]!.digits}}')`;
}

/**
 * SQL giving the epoch milliseconds of text `cell` as `makeDateParser(format)` reads it, or NULL
 * where this SQL does not settle it (blank, another shape, an impossible date): such a row is
 * odd. `parts` names the column holding `timestampPartsSql(cell)`. Null when the format has a
 * family not compiled here (Excel serial days): the file is then read in JavaScript. Exact on
 * what it accepts (test/ingest/events-duckdb.test.ts compares it with the parser).
 */
export function timestampSql(cell: string, parts: string, format: DateFormat, fast = fastIsoTest(cell)): string | null {
  if (format.numeric !== null && !(format.numeric in EPOCH)) return null;
  const p = (g: string): string => `${parts}.${g}`;
  const num = (g: string): string => `coalesce(TRY_CAST(NULLIF(${p(g)}, '') AS BIGINT), 0)`;
  // Days from the civil date (NULL when it does not exist: 2023-02-29), then the time of day, the
  // fraction (truncated to ms, as the parser does) and the offset.
  const z = p('z');
  // ±hh alone: only right after a time, with no space before it (coerce.ts's ISO_DATE).
  const hoursOnly = `(length(${z}) = 3 AND left(${z}, 1) IN ('+', '-'))`;
  const iso =
    `CASE WHEN ${p('y')} = '' OR (${hoursOnly} AND (${p('h')} = '' OR ${p('zs')} <> '')) THEN NULL ELSE ` +
    `date_diff('day', DATE '1970-01-01', try(make_date(TRY_CAST(${p('y')} AS BIGINT), TRY_CAST(${p('mo')} AS BIGINT), TRY_CAST(${p('d')} AS BIGINT)))) * ${DAY_MS}` +
    ` + ${num('h')} * 3600000 + ${num('mi')} * 60000 + ${num('s')} * 1000` +
    ` + TRY_CAST(left(${p('f')} || '000', 3) AS BIGINT)` +
    ` - CASE WHEN upper(${z}) IN ('', 'Z', 'UTC', 'GMT') THEN 0 ELSE (CASE WHEN left(${z}, 1) = '-' THEN -1 ELSE 1 END) * (TRY_CAST(substr(${z}, 2, 2) AS BIGINT) * 60 + CASE WHEN ${hoursOnly} THEN 0 ELSE TRY_CAST(right(${z}, 2) AS BIGINT) END) * 60000 END END`;
  const isoOrFast = `CASE WHEN ${fast} THEN ${fastIsoValue(cell)} WHEN ${dayMonthTest(cell)} THEN ${dayMonthValue(cell, format)} WHEN ${yearFirstTest(cell)} THEN ${yearFirstValue(cell)} WHEN ${monthNameTest(cell)} THEN ${monthNameValue(cell)} ELSE ${iso} END`;
  if (format.numeric === null) return isoOrFast;
  const epoch = EPOCH[format.numeric]!;
  // In the years the parser reads a bare number in (EPOCH_DATE_MIN to EPOCH_DATE_END); beyond, the row is odd and JavaScript rejects it.
  const ms = `CAST(${epoch.ms(`TRY_CAST(${cell} AS DOUBLE)`)} AS BIGINT)`;
  return `CASE WHEN ${epochTest(cell, format.numeric)} THEN CASE WHEN ${ms} >= ${EPOCH_DATE_MIN} AND ${ms} < ${EPOCH_DATE_END} THEN ${ms} END ELSE ${isoOrFast} END`;
}

/**
 * A mapped cell as SQL groups it: NULL when empty, else the text as it is. Cells JavaScript would
 * trim or read as blank ("null", "N/A", parseText in coerce.ts) are not tested row by row (five
 * regular expressions a row were most of the query's time): each distinct value is read once, in
 * JavaScript with parseText itself, when the summary's dictionaries are handed over (a value it
 * reads as blank becomes no id), and the file is read by the JavaScript path only when that
 * changes which rows the rules reject (a blank event name; neither user nor account).
 */
function textSql(cell: string): string {
  return `NULLIF(${cell}, '')`;
}

/** The event fields a plain events file maps (its columns: DuckDbEventsFile.columns). */
const FIELDS = ['timestamp', 'event', 'userId', 'accountId', 'feature'] as const;

/** A file's queries: `summary` (the groups), `odd` (the odd rows' cells, by row number), `prefix`, `latest`. */
export interface SummaryQueries {
  summary: string;
  /**
   * The settled rows' times from `from` on, latest first, then by row number (rn): at most
   * LATEST_LINES. Statements run in turn ($1 the path where used); the last one gives the rows.
   */
  latest: (from: number) => string[];
  /** The odd rows' row numbers (`first_row`) and cells, in file order: statements as `latest`'s. */
  odd: string[];
  /** The odd rows and the rows among the first PREFIX_ROWS. */
  prefix: string;
  /** The person fields the summary holds (`pn.p_<field>`, HANDOVER.notes). */
  notes: PersonField[];
  /** The invite properties the summary holds (`pi.q_<index>`, HANDOVER.invites), each with its side and key. */
  invites: Array<{ side: 'inviter' | 'invitee'; key: string }>;
  /** Whether the summary sums a pre-aggregated file's counts (`ne`: the events a group stands for; `n` its rows). */
  counted: boolean;
}

/** The fields' SQL of a plain file: each one column. */
function plainFieldsSql(file: DuckDbEventsFile): FieldsSql {
  const cell = (k: number | undefined): string => (k === undefined || k < 0 ? 'NULL' : `c${k}`);
  const fields = Object.fromEntries(SQL_EVENT_FIELDS.map((f) => [f, f === 'anonymousId' ? 'NULL' : cell(file.columns[f])])) as FieldsSql['fields'];
  return { stages: [], fields, odd: [], notes: {}, notesNone: 'true', invites: [], invitesNone: 'true' };
}

/**
 * The summary queries of a file, or null when its date format is not compiled to SQL or its
 * fields are not (events-fields-sql.ts). `summary`: summary rows (`odd` false) and groups of odd
 * rows (`odd` true, only counted, by the hash of their cells `oh`), each with how many rows it
 * stands for (`n`), keyed also by the anonymous id (`an`, for the anonymous-id pairs). `odd`: the
 * odd rows' numbers and cells (`c*`), which the JavaScript row rules read; a second scan of the
 * file, run only when the summary has odd rows (carrying the cells through the grouping cost
 * 130 MB at 1 M events). `latest`: the lines date-lines.ts needs for a date outlier.
 */
export function eventsSummarySql(file: DuckDbEventsFile): SummaryQueries | null {
  const cols = Array.from({ length: file.width }, (_, k) => `c${k}`);
  const parquet = file.parquet ?? null;
  const compiled = file.extract ? fieldsSql(file.extract, file.properties ?? null, file.readProperties === true, file.json ? 'read-json' : 'cells') : plainFieldsSql(file);
  if (compiled === null) return null;
  const mappedIndexes = file.extract ? referencedColumns(file.extract, file.properties ?? null) : new Set(FIELDS.map((f) => file.columns[f] ?? -1));
  for (const e of file.exclusions ?? []) mappedIndexes.add(e.column);
  const keyTrees = file.json && file.extract ? jsonKeyTrees(file.extract, file.properties ?? null) : null;
  const json = file.json ? jsonLinesReadSql(file.json, mappedIndexes, keyTrees?.trees ?? new Map(), keyTrees?.dotted ?? new Map(), file.gzip !== null) : null;
  if (file.json && json === null) return null;
  const epochTimestamp = parquet !== null && parquet.columns[file.columns.timestamp ?? -1]?.kind === 'epoch';
  if (epochTimestamp && file.extract) {
    // A Parquet timestamp column of a timestamp type holds numbers: it must be the field's one source.
    const sources = file.extract.sources.timestamp ?? [];
    if (sources.length !== 1 || sources[0] !== file.columns.timestamp || file.extract.json.timestamp || file.extract.defaults.timestamp !== undefined) return null;
    compiled.fields.timestamp = `c${file.columns.timestamp}`;
  }
  // A timestamp column of a timestamp type: its epoch milliseconds, when the JavaScript path would
  // read them back exactly (isoOfEpochMs text of a whole millisecond in the years 1000–9999, which
  // the ISO pattern reads); else the row is odd and JavaScript reads that text.
  const x = 'x_timestamp';
  const ts = epochTimestamp
    ? `CASE WHEN ${x} >= ${EPOCH_YEAR_1000} AND ${x} < ${EPOCH_YEAR_10000} AND ${x} = floor(${x}) THEN CAST(${x} AS BIGINT) END`
    : timestampSql(x, 'tp', file.dateFormat, 'fast');
  if (ts === null || compiled.fields.timestamp === 'NULL' || compiled.fields.event === 'NULL') return null;
  const columns = `{${cols.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  const csv = `read_csv($1, delim = ${sqlLiteral(file.delimiter)}, quote = '"', escape = '"', header = false, skip = 1, auto_detect = false, strict_mode = true, null_padding = false, compression = '${file.gzip ? 'gzip' : 'none'}', columns = ${columns})`;
  // Parquet: only the mapped columns are read (the others NULL), by position, never by name.
  const read = json
    ? `(SELECT ${json.projections.join(', ')} FROM ${json.source})`
    : parquet
    ? `(SELECT file_row_number + 1 AS rn, ${cols.map((c, k) => `${mappedIndexes.has(k) ? parquet.columns[k]!.sql : 'NULL'} AS ${c}`).join(', ')} FROM read_parquet($1, file_row_number = true))`
    : csv;
  /** A JSON-lines file's rows carry its JSON columns' structs and odd flags beside the cells. */
  const carried = [...cols, ...(json?.carried ?? [])];
  /** What makes a row odd whatever its fields. */
  const rowOdd = [...compiled.odd, ...(json?.odd ?? []), ...exclusionsOddSql(file.exclusions ?? [], parquet?.columns.map((col) => col.kind))];
  const { fields } = compiled;
  /** A pre-aggregated file: each group also sums its rows' counts (`ne`). */
  const counted = compiled.count !== undefined;
  /** The person fields whose values SQL reads (`p_<field>`, event-properties.ts). */
  const noteFields = PERSON_FIELDS.filter((f) => compiled.notes[f] !== undefined);
  // A row's person and invite properties as two structs (`pr`, `ir`), each NULL without a test of
  // its keys where the row can carry none (a test per key on every row cost 2.7 s of CPU at 5 M
  // PostHog rows); the `p` stage takes their fields apart.
  const propertyStructs =
    (noteFields.length > 0 ? `CASE WHEN ${compiled.notesNone} THEN NULL ELSE {${noteFields.map((f) => `'${f}': ${compiled.notes[f]}`).join(', ')}} END AS pr, ` : '') +
    (compiled.invites.length > 0 ? `CASE WHEN ${compiled.invitesNone} THEN NULL ELSE {${compiled.invites.map((v, i) => `'q_${i}': ${v.sql}`).join(', ')}} END AS ir, ` : '');
  // The usual ISO shape is tested once a row (`fast`), and both the parts and the value read that test.
  const fast = epochTimestamp ? 'NULL' : fastIsoTest(x);
  // The rows' stages, ending with `o` (each row's fields and whether it is odd). `numbered`: `from`
  // gives each row's number (`rn`: a Parquet file's own, or a numbered read's), kept through.
  const rows = (cells: boolean, from: string, numbered: boolean): string[] => [
    'WITH r AS (',
    `  SELECT ${numbered ? 'rn, ' : ''}${carried.join(', ')} FROM ${from}`,
    ...compiled.stages.flatMap((projections, k) => [`), js${k} AS (`, `  SELECT *, ${projections.join(', ')} FROM ${k === 0 ? 'r' : `js${k - 1}`}`]),
    '), x AS (',
    `  SELECT *, ${SQL_EVENT_FIELDS.map((f) => `${fields[f]} AS x_${f}`).join(', ')}, ${counted ? `${compiled.count} AS x_count, ` : ''}${propertyStructs}${rowOdd.length > 0 ? rowOdd.join(' OR ') : 'false'} AS x_odd FROM ${compiled.stages.length > 0 ? `js${compiled.stages.length - 1}` : 'r'}`,
    '), t AS (',
    `  SELECT *, ${fast} AS fast, ${epochTimestamp ? 'NULL' : timestampPartsSql(x, 'fast', file.dateFormat)} AS tp FROM x`,
    '), p AS (',
    `  SELECT ${numbered ? 'rn, ' : ''}${ts} AS ts, ${textSql('x_userId')} AS u, ${textSql('x_accountId')} AS a,`,
    `    ${textSql('x_event')} AS ev, ${textSql('x_feature')} AS f, ${textSql('x_anonymousId')} AS an, ${noteFields.map((f) => `pr.${f} AS p_${f}, `).join('')}${compiled.invites.map((_, i) => `ir.q_${i} AS q_${i}, `).join('')}${counted ? 'x_count AS k, ' : ''}x_timestamp IS NOT NULL AS tx, x_odd${cells ? `, ${carried.join(', ')}` : ''}`,
    '  FROM t',
    // An OR chain, not `IN (u, a, …)`: DuckDB may turn an IN list into a join, which does not keep
    // the rows' order (duckdb/duckdb#24398).
    '), o AS (',
    `  SELECT *, x_odd OR coalesce(${['u', 'a', 'ev', 'f', 'an', ...noteFields.map((f) => `p_${f}`), ...compiled.invites.map((_, i) => `q_${i}`)].map((c) => `${c} = ${ODD_VALUE}`).join(' OR ')}, false) OR NOT (ts IS NOT NULL AND ev IS NOT NULL AND (u IS NOT NULL OR a IS NOT NULL)) AS odd FROM p`,
    ')',
  ];
  // Odd rows group with a NULL day (they are counted, and read again by `odd`; their span, which
  // may cover years, is not kept: a group of one day spans less than 2^32 ms), by the hash of their
  // cells (`oh`: which rows `odd` reads again); the others per user, account, event, feature,
  // anonymous id and UTC day.
  // Over the columns the rules read only: whether a row is odd depends on them alone, so rows whose
  // read cells are equal are odd alike (and a settled row whose hash collides is dropped by the
  // second read). Hashing every column made DuckDB keep all of them through the stages: 3,000
  // columns (a Mixpanel export flattens each property into one) ran it out of memory.
  const cellsHash = `hash(${[...cols.filter((_, k) => mappedIndexes.has(k)), ...(json?.carried ?? [])].join(', ')})`;
  // Where properties are read (`readProperties`), a settled row's person and invite properties
  // join its group's key as two structs (`pn`, `pi`; NULL for a row with none): a user's
  // properties seldom change within a day, so they add few groups, and HANDOVER.notes / invites
  // read them from the summary. (Each struct field widens every group: hence only then.)
  const invited = compiled.invites.map((_, i) => `q_${i}`);
  const notesKey = [...(noteFields.length === 0 ? [] : ['pn']), ...(invited.length === 0 ? [] : ['pi'])];
  const struct = (name: string, columns: string[]): string =>
    `CASE WHEN odd OR (${columns.map((c) => `${c} IS NULL`).join(' AND ')}) THEN NULL ELSE {${columns.map((c) => `'${c}': ${c}`).join(', ')}} END AS ${name}, `;
  const notesStruct = (noteFields.length > 0 ? struct('pn', noteFields.map((f) => `p_${f}`)) : '') + (invited.length > 0 ? struct('pi', invited) : '');
  const grouped = (source: string): string =>
    [
      `SELECT day IS NULL AS odd, CAST(min(ts) AS DOUBLE) AS first_at, CASE WHEN day IS NULL THEN 0 ELSE CAST(max(ts) - min(ts) AS UINTEGER) END AS span,`,
      `  u, a, ev, f, an, ${notesKey.map((p) => `${p}, `).join('')}oh, CAST(count(*) AS UINTEGER) AS n${counted ? ', CAST(sum(k) AS DOUBLE) AS ne' : ''}`,
      `FROM (SELECT ts, CASE WHEN odd THEN NULL ELSE u END AS u, CASE WHEN odd THEN NULL ELSE a END AS a, CASE WHEN odd THEN NULL ELSE ev END AS ev,`,
      `  CASE WHEN odd THEN NULL ELSE f END AS f, CASE WHEN odd THEN NULL ELSE an END AS an, ${counted ? 'CASE WHEN odd THEN NULL ELSE k END AS k, ' : ''}${notesStruct}CASE WHEN odd THEN NULL ELSE floor(ts / ${DAY_MS}) END AS day, ${exactSql(file.exactLabels ?? [])} AS exact,`,
      `  CASE WHEN odd THEN ${cellsHash} END AS oh FROM ${source})`,
      `GROUP BY day, exact, u, a, ev, f, an, ${notesKey.map((p) => `${p}, `).join('')}oh`,
    ].join('\n');
  // The odd rows among the file's first rows, counted before the grouping (a file mostly for the
  // JavaScript rules is then not grouped at all).
  // With how many of the odd ones hold a time SQL does not read, and how many a blank the rules reject (PrefixCounts).
  const undated = 'NOT x_odd AND ts IS NULL AND tx';
  const prefix = [
    ...rows(false, `(SELECT * FROM ${read} LIMIT ${PREFIX_ROWS})`, false),
    `SELECT CAST(count(*) FILTER (WHERE odd) AS DOUBLE), CAST(count(*) AS DOUBLE), CAST(count(*) FILTER (WHERE odd AND ${undated}) AS DOUBLE),`,
    `  CAST(count(*) FILTER (WHERE odd AND NOT x_odd AND NOT (${undated}) AND (NOT tx OR ev IS NULL OR (u IS NULL AND a IS NULL))) AS DOUBLE) FROM o`,
  ].join('\n');
  // The reads that need row numbers. The odd rows are the rows whose cells hash as an odd group's
  // (`oh`), numbered (a Parquet file's own numbers; a CSV file's by a window over the bare read,
  // which costs little on one thread), and only those go through the fields' expressions again
  // (which drops a settled row whose hash collides): numbering a CSV file's rows before those
  // expressions ran them all on one thread (13 s for the fields of 5 M PostHog rows against 6.6 s
  // on two, stop 17). A CSV file's latest times come from a table of each row's settled time,
  // made on every thread (its rowid keeps the file's order: CREATE TABLE AS keeps insertion order).
  const latestLimit = (from: number): string => {
    if (!Number.isFinite(from)) throw new Error(`not a time: ${from}`);
    return `${Math.floor(from)}`;
  };
  // Only the columns the rules read (the others come back blank, as a Parquet file's): a wide
  // export's thousands of columns would not fit DuckDB's memory through the stages.
  // A JSON-lines file's rows are numbered before their cells are made (the window runs what is
  // before it on one thread), and its odd rows come back as their lines' text, numbered alike.
  const numbered = json
    ? `(SELECT rn, ${json.projections.join(', ')} FROM (SELECT row_number() OVER () AS rn, * FROM ${json.source}))`
    : parquet ? read : `(SELECT row_number() OVER () AS rn, ${cols.map((c, k) => (mappedIndexes.has(k) ? c : `NULL AS ${c}`)).join(', ')} FROM ${read})`;
  const oddRows = rows(!json, `(SELECT * FROM ${numbered} WHERE ${cellsHash} IN (SELECT oh FROM ${SUMMARY} WHERE odd))`, true);
  const odd = [
    json
      ? [
          `SELECT CAST(t.rn AS DOUBLE) AS first_row, t.l FROM (SELECT row_number() OVER () AS rn, l FROM ${json.lines}) AS t`,
          `WHERE t.rn IN (${oddRows.join('\n')}\nSELECT rn FROM o WHERE odd) ORDER BY t.rn`,
        ].join('\n')
      : [...oddRows, `SELECT CAST(rn AS DOUBLE) AS first_row, ${cols.join(', ')} FROM o WHERE odd ORDER BY rn`].join('\n'),
  ];
  const latest = (from: number): string[] =>
    parquet
      ? [[...rows(false, read, true), `SELECT CAST(ts AS DOUBLE), CAST(rn AS DOUBLE) FROM o WHERE NOT odd AND ts >= ${latestLimit(from)} ORDER BY ts DESC, rn LIMIT ${LATEST_LINES}`].join('\n')]
      : [
          [`CREATE TEMP TABLE ${LATEST_TIMES} AS`, ...rows(false, read, false), 'SELECT CASE WHEN odd THEN NULL ELSE ts END AS ts FROM o'].join('\n'),
          `SELECT CAST(ts AS DOUBLE), CAST(rowid + 1 AS DOUBLE) FROM ${LATEST_TIMES} WHERE ts >= ${latestLimit(from)} ORDER BY ts DESC, rowid LIMIT ${LATEST_LINES}`,
        ];
  // No file is grouped with row numbers: a CSV file's only source of them is the window, which runs
  // the scan and every expression before it on one thread (grouping 5 M plain rows took 4.2 s with
  // it and 2.3 s without; 50 M about 27 s and 13.4 s, probes; JSON properties were worked out into
  // a table first to escape it, which spilled 2.7 GB at 50 M), and a Parquet file's cost the
  // grouping two aggregates. The report does not depend on the rows' order
  // (docs/metric-event-reads.md); the odd rows and the latest events' lines (`latest`, only when a
  // date outlier needs them) come from numbered reads.
  return { summary: [...rows(true, read, false), grouped('o')].join('\n'), odd, latest, prefix, notes: noteFields, invites: compiled.invites.map(({ side, key }) => ({ side, key })), counted };
}

/**
 * Per exclusion, a test that is true for every row the JavaScript rule (exclusions.ts
 * `excludedRow`) would exclude: such rows are odd and go through that rule, which counts them
 * with their lines and messages. A flag cell of ASCII letters and digits only (blank included) is
 * decided here exactly (nothing to trim, and lower case is the same in both); any other cell (a
 * space, punctuation, a number written 1.0, text beyond ASCII) is odd, for JavaScript to decide.
 * Real flags are `true`, `false` or blank, so next to no kept row is read again.
 */
export function exclusionsOddSql(exclusions: readonly FileExclusion[], kinds: ReadonlyArray<ParquetColumn['kind']> = []): string[] {
  return exclusions.map(({ column, values }) => {
    const c = `c${column}`;
    // A Parquet number is its cell text only when whole (String(1) is "1", SQL's text "1.0"); a
    // time is never a flag's word: '.', a cell for JavaScript to decide.
    const kind = kinds[column] ?? 'text';
    const cell =
      kind === 'number'
        ? `(CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} = floor(${c}) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE '.' END)`
        : kind === 'epoch'
        ? `(CASE WHEN ${c} IS NULL THEN NULL ELSE '.' END)`
        : `CAST(${c} AS VARCHAR)`;
    const blank = values.includes('') ? 'true' : 'false';
    const words = values.filter((v) => v !== '' && v !== '*');
    const filled = values.includes('*') ? 'true' : words.length === 0 ? 'false' : `lower(${cell}) IN (${words.map(sqlLiteral).join(', ')})`;
    return `(CASE WHEN ${cell} IS NULL OR ${cell} = '' THEN ${blank} WHEN regexp_full_match(${cell}, '[A-Za-z0-9]+') THEN ${filled} ELSE true END)`;
  });
}

/** The latest events' lines a file gives (as date-lines.ts keeps per file). */
export const LATEST_LINES = 21;

/** A row's own time when its event name reads as one of `labels` (exactNamesPattern), else NULL: the grouping key that keeps those rows apart. */
function exactSql(labels: readonly string[]): string {
  const pattern = exactNamesPattern(labels);
  return pattern === null ? 'NULL' : `CASE WHEN NOT odd AND regexp_full_match(ev, ${sqlLiteral(pattern)}) THEN ts END`;
}

/** A DuckDB error's class as a fallback note shows it: with the likely cause where it is the machine's (memory, disk), not the file's. */
export function errorKindShown(kind: string): string {
  return /^(Out of Memory|IO) Error$/.test(kind) ? `${kind}: memory or its temporary folder's disk may be short` : kind;
}

/** Beyond this share of odd rows, a file is read row by row instead. */
const ODD_SHARE_LIMIT = 0.5;
/** What makes rows odd, as the note says it. */
const ODD_KINDS = 'JSON SQL does not read as JSON.parse does, person or invite properties, dates in another shape, rows flagged deleted or superseded';

/** The first rows' counts: odd rows, rows, odd rows with a time SQL does not read, odd rows with a blank the rules reject. */
type PrefixCounts = [number, number, number, number];

/** Why the first rows are odd, as far as SQL can tell: the times, the blanks, and the rest. */
function oddReasons([odd, , undated, blank]: PrefixCounts): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const rest = odd - undated - blank;
  return [
    ...(undated > 0 ? [`${n(undated)} with a time in a shape SQL does not read`] : []),
    ...(blank > 0 ? [`${n(blank)} with a blank time, event name, or user and account`] : []),
    ...(rest > 0 ? [`${n(rest)} with JSON SQL does not read as JSON.parse does, person or invite properties, or a flag or count for the row rules`] : []),
  ].join('; ');
}
/** The first rows whose odd share is judged before the grouping. */
const PREFIX_ROWS = 20_000;

/** The temporary tables of one read (per connection, so files read at once do not meet). */
const SUMMARY = 'pc_summary';
/** The summary rows that carry person or invite properties (HANDOVER.noted). */
const NOTED = 'pc_noted';
/** Per row of a CSV file, in file order (rowid): its time when settled (SummaryQueries.latest). */
const LATEST_TIMES = 'pc_latest_times';
const DICTIONARY_COLUMNS = ['u', 'a', 'ev', 'f'] as const;
/** Per person field, its (user dictionary entry, value, latest time) rows (HANDOVER.notes). */
type PersonNotes = Array<[PersonField, Array<[number, string, number]>]>;
/** Per invite property, its (user and name dictionary entries, value, earliest time) rows (HANDOVER.invites). */
type InviteNotes = Array<[{ side: 'inviter' | 'invitee'; key: string }, Array<[number, number, string, number]>]>;

/** The field each dictionary column holds. */
const DICTIONARY_FIELDS = ['userId', 'accountId', 'event', 'feature'] as const;

/** How many places a field is read from in turn (columns, JSON keys of each JSON column, a default): one for a plain file's column. */
function candidates(file: DuckDbEventsFile, field: (typeof DICTIONARY_FIELDS)[number]): number {
  const spec = file.extract;
  if (!spec) return 1;
  const json = spec.json[field];
  return (spec.sources[field]?.length ?? 0) + (json ? json.columns.length * json.keys.length : 0) + (spec.defaults[field] !== undefined ? 1 : 0);
}

/**
 * The queries that hand the summary to JavaScript: strings go once each, in a dictionary per
 * column (the summary's rows carry dictionary ids: moving strings out of DuckDB costs ~10× as
 * much as numbers, measured at 1 M events), and every query that feeds the report has a full
 * ORDER BY (the rows by their first row number, which is unique).
 */
const HANDOVER = {
  check: `SELECT CAST(coalesce(sum(n), 0) AS DOUBLE), CAST(count(*) FILTER (WHERE NOT odd) AS DOUBLE), CAST(coalesce(sum(n) FILTER (WHERE odd), 0) AS DOUBLE) FROM ${SUMMARY}`,
  dictionary: (column: string): string[] => [
    `CREATE TEMP TABLE pc_dict_${column} AS SELECT v, CAST(row_number() OVER (ORDER BY v) - 1 AS INTEGER) AS id FROM (SELECT DISTINCT ${column} AS v FROM ${SUMMARY} WHERE NOT odd AND ${column} IS NOT NULL)`,
    `SELECT v FROM pc_dict_${column} ORDER BY id`,
  ],
  /**
   * In time order, then by the group's values (unique: two groups of the same values lie on
   * different days or exact times): the first time, rows, dictionary entries, span, and for a
   * pre-aggregated file the events.
   */
  rows: (counted: boolean): string =>
    `SELECT s.first_at, s.n, ${DICTIONARY_COLUMNS.map((c) => `coalesce(d_${c}.id, -1) AS id_${c}`).join(', ')}, s.span${counted ? ', s.ne' : ''} FROM ${SUMMARY} AS s ` +
    DICTIONARY_COLUMNS.map((c) => `LEFT JOIN pc_dict_${c} AS d_${c} ON s.${c} = d_${c}.v`).join(' ') +
    ` WHERE NOT s.odd ORDER BY s.first_at, ${DICTIONARY_COLUMNS.map((c) => `id_${c}`).join(', ')}, s.an NULLS FIRST`,
  /** Per user (dictionary entry) and value of a person field (its column in `pn`), the latest time a settled row gave it. */
  noted: (person: boolean, invite: boolean): string =>
    `CREATE TEMP TABLE ${NOTED} AS SELECT u, ev, first_at, span, ${person ? 'pn' : 'NULL AS pn'}, ${invite ? 'pi' : 'NULL AS pi'} FROM ${SUMMARY} ` +
    `WHERE NOT odd AND u IS NOT NULL AND (${[...(person ? ['pn IS NOT NULL'] : []), ...(invite ? ['pi IS NOT NULL'] : [])].join(' OR ')})`,
  notes: (column: string): string =>
    `SELECT coalesce(d.id, -1), s.pn.${column}, CAST(max(s.first_at + s.span) AS DOUBLE) FROM ${NOTED} AS s LEFT JOIN pc_dict_u AS d ON s.u = d.v ` +
    `WHERE s.pn.${column} IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  /** Per user and event name (dictionary entries) and value of an invite property, the earliest time a settled row gave it. */
  invites: (index: number): string =>
    `SELECT coalesce(du.id, -1), coalesce(de.id, -1), s.pi.q_${index}, CAST(min(s.first_at) AS DOUBLE) FROM ${NOTED} AS s ` +
    `LEFT JOIN pc_dict_u AS du ON s.u = du.v LEFT JOIN pc_dict_ev AS de ON s.ev = de.v ` +
    `WHERE s.pi.q_${index} IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  /** The (user, anonymous id) pairs rows carry (identity.ts), each once. */
  pairs: `SELECT DISTINCT u, an FROM ${SUMMARY} WHERE NOT odd AND u IS NOT NULL AND an IS NOT NULL ORDER BY u, an`,
  drop: [SUMMARY, NOTED, ...DICTIONARY_COLUMNS.map((c) => `pc_dict_${c}`)].map((t) => `DROP TABLE IF EXISTS ${t}`),
};

/** What reading gave: the rows read (the file's data rows), or why JavaScript must read the file. */
export type SummaryRead = { rows: number } | { fallback: string };

/** A summary DuckDB has made and not yet handed over (its connection holds the temporary tables). */
export interface PreparedSummary {
  /**
   * Hands the summary to `table` (see readEventsSummary), then closes the connection. The rows
   * come in time order, the odd rows after them; `latestEventLines` finds the lines a date outlier needs.
   */
  append(table: EventTable, onOdd: (line: number, cells: string[]) => void): Promise<{ rows: number }>;
  /** Drops the temporary tables and closes the connection (when the summary is not used). */
  close(): Promise<void>;
}

/**
 * DuckDB's part of reading the file, which touches no JavaScript table: the byte scan, the
 * grouping into a temporary table, the odd rows and the dictionaries. The loader starts it as
 * soon as the file is recognised, so DuckDB groups the events on its threads while the files
 * before it are read; the rows are handed over at the file's turn (`append`).
 */
export async function prepareEventsSummary(engine: LazyDuckDb, file: DuckDbEventsFile): Promise<PreparedSummary | { fallback: string }> {
  const compiled = eventsSummarySql(file);
  if (compiled === null) return { fallback: notCompiledReason(file) };
  let sql: SummaryQueries = compiled;
  // A Parquet file's rows are its metadata's count, and its cells hold no CSV quoting. A CSV file's
  // byte scan (lines of rows, quotes read alike: data-lines.ts) runs beside the grouping.
  const scan = file.parquet ? null : scanDataLines(file.path, file.gzip, file.json ? (file.json.format === 'lines' ? 'json-lines' : 'json-array') : { delimiter: file.delimiter });
  let db;
  try {
    db = await engine.get();
  } catch (error) {
    await scan;
    return { fallback: (error as Error).message };
  }
  const connection = await db.connect();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const drop of HANDOVER.drop) await connection.run(drop).catch(() => undefined);
    connection.closeSync();
  };
  /** Groups the file into the summary table; else why not: DuckDB's error class only (its message may quote a line). */
  const group = async (): Promise<true | string> => {
    // Once more after running out of memory: the summary table of 5 M Mixpanel lines takes most of
    // DuckDB's 400 MB, and a read buffer (32 MB for read_json) asked for while the grouping's hash
    // table is pinned fails now and then (2 of 3 runs) where a second run passes; reading row by
    // row instead takes twice as long.
    for (let attempt = 1; ; attempt++) {
      try {
        // Fault injection for tests (test/e2e/events-json-lines-duckdb.test.ts): out of memory once, or every time.
        const fault = process.env.PULLCHECK_TEST_GROUP_FAULT;
        if (fault === 'always' || (fault === 'once' && attempt === 1)) throw new Error('Out of Memory Error: injected');
        await connection.run(`CREATE TEMP TABLE ${SUMMARY} AS ${sql.summary}`, [duckDbPath(file.path)]);
        return true;
      } catch (error) {
        const kind = /^[A-Za-z ]+ Error/.exec(duckDbMessage(error))?.[0] ?? 'Error';
        if (kind !== 'Out of Memory Error' || attempt === 2) return kind;
        await connection.run(`DROP TABLE IF EXISTS ${SUMMARY}`);
      }
    }
  };
  let handed = false;
  try {
    // Mostly rows for the JavaScript rules from the start: not worth grouping. (A prefix DuckDB
    // cannot read is left to the grouping, which says why.)
    const prefixOf = (queries: SummaryQueries): Promise<PrefixCounts | null> => connection.runAndReadAll(queries.prefix, [duckDbPath(file.path)]).then((r) => r.getRows()[0] as PrefixCounts, () => null);
    const mostlyOdd = (counts: PrefixCounts | null): boolean => counts !== null && counts[0] > ODD_SHARE_LIMIT * counts[1];
    let prefix = await prefixOf(sql);
    // Most rows odd, and the file carries properties: most rows may carry one (Amplitude writes the
    // user's on every event). Read them in SQL then, if that settles most of the rows.
    if (mostlyOdd(prefix) && file.properties && file.extract) {
      const reading = eventsSummarySql({ ...file, readProperties: true });
      const counts = reading ? await prefixOf(reading) : null;
      if (reading && counts !== null && !mostlyOdd(counts)) {
        file.readProperties = true;
        sql = reading;
        prefix = counts;
      }
    }
    if (prefix !== null && prefix[1] >= PREFIX_ROWS && prefix[0] > ODD_SHARE_LIMIT * prefix[1]) {
      await scan?.catch(() => undefined);
      return { fallback: `${prefix[0].toLocaleString('en-US')} of its first ${prefix[1].toLocaleString('en-US')} rows need the JavaScript row rules (${oddReasons(prefix)})` };
    }
    const grouping = group();
    // A scan that fails (the file became unreadable) fails the read, once the query has settled.
    const scanned = scan
      ? await scan.catch(async (error: unknown) => {
        await grouping;
        throw error;
      })
      : null;
    // A scan that finds the file unfit for DuckDB's reading stops the grouping (it usually ends
    // first: 1.7 s against 4 s for 5 M JSON lines), and JavaScript reads the file at once.
    if (scanned !== null && (scanned.lines === null || scanned.problem !== null)) {
      connection.interrupt();
      await grouping;
      if (scanned.lines === null) return { fallback: 'blank lines or lone CRs between rows, or gzip data that is corrupt or too large' };
      return { fallback: `${scanned.problem}, which DuckDB reads otherwise than ${file.json ? 'JSON.parse' : 'the CSV reader'}` };
    }
    const grouped = await grouping;
    // DuckDB read the file differently from the JavaScript reader. Its message quotes the line,
    // which may hold personal data: the reason shown in the report names the kinds only.
    if (grouped !== true) {
      return {
        fallback: !/Invalid Input|Conversion/.test(grouped)
          ? `DuckDB could not group it (${errorKindShown(grouped)})`
          : file.json
          ? 'DuckDB reads it differently from JSON.parse: a line or element that is not a JSON object, repeats a key read, holds bytes that are not UTF-8 or is longer than 1 MB, or a value of another kind than the rules read (an array where an object is)'
          : 'DuckDB reads it differently from the CSV reader: a ragged row, bytes that are not UTF-8 or mixed line ends',
      };
    }
    const expected = scanned ? scanned.lines! : Number((await connection.runAndReadAll('SELECT count(*) FROM read_parquet($1)', [duckDbPath(file.path)])).getRows()[0]?.[0] ?? 0);
    const [total, groups, oddCount] = (await connection.runAndReadAll(HANDOVER.check)).getRows()[0] as [number, number, number];
    // Every line is a row DuckDB read (a line DuckDB would number differently sends the file to JavaScript).
    if (total !== expected) return { fallback: `DuckDB read ${total} rows where the file has ${expected} lines of rows` };
    // Mostly rows for the JavaScript rules (a Segment export whose every row carries traits): the
    // row-by-row read (on two threads for a large file) does it without a second DuckDB read.
    if (oddCount > ODD_SHARE_LIMIT * total && oddCount > 1000) return { fallback: `${oddCount.toLocaleString('en-US')} of its ${total.toLocaleString('en-US')} rows need the JavaScript row rules (${ODD_KINDS})` };
    // An empty result has no columns.
    const odd = oddCount > 0 ? ((await runInTurn(connection, sql.odd, duckDbPath(file.path))).getColumns() as Array<Array<number | string | null>>) : [];
    // As the row check above: a second read that disagrees with the first sends the file to JavaScript.
    if ((odd[0]?.length ?? 0) !== oddCount) return { fallback: `DuckDB's second read found ${odd[0]?.length ?? 0} of its ${oddCount.toLocaleString('en-US')} odd rows` };
    const dictionaries: string[][] = [];
    for (const column of DICTIONARY_COLUMNS) {
      const [create, select] = HANDOVER.dictionary(column);
      await connection.run(create!);
      dictionaries.push(((await connection.runAndReadAll(select!)).getColumns()[0] ?? []) as string[]);
    }
    // Values the row rules would trim or read as blank (textSql): the hand-over gives each its
    // parseText value, unless that changes a row's fate: a blank event, or neither user nor
    // account, is a row the rules reject at its line (the JavaScript path reads the file then).
    // A field with a later candidate (another column, JSON key or default) is exact only when no
    // value changes: the rules would have read on past a blank one, where SQL stopped.
    if (dictionaries.some((values, k) => candidates(file, DICTIONARY_FIELDS[k]!) > 1 && values.some((v) => parseText(v) !== v))) {
      return { fallback: 'a value with spaces to trim, or a blank word such as "null", where the field has another source to read on to' };
    }
    const blanked = dictionaries.map((values) => values.filter((v) => parseText(v) === null));
    if (blanked[2]!.length > 0) return { fallback: 'an event name the row rules read as blank, such as "null"' };
    if (blanked[0]!.length > 0 || blanked[1]!.length > 0) {
      // The values as parameters (JSON text of a list), never as SQL.
      const noneOf = (column: string, parameter: string): string => `(${column} IS NULL OR ${column} IN (SELECT UNNEST(from_json(${parameter}, '["VARCHAR"]'))))`;
      const check = `SELECT CAST(count(*) AS DOUBLE) FROM ${SUMMARY} WHERE NOT odd AND ${noneOf('u', '$1')} AND ${noneOf('a', '$2')}`;
      const [[orphans]] = (await connection.runAndReadAll(check, [JSON.stringify(blanked[0]), JSON.stringify(blanked[1])])).getRows() as [[number]];
      if (orphans > 0) return { fallback: 'rows whose user and account the row rules read as blank, such as "null"' };
    }
    const pairs = file.extract && mapsAnonymousId(file.extract) ? ((await connection.runAndReadAll(HANDOVER.pairs)).getRows() as Array<[string, string]>) : [];
    // The summary rows carrying properties, once (most carry none: 21 queries over all of them
    // cost 1.5 s at 5 M PostHog rows that carry none).
    if (sql.notes.length + sql.invites.length > 0) await connection.run(HANDOVER.noted(sql.notes.length > 0, sql.invites.length > 0));
    const notes: PersonNotes = [];
    for (const field of sql.notes) notes.push([field, (await connection.runAndReadAll(HANDOVER.notes(`p_${field}`))).getRows() as Array<[number, string, number]>]);
    const invites: InviteNotes = [];
    for (const [i, invite] of sql.invites.entries()) invites.push([invite, (await connection.runAndReadAll(HANDOVER.invites(i))).getRows() as Array<[number, number, string, number]>]);
    if (pairs.some(([, anonymous]) => parseText(anonymous) !== anonymous)) return { fallback: 'an anonymous id with spaces to trim, or a blank word such as "null"' };
    // The rows in file order, joined and sorted now, on DuckDB's threads, while JavaScript reads
    // the files before this one (a streamed result is ready once its sort is done).
    // A group of a pre-aggregated file may sum to more events than the table's 32-bit count holds.
    if (sql.counted) {
      const [[most]] = (await connection.runAndReadAll(`SELECT CAST(coalesce(max(ne), 0) AS DOUBLE) FROM ${SUMMARY} WHERE NOT odd`)).getRows() as [[number]];
      if (most > MAX_EVENT_COUNT) return { fallback: `a day's group of more events than a row can stand for (${MAX_EVENT_COUNT})` };
    }
    const result = await connection.stream(HANDOVER.rows(sql.counted));
    handed = true;
    return {
      close,
      append: async (table, onOdd) => {
        try {
          return await handOver(result, file, table, { odd, groups, dictionaries, pairs, notes, invites }, onOdd);
        } finally {
          await close();
        }
      },
    };
  } catch (error) {
    // A DuckDB error before anything is appended (the odd rows' second read, the dictionaries, the
    // sort running out of memory): the JavaScript path reads the file. Its message may quote a
    // line: only its class is shown. Any other error is pullcheck's own, and is not hidden.
    const kind = /^[A-Za-z ]+ Error(?=:)/.exec(duckDbMessage(error))?.[0];
    if (kind === undefined) throw error;
    return { fallback: `DuckDB failed on it after grouping it (${errorKindShown(kind)})` };
  } finally {
    if (!handed) await close();
  }
}

/**
 * Reads the file's per-day summary into `table` (in time order), then hands each odd row to
 * `onOdd` with its line and cells (the columns the rules do not read blank: they are not read; a
 * JSON-lines file's odd row as one cell, its line's text), in file order; or appends nothing and
 * says why the JavaScript path must read the file. `rows` counts the summary rows' rows only (the
 * odd rows are counted where they are read).
 */
export async function readEventsSummary(engine: LazyDuckDb, file: DuckDbEventsFile, table: EventTable, onOdd: (line: number, cells: string[]) => void): Promise<SummaryRead> {
  const prepared = await prepareEventsSummary(engine, file);
  return 'fallback' in prepared ? prepared : prepared.append(table, onOdd);
}

/** The prepared summary's rows into `table`, in time order, then the odd rows in file order. */
async function handOver(
  result: DuckDBResult,
  file: DuckDbEventsFile,
  table: EventTable,
  made: { odd: Array<Array<number | string | null>>; groups: number; dictionaries: string[][]; pairs: Array<[string, string]>; notes: PersonNotes; invites: InviteNotes },
  onOdd: (line: number, cells: string[]) => void,
): Promise<{ rows: number }> {
  const { odd, groups, dictionaries, pairs, notes, invites } = made;
  const oddRows = (odd[0] ?? []) as number[];
  /** An odd row's cell as the JavaScript path's reader would give it (Parquet timestamps as isoOfEpochMs text). */
  const textOf = (k: number, value: number | string | null): string => {
    const column = file.parquet?.columns[k];
    return column ? column.text(value) : ((value as string | null) ?? '');
  };
  const [userIds, accountIds, nameIds, featureIds] = dictionaries.map((d) => new Int32Array(d.length).fill(-2));
  const pools = [table.users, table.accounts, table.names, table.features];
  const idMaps = [userIds!, accountIds!, nameIds!, featureIds!];
  /** The table's id of dictionary entry `d` of column `k` (its parseText value: -1 when blank), interned at its first use. */
  const poolId = (k: number, d: number): number => {
    if (d < 0) return -1;
    const ids = idMaps[k]!;
    if (ids[d] === -2) {
      const value = parseText(dictionaries[k]![d]!);
      ids[d] = value === null ? -1 : pools[k]!.intern(value);
    }
    return ids[d]!;
  };
  let read = 0;
  let rows = 0;
  // The next chunk is fetched (on DuckDB's thread) while this one is appended: fetching one
  // chunk at a time left the main thread idle for a third of the hand-over at 5 M rows.
  let next = result.fetchChunk();
  for (;;) {
    const chunk = await next;
    const count = chunk?.rowCount ?? 0;
    if (count === 0) break;
    next = result.fetchChunk();
    // Kept from an unhandled rejection if appending throws first; awaited (and thrown) above otherwise.
    next.catch(() => undefined);
    // Item by item from the typed vectors (no column is NULL): getColumns() would build an array per column first.
    const [firstAt, ns, users, accounts, names, features, spans, counts] = Array.from({ length: result.columnCount }, (_, k) => chunk!.getColumnVector(k)) as Array<{ getItem(i: number): number }>;
    // A group's events: its rows, or a pre-aggregated file's sum of their counts.
    const events = counts ?? ns;
    // rowCount is read once: each read is a call into DuckDB (a sixth of the hand-over's time per row).
    for (let i = 0; i < count; i++) {
      const at = firstAt!.getItem(i);
      const n = ns!.getItem(i);
      table.appendIds(at, poolId(0, users!.getItem(i)), poolId(1, accounts!.getItem(i)), poolId(2, names!.getItem(i)), poolId(3, features!.getItem(i)), events!.getItem(i), n, at + spans!.getItem(i));
      rows += n;
    }
    read += count;
  }
  // Person properties of the summary rows, each user's latest value (as propertyNoter notes each
  // row's; EventNotes keeps the latest whatever the order), before the odd rows note theirs.
  for (const [field, values] of notes) {
    for (const [userEntry, value, at] of values) {
      const user = poolId(0, userEntry);
      if (user >= 0) table.notes.person(user, field, value, at);
    }
  }
  for (const [{ side, key }, values] of invites) {
    for (const [userEntry, nameEntry, value, at] of values) {
      const user = poolId(0, userEntry);
      if (user >= 0) table.notes.invite(user, poolId(2, nameEntry), side, key, value, at);
    }
  }
  // A JSON line comes back as its text (the JavaScript rules parse it).
  oddRows.forEach((rn, k) => onOdd(rowLine(file, rn), file.json ? [odd[1]![k] as string] : Array.from({ length: file.width }, (_, c) => textOf(c, odd[c + 1]![k]!))));
  // Anonymous ids beside user ids, as rows.ts's noteAnonymousId notes them (AnonymousPairs keeps
  // the one user of an anonymous id, or that it is ambiguous: the order of the notes does not matter).
  for (const [user, anonymous] of pairs) {
    const key = anonymousKey(anonymous);
    if (anonymousKey(user) !== key) table.anonymous.note(key, table.users.intern(user));
  }
  // A streaming result that fails mid-way ends like an exhausted one (docs/engine-plan.md).
  if (read !== groups) throw new Error(`DuckDB's summary of ${file.path} ended after ${read} of ${groups} rows`);
  return { rows };
}

/** Why eventsSummarySql gives no queries for the file. */
function notCompiledReason(file: DuckDbEventsFile): string {
  if (file.extract && fieldsSql(file.extract, file.properties ?? null) === null) return 'its fields are read by rules not compiled to SQL';
  if (file.json) {
    const trees = file.extract ? jsonKeyTrees(file.extract, file.properties ?? null) : null;
    const read = file.extract ? referencedColumns(file.extract, file.properties ?? null) : new Set(FIELDS.map((f) => file.columns[f] ?? -1));
    if (jsonLinesReadSql(file.json, read, trees?.trees ?? new Map(), trees?.dotted ?? new Map(), false) === null) return JSON_KEYS_NOT_READ;
  }
  return 'a date format not compiled to SQL';
}

/** The line of a file's row `rn`: a CSV file's row n is on line n + 1 (the header is line 1); a Parquet file's places are rows, a JSON-lines file's lines. */
function rowLine(file: DuckDbEventsFile, rn: number): number {
  return file.parquet || file.json ? rn : rn + 1;
}

/** Runs statements in turn (the path as $1 where a statement names it); the last one's result. */
async function runInTurn(connection: DuckDBConnection, statements: readonly string[], path: string): Promise<DuckDBResultReader> {
  for (const statement of statements.slice(0, -1)) await connection.run(statement, statement.includes('$1') ? [path] : []);
  const last = statements[statements.length - 1]!;
  return connection.runAndReadAll(last, last.includes('$1') ? [path] : []);
}

/**
 * The latest events of a file DuckDB grouped, from `from` on (their times and lines, latest
 * first, then in file order: at most LATEST_LINES), as a row-by-row read notes them for
 * date-lines.ts. Read again by a DuckDB of its own (the load's has closed), only when a date
 * outlier of the events needs a line. The odd rows are not among them (the loader noted theirs).
 * Empty when the file cannot be read as before.
 */
export async function latestEventLines(file: DuckDbEventsFile, from: number): Promise<Array<{ value: number; line: number }>> {
  const sql = eventsSummarySql(file);
  if (sql === null) return [];
  const engine = new LazyDuckDb([file.path]);
  try {
    const connection = await (await engine.get()).connect();
    try {
      const rows = (await runInTurn(connection, sql.latest(from), duckDbPath(file.path))).getRows() as Array<[number, number]>;
      return rows.map(([value, rn]) => ({ value, line: rowLine(file, rn) }));
    } finally {
      connection.closeSync();
    }
  } catch {
    return [];
  } finally {
    await engine.close();
  }
}
