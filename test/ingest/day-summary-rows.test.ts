/**
 * Day-summary rows (DuckDB's: one row for a user, account, event, feature and UTC day, with its
 * earliest and latest times and its count) and the comparisons that read them: whether some event
 * lies in a window is settled from the two times; a count a time splits is noted (timesSplit), so
 * the run reads the events row by row (docs/engine-plan.md, "Exactness at sub-day times").
 */
import { describe, expect, it } from 'vitest';
import { emptyTables, EVENT_CHUNK, EventTable } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { Derived } from '../../src/metrics/derived.js';
import { eventsWithin } from '../../src/metrics/shared-features.js';
import { latestWithoutOutliers } from '../../src/report/date-outliers.js';
import { tables } from '../helpers/factories.js';

const DAY = 86_400_000;
const D = Date.UTC(2025, 8, 1); // a UTC midnight
const H = 3_600_000;

/** One day row: `n` events of u1 / a1 / report_viewed / reports from `first` to `last`. */
function dayRow(table: EventTable, first: number, last: number, n = 2, user = 'u1'): void {
  table.appendIds(first, table.users.intern(user), table.accounts.intern('a1'), table.names.intern('report_viewed'), table.features.intern('reports'), n, n, last);
}

describe('EventTable day rows', () => {
  it('a row is at one time unless given a later one: no column kept, nothing spread', () => {
    const t = EventTable.from([{ timestamp: D, userId: 'u', accountId: null, event: 'e', feature: null }]);
    expect(t.lastTimeAt(0)).toBe(D);
    expect(t.chunks[0]!.span).toBeUndefined();
    expect(t.spread).toBe(false);
    expect(t.splitsAt(0, D, 'why')).toBe(false);
    expect(t.timesSplit.size).toBe(0);
  });

  it('keeps each row\'s latest time; rows before the first day row keep their own; the table\'s span reaches the latest', () => {
    const t = new EventTable();
    t.append(D, 'u0', null, 'login', null);
    dayRow(t, D + 10 * H, D + 14 * H, 3);
    t.append(D + DAY, 'u0', null, 'login', null);
    expect([0, 1, 2].map((i) => t.lastTimeAt(i))).toEqual([D, D + 14 * H, D + DAY]);
    expect(t.spread).toBe(true);
    expect(t.timeRange()).toEqual({ min: D, max: D + DAY });
    const alone = new EventTable();
    dayRow(alone, D + 10 * H, D + 14 * H);
    expect(alone.timeRange()).toEqual({ min: D + 10 * H, max: D + 14 * H });
    expect(alone.timeOrdered).toBe(true);
  });

  it('splitsAt: events on both sides of the time, for t < at (open) or t <= at (closed); noted once per reason', () => {
    const t = new EventTable();
    dayRow(t, D + 10 * H, D + 14 * H);
    for (const closed of [false, true]) {
      expect(t.splitsAt(0, D + 9 * H, 'a', closed)).toBe(false);
      expect(t.splitsAt(0, D + 15 * H, 'a', closed)).toBe(false);
    }
    // t < earliest holds for none, t <= latest for all: no split there.
    expect(t.splitsAt(0, D + 10 * H, 'a')).toBe(false);
    expect(t.splitsAt(0, D + 14 * H, 'a', true)).toBe(false);
    expect(t.timesSplit.size).toBe(0);
    for (const at of [D + 12 * H, D + 14 * H]) expect(t.splitsAt(0, at, 'a')).toBe(true);
    for (const at of [D + 10 * H, D + 12 * H]) expect(t.splitsAt(0, at, 'a', true)).toBe(true);
    expect([...t.timesSplit]).toEqual(['a']);
    // A row whose events are all at one time is never split.
    const one = new EventTable();
    dayRow(one, D + 10 * H, D + 10 * H, 5);
    one.append(D, 'u2', null, 'e', null); // and a later day row makes the table spread
    dayRow(one, D + DAY, D + DAY + H);
    expect(one.splitsAt(0, D + 10 * H, 'b')).toBe(false);
  });

  it('someWithin: from the earliest and latest times, exact for a window at least as long as the row', () => {
    const t = new EventTable();
    dayRow(t, D + 10 * H, D + 14 * H);
    const within = (from: number, to: number) => t.someWithin(0, from, to, 'short');
    expect(within(D + 9 * H, D + 30 * DAY)).toBe(true); // earliest inside
    expect(within(D + 12 * H, D + 30 * DAY)).toBe(true); // opens between: the latest is inside
    expect(within(D + 14 * H, D + 30 * DAY)).toBe(true); // opens at the latest
    expect(within(D + 15 * H, D + 30 * DAY)).toBe(false); // opens after the latest
    expect(within(D - 30 * DAY, D + 10 * H)).toBe(false); // closes at the earliest (open end)
    expect(within(D - 30 * DAY, D + 11 * H)).toBe(true);
    expect(t.timesSplit.size).toBe(0);
    // Both ends inside the row: whether an event lies between is not known.
    expect(within(D + 11 * H, D + 13 * H)).toBe(false);
    expect([...t.timesSplit]).toEqual(['short']);
  });

  it('removeUsers keeps the latest times of the rows it keeps', () => {
    const t = new EventTable();
    dayRow(t, D + H, D + 2 * H, 2, 'gone');
    dayRow(t, D + 3 * H, D + 5 * H, 2, 'kept');
    t.append(D + 6 * H, 'kept', null, 'login', null);
    const flags = new Uint8Array(t.users.size);
    flags[t.users.idOf('gone')] = 1;
    expect(t.removeUsers(flags)).toBe(2);
    expect([0, 1].map((i) => [t.timestampAt(i), t.lastTimeAt(i)])).toEqual([
      [D + 3 * H, D + 5 * H],
      [D + 6 * H, D + 6 * H],
    ]);
    expect(t.timeRange()).toEqual({ min: D + 3 * H, max: D + 6 * H });
  });

  it('appendTable after a day row: the appended rows are each at their own time', () => {
    const t = new EventTable();
    dayRow(t, D + H, D + 2 * H);
    const other = new EventTable();
    for (let i = 0; i < EVENT_CHUNK + 3; i++) other.append(D + DAY + i, 'u9', null, 'login', null);
    t.appendTable({ length: other.length, chunks: other.chunks, users: other.users.values, accounts: other.accounts.values, names: other.names.values, features: other.features.values });
    expect(t.length).toBe(EVENT_CHUNK + 4);
    expect(t.lastTimeAt(0)).toBe(D + 2 * H);
    expect(t.lastTimeAt(1)).toBe(D + DAY);
    expect(t.lastTimeAt(EVENT_CHUNK + 3)).toBe(D + DAY + EVENT_CHUNK + 2);
  });
});

describe('window scans over day rows', () => {
  function derived(): Derived {
    const events = new EventTable();
    dayRow(events, D + 10 * H, D + 14 * H, 4); // row 0
    dayRow(events, D + DAY + H, D + DAY + 2 * H, 2, 'u2'); // row 1
    return new Derived(tables({ events }), DEFAULT_SETTINGS, D + 10 * DAY);
  }

  it('forEachCoreRowTouching visits a row whose events reach into the window from before it', () => {
    const d = derived();
    const seen: number[] = [];
    d.forEachCoreRowTouching(D + 12 * H, D + 5 * DAY, (i) => seen.push(i));
    expect(seen).toEqual([0, 1]);
    expect(d.activeUsersBetween(D + 12 * H, D + 5 * DAY)).toEqual(new Set(['u1', 'u2']));
    expect(d.activeUsersBetween(D + 15 * H, D + 5 * DAY)).toEqual(new Set(['u2']));
  });

  it('forEachCoreEvent (for counts) visits rows by their earliest time and notes a row a window edge splits', () => {
    const d = derived();
    const seen: number[] = [];
    d.forEachCoreEvent(D, D + 5 * DAY, (i) => seen.push(i));
    expect(seen).toEqual([0, 1]);
    expect(d.tables.events.timesSplit.size).toBe(0); // midnight edges split no day row
    seen.length = 0;
    d.forEachCoreEvent(D + 12 * H, D + 5 * DAY, (i) => seen.push(i));
    expect(seen).toEqual([1]);
    expect([...d.tables.events.timesSplit]).toEqual(['a window edge inside a day']);
  });

  it('eventsWithin (sorted rows) takes in a row that starts up to a day before the window', () => {
    const { events } = derived().tables;
    const sorted = Int32Array.from([0, 1]);
    expect([...eventsWithin(sorted, events, D + 12 * H, D + 5 * DAY, 'w')]).toEqual([0, 1]);
    expect([...eventsWithin(sorted, events, D + 15 * H, D + 5 * DAY, 'w')]).toEqual([1]);
    expect([...eventsWithin(sorted, events, D + DAY, D + 5 * DAY, 'w')]).toEqual([1]);
    expect(events.timesSplit.size).toBe(0);
  });
});

describe('date outliers over day rows', () => {
  it('the latest date is the latest event a row stands for', () => {
    const t = emptyTables();
    dayRow(t.events, D + H, D + 23 * H);
    expect(latestWithoutOutliers(t).latest).toBe(D + 23 * H);
  });

  it('a day row across the outlier limit is noted: its events could fall on either side', () => {
    /** 100 events a day for 100 days: the 99.9th percentile is day 99, the limit 90 days later. */
    const base = () => {
      const t = emptyTables();
      for (let k = 0; k < 10_000; k++) t.events.append(D + Math.floor(k / 100) * DAY, 'u', null, 'e', null);
      return t;
    };
    const limit = D + 99 * DAY + 90 * DAY;
    const t = base();
    dayRow(t.events, limit - 2 * H, limit + 2 * H, 3);
    latestWithoutOutliers(t);
    expect([...t.events.timesSplit]).toEqual(['date outliers: a day summary across the outlier limit']);
    // Beyond the limit, the same row is an outlier whichever way its events fall.
    const far = base();
    dayRow(far.events, limit + 2 * H, limit + 4 * H, 3);
    expect(latestWithoutOutliers(far).outliers).toHaveLength(3);
    expect(far.events.timesSplit.size).toBe(0);
  });
});

describe('reading a folder again, its events row by row', () => {
  it('notes the reason on each events file DuckDB would read, and says "again" in every progress report', async () => {
    const { loadDataset } = await import('../../src/ingest/load-dataset.js');
    const reports: Array<boolean | undefined> = [];
    const dataset = await loadDataset('fixtures/product-led', { rowByRowBecause: 'a reason', onProgress: (p) => reports.push(p.again) });
    const events = dataset.files.find((f) => f.table === 'events')!;
    expect(events.notes).toContain('events read row by row: a reason');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((again) => again === true)).toBe(true);
  });
});
