/**
 * Rows a file holds that are not current facts: flagged deleted by a sync or an API export
 * (`_fivetran_deleted`, `IsDeleted`…), superseded versions of a history-mode sync, and per
 * layout rows such as unreleased Jira versions or draft GitHub releases (`Layout.excludeRows`).
 * They are excluded before a row is read, and counted per reason with examples, never silently.
 */
import { headerKey, ROW_EXCLUSIONS, type Layout, type RowExclusion } from './layouts.js';

/** One exclusion as it applies to a file: plain data, so it can be posted to a worker. */
export interface FileExclusion {
  code: string;
  /** Header column of the flag. */
  column: number;
  columnName: string;
  /** Lower-case values that exclude ('' = blank, '*' = any non-blank). */
  values: string[];
  reason: string;
}

/** The exclusions whose flag column is in the header (the first present of its names). */
export function fileExclusions(header: readonly string[], layout: Layout | null): FileExclusion[] {
  const keys = header.map(headerKey);
  const all: RowExclusion[] = [...ROW_EXCLUSIONS, ...(layout?.excludeRows ?? [])];
  const out: FileExclusion[] = [];
  for (const exclusion of all) {
    const column = exclusion.columns.map((c) => keys.indexOf(headerKey(c))).find((i) => i !== -1);
    if (column === undefined) continue;
    out.push({ code: exclusion.code, column, columnName: header[column]!, values: exclusion.values, reason: exclusion.reason });
  }
  return out;
}

/** A flag written as a whole number with a fraction of zeros (`1.0`, `0.00`: pandas' floats, a DOUBLE column's text) as the number (`1`, `0`); else the value. */
const WHOLE_FLAG = /^(\d+)\.0+$/;
function flagWord(value: string): string {
  const m = WHOLE_FLAG.exec(value);
  return m === null ? value : m[1]!;
}

/**
 * The exclusion a row falls under, and the message for it; null when the row is kept. A flag
 * `1.0` reads as `1` (a Parquet DOUBLE 1.0 is read `1`, and its CSV or warehouse text is `1.0`).
 */
export function excludedRow(exclusions: readonly FileExclusion[], cell: (column: number) => string | undefined): { code: string; message: string } | null {
  for (const e of exclusions) {
    const raw = cell(e.column) ?? '';
    const value = raw.trim().toLowerCase();
    const hit = value === '' ? e.values.includes('') : e.values.includes('*') || e.values.includes(value) || e.values.includes(flagWord(value));
    if (hit) return { code: e.code, message: `${e.columnName} ${value === '' ? 'is blank' : `= "${raw.trim()}"`}: ${e.reason}; row excluded` };
  }
  return null;
}
