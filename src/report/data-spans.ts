/**
 * When each table's records happened, and whether a check's window lies outside them. A check
 * whose window holds no record of the tables it reads would measure nothing and call it a value
 * (e.g. `--as-of` years before the first deal: no won deal, no touch); buildReport makes it
 * insufficient data instead, with the dates, before the metric runs.
 */
import type { TableName, Tables, Timestamp } from '../core/model.js';
import { DAY_MS } from '../core/calendar.js';

/** Earliest and latest record date of a table (epoch ms). */
export interface DateSpan {
  first: Timestamp;
  last: Timestamp;
}

export type TableSpans = Partial<Record<TableName, DateSpan>>;

/**
 * Each table's span of record dates; tables without dated rows (contacts) have none. An open
 * deal's close date is a forecast, not something that happened, so it is left out.
 */
export function tableDateSpans(tables: Tables): TableSpans {
  const spans: TableSpans = {};
  const add = (table: TableName, ms: Timestamp | null): void => {
    if (ms === null || !Number.isFinite(ms)) return;
    const span = spans[table];
    if (!span) spans[table] = { first: ms, last: ms };
    else if (ms < span.first) span.first = ms;
    else if (ms > span.last) span.last = ms;
  };
  const range = tables.events.timeRange();
  if (range) {
    add('events', range.min);
    add('events', range.max);
  }
  for (const d of tables.deals) {
    add('deals', d.createdAt);
    if (d.stage !== 'open') add('deals', d.closedAt);
  }
  for (let i = 0; i < tables.activities.length; i++) add('activities', tables.activities.occurredAt(i));
  for (const u of tables.users) {
    add('users', u.signupAt);
    add('users', u.activatedAt);
  }
  for (const r of tables.releases) add('releases', r.releasedAt);
  for (const r of tables.feature_requests) add('feature_requests', r.createdAt);
  for (const a of tables.accounts) add('accounts', a.createdAt);
  for (const s of tables.subscriptions) add('subscriptions', s.startAt);
  return spans;
}

/** The latest record date of any table; null when nothing is dated. */
export function latestRecord(spans: TableSpans): Timestamp | null {
  const lasts = Object.values(spans).map((s) => s.last);
  return lasts.length === 0 ? null : Math.max(...lasts);
}

/**
 * How far back from T a metric reads: the largest of its `lookbackDays` and `windowDays`
 * parameters (the rubric's values); null for a metric without either, which reads all history
 * up to T.
 */
export function windowDaysOf(params: Readonly<Record<string, unknown>>): number | null {
  const days = [params.lookbackDays, params.windowDays].filter((d): d is number => typeof d === 'number' && d > 0);
  return days.length === 0 ? null : Math.max(...days);
}

/**
 * Why a check's window lies outside the data of the tables it reads, or null when it does not:
 * - T (the exclusive end of the as-of day) is at or before the first record of a table it reads:
 *   that table has nothing up to T;
 * - the window [T − days, T) starts after the last record of every dated table it reads.
 */
export function windowOutsideData(
  tables: readonly TableName[],
  windowDays: number | null,
  asOf: Timestamp,
  spans: TableSpans,
): string | null {
  const dated = tables.filter((t) => spans[t] !== undefined);
  const before = dated.filter((t) => spans[t]!.first >= asOf);
  if (before.length > 0) {
    const firsts = before.map((t) => `${t} from ${day(spans[t]!.first)}`).join(', ');
    return `the as-of date ${day(asOf - DAY_MS)} is before the first record it reads (${firsts}): nothing to measure`;
  }
  if (windowDays === null || dated.length === 0) return null;
  const start = asOf - windowDays * DAY_MS;
  const last = Math.max(...dated.map((t) => spans[t]!.last));
  if (start > last) {
    const lasts = dated.map((t) => `${t} until ${day(spans[t]!.last)}`).join(', ');
    return `its ${windowDays}-day window (${day(start)} to ${day(asOf - DAY_MS)}) starts after the last record it reads (${lasts}): nothing to measure`;
  }
  return null;
}

function day(ms: Timestamp): string {
  return new Date(ms).toISOString().slice(0, 10);
}
