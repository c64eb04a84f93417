/**
 * What is resolved once every file of a folder is read, because it needs a second table:
 * ids translated through lookup tables (HubSpot `deal_pipeline_stage_id` → the stage's label and
 * won/closed flags; Pendo `feature_id` → the feature's name), and several rows of one record
 * merged (Segment identifies: one row per identify call). Each resolution is reported on the
 * file whose ids it resolved (`FileSummary.lookups`) and as an issue; an id that no lookup
 * knows is never guessed: a deal whose stage cannot be told is rejected and counted.
 */
import type { Deal, DealStage, FileSummary, IngestIssue, LookupResolution, TableName, Tables, User } from '../core/model.js';
import { parseBool, parseDate, parseStage, parseText } from './coerce.js';
import type { LookupLayout, LookupName } from './layouts.js';
import type { LookupRecognition } from './recognise.js';
import { LOOKUP_LAYOUTS } from './vendor-layouts.js';

export interface LookupEntry {
  label: string;
  won: boolean | null;
  closed: boolean | null;
}

export interface LoadedLookup {
  layout: LookupLayout;
  summary: FileSummary;
  entries: Map<string, LookupEntry>;
}

/** A field of one file whose values are ids of a lookup; `rows` for record tables (events: the pools). */
export interface LookupRef {
  summary: FileSummary;
  table: TableName;
  field: string;
  lookup: LookupName;
  /** The header column, for messages. */
  column: string;
  rows: Array<{ record: object; id: string; line: number }>;
  /** Events: the pool ids (`from` ≤ id < `to`) this file added; absent: the whole pool. */
  poolIds?: { from: number; to: number };
}

/** A file whose rows are merged by a field (Layout.mergeRowsBy). */
export interface RowMerge {
  summary: FileSummary;
  field: string;
  records: object[];
}

export interface AsideTables {
  lookups: LoadedLookup[];
  refs: LookupRef[];
  merges: RowMerge[];
}

/** Examples kept per resolution. */
const EXAMPLES = 3;

/**
 * A lookup file's rows (deleted rows already excluded) as id → entry. An id on several rows (a
 * history such as Pendo's feature_history) takes its latest row by `updatedAt`, else its last.
 */
export function readLookupRows(recognition: LookupRecognition, rows: Array<{ line: number; cells: string[] }>, summary: FileSummary): LoadedLookup {
  const { columns, layout } = recognition;
  const entries = new Map<string, LookupEntry>();
  const updated = new Map<string, number>();
  const cell = (cells: string[], field: string): string | null => (columns[field] === undefined ? null : parseText(cells[columns[field]!]));
  const flag = (cells: string[], field: string): boolean | null => parseBool(cell(cells, field) ?? undefined) ?? null;
  for (const { cells } of rows) {
    const key = cell(cells, 'key');
    const label = cell(cells, 'label');
    if (key === null || label === null) {
      summary.rejected++;
      summary.rejectedByReason.MISSING_VALUE = (summary.rejectedByReason.MISSING_VALUE ?? 0) + 1;
      continue;
    }
    const at = parseDate(cell(cells, 'updatedAt') ?? undefined) ?? Number.NEGATIVE_INFINITY;
    if (entries.has(key) && at < (updated.get(key) ?? Number.NEGATIVE_INFINITY)) continue;
    updated.set(key, at);
    entries.set(key, { label, won: flag(cells, 'won'), closed: flag(cells, 'closed') });
  }
  summary.lookup = { name: layout.lookup, describes: layout.describes, entries: entries.size, usedBy: [] };
  return { layout, summary, entries };
}

/** A stage from a lookup entry: won/closed flags decide, else the label as any stage label. */
function stageOfEntry(entry: LookupEntry): DealStage {
  if (entry.won === true) return 'won';
  if (entry.closed === true) return parseStage(entry.label) === 'won' ? 'won' : 'lost';
  if (entry.closed === false) return 'open';
  return parseStage(entry.label) ?? 'open';
}

export function resolveAside(tables: Tables, aside: AsideTables, issues: IngestIssue[]): void {
  // Each events file's own values, taken before any renaming renumbers the pools.
  const own = new Map<LookupRef, string[]>();
  for (const ref of aside.refs) {
    if (ref.table !== 'events') continue;
    const pool = ref.field === 'feature' ? tables.events.features : tables.events.names;
    const { from, to } = ref.poolIds ?? { from: 0, to: pool.size };
    own.set(ref, pool.values.slice(from, to));
  }
  for (const ref of aside.refs) resolveRef(tables, ref, aside.lookups, issues, own.get(ref) ?? []);
  for (const merge of aside.merges) mergeRows(tables, merge, issues);
}

function resolveRef(tables: Tables, ref: LookupRef, loaded: LoadedLookup[], issues: IngestIssue[], ownValues: readonly string[]): void {
  const sources = loaded.filter((l) => l.layout.lookup === ref.lookup);
  const builtIn = new Map<string, LookupEntry>();
  for (const layout of LOOKUP_LAYOUTS.filter((l) => l.lookup === ref.lookup)) {
    for (const [key, e] of Object.entries(layout.builtIn ?? {})) builtIn.set(key, { label: e.label, won: e.won ?? null, closed: e.closed ?? null });
  }
  const find = (id: string): LookupEntry | undefined => {
    for (const source of sources) {
      const entry = source.entries.get(id);
      if (entry) return entry;
    }
    return builtIn.get(id) ?? builtIn.get(id.toLowerCase());
  };
  const unresolvedIds: string[] = [];
  let resolved = 0;
  let unresolved = 0;
  let unit: LookupResolution['unit'] = 'rows';
  const summary = ref.summary;

  if (ref.table === 'deals' && ref.field === 'stage') {
    const dropped = new Set<object>();
    const log = new Map<string, { to: string; rows: number }>();
    for (const { record, id, line } of ref.rows) {
      const deal = record as Deal;
      const entry = find(id);
      if (!entry) {
        unresolved++;
        if (!unresolvedIds.includes(id) && unresolvedIds.length < EXAMPLES) unresolvedIds.push(id);
        dropped.add(record);
        summary.rejected++;
        summary.rejectedByReason.UNRESOLVED_STAGE_ID = (summary.rejectedByReason.UNRESOLVED_STAGE_ID ?? 0) + 1;
        if ((summary.rejectedByReason.UNRESOLVED_STAGE_ID ?? 0) <= EXAMPLES) {
          issues.push({ code: 'UNRESOLVED_STAGE_ID', file: summary.path, line, column: ref.column, message: `${ref.column} "${id}" is a stage id that no stage table in the folder knows${sources.length ? '' : ' (there is none: export the pipeline stages too)'}; won or lost cannot be told, so the deal is not read` });
        }
        continue;
      }
      resolved++;
      // Won/closed flags of the deal's own columns decide over its stage (rows.ts): only the placeholder is replaced.
      if (deal.stage === 'open') deal.stage = stageOfEntry(entry);
      // As every value log: the exported value (the id) → pullcheck's; its label is in the lookup file.
      const from = id;
      const logged = log.get(from) ?? { to: deal.stage, rows: 0 };
      logged.rows++;
      log.set(from, logged);
    }
    if (dropped.size > 0) tables.deals = tables.deals.filter((d) => !dropped.has(d));
    if (log.size > 0) {
      summary.values ??= {};
      summary.values.stage = [...log].map(([from, v]) => ({ from, to: v.to, rows: v.rows })).sort((a, b) => b.rows - a.rows || a.from.localeCompare(b.from));
    }
  } else if (ref.table === 'events' && (ref.field === 'feature' || ref.field === 'event')) {
    // Events are columnar: each distinct id is renamed once, in its pool.
    unit = 'distinct ids';
    const own = new Set(ownValues);
    const missing: string[] = [];
    for (const value of own) {
      if (find(value)) resolved++;
      else missing.push(value);
    }
    // The first examples by value: the pool's order is the rows' order, which a summary changes.
    unresolved += missing.length;
    unresolvedIds.push(...missing.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, EXAMPLES));
    // Other files' names stay as they are.
    const rename = (value: string): string => (own.has(value) ? (find(value)?.label ?? value) : value);
    if (resolved > 0) {
      if (ref.field === 'feature') tables.events.renameFeatures(rename);
      else tables.events.renameEvents(rename);
    }
  } else return;

  const from = sources.map((s) => s.summary.path);
  for (const source of sources) if (!source.summary.lookup!.usedBy.includes(summary.path)) source.summary.lookup!.usedBy.push(summary.path);
  summary.lookups ??= {};
  summary.lookups[ref.field] = { lookup: ref.lookup, from, resolved, unresolved, unit, unresolvedExamples: unresolvedIds };
  const through = from.length ? `through ${from.join(', ')}` : 'with no lookup table in the folder';
  const total = resolved + unresolved;
  const kept = ref.table === 'events' && unresolved > 0 ? '; the others are kept as they are' : '';
  issues.push({
    code: 'LOOKUP',
    file: summary.path,
    line: 0,
    column: ref.column,
    message: `${ref.column} (${ref.lookup} ids) resolved ${through}: ${resolved} of ${total} ${unit}${unresolved ? `; ${unresolved} not found, e.g. ${unresolvedIds.join(', ')}${kept}` : ''}`,
  });
}

/** Rows of one record merged: the first row, blanks filled from later ones, the earliest signup. */
function mergeRows(tables: Tables, merge: RowMerge, issues: IngestIssue[]): void {
  if (merge.records.length === 0) return;
  const byId = new Map<string, Record<string, unknown>>();
  const dropped = new Set<object>();
  for (const record of merge.records) {
    const r = record as Record<string, unknown>;
    const id = String(r[merge.field]);
    const kept = byId.get(id);
    if (!kept) {
      byId.set(id, r);
      continue;
    }
    dropped.add(record);
    for (const [key, value] of Object.entries(r)) {
      if (value === null || value === undefined) continue;
      if (kept[key] === null || kept[key] === undefined || (kept[key] === 'other' && key === 'role')) kept[key] = value;
      else if (key === 'signupAt' && typeof value === 'number' && (value as number) < (kept[key] as number)) kept[key] = value;
    }
  }
  if (dropped.size === 0) return;
  tables.users = tables.users.filter((u: User) => !dropped.has(u));
  merge.summary.warnings.MERGED_ROWS = dropped.size;
  issues.push({
    code: 'MERGED_ROWS',
    file: merge.summary.path,
    line: 0,
    message: `${merge.records.length} rows are ${byId.size} users (one row per identify call): merged by ${merge.field}, blanks filled from later rows, the earliest sign-up kept`,
  });
}
