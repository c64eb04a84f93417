/**
 * Columns that are mapped but hold no value in any row. An export that carries a column nobody
 * fills (a `invited_by` trait never set, an `activated_at` property that is always empty) cannot
 * tell "none" from "not exported": such a field counts as absent, so a check that needs it says
 * insufficient data (or the field is derived from events, as activation is), never a zero.
 */
import type { Dataset, TableName } from '../core/model.js';

/** Tables whose rows are objects with the mapped fields as keys (events: see derive-features.ts). */
const RECORD_TABLES: readonly TableName[] = ['deals', 'contacts', 'accounts', 'users', 'releases', 'feature_requests', 'activities'];

const hasValue = (v: unknown): boolean => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

/**
 * `table.field` → why it counts as absent, for every mapped field of a table with rows where no
 * row holds a value. Work: one pass per table over its mapped fields until a value is found.
 */
export function blankColumns(dataset: Dataset): Record<string, string> {
  const blank: Record<string, string> = {};
  for (const table of RECORD_TABLES) {
    const files = dataset.files.filter((f) => f.table === table && f.status !== 'skipped' && f.mapping !== undefined);
    const rows = table === 'activities' ? dataset.tables.activities.length : (dataset.tables[table] as readonly object[]).length;
    if (files.length === 0 || rows === 0) continue;
    const fields = new Set(files.flatMap((f) => Object.keys(f.mapping!)));
    const at = (i: number): Record<string, unknown> =>
      (table === 'activities' ? dataset.tables.activities.at(i) : (dataset.tables[table] as readonly object[])[i]) as Record<string, unknown>;
    const first = at(0);
    for (const field of fields) {
      // Only fields the table's rows keep under that name (others, like a deal's currency, are read elsewhere).
      if (!(field in first)) continue;
      let found = false;
      for (let i = 0; i < rows && !found; i++) found = hasValue(at(i)[field]);
      if (found) continue;
      const columns = [...new Set(files.map((f) => f.mapping![field]).filter((c): c is string => c !== undefined))];
      blank[`${table}.${field}`] = `the ${table} export's ${columns.map((c) => `"${c}"`).join(' / ')} column is blank ${rows === 1 ? 'in its only row' : `in all ${rows.toLocaleString('en-US')} rows`}, so it cannot tell none from not exported`;
    }
  }
  return blank;
}
