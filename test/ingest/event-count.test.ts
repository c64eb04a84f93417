/**
 * Pre-aggregated events (ProductEvent.count): a row that stands for several events, as Pendo's
 * `numEvents` and pullcheck's warehouse summary `event_count` give them (docs/warehouse.md).
 */
import { describe, expect, it } from 'vitest';
import { EVENT_CHUNK, EventTable } from '../../src/core/model.js';
import { eventCountOf } from '../../src/ingest/rows.js';
import { tableParts } from '../../src/ingest/events-split.js';

describe('eventCountOf', () => {
  it('reads whole numbers from 1, with thousands separators or a .0', () => {
    expect(eventCountOf('1')).toBe(1);
    expect(eventCountOf(' 12 ')).toBe(12);
    expect(eventCountOf('1,234')).toBe(1234);
    expect(eventCountOf('1 234 567')).toBe(1234567);
    expect(eventCountOf('7.0')).toBe(7);
    expect(eventCountOf('4294967295')).toBe(4294967295);
  });

  it('says why a count cannot be used', () => {
    expect(eventCountOf('')).toMatch(/blank/);
    expect(eventCountOf('0')).toMatch(/no event/);
    expect(eventCountOf('-3')).toMatch(/not a whole number/);
    expect(eventCountOf('2.5')).toMatch(/not a whole number/);
    expect(eventCountOf('12,34')).toMatch(/not a whole number/);
    expect(eventCountOf('abc')).toMatch(/not a whole number/);
    expect(eventCountOf('4294967296')).toMatch(/more events than a row/);
  });
});

describe('EventTable counts', () => {
  it('keeps no count column while every row is one event', () => {
    const t = EventTable.from([{ timestamp: 1, userId: 'u', accountId: null, event: 'e', feature: null }]);
    expect(t.chunks[0]!.count).toBeNull();
    expect(t.aggregated).toBe(false);
    expect(t.countAt(0)).toBe(1);
    expect(t.eventCount()).toBe(1);
    expect(new EventTable().eventCount()).toBe(0);
  });

  it('counts each row as the events it stands for', () => {
    const t = EventTable.from([
      { timestamp: 1, userId: 'u1', accountId: 'a', event: 'open', feature: 'f' },
      { timestamp: 2, userId: 'u2', accountId: 'a', event: 'open', feature: 'f', count: 5 },
      { timestamp: 3, userId: 'u1', accountId: 'a', event: 'save', feature: 'f', count: 2 },
    ]);
    expect(t.aggregated).toBe(true);
    expect([0, 1, 2].map((i) => t.countAt(i))).toEqual([1, 5, 2]);
    expect(t.eventCount()).toBe(8);
    expect([...t.countByName()]).toEqual([6, 2]);
    expect(t.get(1).count).toBe(5);
    expect(t.get(0).count).toBeUndefined();
  });

  it('removes a user with the events its rows stand for', () => {
    const t = EventTable.from([
      { timestamp: 1, userId: 'staff', accountId: null, event: 'e', feature: null, count: 4 },
      { timestamp: 2, userId: 'u', accountId: null, event: 'e', feature: null, count: 3 },
      { timestamp: 3, userId: 'staff', accountId: null, event: 'e', feature: null },
    ]);
    const flags = new Uint8Array(t.users.size);
    flags[t.users.intern('staff')] = 1;
    expect(t.removeUsers(flags)).toBe(5);
    expect(t.length).toBe(1);
    expect(t.countAt(0)).toBe(3);
    expect(t.eventCount()).toBe(3);
  });

  it('joins a part read on another thread with its counts, across a chunk boundary', () => {
    const first = new EventTable();
    const n = EVENT_CHUNK - 2;
    for (let i = 0; i < n; i++) first.append(i, 'u', null, 'e', null);
    const second = new EventTable();
    for (let i = 0; i < 5; i++) second.append(n + i, 'v', null, 'e', null, i + 2);
    first.appendTable(tableParts(second).parts);
    expect(first.length).toBe(n + 5);
    expect(first.aggregated).toBe(true);
    expect(first.countAt(n - 1)).toBe(1);
    expect([0, 1, 2, 3, 4].map((k) => first.countAt(n + k))).toEqual([2, 3, 4, 5, 6]);
    expect(first.eventCount()).toBe(n + 2 + 3 + 4 + 5 + 6);
    expect(first.timestampAt(n + 4)).toBe(n + 4);
  });

  it('joins a part of single events onto an aggregated table', () => {
    const first = EventTable.from([{ timestamp: 1, userId: 'u', accountId: null, event: 'e', feature: null, count: 9 }]);
    const second = EventTable.from([{ timestamp: 2, userId: 'u', accountId: null, event: 'e', feature: null }]);
    first.appendTable(tableParts(second).parts);
    expect([first.countAt(0), first.countAt(1)]).toEqual([9, 1]);
    expect(first.eventCount()).toBe(10);
  });
});
