/**
 * The rows of an events file as its reader gives them, as cells (CSV records, JSON-lines objects
 * laid out under the header, Parquet rows). One place for the rules (rows counted,
 * ragged rows warned, JSON properties read, rejections), used by the loader on the main thread
 * and by the thread that reads the second part of a large events file (events-split.ts).
 */
import type { EventTable, IngestIssue } from '../core/model.js';
import type { RecordSink } from './read-csv.js';
import { excludedRow, type FileExclusion } from './exclusions.js';
import { compileExtractor, type ExtractSpec } from './extract.js';
import { planJsonColumns, propertyNoter, type PropertyPlan } from './event-properties.js';
import { eventAppender, eventCellsAppender, type EventColumns, type RowContext } from './rows.js';

/** Examples kept per file and reason (issue code); counts are always complete. */
export const EXAMPLES_PER_REASON = 3;

/** The warning for a record holding bytes that `encoding` cannot represent. */
export function badEncodingMessage(encoding: string): string {
  return `bytes that are not valid ${encoding} (read as �); re-save the file as UTF-8, or set \`encoding: windows-1252\` for it in pullcheck.config.yaml`;
}

/** Where a file's row accounting goes (FileSummary counts and issues, or a thread's tally). */
export interface FileTally {
  /** A data row was read (kept or not). */
  row(): void;
  reject(code: string, line: number, message: string, column?: string): void;
  warn(issue: IngestIssue): void;
  /** A row left out on purpose (flagged deleted, superseded: exclusions.ts), not an error. */
  exclude(code: string, line: number, message: string): void;
  /**
   * A kept row's timestamp and line (for DATE_OUTLIER's file:line: date-lines.ts); returns the
   * value a later timestamp must exceed to be worth noting.
   */
  dated?(timestamp: number, line: number): number;
}

export interface EventsFileShape {
  /** The file as shown in messages. */
  shown: string;
  headerLength: number;
  columns: EventColumns;
  /** The header text of each mapped field, for messages. */
  columnNames: Record<string, string>;
  /**
   * When a field is read from JSON properties, a default or more than one column: how (the
   * file's header, for messages about JSON cells). Absent: each field is one column (`columns`),
   * read from the cells straight into the columns.
   */
  extract?: { spec: ExtractSpec; header: string[] };
  /** Rows flagged deleted or superseded (exclusions.ts): counted and not read. */
  exclusions?: FileExclusion[];
  /** Where rows carry person and invite properties (event-properties.ts); they need `extract`. */
  properties?: PropertyPlan;
}

export function eventsRecordSink(table: EventTable, ctx: RowContext, shape: EventsFileShape, tally: FileTally): RecordSink {
  const columnOf = (field: string): string => shape.columnNames[field] ?? field;
  const appendCells = eventCellsAppender(table, ctx, columnOf, shape.columns);
  const width = shape.headerLength;
  // A kept row is the table's last one when its append returns; only a time above the kept
  // largest is worth a call.
  const dated = tally.dated ? tally.dated.bind(tally) : null;
  let datedFloor = dated ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const noteDate = (line: number): void => {
    const t = table.timestampAt(table.length - 1);
    if (t > datedFloor) datedFloor = dated!(t, line);
  };
  const extract = shape.extract
    ? compileExtractor(
        shape.extract.spec,
        (line, column, message) => tally.warn({ code: 'BAD_JSON', file: shape.shown, line, column: shape.extract!.header[column] ?? String(column), message }),
        shape.properties ? planJsonColumns(shape.properties) : [],
      )
    : null;
  const appendFields = extract ? eventAppender(table, ctx, columnOf) : null;
  const noteProperties = extract && shape.properties ? propertyNoter(table, shape.properties, extract) : null;
  const fields: Record<string, string | undefined> = {}; // reused: a row's fields live only while it is handled
  const exclusions = shape.exclusions ?? [];
  /** Count an excluded row; false when the row is kept. */
  const excluded = (line: number, cell: (column: number) => string | undefined): boolean => {
    const hit = excludedRow(exclusions, cell);
    if (!hit) return false;
    tally.row();
    tally.exclude(hit.code, line, hit.message);
    return true;
  };
  const cells = (line: number, row: string[], values?: unknown[]): void => {
    if (exclusions.length > 0 && excluded(line, (k) => row[k])) return;
    // A bad JSON cell is warned before the row's other issues, as the loader's sample rows are.
    const mapped = extract ? extract(row, line, fields, values) : null;
    tally.row();
    if (row.length !== width) {
      const effect = row.length < width ? 'missing cells read as blank' : 'extra cells ignored';
      tally.warn({ code: 'RAGGED_ROW', file: shape.shown, line, message: `${row.length} cells where the header has ${width}; ${effect}` });
    }
    const rejection = mapped ? appendFields!(mapped) : appendCells(row);
    if (rejection) tally.reject(rejection.code, line, rejection.message, columnOf(rejection.field));
    else {
      if (dated) noteDate(line);
      noteProperties?.(row, line, values);
    }
  };
  return { cells };
}
