import { describe, expect, it } from 'vitest';
import { Derived, type SharedCompute } from '../../src/metrics/derived.js';
import { mulberry32 } from '../../src/stats/stats.js';
import { EventTable, type ProductEvent } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { tables, user } from '../helpers/factories.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/** ~150 k events over 100 days (three chunks), a few without account, user or feature. */
function randomEvents(seed: number, sorted: boolean): ProductEvent[] {
  const rand = mulberry32(seed);
  const names = ['feature_used', 'login', 'report_run', 'pageview', 'export'];
  const out: ProductEvent[] = Array.from({ length: 150_000 }, () => ({
    timestamp: START + Math.floor(rand() * 100 * DAY),
    userId: rand() < 0.02 ? null : `u${Math.floor(rand() * 400)}`,
    accountId: rand() < 0.3 ? null : `a${Math.floor(rand() * 60)}`,
    event: names[Math.floor(rand() * names.length)]!,
    feature: rand() < 0.1 ? null : `f${Math.floor(rand() * 12)}`,
  }));
  if (sorted) out.sort((a, b) => a.timestamp - b.timestamp);
  return out;
}

function derivedOf(events: ProductEvent[]): Derived {
  const users = Array.from({ length: 400 }, (_, i) => user({ userId: `u${i}`, accountId: i % 7 === 0 ? null : `a${i % 80}` }));
  return new Derived(tables({ events: EventTable.from(events), users }), DEFAULT_SETTINGS, START + 100 * DAY);
}

describe('Derived window scans', () => {
  it('visit the same rows, in table order, whether or not the table is in time order', () => {
    for (const sorted of [true, false]) {
      const events = randomEvents(sorted ? 1 : 2, sorted);
      const d = derivedOf(events);
      const windows: Array<[number, number]> = [
        [START + 30 * DAY, START + 60 * DAY],
        [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
        [START + 99 * DAY, START + 200 * DAY],
        [START - DAY, START + 0.5 * DAY],
        [START + 50 * DAY, START + 40 * DAY],
        [events[70_000]!.timestamp, events[70_000]!.timestamp + 1],
      ];
      for (const [from, to] of windows) {
        const seen: number[] = [];
        d.forEachCoreEvent(from, to, (i) => seen.push(i));
        const expected: number[] = [];
        events.forEach((e, i) => {
          if (e.timestamp >= from && e.timestamp < to && d.isCoreEvent(e)) expected.push(i);
        });
        expect(seen).toEqual(expected);

        // The aggregates built on the scan, against a plain computation over event objects.
        const accounts = new Set<string>();
        const users = new Set<string>();
        const featureAccounts = new Map<string, Set<string>>();
        const featureCounts = new Map<string, number>();
        for (const i of expected) {
          const e = events[i]!;
          const account = d.accountOfEvent(e);
          if (account) accounts.add(account);
          if (e.userId) users.add(e.userId);
          if (e.feature) {
            featureCounts.set(e.feature, (featureCounts.get(e.feature) ?? 0) + 1);
            if (account) {
              const set = featureAccounts.get(e.feature) ?? new Set<string>();
              set.add(account);
              featureAccounts.set(e.feature, set);
            }
          }
        }
        expect([...d.activeAccountsBetween(from, to)]).toEqual([...accounts]);
        expect([...d.activeUsersBetween(from, to)]).toEqual([...users]);
        expect([...d.featureEventCounts(from, to)]).toEqual([...featureCounts]);
        expect([...d.featureAccountsBetween(from, to)].map(([f, s]) => [f, [...s]])).toEqual([...featureAccounts].map(([f, s]) => [f, [...s]]));
      }
    }
  });
});

describe('Derived.memoise', () => {
  it('memoises under the function that computes the data: one value for every caller, no declaration', () => {
    const derived = new Derived(tables({ users: [user({ userId: 'u1' })] }), DEFAULT_SETTINGS, 0);
    let builds = 0;
    const userCount: SharedCompute<number[]> = (t) => [++builds, t.users.length];
    const other: SharedCompute<number[]> = (t) => [++builds, t.users.length];
    const first = derived.memoise(userCount);
    expect(first).toEqual([1, 1]);
    expect(derived.memoise(userCount)).toBe(first);
    // another function is another key, even for the same data
    expect(derived.memoise(other)).toEqual([2, 1]);
    expect(builds).toBe(2);
    // the compute gets the tables and the Derived instance (its own memoised data)
    expect(derived.memoise((t, d) => d.usersById() === derived.usersById() && t.users.length === 1)).toBe(true);
    // each analysis (Derived instance) computes its own
    expect(new Derived(tables({}), DEFAULT_SETTINGS, 0).memoise(userCount)).toEqual([3, 0]);
  });
});

describe('Derived carry (the period ends of one --trend)', () => {
  it('builds as-of-free data once for all instances and never shares what depends on T', () => {
    const t = tables({ users: [user({ userId: 'u1', accountId: 'a1' })] });
    const carry = new Map<string, unknown>();
    const march = new Derived(t, DEFAULT_SETTINGS, START + 90 * DAY, carry);
    const june = new Derived(t, DEFAULT_SETTINGS, START + 180 * DAY, carry);
    expect(june.usersById()).toBe(march.usersById());
    expect(june.wonDeals()).toBe(march.wonDeals());
    let builds = 0;
    const asOfFree: SharedCompute<number[]> = () => [++builds];
    const shared = march.memoise(asOfFree, { asOfFree: true });
    expect(june.memoise(asOfFree, { asOfFree: true })).toBe(shared);
    expect(builds).toBe(1);
    const dependsOnT: SharedCompute<number> = (_, d) => d.asOf;
    expect([march.memoise(dependsOnT), june.memoise(dependsOnT)]).toEqual([START + 90 * DAY, START + 180 * DAY]);
    // touches of open deals run to T: each instance its own
    expect(june.touchJoin()).not.toBe(march.touchJoin());
    // without a carry, nothing is shared
    expect(new Derived(t, DEFAULT_SETTINGS, 0).usersById()).not.toBe(march.usersById());
  });
});
