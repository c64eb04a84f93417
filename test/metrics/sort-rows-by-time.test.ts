/** sortRowsByTime (shared-features.ts) gives exactly the comparator sort by (timestamp, row). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventTable } from '../../src/core/model.js';
import { sortRowsByTime } from '../../src/metrics/shared-features.js';

function tableOf(times: number[]): EventTable {
  const table = new EventTable();
  for (const t of times) table.append(t, 'u', 'a', 'e', 'f');
  return table;
}

function expected(rows: Int32Array, table: EventTable): number[] {
  return [...rows].sort((a, b) => table.timestampAt(a) - table.timestampAt(b) || a - b);
}

describe('sortRowsByTime', () => {
  const base = 1_700_000_000_000;
  const whole = fc.oneof(
    fc.integer({ min: 0, max: 50 }).map((x) => base + x), // many ties
    fc.integer({ min: 0, max: 2 ** 40 }).map((x) => base + x), // several radix passes
    fc.constantFrom(-86_400_000, 0, 8191, 8192, 2 ** 26, 2 ** 39 + 5),
  );
  const any = fc.oneof(whole, fc.double({ min: -1e13, max: 1e13, noNaN: true }), fc.constantFrom(0.5, base + 0.25));
  for (const [label, values] of [['whole milliseconds (radix)', whole], ['fractional too (comparator)', any]] as const) {
    it(label, () => {
      fc.assert(
        fc.property(fc.array(values, { maxLength: 300 }), fc.func(fc.boolean()), (times, keep) => {
          const table = tableOf(times);
          const rows = Int32Array.from(times.map((_, i) => i).filter((i) => keep(i)));
          const want = expected(rows, table);
          sortRowsByTime(rows, table);
          expect([...rows]).toEqual(want);
        }),
        { numRuns: 500 },
      );
    });
  }
  it('a large nearly sorted list (the shape of real exports)', () => {
    const times = Array.from({ length: 200_000 }, (_, i) => base + i * 1000 + ((i * 7919) % 5000) * 37);
    const table = tableOf(times);
    const rows = Int32Array.from(times.keys());
    const want = expected(rows, table);
    sortRowsByTime(rows, table);
    expect([...rows]).toEqual(want);
  });
});

describe('coreEventsByFeature', () => {
  it('lists each feature’s core events by time, ties in table order, whatever the table order', async () => {
    const { coreEventsByFeature } = await import('../../src/metrics/shared-features.js');
    const { Derived } = await import('../../src/metrics/derived.js');
    const { DEFAULT_SETTINGS } = await import('../../src/core/settings.js');
    const { emptyTables } = await import('../../src/core/model.js');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom('f1', 'f2', null), fc.constantFrom('used', 'pageview', 'login')), { maxLength: 80 }),
        (rows) => {
          const tables = emptyTables();
          for (const [t, feature, event] of rows) tables.events.append(1_700_000_000_000 + t * 60_000, 'u1', 'a1', event, feature);
          const derived = new Derived(tables, DEFAULT_SETTINGS, 1_800_000_000_000);
          const byFeature = coreEventsByFeature(derived, tables.events);
          const core = derived.coreNameFlags();
          for (const feature of ['f1', 'f2']) {
            const want = rows
              .map((r, i) => ({ t: r[0], i, keep: r[1] === feature && core[tables.events.nameAt(i)] === 1 }))
              .filter((x) => x.keep)
              .sort((a, b) => a.t - b.t || a.i - b.i)
              .map((x) => x.i);
            expect([...(byFeature.get(feature) ?? [])]).toEqual(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
