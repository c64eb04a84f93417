/**
 * readJsonLines (JSON-lines files read in batches, lines split by hand) against what Node's
 * readline and flattenJson give: the same records with the same line numbers, bad lines reported
 * in file order, whatever the line ends and wherever the 64 KB reads cut them.
 */
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMN_TEXT, COLUMN_VALUE, flattenJson, jsonLinesHeader, parseJsonLine, readJsonLines, type CsvRecord, type ReadOptions } from '../../src/ingest/read-csv.js';

type Seen = { row: number; cells: string[] } | { bad: number; code: string; message: string };

/** The reading before batches: readline's lines, each object flattened and laid out under the header (the line rules are parseJsonLine's). */
async function expected(path: string, header: string[]): Promise<Seen[]> {
  const index = new Map(header.map((h, i) => [h, i]));
  const out: Seen[] = [];
  let line = 0;
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  rl.on('line', (text) => {
    line++;
    if (text.trim() === '') return;
    const parsed = parseJsonLine(text);
    if ('problem' in parsed) {
      out.push({ bad: line, code: 'BAD_JSON', message: parsed.problem });
      return;
    }
    const cells = new Array<string>(header.length).fill('');
    for (const [k, v] of flattenJson(parsed.object)) {
      const i = index.get(k);
      if (i !== undefined) cells[i] = v;
    }
    out.push({ row: line, cells });
  });
  await once(rl, 'close');
  return out;
}

async function actual(path: string, header: string[]): Promise<Seen[]> {
  const out: Seen[] = [];
  let first = true;
  for await (const batch of readJsonLines(path, header, { delimiter: ',', onBadRecord: (b) => out.push({ bad: b.line, code: b.code, message: b.message }) })) {
    for (const r of batch) {
      if (first) {
        expect(r).toEqual({ line: 0, cells: header });
        first = false;
        continue;
      }
      out.push({ row: r.line, cells: r.cells });
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'pullcheck-jsonl-'));

describe('readJsonLines', () => {
  const object = fc.record({
    event: fc.constantFrom('login', 'report_viewed', 'é', ''),
    properties: fc.record({ time: fc.integer({ min: 0, max: 2e9 }), distinct_id: fc.string({ maxLength: 12 }), feature: fc.option(fc.constantFrom('reports', 'sso'), { nil: undefined }), nested: fc.constant({ a: [1, 2] }) }, { requiredKeys: ['time'] }),
    'properties.time': fc.option(fc.constant('shadowed'), { nil: undefined }),
    // A later scalar under the same header key as an object before it.
    'properties.nested': fc.option(fc.constant('flat'), { nil: undefined }),
  }, { requiredKeys: ['event'] });
  const lineText = fc.oneof({ weight: 12, arbitrary: object.map((o) => JSON.stringify(o)) }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '{"broken":', '[1,2]', '42', 'null') });
  const eol = fc.constantFrom('\n', '\r\n', '\r');

  it('gives readline’s records and bad lines, in order, for any line ends and read boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(lineText, eol), { maxLength: 60 }), fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 59_000, max: 65_600 })), fc.boolean(), async (lines, padTo, trailing) => {
        // Padding pushes the lines across the first 64 KB read at varying offsets.
        const pad = `{"event":"pad","properties":{"time":1,"distinct_id":"${'x'.repeat(padTo)}"}}\n`;
        let text = pad + lines.map(([l, e]) => l + e).join('');
        if (!trailing) text = text.replace(/(\r\n|\r|\n)$/, '');
        const path = join(dir, 'events.jsonl');
        writeFileSync(path, text);
        const header = jsonLinesHeader(text.slice(0, 256 * 1024));
        expect(await actual(path, header)).toEqual(await expected(path, header));
      }),
      { numRuns: 150 },
    );
  });

  it('with columnUse: the columns read as text as before, objects whose value is read as is, the rest blank', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineText, { maxLength: 40 }), fc.array(fc.constantFrom(0, COLUMN_TEXT, COLUMN_VALUE, COLUMN_TEXT | COLUMN_VALUE), { minLength: 12, maxLength: 12 }), async (lines, uses) => {
        const text = lines.join('\n') + '\n';
        const path = join(dir, 'use.jsonl');
        writeFileSync(path, text);
        const header = jsonLinesHeader(text);
        const columnUse = Uint8Array.from(header.map((_, i) => uses[i % uses.length]!));
        const want = await expected(path, header);
        const got: Array<Seen | CsvRecord> = [];
        for await (const batch of readJsonLines(path, header, { delimiter: ',', columnUse, onBadRecord: (b) => got.push({ bad: b.line, code: b.code, message: b.message }) })) {
          for (const r of batch) if (r.line > 0) got.push(r);
        }
        expect(got.length).toBe(want.length);
        want.forEach((w, k) => {
          const g = got[k]!;
          if ('bad' in w) return expect(g).toEqual(w);
          const r = g as CsvRecord;
          expect(r.line).toBe(w.row);
          header.forEach((_, c) => {
            const use = columnUse[c]!;
            const value = r.values?.[c];
            if (use === 0) expect(r.cells[c]).toBe('');
            else if (value !== undefined) {
              expect(use & COLUMN_VALUE).toBeTruthy();
              expect(typeof value).toBe('object');
              expect(JSON.stringify(value)).toBe(w.cells[c]);
              expect(r.cells[c]).toBe(use & COLUMN_TEXT ? w.cells[c] : '');
            } else expect(r.cells[c]).toBe(w.cells[c]);
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('with a sink (set before or while reading) gives the same records and bad lines, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineText, { maxLength: 80 }), fc.integer({ min: 0, max: 6 }), async (lines, batchesFirst) => {
        // Long lines make several reads, so the sink can be set between batches.
        const text = lines.map((l, k) => (k % 9 === 4 ? `{"event":"long","properties":{"time":${k},"distinct_id":"${'z'.repeat(30_000)}"}}` : l)).join('\n') + '\n';
        const path = join(dir, 'sink.jsonl');
        writeFileSync(path, text);
        const header = jsonLinesHeader(text.slice(0, 256 * 1024));
        const seen: Seen[] = [];
        const sink = {
          cells: (line: number, cells: string[]) => seen.push({ row: line, cells }),
          range: () => {
            throw new Error('JSON lines have no ranges');
          },
        };
        const options: ReadOptions = { delimiter: ',', onBadRecord: (b) => seen.push({ bad: b.line, code: b.code, message: b.message }) };
        let batches = 0;
        let batchedAfterSink = 0;
        for await (const batch of readJsonLines(path, header, options)) {
          for (const r of batch) {
            if (r.line === 0) continue;
            seen.push({ row: r.line, cells: r.cells });
            if (options.sink) batchedAfterSink++;
          }
          if (++batches > batchesFirst) options.sink = sink;
        }
        expect(batchedAfterSink).toBe(0);
        expect(seen).toEqual(await expected(path, header));
      }),
      { numRuns: 60 },
    );
  });

  it('a CR LF split across two reads is one line end', async () => {
    const shape = (filler: string): string => `{"event":"a","properties":{"time":1,"distinct_id":"${filler}"}}`;
    const first = shape('y'.repeat(65535 - shape('').length));
    const path = join(dir, 'crlf.jsonl');
    writeFileSync(path, `${first}\r\n{"event":"b"}\r\n`);
    const header = jsonLinesHeader(readFileSync(path, 'utf8'));
    expect(Buffer.byteLength(first) + 1).toBe(65536); // the CR ends the first read, its LF starts the second
    const seen = await actual(path, header);
    expect(seen.map((s) => ('row' in s ? s.row : -s.bad))).toEqual([1, 2]);
    expect(seen).toEqual(await expected(path, header));
  });

  it('read in two parts at any line end (end/atEnd, then continues) gives the records of one pass', async () => {
    const lines = Array.from({ length: 3000 }, (_, k) => (k % 97 === 5 ? '{"broken":' : k % 89 === 3 ? '' : JSON.stringify({ event: `e${k % 7}`, properties: { time: k, distinct_id: `u${k}` } })));
    const text = lines.join('\r\n') + '\r\n';
    const path = join(dir, 'two-parts.jsonl');
    writeFileSync(path, text);
    const header = jsonLinesHeader(text.slice(0, 256 * 1024));
    const whole = await actual(path, header);
    for (const k of [1, 2, 250, 1500, 2999]) {
      const cut = Buffer.byteLength(lines.slice(0, k).map((l) => `${l}\r\n`).join(''));
      const seen: Seen[] = [];
      let nextLine = 0;
      const first = readJsonLines(path, header, {
        delimiter: ',',
        end: cut,
        atEnd: (clean, next) => {
          expect(clean).toBe(true);
          nextLine = next;
          return true;
        },
        onBadRecord: (b) => seen.push({ bad: b.line, code: b.code, message: b.message }),
      });
      for await (const batch of first) for (const r of batch) if (r.line > 0) seen.push({ row: r.line, cells: r.cells });
      expect(nextLine).toBe(k + 1);
      const shift = nextLine - 1;
      const second = readJsonLines(path, header, { delimiter: ',', continues: { start: cut, recordDelimiter: '\r\n' }, onBadRecord: (b) => seen.push({ bad: b.line + shift, code: b.code, message: b.message }) });
      for await (const batch of second) for (const r of batch) if (r.line > 0) seen.push({ row: r.line + shift, cells: r.cells });
      expect(seen).toEqual(whole);
    }
  });
});
