/**
 * The hand-written splitter (src/ingest/csv-split.ts) against csv-parse with the options
 * read-csv.ts used before it: same records, same cells, same line numbers, same errors, for
 * any text and any way of cutting it into chunks.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter } from '../../src/ingest/csv-split.js';

interface Out {
  records: Array<{ cells: string[]; line: number }>;
  errors: Array<{ code: string; line: number }>;
}

function viaCsvParse(text: string, delimiter: string): Out {
  const errors: Out['errors'] = [];
  const rows = parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err: { code: string; lines: number } | undefined) => {
      if (err) errors.push({ code: err.code, line: err.lines });
      return undefined;
    },
  }) as Array<{ record: string[]; info: { lines: number } }>;
  return { records: rows.map((r) => ({ cells: r.record, line: r.info.lines })), errors };
}

/** `ranges`: plain records come through onRange (from the start, or from the second chunk). */
function viaSplitter(chunks: string[], delimiter: string, ranges: 'no' | 'all' | 'later' = 'no', headChars?: number): Out {
  const out: Out = { records: [], errors: [] };
  const splitter = new CsvSplitter(
    delimiter,
    (cells, line) => out.records.push({ cells, line }),
    (line) => out.errors.push({ code: 'CSV_QUOTE_NOT_CLOSED', line }),
  );
  if (headChars !== undefined) splitter.headChars = headChars;
  const onRange = (text: string, starts: Int32Array, ends: Int32Array, count: number, line: number): void => {
    const cells: string[] = [];
    for (let k = 0; k < count; k++) cells.push(text.slice(starts[k]!, ends[k]!));
    out.records.push({ cells, line });
  };
  if (ranges === 'all') splitter.onRange = onRange;
  if (ranges === 'later') {
    chunks.forEach((c, i) => {
      if (i === 1) splitter.onRange = onRange;
      splitter.push(c);
    });
    splitter.end();
    return out;
  }
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return out;
}

/** Cut `text` at the given fractions. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((f) => Math.floor(f * (text.length + 1))))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(text.slice(prev, p));
    prev = p;
  }
  chunks.push(text.slice(prev));
  return chunks;
}

const alphabet = ['a', 'b', 'é', ' ', ',', ';', '"', '""', '\r', '\n', '\r\n', '\uFEFF', '\u0000', 'x"y', '😀'];
const csvText = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((parts) => parts.join(''));
/** Well-formed CSV: quoted cells with delimiters, quotes and line breaks inside. */
const cell = fc.oneof(
  fc.stringMatching(/^[a-z0-9 é]{0,6}$/),
  fc.array(fc.constantFrom('a', ',', '""', '\n', '\r\n', ' ', ';'), { maxLength: 6 }).map((p) => `"${p.join('')}"`),
);
const wellFormed = fc
  .tuple(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean())
  .map(([rows, eol, bom, trailing]) => (bom ? '\uFEFF' : '') + rows.map((r) => r.join(',')).join(eol) + (trailing && rows.length ? eol : ''));

describe('CsvSplitter matches csv-parse', () => {
  it('on arbitrary text (malformed quotes, mixed line ends, BOM, NUL), cut anywhere', () => {
    fc.assert(
      fc.property(csvText, fc.constantFrom(',', ';', '\t'), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), (text, delimiter, at) => {
        expect(viaSplitter(cut(text, at), delimiter)).toEqual(viaCsvParse(text, delimiter));
      }),
      { numRuns: 3000 },
    );
  });

  it('on well-formed CSV with quoted delimiters, doubled quotes and line breaks, cut anywhere', () => {
    fc.assert(
      fc.property(wellFormed, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (text, at) => {
        expect(viaSplitter(cut(text, at), ',')).toEqual(viaCsvParse(text, ','));
      }),
      { numRuns: 2000 },
    );
  });

  it('with plain records given as ranges (onRange), cut anywhere', () => {
    fc.assert(
      fc.property(fc.oneof(csvText, wellFormed), fc.constantFrom(',', ';'), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), fc.constantFrom('all' as const, 'later' as const), (text, delimiter, at, mode) => {
        expect(viaSplitter(cut(text, at), delimiter, mode)).toEqual(viaCsvParse(text, delimiter));
      }),
      { numRuns: 3000 },
    );
  });

  it('with chunks longer than the head scanned in place after the held-back characters (any head), cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.oneof(csvText, wellFormed), fc.constantFrom(',', ';'), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        fc.constantFrom('no' as const, 'all' as const, 'later' as const), fc.integer({ min: 2, max: 8 }),
        (text, delimiter, at, mode, head) => {
          expect(viaSplitter(cut(text, at), delimiter, mode, head)).toEqual(viaCsvParse(text, delimiter));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('one character at a time', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        expect(viaSplitter([...text], ',')).toEqual(viaCsvParse(text, ','));
      }),
      { numRuns: 500 },
    );
  });

  it('examples (csv-parse counts a CR LF inside quotes as two lines; so does the splitter)', () => {
    const text = 'id,note\r\n1,"a, ""b""\r\nc"\r\n2,plain\r\n3,"open\r\n';
    expect(viaSplitter([text], ',')).toEqual({
      records: [
        { cells: ['id', 'note'], line: 1 },
        { cells: ['1', 'a, "b"\r\nc'], line: 4 },
        { cells: ['2', 'plain'], line: 5 },
      ],
      errors: [{ code: 'CSV_QUOTE_NOT_CLOSED', line: 7 }],
    });
    expect(viaSplitter([text], ',')).toEqual(viaCsvParse(text, ','));
  });
});

/**
 * Two threads read a file split at a line feed (src/ingest/events-split.ts): the first part's
 * splitter says at the cut whether it is a record start; if so a fresh splitter continuing with
 * the file's record delimiter reads the rest, lines counted on; if not, the first goes on. Either
 * way: csv-parse's records over the whole text.
 */
function viaTwoSplitters(text: string, cutAt: number, delimiter: string, ranges: boolean): Out & { clean: boolean } {
  const out: Out = { records: [], errors: [] };
  let offset = 0;
  const onRange = (t: string, starts: Int32Array, ends: Int32Array, count: number, line: number): void => {
    const cells: string[] = [];
    for (let k = 0; k < count; k++) cells.push(t.slice(starts[k]!, ends[k]!));
    out.records.push({ cells, line: line + offset });
  };
  const first = new CsvSplitter(
    delimiter,
    (cells, line) => out.records.push({ cells, line }),
    (line) => out.errors.push({ code: 'CSV_QUOTE_NOT_CLOSED', line }),
  );
  if (ranges) first.onRange = onRange;
  first.push(text.slice(0, cutAt));
  const clean = first.reachBoundary();
  const rd = first.recordDelimiter;
  if (!clean || (rd !== '\n' && rd !== '\r\n')) {
    first.push(text.slice(cutAt));
    first.end();
    return { ...out, clean: false };
  }
  offset = first.nextLine - 1;
  const second = new CsvSplitter(
    delimiter,
    (cells, line) => out.records.push({ cells, line: line + offset }),
    (line) => out.errors.push({ code: 'CSV_QUOTE_NOT_CLOSED', line: line + offset }),
    { recordDelimiter: rd },
  );
  if (ranges) second.onRange = onRange;
  second.push(text.slice(cutAt));
  second.end();
  return { ...out, clean: true };
}

describe('a file split at a line feed and read by two splitters', () => {
  const lineFeeds = (text: string): number[] => [...text.matchAll(/\n/g)].map((m) => m.index! + 1);
  it('gives csv-parse records wherever the cut falls (inside quotes too)', () => {
    let cleanCuts = 0;
    let quotedCuts = 0;
    fc.assert(
      fc.property(fc.oneof(wellFormed, csvText), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (text, where, ranges) => {
        const cuts = lineFeeds(text);
        if (cuts.length === 0) return;
        const cutAt = cuts[Math.min(cuts.length - 1, Math.floor(where * cuts.length))]!;
        const { clean, ...got } = viaTwoSplitters(text, cutAt, ',', ranges);
        if (clean) cleanCuts++;
        else quotedCuts++;
        expect(got).toEqual(viaCsvParse(text, ','));
      }),
      { numRuns: 5000 },
    );
    // Both paths were exercised.
    expect(cleanCuts).toBeGreaterThan(100);
    expect(quotedCuts).toBeGreaterThan(100);
  });

  it('a cut inside a quoted cell is not a record start', () => {
    const text = 'id,note\n1,"two\nlines"\n2,x\n';
    expect(viaTwoSplitters(text, text.indexOf('two\n') + 4, ',', true).clean).toBe(false);
    expect(viaTwoSplitters(text, text.indexOf('2,x'), ',', true)).toEqual({ ...viaCsvParse(text, ','), clean: true });
  });
});
