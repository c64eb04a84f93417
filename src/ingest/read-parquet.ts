/**
 * Parquet files (PostHog batch exports, Mixpanel and Amplitude pipelines, warehouse unloads),
 * read by embedded DuckDB (duckdb-engine.ts) and handed to the loader as the other readers hand
 * their rows: a header (the Parquet schema's column names) and records of text cells, in
 * batches of one DuckDB chunk (2,048 rows), or to the loader's sink once it sets one (an events
 * file after its format sample, as for CSV), so a file is never held whole in JavaScript.
 *
 * Each column becomes the text a CSV export of it would hold, decided by its type:
 * - TIMESTAMP (any unit) as UTC ISO 8601 (`2024-01-02T10:00:00Z`, with `.123` when it has a
 *   fraction of a second; finer is dropped, as the date parser does); TIMESTAMP WITH TIME ZONE
 *   converted to UTC; DATE as `2024-01-02`;
 * - DECIMAL, integers, FLOAT, BOOLEAN, UUID, ENUM, TIME, INTERVAL as DuckDB writes them
 *   (decimals exactly, `12.50`); DOUBLE as JavaScript writes the number (no exponent below 1e21);
 *   BLOB (strings of writers that do not mark them UTF-8) as its UTF-8 text, else escaped bytes;
 * - STRUCT, MAP, LIST, ARRAY, UNION as JSON text (PostHog's `properties`), so JSON properties
 *   are read from them as from a CSV cell; JSON columns as their text; NULL as an empty cell;
 * - and a STRUCT's fields one level deep as columns of their own (`properties.time`), as the
 *   JSON-lines reader lays out a nested object (parquetLayout).
 * Epoch numbers stay numbers: the date decision reads them as it does in a CSV file.
 *
 * Parquet has no lines: a record's `line` is its row number (1 = the first row), and the
 * loader says so in the file's notes. The SQL names no column (`#n`) and takes the path as a
 * parameter, so neither a column name nor a value of the file is ever read as SQL.
 */
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { duckDbMessage, duckDbPath, DuckDbUnavailable, type DuckDbApi, type LazyDuckDb } from './duckdb-engine.js';
import type { BadRecord, CsvRecord, RecordSink } from './read-csv.js';

/** What the loader says of a Parquet file's places (it has rows, not lines). */
export const PARQUET_ROWS_NOTE = 'Parquet has no lines: a place in this file (file:N) is its Nth row';

/** Why a Parquet file cannot be read at all (the message names no SQL). */
export class ParquetUnreadable extends Error {}

/** How one column is read: the SQL that selects it, and its value as cell text. */
export interface ParquetColumn {
  sql: string;
  text: (value: unknown) => string;
  /**
   * What `sql` gives: text as the cell holds it (`text` returns it as it is), a DOUBLE (written by
   * JavaScript's String), or epoch milliseconds of a timestamp (written by isoOfEpochMs).
   */
  kind: 'text' | 'number' | 'epoch';
}

/** A value as it comes (a string, a JavaScript number, null) as cell text. */
function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

const DAY_MS = 86_400_000;
/** 0001-01-01 and 10000-01-01: the years toISOString writes with four digits. */
const FOUR_DIGIT_YEARS = [new Date('0001-01-01T00:00:00Z').getTime(), Date.UTC(10000, 0, 1)] as const;
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The last day written (events come mostly in time order): its `YYYY-MM-DDT`. */
let lastDay = Number.NaN;
let lastDayText = '';

/**
 * Epoch milliseconds as UTC ISO 8601 (`2024-01-02T10:00:00Z`, `.123Z` when they hold a
 * fraction of a second), exactly what `Date.prototype.toISOString` gives without `.000`; ±infinity
 * as DuckDB writes it; beyond JavaScript's dates (±275,760 years) as a sentence, which the date
 * parser counts as unreadable, as it does DuckDB's own text for such times. The day part is kept from the call before: a million toISOString calls
 * were a tenth of reading a Parquet events file.
 */
export function isoOfEpochMs(value: unknown): string {
  if (value === null || value === undefined) return '';
  const ms = Number(value);
  if (ms === Infinity || ms === -Infinity) return ms > 0 ? 'infinity' : '-infinity';
  if (!Number.isInteger(ms) || ms < FOUR_DIGIT_YEARS[0] || ms >= FOUR_DIGIT_YEARS[1]) {
    const date = new Date(ms);
    // Not a number the date parser could take for epoch milliseconds: it counts the value as unreadable.
    if (Number.isNaN(date.getTime())) return `beyond the years a date can hold (${String(value)} ms from 1970)`;
    const iso = date.toISOString();
    return ms % 1000 === 0 ? `${iso.slice(0, -5)}Z` : iso;
  }
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const inDay = ms - day * DAY_MS;
  const fraction = inDay % 1000;
  const time = `${two(Math.floor(inDay / 3_600_000))}:${two(Math.floor(inDay / 60_000) % 60)}:${two(Math.floor(inDay / 1000) % 60)}`;
  return `${lastDayText}${time}${fraction === 0 ? '' : `.${String(fraction).padStart(3, '0')}`}Z`;
}

/**
 * How column `ref` (`#3`) of DuckDB type `typeId` is read as the text a CSV cell would hold (see
 * the module comment). Timestamps come as epoch milliseconds and are written in JavaScript: a
 * string of more than 12 bytes costs the node API a native call each, which made timestamps
 * written by DuckDB the largest cost of reading.
 */
export function parquetColumn(api: DuckDbApi, typeId: number, ref: string): ParquetColumn {
  const T = api.DuckDBTypeId;
  const epochMs = (ts: string): string =>
    `CASE WHEN ${ts} IS NULL THEN NULL WHEN isfinite(${ts}) THEN epoch_ms(${ts})::DOUBLE WHEN ${ts} > TIMESTAMP '1970-01-01' THEN 'Infinity'::DOUBLE ELSE '-Infinity'::DOUBLE END`;
  const sql = (expression: string): ParquetColumn => ({ sql: expression, text: plainText, kind: 'text' });
  switch (typeId) {
    case T.VARCHAR:
      return sql(ref);
    case T.DOUBLE:
      return { sql: ref, text: plainText, kind: 'number' };
    case T.TIMESTAMP:
    case T.TIMESTAMP_S:
    case T.TIMESTAMP_MS:
    case T.TIMESTAMP_NS:
      return { sql: epochMs(`${ref}::TIMESTAMP`), text: isoOfEpochMs, kind: 'epoch' };
    case T.TIMESTAMP_TZ:
      return { sql: epochMs(ref), text: isoOfEpochMs, kind: 'epoch' };
    case T.DATE:
      return sql(`strftime(${ref}, '%Y-%m-%d')`);
    case T.BLOB:
      // Strings of writers that do not mark them UTF-8 come as BLOB: read as the text they are;
      // bytes that are not UTF-8 as DuckDB escapes them (\xFF).
      return sql(`coalesce(try(decode(${ref})), ${ref}::VARCHAR)`);
    case T.STRUCT:
    case T.MAP:
    case T.LIST:
    case T.ARRAY:
    case T.UNION:
    case T.VARIANT:
      return sql(`to_json(${ref})::VARCHAR`);
    default:
      return sql(`${ref}::VARCHAR`);
  }
}

/**
 * The header and column readers of a result: every column, and after a STRUCT column one column
 * per field (`properties.time`), one level deep, as the JSON-lines reader lays out a nested
 * object, so a Parquet export is recognised as the same rows written as JSON lines would be.
 * Fields are selected by position (`struct_extract_at`), never by name.
 */
export function parquetLayout(
  api: DuckDbApi,
  result: Pick<DuckDBResult, 'columnCount' | 'columnName' | 'columnType'>,
  schemaNames: readonly string[] | null = null,
): { header: string[]; columns: ParquetColumn[] } {
  const header: string[] = [];
  const columns: ParquetColumn[] = [];
  // DuckDB renames a repeated column name (`a`, `a_1`): the header says what the file says.
  const names = schemaNames?.length === result.columnCount ? schemaNames : null;
  for (let i = 0; i < result.columnCount; i++) {
    const name = names?.[i] ?? result.columnName(i);
    const type = result.columnType(i);
    header.push(name);
    columns.push(parquetColumn(api, type.typeId, `#${i + 1}`));
    if (type instanceof api.DuckDBStructType) {
      type.entryTypes.forEach((entry, j) => {
        header.push(`${name}.${type.entryNames[j]!}`);
        columns.push(parquetColumn(api, entry.typeId, `struct_extract_at(#${i + 1}, ${j + 1})`));
      });
    }
  }
  return { header, columns };
}

/**
 * The file's top-level column names as its schema writes them (parquet_schema lists the schema
 * tree depth first, each node with its number of children), repeated names included.
 */
export function topLevelNames(nodes: ReadonlyArray<{ name: string; children: number }>): string[] {
  const names: string[] = [];
  let at = 1; // nodes[0] is the root
  for (let k = 0; k < (nodes[0]?.children ?? 0) && at < nodes.length; k++) {
    names.push(nodes[at]!.name);
    // Skip the node's subtree: nodes still to pass, counted as each one's children are met.
    let pending = 1;
    while (pending > 0 && at < nodes.length) {
      pending += nodes[at]!.children - 1;
      at++;
    }
  }
  return names;
}

/** Rows read whole before the rest is streamed: at least the loader's 500-row format sample, and little more (a folder of many Parquet files holds this many rows of each until its turn). */
const FIRST_ROWS = 512;

export interface ParquetInfo {
  /** Rows in the file, from its metadata (known before reading). */
  rows: number;
  /** How each header column is read (parquetLayout), for the DuckDB events summary. */
  columns: ParquetColumn[];
}

/**
 * The file's rows in batches: the header first (its columns in schema order), then the first
 * FIRST_ROWS rows, then one batch a DuckDB chunk (or each row to the sink, once set). Throws ParquetUnreadable when the file cannot be opened as Parquet (not Parquet,
 * damaged footer, DuckDB unavailable); a file that breaks off later ends with a
 * PARQUET_UNREADABLE bad record saying from which row on nothing was read, and how many rows that
 * leaves out (the metadata's count).
 */
export async function* readParquet(
  path: string,
  engine: LazyDuckDb,
  options: { onBadRecord: (bad: BadRecord) => void; onRows?: (rows: number) => void; readonly sink?: RecordSink | null },
  onInfo?: (info: ParquetInfo) => void,
): AsyncGenerator<CsvRecord[]> {
  let connection: DuckDBConnection | null = null;
  /** The path as DuckDB reads this one file (its name may hold glob characters). */
  const source = duckDbPath(path);
  try {
    let header: string[];
    let select = '';
    let columns: ParquetColumn[] = [];
    /** Rows the file's metadata declares: a stream that fails mid-way ends as if exhausted (see below). */
    let declared = 0;
    /** The first rows, read whole: what the loader samples while the files before are read. */
    let first: unknown[][] = [];
    let firstCount = 0;
    try {
      const db = await engine.get();
      connection = await db.connect();
      const schema = await connection.runAndReadAll('SELECT name, num_children FROM parquet_schema($1)', [source]);
      const nodes = schema.getRows().map(([name, children]) => ({ name: String(name), children: Number(children ?? 0) }));
      // The column types, read before the connection runs anything else.
      const described = await connection.stream('SELECT * FROM read_parquet($1) LIMIT 0', [source]);
      ({ header, columns } = parquetLayout(db.api, described, topLevelNames(nodes)));
      // The row count is in the file's metadata: DuckDB reads no data for it.
      const counted = await connection.runAndReadAll('SELECT count(*) FROM read_parquet($1)', [source]);
      declared = Number(counted.getRows()[0]?.[0] ?? 0);
      onInfo?.({ rows: declared, columns });
      select = `SELECT ${columns.map((c) => c.sql).join(', ')} FROM read_parquet($1)`;
      if (header.length > 0) {
        const read = await connection.runAndReadAll(`${select} LIMIT ${FIRST_ROWS}`, [source]);
        first = read.getColumns() as unknown[][];
        firstCount = read.currentRowCount;
      }
    } catch (error) {
      // DuckDB that cannot start is not the file's fault: its own message says what to do.
      if (error instanceof DuckDbUnavailable) throw error;
      throw new ParquetUnreadable(duckDbMessage(error));
    }
    yield [{ line: 0, cells: header }];
    let row = 0;
    /** Rows of one read as records: to the sink once the loader sets one (an events file after its sample), else a batch. */
    const records = (values: unknown[][], count: number): CsvRecord[] => {
      const sink = options.sink ?? null;
      const batch: CsvRecord[] = sink ? [] : new Array(count);
      for (let r = 0; r < count; r++) {
        const cells = new Array<string>(values.length);
        for (let c = 0; c < values.length; c++) cells[c] = columns[c]!.text(values[c]![r]);
        if (sink) sink.cells(++row, cells);
        else batch[r] = { line: ++row, cells };
      }
      options.onRows?.(row);
      return batch;
    };
    const brokeOff = (why: string): BadRecord => ({
      line: row + 1,
      code: 'PARQUET_UNREADABLE',
      message: `the Parquet data cannot be read from row ${(row + 1).toLocaleString('en-US')} on (${why}); the file holds ${declared.toLocaleString('en-US')} rows, the last ${(declared - row).toLocaleString('en-US')} are not read`,
    });
    if (firstCount > 0) yield records(first, firstCount);
    first = [];
    // The rest is streamed only when the loader asks for it, in file order: one file's stream at a
    // time, however many Parquet files the folder holds (each holds only its first rows till then).
    if (firstCount < FIRST_ROWS) {
      if (row < declared) options.onBadRecord(brokeOff('the data ends early'));
      return;
    }
    let result: DuckDBResult;
    try {
      result = await connection.stream(`${select} OFFSET ${FIRST_ROWS}`, [source]);
    } catch (error) {
      options.onBadRecord(brokeOff(duckDbMessage(error)));
      return;
    }
    for (;;) {
      let values: unknown[][];
      let count: number;
      try {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        count = chunk.rowCount;
        values = chunk.getColumns() as unknown[][];
      } catch (error) {
        options.onBadRecord(brokeOff(duckDbMessage(error)));
        return;
      }
      const batch = records(values, count);
      if (batch.length > 0) yield batch;
    }
    // DuckDB's C API ends a streaming result that failed (damaged data) as if it were exhausted:
    // fewer rows than the metadata declares is that failure. A materialised read of the rest says why.
    if (row < declared) {
      let why = 'the data ends early';
      try {
        await connection.run(`SELECT count(*) FROM (${select} OFFSET ${row}) AS t WHERE hash(t) IS NOT NULL`, [source]);
      } catch (error) {
        why = duckDbMessage(error);
      }
      options.onBadRecord(brokeOff(why));
    }
  } finally {
    connection?.closeSync();
  }
}
