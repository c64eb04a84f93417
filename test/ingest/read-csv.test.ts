/**
 * readCsvBatches (csv-parse over a file read in 64 KB chunks, decoded to UTF-8 when the file is in
 * another encoding): the records, lines and errors csv-parse gives for the whole text at once;
 * and a file read in two parts (`end`/`atEnd`, then `continues`, as events-split.ts reads a large
 * events file on two threads) gives the records of one pass, wherever the cut falls.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_PARSE_RULES, readCsv, readCsvBatches, type Encoding, type ReadOptions } from '../../src/ingest/read-csv.js';

const CHUNK = 65_536;
const dir = mkdtempSync(join(tmpdir(), 'pullcheck-read-csv-'));
let files = 0;

interface Out {
  records: Array<{ line: number; cells: string[] }>;
  errors: Array<{ line: number; code: string }>;
}

/** csv-parse on the whole text: each record's line is the one after the previous record's end; blank lines are no record. */
function viaCsvParse(text: string, delimiter: string): Out {
  const out: Out = { records: [], errors: [] };
  let previousEnd = 0;
  parse(text, {
    bom: true,
    delimiter,
    ...CSV_PARSE_RULES,
    on_record: (cells: string[], info) => {
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (!(cells.length === 1 && cells[0]!.trim() === '')) out.records.push({ line, cells });
      return null;
    },
    on_skip: (err) => {
      out.errors.push({ line: previousEnd + 1, code: err!.code });
      previousEnd = err!.lines as number;
      return undefined;
    },
  });
  return out;
}

function write(bytes: Buffer | string): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

async function viaReader(path: string, options: Partial<ReadOptions> & { delimiter: string }): Promise<Out> {
  const out: Out = { records: [], errors: [] };
  for await (const r of readCsv(path, { onBadRecord: (b) => out.errors.push({ line: b.line, code: b.code }), ...options })) out.records.push({ line: r.line, cells: r.cells });
  return out;
}

const alphabet = ['a', 'b', 'é', ' ', ',', ';', '"', '""', '\r', '\n', '\r\n', '\uFEFF', '\u0000', 'x"y', '😀'];
const csvText = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((parts) => parts.join(''));
/** Well-formed CSV: quoted cells with delimiters, quotes and line breaks inside. */
const cell = fc.oneof(
  fc.stringMatching(/^[a-z0-9 é]{0,6}$/),
  fc.array(fc.constantFrom('a', ',', '""', '\n', '\r\n', ' ', ';'), { maxLength: 6 }).map((p) => `"${p.join('')}"`),
);
const wellFormed = fc
  .tuple(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([rows, eol, trailing]) => rows.map((r) => r.join(',')).join(eol) + (trailing && rows.length ? eol : ''));

describe('readCsvBatches gives csv-parse records over the whole text', () => {
  it('on arbitrary text (malformed quotes, mixed line ends, BOM, NUL), in UTF-8 and UTF-16', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(csvText, wellFormed), fc.constantFrom(',', ';'), fc.constantFrom<Encoding>('utf-8', 'utf-16le', 'utf-16be'), async (text, delimiter, encoding) => {
        const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encoding === 'utf-16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();
        expect(await viaReader(write(bytes), { delimiter, encoding })).toEqual(viaCsvParse(text, delimiter));
      }),
      { numRuns: 300 },
    );
  });

  it('with records, quoted line breaks and a CR LF across the 64 KB reads', async () => {
    for (const at of [CHUNK - 3, CHUNK - 2, CHUNK - 1, CHUNK, CHUNK + 1]) {
      const head = 'id,note\r\n' + 'x,'.padEnd(at - 9 - 2, 'y') + '\r\n';
      const text = `${head}1,"a ""b""\r\nc"\r\n2,plain\r\n3,"é\r\n€"\r\n`;
      expect(await viaReader(write(text), { delimiter: ',' })).toEqual(viaCsvParse(text, ','));
    }
  });

  it('a U+FEFF that begins a read after ASCII reads is text, not a byte-order mark', async () => {
    const head = 'h\n'.repeat(CHUNK / 2);
    const got = await viaReader(write(`${head}\uFEFFx,y\n`), { delimiter: ',' });
    expect(got.records.at(-1)).toEqual({ line: CHUNK / 2 + 1, cells: ['\uFEFFx', 'y'] });
  });

  it('examples: a CR LF inside quotes counts two lines; an unclosed quote drops its record, reported where it opens', async () => {
    const text = 'id,note\r\n1,"a, ""b""\r\nc"\r\n2,plain\r\n3,"open\r\n';
    const seen: Array<{ line: number; code: string; message: string }> = [];
    const got = await viaReader(write(text), { delimiter: ',', onBadRecord: (b) => seen.push(b) });
    expect(got.records).toEqual([
      { cells: ['id', 'note'], line: 1 },
      { cells: ['1', 'a, "b"\r\nc'], line: 2 },
      { cells: ['2', 'plain'], line: 5 },
    ]);
    expect(seen).toEqual([{ line: 6, code: 'CSV_QUOTE_NOT_CLOSED', message: 'a quoted cell is never closed (the quote opens here and runs to line 7, the end of the file)' }]);
  });

  it('a multi-character delimiter, and a windows-1252 file', async () => {
    expect((await viaReader(write('a||b\n1||"two\nlines"\n3||4\n'), { delimiter: '||' })).records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 4, cells: ['3', '4'] },
    ]);
    expect((await viaReader(write(Buffer.from([0x61, 0x3b, 0x62, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x3b, 0x80, 0x0a])), { delimiter: ';', encoding: 'windows-1252' })).records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['café', '€'] },
    ]);
  });

  it('records go to a sink set while reading, in file order after the batches before it', async () => {
    const text = 'h1,h2\n' + Array.from({ length: 20_000 }, (_, k) => `${k},v${k}`).join('\n') + '\n';
    const path = write(text);
    const options: ReadOptions = { delimiter: ',', onBadRecord: () => {} };
    const lines: number[] = [];
    let batches = 0;
    for await (const batch of readCsvBatches(path, options)) {
      batches++;
      for (const r of batch) lines.push(r.line);
      options.sink = { cells: (line) => void lines.push(line) };
    }
    expect(batches).toBe(1);
    expect(lines).toEqual(Array.from({ length: 20_001 }, (_, k) => k + 1));
  });
});

/**
 * The file read in two parts at byte `cut` (just after a line feed): the first reader says at the
 * cut whether it is a record start; if so a second reader continuing with the file's record
 * delimiter reads the rest, lines counted on; if not, the first goes on.
 */
async function viaTwoParts(path: string, cut: number, delimiter: string): Promise<Out & { clean: boolean }> {
  const out: Out = { records: [], errors: [] };
  let clean = false;
  let nextLine = 0;
  let used = '';
  const first: ReadOptions = {
    delimiter,
    end: cut,
    atEnd: (isClean, next, recordDelimiter) => {
      clean = isClean && (recordDelimiter === '\n' || recordDelimiter === '\r\n');
      nextLine = next;
      used = recordDelimiter;
      return clean;
    },
    onBadRecord: (b) => out.errors.push({ line: b.line, code: b.code }),
  };
  for await (const r of readCsv(path, first)) out.records.push({ line: r.line, cells: r.cells });
  if (!clean) return { ...out, clean };
  const shift = nextLine - 1;
  const second: ReadOptions = {
    delimiter,
    continues: { start: cut, recordDelimiter: used as '\n' | '\r\n' },
    onBadRecord: (b) => out.errors.push({ line: b.line + shift, code: b.code }),
  };
  for await (const r of readCsv(path, second)) out.records.push({ line: r.line + shift, cells: r.cells });
  return { ...out, clean };
}

describe('a file read in two parts at a line feed', () => {
  const lineFeeds = (bytes: Buffer): number[] => [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1);

  it('gives the records of one pass wherever the cut falls (inside quotes too)', async () => {
    let cleanCuts = 0;
    let quotedCuts = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(wellFormed, csvText), fc.double({ min: 0, max: 1, noNaN: true }), async (text, where) => {
        const bytes = Buffer.from(text, 'utf8');
        const cuts = lineFeeds(bytes).filter((c) => c < bytes.length);
        if (cuts.length === 0) return;
        const cut = cuts[Math.min(cuts.length - 1, Math.floor(where * cuts.length))]!;
        const { clean, ...got } = await viaTwoParts(write(bytes), cut, ',');
        if (clean) cleanCuts++;
        else quotedCuts++;
        expect(got).toEqual(viaCsvParse(text, ','));
      }),
      { numRuns: 600 },
    );
    // Both paths were exercised.
    expect(cleanCuts).toBeGreaterThan(30);
    expect(quotedCuts).toBeGreaterThan(30);
  });

  it('with the cut at or near the end of a 64 KB read (the bytes after it read from the next)', async () => {
    for (const eol of ['\n', '\r\n']) {
      for (const cut of [CHUNK - 17, CHUNK - 4, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK]) {
        // Rows up to the cut, then short records (one a blank line) and a quoted cell.
        const row = `abc,def${eol}`;
        let head = 'h1,h2' + eol;
        while (head.length + row.length <= cut - 6 - eol.length) head += row;
        head += 'x,'.padEnd(cut - head.length - eol.length, 'z') + eol;
        const text = `${head}a${eol}${eol}b,c${eol}"q${eol}r",s${eol}`;
        expect(Buffer.byteLength(head)).toBe(cut);
        const { clean, ...got } = await viaTwoParts(write(text), cut, ',');
        expect(clean).toBe(true);
        expect(got).toEqual(viaCsvParse(text, ','));
      }
    }
  });

  it('a cut inside a quoted cell is not a record start', async () => {
    const text = 'id,note\n1,"two\nlines"\n2,x\n';
    const path = write(text);
    expect((await viaTwoParts(path, text.indexOf('two\n') + 4, ',')).clean).toBe(false);
    expect(await viaTwoParts(path, text.indexOf('2,x'), ',')).toEqual({ ...viaCsvParse(text, ','), clean: true });
    expect(await viaTwoParts(path, text.indexOf('two\n') + 4, ',')).toEqual({ ...viaCsvParse(text, ','), clean: false });
  });
});
