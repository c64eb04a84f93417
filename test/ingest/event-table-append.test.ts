/**
 * EventTable.appendTable (src/core/model.ts): rows read on another thread into their own table join
 * as if one table had read them all: same ids (pool values in order of first appearance), same
 * rows, across chunk boundaries on either side.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_CHUNK, EventTable, type ProductEvent } from '../../src/core/model.js';
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
      expect(a.timeRange()).toEqual(whole.timeRange());
      expect(a.timeOrdered).toBe(whole.timeOrdered);
    });
  }

  it('keeps the span and order of the timestamps as rows come, across a join', () => {
    const at = (times: number[]): EventTable => EventTable.from(times.map((t) => ({ timestamp: t, userId: 'u', accountId: null, event: 'e', feature: null })));
    const scan = (table: EventTable): { min: number; max: number; ordered: boolean } => {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let ordered = true;
      let last = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < table.length; i++) {
        const t = table.timestampAt(i);
        if (t < min) min = t;
        if (t > max) max = t;
        if (!(t >= last)) ordered = false;
        last = t;
      }
      return { min, max, ordered };
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Number.NaN)), { maxLength: 30 }), fc.nat(30), (times, cut) => {
        const whole = at(times);
        const joined = at(times.slice(0, cut));
        joined.appendTable(tableParts(at(times.slice(cut))).parts);
        for (const table of [whole, joined]) {
          const want = scan(table);
          expect(table.timeRange()).toEqual(table.length === 0 ? null : { min: want.min, max: want.max });
          expect(table.timeOrdered).toBe(want.ordered);
        }
      }),
    );
  });

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

  describe('id columns start 16-bit and widen at the first id that does not fit', () => {
    const many = (n: number, prefix: string, from = 0): ProductEvent[] =>
      Array.from({ length: n }, (_, k) => ({ timestamp: k, userId: `u${k % 7}`, accountId: `${prefix}a${from + k}`, event: `${prefix}e${from + k}`, feature: k % 2 ? null : `${prefix}f${from + k}` }));

    it('in one table', () => {
      const rows = many(70_000, 'x');
      const table = EventTable.from(rows);
      expect(table.chunks[0]!.account).toBeInstanceOf(Int32Array);
      expect(table.chunks[0]!.name).toBeInstanceOf(Int32Array);
      expect(table.chunks[0]!.feature).toBeInstanceOf(Int32Array); // 35,000 features
      expect(table.get(69_999)).toEqual(rows[69_999]);
      expect(table.get(12)).toEqual(rows[12]);
      const small = EventTable.from(many(100, 'y'));
      expect(small.chunks[0]!.name).toBeInstanceOf(Int16Array);
    });

    const joins: Array<[string, ProductEvent[], ProductEvent[]]> = [
      ['narrow, then wide', many(10, 'p'), many(40_000, 'q')],
      ['wide, then narrow', many(40_000, 'p'), many(10, 'q')],
      ['narrow and narrow, too many ids together', many(32_760, 'p'), many(30, 'q')],
      ['narrow and narrow, shared ids', many(30, 'p'), many(30, 'p', 10)],
    ];
    for (const [label, first, second] of joins) {
      it(label, () => {
        const whole = EventTable.from([...first, ...second]);
        const a = EventTable.from(first);
        a.appendTable(tableParts(EventTable.from(second)).parts);
        expect(a.names.values).toEqual(whole.names.values);
        expect(columnsOf(a)).toEqual(columnsOf(whole));
        for (const column of ['account', 'name', 'feature'] as const) {
          expect(new Set(a.chunks.map((c) => c[column].constructor.name)).size, column).toBe(1);
        }
      });
    }
  });
});
