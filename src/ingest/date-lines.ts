/**
 * Where the largest dates of each dated column were read (file and line), so that a date outlier
 * (src/report/date-outliers.ts) is reported as file:line: loaded tables do not keep lines. Bounded
 * memory: per column only the KEPT largest values (the report lists at most 20 outliers, and
 * every outlier it lists is among the largest of its column).
 */
import type { TableName } from '../model.js';

/** The report lists the first 20 outliers; one more so a tie at the edge still finds its line. */
const KEPT = 21;

/**
 * The dated fields of each table's records whose outliers are reported: those the default as-of
 * reads (date-outliers.ts `dateColumns`). Events are read on their own path (events-file.ts) and
 * are not tracked: their outliers name the file only.
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

export class DateLines {
  /** `table.field` → its largest values read so far, largest first, in file order among equals. */
  private readonly columns = new Map<string, Entry[]>();
  /** The same lists by table, then field: `note` runs once per dated cell, without building a key. */
  private readonly byField = new Map<TableName, Map<string, Entry[]>>();

  /** Notes the dated fields of a record read at file:line. */
  noteRecord(table: TableName, record: object, file: string, line: number): void {
    const fields = TRACKED_DATE_FIELDS[table];
    if (!fields) return;
    for (const field of fields) {
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'number' && Number.isFinite(value)) this.note(table, field, value, file, line);
    }
  }

  note(table: TableName, field: string, value: number, file: string, line: number): void {
    let list = this.byField.get(table)?.get(field);
    if (!list) {
      list = [];
      this.columns.set(`${table}.${field}`, list);
      let fields = this.byField.get(table);
      if (!fields) this.byField.set(table, (fields = new Map()));
      fields.set(field, list);
    }
    if (list.length === KEPT && value <= list[KEPT - 1]!.value) return; // the usual case: one comparison
    let at = list.length;
    while (at > 0 && list[at - 1]!.value < value) at--;
    list.splice(at, 0, { value, file, line, used: false });
    if (list.length > KEPT) list.pop();
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
