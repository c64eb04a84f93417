/**
 * Day summaries against the events they stand for, on random data (docs/engine-plan.md,
 * "Exactness at sub-day times"): the same events as raw rows and as day rows grouped the way
 * DuckDB groups them (user, account, event, feature, UTC day; invite names per exact time; rows
 * in order of their first event). Whether something happened in a window of a day or more is
 * always the same; a count, an invite count or a derived activation is the same unless the
 * summary noted a split (EventTable.timesSplit), which makes a run read the events row by row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventTable, TABLE_NAMES, type Dataset, type ProductEvent, type Tables, type User } from '../../src/core/model.js';
import { DEFAULT_SETTINGS, exactTimeEventLabels, normaliseLabel } from '../../src/core/settings.js';
import { deriveActivation } from '../../src/ingest/derive-activation.js';
import { Derived } from '../../src/metrics/derived.js';
import inviteKFactor from '../../src/metrics/checks/invite-k-factor.js';
import { run, tables } from '../helpers/factories.js';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const NAMES = ['report_viewed', 'export_run', 'Invite-Sent', 'login', 'user_signed_up'];

/** The day rows DuckDB's grouping gives for `raw` (events-duckdb.ts eventsSummarySql). */
function daySummary(raw: readonly ProductEvent[]): EventTable {
  const exact = new Set(exactTimeEventLabels(DEFAULT_SETTINGS));
  const groups = new Map<string, { first: number; last: number; n: number; event: ProductEvent }>();
  for (const e of raw) {
    const day = Math.floor(e.timestamp / DAY);
    const key = JSON.stringify([e.userId, e.accountId, e.event, e.feature, day, exact.has(normaliseLabel(e.event)) ? e.timestamp : null]);
    const g = groups.get(key);
    if (!g) groups.set(key, { first: e.timestamp, last: e.timestamp, n: 1, event: e });
    else {
      g.first = Math.min(g.first, e.timestamp);
      g.last = Math.max(g.last, e.timestamp);
      g.n++;
    }
  }
  const table = new EventTable();
  // Map order is the order of each group's first row, as DuckDB's hand-over orders them.
  for (const { first, last, n, event: e } of groups.values()) {
    const id = (pool: EventTable['users'], v: string | null) => (v ? pool.intern(v) : -1);
    table.appendIds(first, id(table.users, e.userId), id(table.accounts, e.accountId), table.names.intern(e.event), id(table.features, e.feature), n, n, last);
  }
  return table;
}

// Few keys over few days, so most day rows hold several events at different times.
const eventArb = fc.record({
  timestamp: fc.integer({ min: START, max: START + 4 * DAY - 1 }),
  userId: fc.constantFrom('u0', 'u1'),
  accountId: fc.constantFrom('a0', null),
  event: fc.constantFrom(...NAMES),
  feature: fc.constantFrom('f0', null),
});
const eventsArb = fc.array(eventArb, { minLength: 1, maxLength: 80 });
const usersArb = fc.array(fc.integer({ min: START - DAY, max: START + 3 * DAY }), { minLength: 2, maxLength: 2 });
/** A window of at least a day, its ends anywhere (not midnights). */
const windowArb = fc.tuple(fc.integer({ min: START - DAY, max: START + 4 * DAY }), fc.integer({ min: DAY, max: 3 * DAY }));

function usersOf(signups: readonly number[]): User[] {
  return signups.map((s, k) => ({ userId: `u${k}`, accountId: k % 2 === 0 ? 'a0' : 'a1', signupAt: s, activatedAt: null, role: 'other', title: null, invitedBy: null }));
}

function derivedOf(events: EventTable, users: User[]): Derived {
  return new Derived(tables({ events, users: users.map((u) => ({ ...u })) }), DEFAULT_SETTINGS, START + 9 * DAY);
}

describe('day rows give the answers of the events they stand for', () => {
  it('whether users, accounts and (feature, account) pairs were active in a window of a day or more', () => {
    fc.assert(
      fc.property(eventsArb, usersArb, windowArb, (raw, signups, [from, length]) => {
        const users = usersOf(signups);
        const summary = daySummary(raw);
        const [a, b] = [derivedOf(EventTable.from(raw), users), derivedOf(summary, users)];
        const to = from + length;
        expect([...b.activeUsersBetween(from, to)].sort()).toEqual([...a.activeUsersBetween(from, to)].sort());
        expect([...b.activeAccountsBetween(from, to)].sort()).toEqual([...a.activeAccountsBetween(from, to)].sort());
        const pairs = (d: Derived) => [...d.featureAccountsBetween(from, to)].map(([f, s]) => `${f}:${[...s].sort().join(',')}`).sort();
        expect(pairs(b)).toEqual(pairs(a));
        expect(summary.timesSplit.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('feature event counts in any window: the same, unless a split was noted', () => {
    fc.assert(
      fc.property(eventsArb, usersArb, fc.integer({ min: START - DAY, max: START + 4 * DAY }), fc.integer({ min: 1, max: 3 * DAY }), (raw, signups, from, length) => {
        const users = usersOf(signups);
        const summary = daySummary(raw);
        const counts = (d: Derived) => [...d.featureEventCounts(from, from + length)].sort();
        const got = counts(derivedOf(summary, users));
        if (summary.timesSplit.size === 0) expect(got).toEqual(counts(derivedOf(EventTable.from(raw), users)));
      }),
      { numRuns: 1000 },
    );
  });

  it('invite-k-factor: invites are kept at their own times, so its result is always the events\'', () => {
    fc.assert(
      fc.property(eventsArb, usersArb, (raw, signups) => {
        const users = usersOf(signups);
        const summary = daySummary(raw);
        const result = (events: EventTable) => JSON.stringify(run(inviteKFactor, tables({ events, users: users.map((u) => ({ ...u })) }), '2025-01-09', { minN: 1 }));
        expect(result(summary)).toBe(result(EventTable.from(raw)));
        expect(summary.timesSplit.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('derived activation (the first core event after signup): the same, unless a split was noted', () => {
    let noted = 0;
    fc.assert(
      fc.property(eventsArb, usersArb, (raw, signups) => {
        const activation = (events: EventTable): Array<number | null> => {
          const t: Tables = tables({ events, users: usersOf(signups) });
          const dataset: Dataset = { tables: t, present: new Set(TABLE_NAMES.filter((n) => t[n].length > 0)), files: [], issues: [] };
          deriveActivation(dataset, DEFAULT_SETTINGS);
          return t.users.map((u) => u.activatedAt);
        };
        const summary = daySummary(raw);
        const got = activation(summary);
        if (summary.timesSplit.size > 0) noted++;
        else expect(got).toEqual(activation(EventTable.from(raw)));
      }),
      { numRuns: 1000 },
    );
    // The property is not empty: most runs compare.
    expect(noted).toBeLessThan(500);
  });
});
