/**
 * Where the largest dates of each dated column were read (file and line), so that a date outlier
 * (src/report/date-outliers.ts) is reported as file:line: loaded tables do not keep lines. Bounded
 * memory: per column only the KEPT largest values (the report lists at most 20 outliers, and
 * every outlier it lists is among the largest of its column).
 */
import type { TableName } from '../core/model.js';

/** The report lists the first 20 outliers; one more so a tie at the edge still finds its line. */
const KEPT = 21;

/**
 * The dated fields of each table's records whose outliers are reported: those the default as-of
 * reads (date-outliers.ts `dateColumns`). Events are read on their own path (events-file.ts),
 * which keeps a `LargestDates` per file (and per thread) and adds it with `addLargest`.
 */
export const TRACKED_DATE_FIELDS: Partial<Record<TableName, readonly string[]>> = {
  deals: ['createdAt', 'closedAt'],
  activities: ['occurredAt'],
  users: ['signupAt', 'activatedAt'],
  releases: ['releasedAt'],
  feature_requests: ['createdAt'],
  accounts: ['createdAt'],
  subscriptions: ['startAt'],
};

export interface DatePlace {
  file: string;
  line: number;
}

interface Entry extends DatePlace {
  value: number;
  used: boolean;
}

/** The largest values of a file's column from `from` on, found when asked (`DateLines.resolve`). */
export type LatestLines = (from: number) => Promise<LineValue[]>;

/** A value and the line it was read at. */
export interface LineValue {
  value: number;
  line: number;
}

/**
 * The KEPT largest values of one column of one file, with their lines: what an events reader
 * keeps while it reads. A min-heap in typed arrays: a file sorted by time makes every row a new
 * largest, so a kept row costs a few comparisons and no allocation.
 */
export class LargestDates {
  private readonly values = new Float64Array(KEPT);
  private readonly lines = new Float64Array(KEPT);
  private size = 0;

  /**
   * Notes a value read at `line`; returns the value a later one must exceed to be kept, so a
   * reader can skip the call for most rows. Among equal values the first read is kept.
   */
  note(value: number, line: number): number {
    if (!Number.isFinite(value)) return this.floor();
    const { values, lines } = this;
    if (this.size < KEPT) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!precedes(value, line, values[parent]!, lines[parent]!)) break;
        values[at] = values[parent]!;
        lines[at] = lines[parent]!;
        at = parent;
      }
      values[at] = value;
      lines[at] = line;
    } else if (value > values[0]!) {
      // Replace the smallest and sift down.
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= KEPT) break;
        const right = left + 1;
        const child = right < KEPT && precedes(values[right]!, lines[right]!, values[left]!, lines[left]!) ? right : left;
        if (!precedes(values[child]!, lines[child]!, value, line)) break;
        values[at] = values[child]!;
        lines[at] = lines[child]!;
        at = child;
      }
      values[at] = value;
      lines[at] = line;
    }
    return this.floor();
  }

  private floor(): number {
    return this.size === KEPT ? this.values[0]! : Number.NEGATIVE_INFINITY;
  }

  /** The kept values, largest first, in line order among equals (plain data: a thread posts it). */
  get entries(): LineValue[] {
    const out: LineValue[] = [];
    for (let i = 0; i < this.size; i++) out.push({ value: this.values[i]!, line: this.lines[i]! });
    return out.sort((a, b) => b.value - a.value || a.line - b.line);
  }
}

/** Heap order: the smaller value first; among equals the later line (dropped first). */
function precedes(value: number, line: number, otherValue: number, otherLine: number): boolean {
  return value < otherValue || (value === otherValue && line > otherLine);
}

export class DateLines {
  /** `table.field` → its largest values read so far, largest first, in file order among equals. */
  private readonly columns = new Map<string, Entry[]>();
  /** The same lists by table, then field: `note` runs once per dated cell, without building a key. */
  private readonly byField = new Map<TableName, Map<string, Entry[]>>();
  /** Files in the order they were first noted: equal values keep it. */
  private readonly fileOrder = new Map<string, number>();
  /** `table.field` → files whose largest values are looked up only when an outlier needs a line. */
  private readonly pending = new Map<string, Array<{ file: string; lookup: LatestLines }>>();

  /**
   * Notes the dated fields of a record read at file:line: the row-by-row rule. The loader keeps a
   * file's largest values in LargestDates and adds them at its end (`addLargest`): the same places.
   */
  noteRecord(table: TableName, record: object, file: string, line: number): void {
    const fields = TRACKED_DATE_FIELDS[table];
    if (!fields) return;
    for (const field of fields) {
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'number' && Number.isFinite(value)) this.note(table, field, value, file, line);
    }
  }

  note(table: TableName, field: string, value: number, file: string, line: number): void {
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
    const list = this.byField.get(table)?.get(field) ?? this.list(table, field);
    if (list.length === KEPT && value <= list[KEPT - 1]!.value) return; // the usual case: one comparison
    let at = list.length;
    while (at > 0 && list[at - 1]!.value < value) at--;
    list.splice(at, 0, { value, file, line, used: false });
    if (list.length > KEPT) list.pop();
  }

  /** A file's largest values of a column (read by `LargestDates`), lines moved by `lineOffset`. */
  addLargest(table: TableName, field: string, file: string, entries: readonly LineValue[], lineOffset = 0): void {
    for (const e of entries) this.note(table, field, e.value, file, e.line + lineOffset);
  }

  /** A column's list, made empty. */
  private list(table: TableName, field: string): Entry[] {
    const list: Entry[] = [];
    this.columns.set(`${table}.${field}`, list);
    let fields = this.byField.get(table);
    if (!fields) this.byField.set(table, (fields = new Map()));
    fields.set(field, list);
    return list;
  }

  /**
   * A file whose largest values of a column are not noted while it is read (an events file DuckDB
   * grouped without row numbers): `lookup` finds them when `resolve` is asked for an outlier.
   */
  addPending(table: TableName, field: string, file: string, lookup: LatestLines): void {
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
    const key = `${table}.${field}`;
    const files = this.pending.get(key) ?? [];
    files.push({ file, lookup });
    this.pending.set(key, files);
  }

  /**
   * Looks up the pending files' largest values from each column's least outlier on, so `take`
   * finds their lines; equal values stay in file order, then line order. Each file is asked once.
   */
  async resolve(outliers: ReadonlyArray<{ table: TableName; field: string; value: number }>): Promise<void> {
    for (const [key, files] of this.pending) {
      const values = outliers.filter((o) => `${o.table}.${o.field}` === key).map((o) => o.value);
      if (values.length === 0) continue;
      this.pending.delete(key);
      const from = Math.min(...values);
      const [table, field] = key.split('.') as [TableName, string];
      const list = this.columns.get(key) ?? this.list(table, field);
      for (const { file, lookup } of files) {
        // A file that cannot be read again (DuckDB out of memory, the file gone) leaves its outliers without a line, not the run failed.
        const found = await lookup(from).catch(() => []);
        for (const e of found) list.push({ value: e.value, file, line: e.line, used: false });
      }
      const order = (file: string): number => this.fileOrder.get(file) ?? Number.MAX_SAFE_INTEGER;
      list.sort((a, b) => b.value - a.value || order(a.file) - order(b.file) || a.line - b.line);
    }
  }

  /**
   * Where a value of a column was read, null when it is not among the kept largest. Each place is
   * given once, so that equal outliers of one column get their own lines, in file order.
   */
  take(table: TableName, field: string, value: number): DatePlace | null {
    const entry = this.columns.get(`${table}.${field}`)?.find((e) => !e.used && e.value === value);
    if (!entry) return null;
    entry.used = true;
    return { file: entry.file, line: entry.line };
  }
}
