import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideDateFormat, decideDecimalMark, makeDateParser, parseBool, parseDate, parseNumber, parseStage } from '../../src/ingest/coerce.js';
import { readCsv } from '../../src/ingest/read-csv.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mdy = makeDateParser({ order: 'mdy', numeric: null });
const dmy = makeDateParser({ order: 'dmy', numeric: null });

describe('dates', () => {
  it.each([
    [mdy, '3/14/2024', Date.UTC(2024, 2, 14)],
    [dmy, '14/3/2024', Date.UTC(2024, 2, 14)],
    [mdy, '14.03.2024', Date.UTC(2024, 2, 14)],
    [mdy, '3/14/24', Date.UTC(2024, 2, 14)],
    [mdy, '3/14/99', Date.UTC(1999, 2, 14)],
    [mdy, '3/14/2024 1:05 PM', Date.UTC(2024, 2, 14, 13, 5)],
    [mdy, '2024/03/14', Date.UTC(2024, 2, 14)],
    [mdy, 'Mar 14, 2024', Date.UTC(2024, 2, 14)],
    [mdy, '14 Mar 2024', Date.UTC(2024, 2, 14)],
    [mdy, '2019-09-15 2:50:54', Date.UTC(2019, 8, 15, 2, 50, 54)],
    [makeDateParser({ order: 'mdy', numeric: 'epoch-s' }), '1714557600', 1714557600_000],
    [makeDateParser({ order: 'mdy', numeric: 'epoch-ms' }), '1714557600123', 1714557600123],
    [makeDateParser({ order: 'mdy', numeric: 'excel' }), '45366', Date.UTC(2024, 2, 15)],
  ])('reads %#: %s', (parse, text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it('decides the order and numeric kind of a column from its values', () => {
    expect(decideDateFormat(['1/2/2024', '13/2/2024'])).toMatchObject({ order: 'dmy', ambiguous: false, label: 'D/M/YYYY' });
    expect(decideDateFormat(['20-10-16', '01-11-16'])).toMatchObject({ order: 'dmy', label: 'D-M-YY' }); // labelled as written
    expect(decideDateFormat(['1/2/2024', '2/13/2024'])).toMatchObject({ order: 'mdy', ambiguous: false });
    expect(decideDateFormat(['1/2/2024'])).toMatchObject({ order: 'mdy', ambiguous: true });
    expect(decideDateFormat(['13/1/2024', '1/13/2024', '14/1/2024'])).toMatchObject({ order: 'dmy', ambiguous: true });
    expect(decideDateFormat(['1714557600'])).toMatchObject({ numeric: 'epoch-s' });
    expect(decideDateFormat(['1714557600000'])).toMatchObject({ numeric: 'epoch-ms' });
    expect(decideDateFormat(['45366'])).toMatchObject({ numeric: 'excel' });
    expect(decideDateFormat(['1/2/2024'], { order: 'dmy' })).toMatchObject({ order: 'dmy', basis: 'set in config' });
  });

  it('round-trips generated dates in every written form (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1971, 0, 1)), max: new Date(Date.UTC(2068, 11, 31)), noInvalidDate: true }), (date) => {
        const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const p2 = (n: number) => String(n).padStart(2, '0');
        expect(parseDate(date.toISOString())).toBe(date.getTime());
        expect(mdy(`${m}/${d}/${y}`)).toBe(day);
        expect(dmy(`${d}/${m}/${y}`)).toBe(day);
        expect(mdy(`${p2(d)}.${p2(m)}.${y}`)).toBe(day);
        expect(mdy(`${m}/${d}/${p2(y % 100)}`)).toBe(day);
        expect(makeDateParser({ order: 'mdy', numeric: 'epoch-s' })(String(date.getTime() / 1000))).toBe(date.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on garbage (property)', () => {
    const parsers = [mdy, dmy, makeDateParser({ order: 'dmy', numeric: 'excel' })];
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const p of parsers) {
          const v = p(s);
          expect(v === null || v === undefined || Number.isFinite(v)).toBe(true);
        }
        decideDateFormat([s, s]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('money', () => {
  it.each([
    ['$12,500.00', '.', 12500],
    ['12.500,00 €', '.', 12500],
    ['12.500,00 €', ',', 12500],
    ['1 200,50', ',', 1200.5],
    ['EUR 1.200', ',', 1200],
    ['250k', '.', 250000],
    ['1.2M', '.', 1200000],
    ['(1,200)', '.', -1200],
    ['-$5', '.', -5],
    ['900 USD', '.', 900],
    ['12,5', ',', 12.5],
  ] as const)('reads %s (decimal %s)', (text, mark, expected) => {
    expect(parseNumber(text, mark)).toBeCloseTo(expected, 6);
  });

  it('rejects what is not money', () => {
    expect(parseNumber('12,5', '.')).toBeUndefined();
    expect(parseNumber('1,2,3')).toBeUndefined();
    expect(parseNumber('k')).toBeUndefined();
  });

  it('plain digits (and digits.digits under a "." mark) read as Number reads them; padded or marked text takes the general rules (property)', () => {
    const digits = fc.stringMatching(/^[0-9]{1,15}$/);
    fc.assert(
      fc.property(digits, fc.option(digits, { nil: undefined }), fc.constantFrom('.' as const, ',' as const), (int, frac, mark) => {
        const text = frac === undefined ? int : `${int}.${frac}`;
        const got = parseNumber(text, mark);
        if (frac === undefined) expect(got).toBe(Number(text));
        else if (mark === '.') expect(got).toBe(Number(text));
        // The same digits padded with spaces go through the general rules: the same number.
        expect(parseNumber(` ${text} `, mark)).toBe(got);
      }),
      { numRuns: 2000 },
    );
  });

  it('decides the decimal mark of a column', () => {
    expect(decideDecimalMark(['12.500,00 €', '3,5'])).toMatchObject({ mark: ',' });
    expect(decideDecimalMark(['$12,500.00'])).toMatchObject({ mark: '.' });
    expect(decideDecimalMark(['1,000'])).toMatchObject({ mark: '.', basis: 'assumed' });
  });

  it('round-trips generated amounts in US and European notation (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (cents) => {
        const n = cents / 100;
        const us = n.toLocaleString('en-US', { minimumFractionDigits: 2 });
        const de = n.toLocaleString('de-DE', { minimumFractionDigits: 2 });
        expect(parseNumber(`$${us}`)).toBeCloseTo(n, 6);
        expect(parseNumber(`${de} €`, ',')).toBeCloseTo(n, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on garbage (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('.', ',') as fc.Arbitrary<'.' | ','>, (s, mark) => {
        const v = parseNumber(s, mark);
        expect(v === null || v === undefined || Number.isFinite(v)).toBe(true);
        decideDecimalMark([s]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('booleans and stages', () => {
  it('reads booleans and CRM stage spellings', () => {
    for (const t of ['true', 'TRUE', 'Yes', '1', 'y']) expect(parseBool(t)).toBe(true);
    for (const f of ['false', 'No', '0']) expect(parseBool(f)).toBe(false);
    expect(parseBool('maybe')).toBeUndefined();
    for (const won of ['Closed Won', 'closedwon', 'Closed & Won', 'closed_won']) expect(parseStage(won)).toBe('won');
  });
});

describe('CSV layer (property)', () => {
  it('generated tables written as CSV read back cell for cell, whatever the delimiter and line ends', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', 'é', '|', '\t', '1') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        async (rows, delimiter, eol) => {
          const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
          const text = [['h1', 'h2', 'h3'], ...rows].map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
          const dir = mkdtempSync(join(tmpdir(), 'pullcheck-prop-'));
          writeFileSync(join(dir, 'x.csv'), text);
          const got: string[][] = [];
          for await (const r of readCsv(join(dir, 'x.csv'), { delimiter, onBadRecord: () => { throw new Error('bad record'); } })) got.push(r.cells);
          // Rows of only blank cells collapse only when a single cell; three cells always come back.
          expect(got).toEqual([['h1', 'h2', 'h3'], ...rows]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('garbage bytes never escape as an exception (property)', async () => {
    const { loadDataset } = await import('../../src/ingest/load-dataset.js');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const dir = mkdtempSync(join(tmpdir(), 'pullcheck-garbage-'));
        writeFileSync(join(dir, 'g.csv'), Buffer.concat([Buffer.from('feature,released_at\n'), Buffer.from(bytes)]));
        await loadDataset(dir).catch((e: { code?: string }) => {
          expect(e.code).toBe('NO_RECOGNISED_FILES');
        });
      }),
      { numRuns: 100 },
    );
  });
});
