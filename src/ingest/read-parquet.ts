/**
 * Parquet files (PostHog batch exports, Mixpanel and Amplitude pipelines, warehouse unloads),
 * read by embedded DuckDB (duckdb-engine.ts) and handed to the loader as the other readers hand
 * their rows: a header (the Parquet schema's column names) and records of text cells, in
 * batches of one DuckDB chunk (2,048 rows), so a file is never held whole in JavaScript.
 *
 * Each column becomes the text a CSV export of it would hold, decided in SQL by its type:
 * - TIMESTAMP (any unit) as UTC ISO 8601 (`2024-01-02T10:00:00Z`, with `.ffffff` when it has a
 *   fraction); TIMESTAMP WITH TIME ZONE converted to UTC first; DATE as `2024-01-02`;
 * - DECIMAL, integers, FLOAT, BOOLEAN, UUID, ENUM, TIME, INTERVAL as DuckDB writes them
 *   (decimals exactly, `12.50`); DOUBLE as JavaScript writes the number (no exponent below 1e21);
 * - STRUCT, MAP, LIST, ARRAY, UNION as JSON text (PostHog's `properties`), so JSON properties
 *   are read from them as from a CSV cell; JSON columns as their text; NULL as an empty cell.
 * Epoch numbers stay numbers: the date decision reads them as it does in a CSV file.
 *
 * Parquet has no lines: a record's `line` is its row number (1 = the first row), and the
 * loader says so in the file's notes. The SQL names no column (`#n`) and takes the path as a
 * parameter, so neither a column name nor a value of the file is ever read as SQL.
 */
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { duckDbMessage, type DuckDbApi, type LazyDuckDb } from './duckdb-engine.js';
import type { BadRecord, CsvRecord } from './read-csv.js';

/** What the loader says of a Parquet file's places (it has rows, not lines). */
export const PARQUET_ROWS_NOTE = 'Parquet has no lines: a place in this file (file:N) is its Nth row';

/** Why a Parquet file cannot be read at all (the message names no SQL). */
export class ParquetUnreadable extends Error {}

/**
 * The SQL expression that gives column `ref` (`#3`) of DuckDB type `typeId` as the text a CSV
 * cell would hold (see the module comment); null to take the value as it comes (DOUBLE, VARCHAR).
 */
export function cellExpression(api: DuckDbApi, typeId: number, ref: string): string | null {
  const T = api.DuckDBTypeId;
  const iso = (ts: string): string =>
    `CASE WHEN NOT isfinite(${ts}) THEN ${ts}::VARCHAR WHEN microsecond(${ts}) % 1000000 = 0 THEN strftime(${ts}, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%fZ') END`;
  switch (typeId) {
    case T.VARCHAR:
    case T.DOUBLE:
      return null;
    case T.TIMESTAMP:
    case T.TIMESTAMP_S:
    case T.TIMESTAMP_MS:
    case T.TIMESTAMP_NS:
      return iso(`${ref}::TIMESTAMP`);
    case T.TIMESTAMP_TZ:
      return iso(`timezone('UTC', ${ref})`);
    case T.DATE:
      return `strftime(${ref}, '%Y-%m-%d')`;
    case T.STRUCT:
    case T.MAP:
    case T.LIST:
    case T.ARRAY:
    case T.UNION:
    case T.VARIANT:
      return `to_json(${ref})::VARCHAR`;
    default:
      return `${ref}::VARCHAR`;
  }
}

/** A value of the projected result as cell text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

export interface ParquetInfo {
  /** Rows in the file, from its metadata (known before reading). */
  rows: number;
}

/**
 * The file's rows in batches: the header first (its columns in schema order), then one batch a
 * chunk. Throws ParquetUnreadable when the file cannot be opened as Parquet (not Parquet,
 * damaged footer, DuckDB unavailable); a file that breaks off later ends with a
 * PARQUET_UNREADABLE bad record saying from which row on nothing was read, and how many rows that
 * leaves out (the metadata's count).
 */
export async function* readParquet(
  path: string,
  engine: LazyDuckDb,
  options: { onBadRecord: (bad: BadRecord) => void; onRows?: (rows: number) => void },
  onInfo?: (info: ParquetInfo) => void,
): AsyncGenerator<CsvRecord[]> {
  let connection: DuckDBConnection | null = null;
  try {
    let result: DuckDBResult | null = null;
    let header: string[];
    let select = '';
    /** Rows the file's metadata declares: a stream that fails mid-way ends as if exhausted (see below). */
    let declared = 0;
    try {
      const db = await engine.get();
      connection = await db.connect();
      const described = await connection.stream('SELECT * FROM read_parquet($1) LIMIT 0', [path]);
      header = described.columnNames();
      const projection = header.map((_, i) => cellExpression(db.api, described.columnTypeId(i), `#${i + 1}`) ?? `#${i + 1}`);
      // The row count is in the file's metadata: DuckDB reads no data for it.
      const counted = await connection.runAndReadAll('SELECT count(*) FROM read_parquet($1)', [path]);
      declared = Number(counted.getRows()[0]?.[0] ?? 0);
      onInfo?.({ rows: declared });
      select = `SELECT ${projection.join(', ')} FROM read_parquet($1)`;
      if (header.length > 0) result = await connection.stream(select, [path]);
    } catch (error) {
      throw new ParquetUnreadable(duckDbMessage(error));
    }
    yield [{ line: 0, cells: header }];
    let row = 0;
    const brokeOff = (why: string): BadRecord => ({
      line: row + 1,
      code: 'PARQUET_UNREADABLE',
      message: `the Parquet data cannot be read from row ${(row + 1).toLocaleString('en-US')} on (${why}); the file holds ${declared.toLocaleString('en-US')} rows, the last ${(declared - row).toLocaleString('en-US')} are not read`,
    });
    while (result !== null) {
      let columns: unknown[][];
      let count: number;
      try {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        count = chunk.rowCount;
        columns = chunk.getColumns() as unknown[][];
      } catch (error) {
        options.onBadRecord(brokeOff(duckDbMessage(error)));
        return;
      }
      const batch: CsvRecord[] = new Array(count);
      for (let r = 0; r < count; r++) {
        const cells = new Array<string>(columns.length);
        for (let c = 0; c < columns.length; c++) cells[c] = cellText(columns[c]![r]);
        batch[r] = { line: ++row, cells };
      }
      options.onRows?.(row);
      yield batch;
    }
    // DuckDB's C API ends a streaming result that failed (damaged data) as if it were exhausted:
    // fewer rows than the metadata declares is that failure. A materialised read of the rest says why.
    if (result !== null && row < declared) {
      let why = 'the data ends early';
      try {
        await connection.run(`SELECT count(*) FROM (${select} OFFSET ${row}) AS t WHERE hash(t) IS NOT NULL`, [path]);
      } catch (error) {
        why = duckDbMessage(error);
      }
      options.onBadRecord(brokeOff(why));
    }
  } finally {
    connection?.closeSync();
  }
}
