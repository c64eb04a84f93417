/**
 * The ingest fast paths give exactly what the general code gives: ISO timestamps read without
 * the regular expression, text cells that need no trimming, and events appended straight into
 * the columns instead of through the RowReader and the `event` builder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDateParser, parseText, isBlank } from '../../src/ingest/coerce.js';
import { eventAppender, eventCellsAppender, ROW_BUILDERS, RowReader, ValueLog, DEFAULT_VALUE_SETTINGS, type RowContext } from '../../src/ingest/rows.js';
import { EventTable, type ProductEvent } from '../../src/core/model.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

describe('ISO timestamp fast path', () => {
  const parse = makeDateParser({ order: 'mdy', numeric: null });
  it('equals the regular-expression path (a leading space forces it) on timestamp-shaped text', () => {
    const shaped = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('T', ' ', 't'), fc.constantFrom('', 'Z', 'z', '.123', '.5', '.123Z', ',123', '+02:00', ' Z', '.1234'),
      )
      .map(([y, mo, d, h, mi, s, t, tail]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${t}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${tail}`);
    fc.assert(fc.property(shaped, (v) => {
      expect(parse(v)).toBe(parse(` ${v}`));
    }), { numRuns: 5000 });
  });
  it('and on near-misses', () => {
    const chars = fc.constantFrom('0', '1', '2', '9', '-', ':', 'T', ' ', 'Z', '.', 'x');
    const text = fc.array(chars, { minLength: 18, maxLength: 25 }).map((c) => c.join(''));
    fc.assert(fc.property(text, (v) => {
      expect(parse(v)).toBe(v.trim() === '' ? null : parse(` ${v}`));
    }), { numRuns: 5000 });
  });
});

describe('epoch numbers made of digits alone', () => {
  it('equal the general path (a leading space forces it) in every numeric format', () => {
    const digits = fc.oneof(fc.stringMatching(/^[0-9]{1,22}$/), fc.integer({ min: 0, max: 4_000_000_000_000 }).map(String));
    fc.assert(fc.property(digits, fc.constantFrom('epoch-s', 'epoch-ms', 'excel', null), fc.constantFrom('mdy', 'dmy'), (v, numeric, order) => {
      const parse = makeDateParser({ order: order as 'mdy', numeric: numeric as 'epoch-s' | null });
      expect(parse(v)).toBe(parse(` ${v}`));
    }), { numRuns: 5000 });
  });
});

describe('parseText fast path', () => {
  it('equals trim-and-blank-words on any text', () => {
    const text = fc.array(fc.constantFrom('a', 'n', 'u', 'l', 'N', '/', '-', ' ', '\t', '\u00a0', '\uFEFF', 'é', 'o', 'e'), { maxLength: 8 }).map((c) => c.join(''));
    fc.assert(fc.property(text, (v) => {
      expect(parseText(v)).toBe(isBlank(v) ? null : v.trim());
    }), { numRuns: 5000 });
  });
});

describe('eventAppender', () => {
  const cell = fc.option(fc.constantFrom('', ' ', 'u1', 'a1', 'null', 'login', 'report_viewed', ' reports ', 'N/A', '2024-01-02T03:04:05Z', '2024-02-30', 'soon', '1/2/2024'), { nil: undefined });
  const row = fc.record({ timestamp: cell, userId: cell, accountId: cell, event: cell, feature: cell });
  it('adds the same events and rejects the same rows as the event builder', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const ctx = (): RowContext => ({ dates: {}, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() });
        const columnOf = (f: string): string => `col:${f}`;
        const viaBuilder: Array<ProductEvent | string> = [];
        const viaAppender: Array<ProductEvent | string> = [];
        const table = new EventTable();
        const append = eventAppender(table, ctx(), columnOf);
        for (const r of rows) {
          const reader = new RowReader(r, columnOf, ctx());
          const e = ROW_BUILDERS.events(reader) as ProductEvent;
          viaBuilder.push(reader.rejection ? `${reader.rejection.code} ${reader.rejection.field} ${reader.rejection.message}` : e);
          const before = table.length;
          const rejection = append(r);
          viaAppender.push(rejection ? `${rejection.code} ${rejection.field} ${rejection.message}` : table.get(before));
        }
        expect(viaAppender).toEqual(viaBuilder);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('eventCellsAppender', () => {
  const cell = fc.constantFrom('', ' ', 'u1', 'a1', 'null', 'login', 'report_viewed', ' reports ', 'N/A', '2024-01-02T03:04:05Z', '2024-02-30', 'soon');
  const fields = ['timestamp', 'event', 'userId', 'accountId', 'feature'] as const;
  it('adds the same events and rejects the same rows as eventAppender over the mapped fields', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.array(cell, { minLength: 0, maxLength: 8 }), { maxLength: 12 }),
        (indexes, missing, rows) => {
          // Field k is read from cell indexes[k]; one field (maybe) has no column.
          const columns = Object.fromEntries(fields.map((f, k) => [f, k === missing && rows.length % 2 === 0 ? -1 : indexes[k]!]));
          const ctx = (): RowContext => ({ dates: {}, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() });
          const columnOf = (f: string): string => `col:${f}`;
          const a = new EventTable();
          const b = new EventTable();
          const viaMapped = eventAppender(a, ctx(), columnOf);
          const viaCells = eventCellsAppender(b, ctx(), columnOf, columns);
          for (const cells of rows) {
            const mapped = Object.fromEntries(fields.map((f) => [f, columns[f]! >= 0 ? cells[columns[f]!] : undefined]));
            expect(viaCells(cells)).toEqual(viaMapped(mapped));
          }
          expect([...b]).toEqual([...a]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
