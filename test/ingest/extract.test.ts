/**
 * The compiled extractor (src/ingest/extract.ts) against a plain statement of its rules: the
 * first non-blank of a field's columns, then the first of its keys with a scalar value in its JSON
 * columns (a literal key first, then the dotted path; an array gives its first element), then the
 * default. Reused `into` objects and bad JSON included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from '../../src/ingest/coerce.js';
import { compileExtractor, jsonLinesColumnUse, type ExtractSpec } from '../../src/ingest/extract.js';
import { COLUMN_TEXT, COLUMN_VALUE } from '../../src/ingest/read-csv.js';
import { planJsonColumns, planTextColumns, propertyPlan } from '../../src/ingest/event-properties.js';
import { VENDOR_LAYOUTS } from '../../src/ingest/vendor-layouts.js';

/** The rules as written in the extractor's doc, one row at a time, nothing cached. */
function reference(spec: ExtractSpec, cells: string[], line: number, bad: Array<[number, number, string]>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [field, columns] of Object.entries(spec.sources)) {
    out[field] = columns.map((c) => cells[c]).find((v) => !isBlank(v)) ?? cells[columns[0]!];
  }
  const parsedCells = new Map<number, unknown>();
  const parse = (column: number): unknown => {
    if (parsedCells.has(column)) return parsedCells.get(column);
    const text = cells[column];
    let value: unknown;
    if (text !== undefined && text.trim() !== '' && /^\s*[{[]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch (error) {
        bad.push([line, column, `JSON text in a cell could not be read (${(error as Error).message}); its properties are treated as blank`]);
      }
    }
    parsedCells.set(column, value);
    return value;
  };
  const scalarAt = (object: unknown, key: string): string | undefined => {
    if (!object || typeof object !== 'object') return undefined;
    let v = (object as Record<string, unknown>)[key];
    if (v === undefined && key.includes('.')) v = key.split('.').reduce<unknown>((o, part) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[part] : undefined), object);
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'string') return v.trim() === '' ? undefined : v;
    return typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  };
  for (const [field, { columns, keys }] of Object.entries(spec.json)) {
    if (!isBlank(out[field])) continue;
    search: for (const column of columns) {
      for (const key of keys) {
        const found = scalarAt(parse(column), key);
        if (found !== undefined) {
          out[field] = found;
          break search;
        }
      }
    }
  }
  for (const [field, value] of Object.entries(spec.defaults)) if (isBlank(out[field])) out[field] = value;
  return out;
}

const keyName = fc.constantFrom('account_id', 'company', '$groups', 'feature', 'a.b', 'x', 'toString', '__proto__', '0');
const leaf = fc.oneof(
  fc.constantFrom('', ' ', 'A1', ' B2 ', 'reports'),
  fc.constantFrom(0, -0, 1.5, 1e21, 42),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyName, tie('value'), { maxKeys: 4 }),
  ),
})).value;
/** A cell: JSON text (with white space around it, sometimes broken), or plain text. */
const cell = fc.oneof(
  fc.tuple(fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff', '\n '), jsonValue, fc.constantFrom('', ' ', '}', 'x')).map(([before, v, after]) => `${before}${JSON.stringify(v)}${after}`),
  fc.constantFrom('', ' ', 'plain', '{not json', '[1,', '"quoted"', '12'),
);
const keys = fc.array(fc.constantFrom('account_id', 'company', '$groups.company', 'a.b', 'a.b.c', 'x.0', 'toString', 'x.length', '0', 'feature'), { minLength: 1, maxLength: 4 });

describe('compileExtractor', () => {
  it('gives the reference fields and bad-JSON reports, row after row with a reused object', () => {
    const spec = fc.record({
      sources: fc.dictionary(fc.constantFrom('userId', 'event', 'accountId', 'feature'), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }), { maxKeys: 3 }),
      json: fc.dictionary(fc.constantFrom('accountId', 'feature', 'plan'), fc.record({ columns: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }), keys }), { maxKeys: 3 }),
      defaults: fc.dictionary(fc.constantFrom('feature', 'plan', 'event'), fc.constantFrom('', 'none', 'default'), { maxKeys: 2 }),
    });
    const rows = fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(spec, rows, (spec, rows) => {
        const got: Array<[number, number, string]> = [];
        const want: Array<[number, number, string]> = [];
        const extract = compileExtractor(spec, (line, column, message) => got.push([line, column, message]));
        const into: Record<string, string | undefined> = {};
        rows.forEach((cells, k) => {
          const expected = reference(spec, cells, k + 2, want);
          const fresh = extract(cells, k + 2);
          reference(spec, cells, k + 2, want); // the second extraction reports again
          const reused = extract(cells, k + 2, into);
          for (const field of new Set([...Object.keys(expected), ...Object.keys(fresh)])) {
            expect(fresh[field]).toBe(expected[field]);
            expect(reused[field]).toBe(expected[field]);
          }
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the objects of JSON lines (values) as the parse of their cells, whose text is then not read', () => {
    const spec = fc.record({
      sources: fc.dictionary(fc.constantFrom('userId', 'event'), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 2 }), { maxKeys: 2 }),
      json: fc.dictionary(fc.constantFrom('accountId', 'feature'), fc.record({ columns: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 3 }), keys }), { maxKeys: 2 }),
      defaults: fc.constant({}),
    });
    fc.assert(
      fc.property(spec, fc.array(cell, { minLength: 5, maxLength: 5 }), (spec, cells) => {
        const want: Array<[number, number, string]> = [];
        const expected = reference(spec, cells, 7, want);
        // What JSON lines hand over: a cell holding an object or array comes as the value, its text blank.
        const values: unknown[] = [];
        const blanked = cells.map((text, c) => {
          if (c < 2) return text;
          try {
            const v: unknown = JSON.parse(text);
            if (v !== null && typeof v === 'object' && text === JSON.stringify(v)) {
              values[c] = v;
              return '';
            }
          } catch {
            // not JSON: the text stays
          }
          return text;
        });
        const got: Array<[number, number, string]> = [];
        const fields = compileExtractor(spec, (line, column, message) => got.push([line, column, message]))(blanked, 7, undefined, values);
        for (const field of Object.keys(expected)) expect(fields[field]).toBe(expected[field]);
        expect(got).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a PostHog properties cell: a nested group key, a number, white space before the object', () => {
    const spec: ExtractSpec = {
      sources: { userId: [0] },
      json: { accountId: { columns: [1], keys: ['account_id', '$groups.company'] }, feature: { columns: [1], keys: ['feature'] } },
      defaults: {},
    };
    const extract = compileExtractor(spec, () => {
      throw new Error('no bad JSON here');
    });
    expect(extract(['u1', ' {"$groups":{"company":"A7"},"feature":12}'], 2)).toEqual({ userId: 'u1', accountId: 'A7', feature: '12' });
    expect(extract(['u1', '{"account_id":"  ","$groups":{"company":["A8"]}}'], 3)).toEqual({ userId: 'u1', accountId: 'A8', feature: undefined });
  });
});

describe('jsonLinesColumnUse', () => {
  it("reads the extractor's columns, and the other columns rows are read by: text, or a JSON value, or both", () => {
    const spec: ExtractSpec = { sources: { event: [0], userId: [1] }, json: { feature: { columns: [2], keys: ['feature'] } }, defaults: {} };
    expect([...jsonLinesColumnUse(spec, 6)]).toEqual([COLUMN_TEXT, COLUMN_TEXT, COLUMN_VALUE, 0, 0, 0]);
    expect([...jsonLinesColumnUse(spec, 6, { text: [3, 2, 9, -1], value: [4, 0] })]).toEqual([COLUMN_TEXT | COLUMN_VALUE, COLUMN_TEXT, COLUMN_VALUE | COLUMN_TEXT, COLUMN_TEXT, COLUMN_VALUE, 0]);
  });

  it("a Segment JSON-lines header's person traits (context.traits) and event properties are columns a plan reads", () => {
    const segment = VENDOR_LAYOUTS.find((l) => l.id === 'segment-tracks')!;
    const header = ['type', 'event', 'userId', 'timestamp', 'properties', 'context', 'context.groupId', 'context.traits', 'invitee_email'];
    const plan = propertyPlan(header, segment)!;
    expect(planJsonColumns(plan).sort()).toEqual([4, 5]);
    expect(planTextColumns(plan)).toEqual([8]);
  });
});
