/**
 * The ingest fast paths give exactly what the general code gives: ISO timestamps read without
 * the regular expression, text cells that need no trimming, and events appended straight into
 * the columns instead of through the RowReader and the `event` builder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDateParser, parseText, isBlank } from '../../src/ingest/coerce.js';
import { eventAppender, eventCellsAppender, eventRangeAppender, eventRangeBatch, ROW_BUILDERS, RowReader, ValueLog, DEFAULT_VALUE_SETTINGS, type RowContext } from '../../src/ingest/rows.js';
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

describe('date parser from a range', () => {
  const tail = fc.constantFrom('', 'Z', '.123', '.123Z', '+02:00', ' ', '.1234');
  const shaped = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom('T', ' '), tail)
    .map(([y, mo, d, h, mi, s, t, z]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${t}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${z}`);
  const noise = fc.array(fc.constantFrom('0', '1', '2', '9', '-', ':', 'T', ' ', 'Z', '.', 'x', '/'), { maxLength: 26 }).map((c) => c.join(''));
  const around = fc.array(fc.constantFrom('2', '-', ',', 'Z', 'a', ':'), { maxLength: 4 }).map((c) => c.join(''));
  it('reads text.slice(start, end) as the parser reads that string, for every format', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(around, fc.oneof(shaped, noise), around), { minLength: 1, maxLength: 20 }), fc.constantFrom('mdy', 'dmy'), fc.constantFrom(null, 'epoch-s', 'excel'), (cells, order, numeric) => {
        // Same parser state (day cache) on both sides: one parser per side, same calls in the same order.
        const a = makeDateParser({ order: order as 'mdy', numeric: numeric as null });
        const b = makeDateParser({ order: order as 'mdy', numeric: numeric as null });
        const text = cells.map(([l, v, r]) => `${l}${v}${r}`).join('');
        let at = 0;
        for (const [l, v, r] of cells) {
          const start = at + l.length;
          expect(b.fromRange(text, start, start + v.length)).toBe(a(v));
          at += l.length + v.length + r.length;
        }
      }),
      { numRuns: 3000 },
    );
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

describe('eventRangeAppender', () => {
  const cell = fc.constantFrom('', ' ', 'u1', 'a1', 'null', 'login', 'report_viewed', ' reports ', 'N/A', 'user_00017', 'acct_0042', '2024-01-02T03:04:05Z', '2024-01-02 03:04:05.120', '2024-02-30T00:00:00Z', '2024-01-02T25:00:00Z', 'soon', '1/2/2024');
  const fields = ['timestamp', 'event', 'userId', 'accountId', 'feature'] as const;
  it('adds the same events (ids included) and rejects the same rows as eventCellsAppender', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 16 }),
        (indexes, missing, rows) => {
          const columns = Object.fromEntries(fields.map((f, k) => [f, k === missing ? -1 : indexes[k]!]));
          const ctx = (): RowContext => ({ dates: { timestamp: makeDateParser({ order: 'mdy', numeric: null }) }, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() });
          const columnOf = (f: string): string => `col:${f}`;
          const a = new EventTable();
          const b = new EventTable();
          const viaCells = eventCellsAppender(a, ctx(), columnOf, columns);
          const viaRange = eventRangeAppender(b, ctx(), columnOf, columns);
          for (const cells of rows) {
            const text = `x,${cells.join(',')},y`;
            const starts = new Int32Array(cells.length);
            const ends = new Int32Array(cells.length);
            let at = 2;
            cells.forEach((c, k) => {
              starts[k] = at;
              ends[k] = at + c.length;
              at += c.length + 1;
            });
            expect(viaRange(text, starts, ends, cells.length)).toEqual(viaCells(cells));
          }
          expect(b.length).toBe(a.length);
          for (let i = 0; i < a.length; i++) {
            expect([b.timestampAt(i), b.userAt(i), b.accountAt(i), b.nameAt(i), b.featureAt(i)]).toEqual([a.timestampAt(i), a.userAt(i), a.accountAt(i), a.nameAt(i), a.featureAt(i)]);
          }
          expect([...b]).toEqual([...a]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("tries a user's last account first: users who change accounts, and more users than its first table", () => {
    const ctx = (): RowContext => ({ dates: { timestamp: makeDateParser({ order: 'mdy', numeric: null }) }, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() });
    const columns = { timestamp: 0, userId: 1, accountId: 2, event: 3, feature: 4 };
    const a = new EventTable();
    const b = new EventTable();
    const viaCells = eventCellsAppender(a, ctx(), (f) => f, columns);
    const viaRange = eventRangeAppender(b, ctx(), (f) => f, columns);
    for (let k = 0; k < 6000; k++) {
      const user = `user_${(k * 7919) % 2500}`;
      // Most users keep one account; every 7th row moves to another, some to a blank one.
      const account = k % 7 === 0 ? `acct_${k % 13}` : k % 11 === 0 ? '' : `acct_${((k * 7919) % 2500) % 40}`;
      const cells = ['2024-01-02T03:04:05Z', user, account, 'login', ''];
      const text = cells.join(',');
      const starts = new Int32Array(5);
      const ends = new Int32Array(5);
      let at = 0;
      cells.forEach((c, i) => {
        starts[i] = at;
        ends[i] = at + c.length;
        at += c.length + 1;
      });
      expect(viaRange(text, starts, ends, 5)).toEqual(viaCells(cells));
    }
    expect(b.accounts.values).toEqual(a.accounts.values);
    for (let i = 0; i < a.length; i++) expect([b.userAt(i), b.accountAt(i)]).toEqual([a.userAt(i), a.accountAt(i)]);
  });
});

describe('eventRangeBatch', () => {
  const ctx = (): RowContext => ({ dates: { timestamp: makeDateParser({ order: 'mdy', numeric: null }) }, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() });
  const columns = { timestamp: 0, userId: 1, accountId: 2, event: 3, feature: 4 };
  // Users whose ids end in a letter (no numbered pattern) and outnumber a small pool, so the
  // batch touches the hash table before its lookups; blank and padded cells, bad dates.
  const user = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 999 }).map((k) => `usr-${k.toString(16)}-z`) }, { weight: 1, arbitrary: fc.constantFrom('', ' padded-user ', 'null') });
  const row = fc.tuple(fc.constantFrom('2024-01-02T03:04:05Z', '2024-02-30T00:00:00Z', ''), user, fc.constantFrom('acct-a', 'acct-b', ''), fc.constantFrom('login', 'report_viewed', ''), fc.constantFrom('', 'reports'));

  it('appends the rows eventRangeAppender appends, with the same rejections in the same order, flushed anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.integer({ min: 0, max: 9 })), { maxLength: 1200 }), (rows) => {
        const a = new EventTable();
        const b = new EventTable();
        const one = eventRangeAppender(a, ctx(), (f) => f, columns);
        const expected: Array<[number, string | null]> = [];
        const seen: Array<[number, string | null]> = [];
        const batch = eventRangeBatch(b, ctx(), (f) => f, columns, 5, (line, rejection) => seen.push([line, rejection?.code ?? null]));
        let text = '';
        rows.forEach(([cells, action], line) => {
          // A new text now and then (a new read), and a flush now and then (the end of a read).
          if (action === 0 || text === '') text = `${'#'.repeat(line % 7)}${cells.join(',')}`;
          const body = cells.join(',');
          const at = text.indexOf(body) >= 0 ? text.indexOf(body) : ((text = body), 0);
          const starts = new Int32Array(5);
          const ends = new Int32Array(5);
          let pos = at;
          cells.forEach((c, k) => {
            starts[k] = pos;
            ends[k] = pos + c.length;
            pos += c.length + 1;
          });
          expected.push([line, one(text, starts, ends, 5)?.code ?? null]);
          batch.add(line, text, starts, ends);
          if (action === 1) batch.flush();
        });
        batch.flush();
        expect(seen).toEqual(expected);
        expect(b.users.values).toEqual(a.users.values);
        expect([...b]).toEqual([...a]);
      }),
      { numRuns: 200 },
    );
  });
});
