/**
 * EventTable.appendTable (src/model.ts): rows read on another thread into their own table join
 * as if one table had read them all: same ids (pool values in order of first appearance), same
 * rows, across chunk boundaries on either side.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_CHUNK, EventTable, type ProductEvent } from '../../src/model.js';
import { tableParts } from '../../src/ingest/events-split.js';

function row(k: number, seed: number): ProductEvent {
  const u = (k * 7 + seed) % 97;
  return {
    timestamp: 1_700_000_000_000 + k * 1000 + seed,
    userId: u % 11 === 0 ? null : `u${u}`,
    accountId: u % 13 === 0 ? null : `a${u % 17}`,
    event: `e${(k + seed) % 5}`,
    feature: k % 3 === 0 ? null : `f${(k * 5 + seed) % 23}`,
  };
}

function columnsOf(table: EventTable): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < table.length; i++) out.push([table.timestampAt(i), table.userAt(i), table.accountAt(i), table.nameAt(i), table.featureAt(i)]);
  return out;
}

describe('EventTable.appendTable', () => {
  const cases: Array<[number, number]> = [
    [0, 5],
    [5, 0],
    [3, 10],
    [EVENT_CHUNK, 10],
    [EVENT_CHUNK - 3, 3],
    [EVENT_CHUNK - 3, 7],
    [EVENT_CHUNK - 3, 2 * EVENT_CHUNK + 5],
    [10, 2 * EVENT_CHUNK],
    [2 * EVENT_CHUNK + 1, EVENT_CHUNK - 1],
  ];
  for (const [first, second] of cases) {
    it(`${first} rows then ${second} rows`, () => {
      const seed = first + second;
      const whole = new EventTable();
      const a = new EventTable();
      const b = new EventTable();
      for (let k = 0; k < first; k++) {
        whole.push(row(k, seed));
        a.push(row(k, seed));
      }
      for (let k = first; k < first + second; k++) {
        whole.push(row(k, seed));
        b.push(row(k, seed));
      }
      a.appendTable(tableParts(b).parts);
      expect(a.length).toBe(whole.length);
      expect(a.chunks.length).toBe(whole.chunks.length);
      expect(a.users.values).toEqual(whole.users.values);
      expect(a.accounts.values).toEqual(whole.accounts.values);
      expect(a.names.values).toEqual(whole.names.values);
      expect(a.features.values).toEqual(whole.features.values);
      expect(columnsOf(a)).toEqual(columnsOf(whole));
    });
  }

  it('small tables, any split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), fc.nat(40), (keys, cut) => {
        const rows = keys.map((k, i) => row(k * 3 + i, k));
        const whole = EventTable.from(rows);
        const a = EventTable.from(rows.slice(0, cut));
        a.appendTable(tableParts(EventTable.from(rows.slice(cut))).parts);
        expect(a.users.values).toEqual(whole.users.values);
        expect(columnsOf(a)).toEqual(columnsOf(whole));
      }),
    );
  });
});
