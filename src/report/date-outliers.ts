/**
 * Dates far outside the rest of their column (9999-12-31, a year typed 2206): they must not set
 * the default as-of date, which is the latest date in the data. A date is an outlier when it is
 * more than 90 days after its column's 99.9th percentile (interpolated between ranks, so in a
 * column of ten dates only a gap of decades stands out). Deterministic: never
 * compared with today's date. Outliers are reported as ingest warnings (DATE_OUTLIER) with the
 * file:line they were read at (src/ingest/date-lines.ts) and
 * ignored for the default as-of only; the rows themselves are read as they are.
 */
import type { Dataset, IngestIssue, TableName, Tables, Timestamp } from '../core/model.js';

export const OUTLIER_DAYS = 90;
/** The outliers listed one by one (the rest are counted). */
export const OUTLIERS_SHOWN = 20;
const DAY_MS = 86_400_000;
const QUANTILE = 0.999;

export interface DateOutlier {
  table: TableName;
  field: string;
  value: Timestamp;
  /** The row's id (deal, user, release…), null for events and rows without one. */
  id: string | null;
}

interface Column {
  table: TableName;
  field: string;
  length: number;
  at(i: number): Timestamp | null;
  idAt(i: number): string | null;
  /** Values row i stands for (an events row: its count, as a day summary holds several events); absent: 1. */
  weightAt?(i: number): number;
  /** The latest of row i's values (a day summary's: `at` is its earliest); absent: `at`. */
  lastAt?(i: number): Timestamp | null;
}

/** Every dated column that the default as-of reads (open deals' forecast close dates excluded). */
function dateColumns(t: Tables): Column[] {
  const rows = <T>(table: TableName, field: string, list: readonly T[], get: (r: T) => Timestamp | null, id: (r: T) => string | null): Column => ({
    table, field, length: list.length, at: (i) => get(list[i]!), idAt: (i) => id(list[i]!),
  });
  return [
    {
      table: 'events', field: 'timestamp', length: t.events.length, at: (i) => t.events.timestampAt(i), idAt: () => null, weightAt: (i) => t.events.countAt(i),
      ...(t.events.spread ? { lastAt: (i: number) => t.events.lastTimeAt(i) } : {}),
    },
    rows('deals', 'createdAt', t.deals, (d) => d.createdAt, (d) => d.dealId),
    rows('deals', 'closedAt', t.deals, (d) => (d.stage === 'open' ? null : d.closedAt), (d) => d.dealId),
    { table: 'activities', field: 'occurredAt', length: t.activities.length, at: (i) => t.activities.occurredAt(i), idAt: () => null },
    rows('users', 'signupAt', t.users, (u) => u.signupAt, (u) => u.userId),
    rows('users', 'activatedAt', t.users, (u) => u.activatedAt, (u) => u.userId),
    rows('releases', 'releasedAt', t.releases, (r) => r.releasedAt, (r) => r.feature),
    rows('feature_requests', 'createdAt', t.feature_requests, (r) => r.createdAt, () => null),
    rows('accounts', 'createdAt', t.accounts, (a) => a.createdAt, (a) => a.accountId),
    // Start dates only: an end date may be a scheduled one, not something that happened.
    rows('subscriptions', 'startAt', t.subscriptions, (s) => s.startAt, (s) => s.id),
  ];
}

/** The latest date of the data without outliers (null when nothing is dated), and the outliers. */
export function latestWithoutOutliers(tables: Tables): { latest: Timestamp | null; outliers: DateOutlier[] } {
  let latest: Timestamp | null = null;
  const outliers: DateOutlier[] = [];
  for (const column of dateColumns(tables)) {
    const limit = limitOf(column);
    if (limit === null) continue;
    if (column.lastAt) daySummaryAtLimit(tables, column, limit);
    let kept = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < column.length; i++) {
      const v = column.at(i);
      if (v === null || !Number.isFinite(v)) continue;
      if (v > limit) for (let w = column.weightAt?.(i) ?? 1; w > 0; w--) outliers.push({ table: column.table, field: column.field, value: v, id: column.idAt(i) });
      else {
        const last = column.lastAt?.(i) ?? v;
        if (last > kept) kept = last;
      }
    }
    if (kept > Number.NEGATIVE_INFINITY && (latest === null || kept > latest)) latest = kept;
  }
  outliers.sort((a, b) => b.value - a.value || a.table.localeCompare(b.table) || a.field.localeCompare(b.field) || (a.id ?? '').localeCompare(b.id ?? ''));
  return { latest, outliers };
}

/**
 * Notes (EventTable.timesSplit) when a day summary's rows could give other outliers than the events
 * they stand for: the limit is computed again with each row's events at its latest time, and
 * the limit of the real events lies between the two. A row whose times reach between them (or
 * across the limit) could fall on either side. When neither placement has an outlier, none is possible.
 */
function daySummaryAtLimit(tables: Tables, column: Column, limit: number): void {
  const high = limitOf({ ...column, at: (i) => column.lastAt!(i) });
  if (high === null || (high === Number.POSITIVE_INFINITY && limit === Number.POSITIVE_INFINITY)) return;
  const low = Math.min(limit, high);
  const top = Math.max(limit, high);
  for (let i = 0; i < column.length; i++) {
    const first = column.at(i);
    const last = column.lastAt!(i);
    if (first === null || last === null) continue;
    if (last > low && first <= top) {
      tables.events.timesSplit.add('date outliers: a day summary across the outlier limit');
      return;
    }
  }
}

/**
 * The largest date that is not an outlier: the 99.9th percentile plus 90 days; +Infinity when no
 * date can be one (the maximum is within 90 days of the percentile).
 * When more values lie within 90 days of the maximum than rank above the percentile (the usual
 * case), the maximum is no outlier and nothing needs sorting.
 */
function limitOf(column: Column): number | null {
  // Without copying the column (5 M event times): count and maximum, then how many are near it.
  let n = 0;
  let max = Number.NEGATIVE_INFINITY;
  const weight = column.weightAt ?? (() => 1);
  for (let i = 0; i < column.length; i++) {
    const v = column.at(i);
    if (v === null || !Number.isFinite(v)) continue;
    n += weight(i);
    if (v > max) max = v;
  }
  if (n === 0) return null;
  const rank = Math.floor(QUANTILE * (n - 1)); // index of the percentile in sorted order
  const above = n - 1 - rank;
  let near = 0;
  for (let i = 0; i < column.length && near <= above; i++) {
    const v = column.at(i);
    if (v !== null && Number.isFinite(v) && v >= max - OUTLIER_DAYS * DAY_MS) near += weight(i);
  }
  if (near > above) return Number.POSITIVE_INFINITY;
  // Interpolated between ranks (the usual definition): in a short column the 99.9th percentile is
  // nearly its maximum, so only an absurd gap (9999-12-31 after 2026) makes an outlier there.
  // Rows sorted by value, each standing for its weight in values (a day summary's events).
  const rows: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const v = column.at(i);
    if (v !== null && Number.isFinite(v)) rows.push(i);
  }
  const values = Float64Array.from(rows, (i) => column.at(i)!);
  const order = Uint32Array.from(rows.keys()).sort((a, b) => values[a]! - values[b]!);
  /** The value at `r` in sorted order, each row counted its weight. */
  const valueAtRank = (r: number): number => {
    let seen = 0;
    for (const k of order) {
      seen += weight(rows[k]!);
      if (seen > r) return values[k]!;
    }
    return values[order[order.length - 1]!]!;
  };
  const position = QUANTILE * (n - 1);
  const low = valueAtRank(rank);
  const percentile = low + (position - rank) * (valueAtRank(Math.min(rank + 1, n - 1)) - low);
  return percentile + OUTLIER_DAYS * DAY_MS;
}

/** The outliers as warnings on the files of their table (one line each, first 20, then a count). */
export function outlierIssues(dataset: Dataset, outliers: readonly DateOutlier[], latest: Timestamp | null): IngestIssue[] {
  const day = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString().slice(0, 10) : String(ms));
  const issues: IngestIssue[] = outliers.slice(0, OUTLIERS_SHOWN).map((o) => {
    const files = dataset.files.filter((f) => f.table === o.table);
    // Where the row was read (date-lines.ts); a value beyond the kept largest names its file only.
    const place = dataset.dateLines?.take(o.table, o.field, o.value) ?? null;
    const file = place ? dataset.files.find((f) => f.path === place.file) : undefined;
    const column = (file ?? files[0])?.mapping?.[o.field] ?? o.field;
    return {
      code: 'DATE_OUTLIER',
      file: place ? place.file : files.length === 1 ? files[0]!.path : files.length > 1 ? `${o.table} (${files.length} files)` : o.table,
      line: place ? place.line : 0,
      column,
      message: `${column} ${day(o.value)}${o.id ? ` (${o.id})` : ''} is more than ${OUTLIER_DAYS} days after 99.9% of its column: an outlier, ignored for the default as-of date${latest === null ? '' : ` (${day(latest)})`}`,
    };
  });
  if (outliers.length > OUTLIERS_SHOWN) issues.push({ code: 'DATE_OUTLIER', file: outliers[0]!.table, line: 0, message: `${outliers.length - OUTLIERS_SHOWN} more date outliers` });
  return issues;
}
