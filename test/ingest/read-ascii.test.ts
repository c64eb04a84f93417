/**
 * readCsvBatches takes ASCII chunks as their own text (no decoder) until the first non-ASCII
 * chunk: the records must be those of the whole file decoded at once, wherever a multi-byte
 * character or an invalid byte falls relative to the 64 KB reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, type Encoding } from '../../src/ingest/read-csv.js';

const CHUNK = 65_536;

/** The file has no quotes: its records are its decoded lines split at commas. */
function expected(bytes: Buffer, encoding: Encoding): string[][] {
  return new TextDecoder(encoding).decode(bytes).split('\n').filter((l) => l !== '').map((l) => l.split(','));
}

async function records(bytes: Buffer, encoding: Encoding): Promise<{ cells: string[][]; badEncoding: number[] }> {
  const path = join(mkdtempSync(join(tmpdir(), 'pullcheck-ascii-')), 'events.csv');
  writeFileSync(path, bytes);
  const cells: string[][] = [];
  const badEncoding: number[] = [];
  for await (const r of readCsv(path, { delimiter: ',', encoding, onBadRecord: () => {}, onBadEncoding: (line) => badEncoding.push(line) })) cells.push(r.cells);
  return { cells, badEncoding };
}

/** ASCII rows up to `at` bytes, then `tail` (so tail's first byte is at `at`). */
function file(at: number, tail: Buffer): Buffer {
  const row = 'abc,def,ghi\n';
  let head = row.repeat(Math.floor(at / row.length));
  head += 'x'.repeat(at - head.length);
  return Buffer.concat([Buffer.from(head, 'latin1'), tail, Buffer.from(`,z\n${row.repeat(6000)}`, 'latin1')]);
}

describe('ASCII chunks read without the decoder', () => {
  for (const at of [CHUNK - 2, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK - 1]) {
    it(`utf-8 with é and € from byte ${at}`, async () => {
      const bytes = file(at, Buffer.from('é€', 'utf8'));
      const { cells } = await records(bytes, 'utf-8');
      expect(cells).toEqual(expected(bytes, 'utf-8'));
      expect(cells.some((c) => c.some((v) => v.includes('é€')))).toBe(true);
    });
    it(`windows-1252 with é from byte ${at}`, async () => {
      const bytes = file(at, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      const { cells } = await records(bytes, 'windows-1252');
      expect(cells).toEqual(expected(bytes, 'windows-1252'));
      expect(cells.some((c) => c.some((v) => v.includes('café')))).toBe(true);
    });
    it(`utf-8 with an invalid byte from byte ${at} is still reported`, async () => {
      const { badEncoding } = await records(file(at, Buffer.from([0xff])), 'utf-8');
      expect(badEncoding.length).toBe(1);
    });
  }
});

describe('a delimiter of more than one character goes through csv-parse (loaded on demand)', () => {
  it('reads records with their lines', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pullcheck-multi-')), 'x.csv');
    writeFileSync(path, 'a||b\n1||"two\nlines"\n3||4\n');
    const got: Array<{ line: number; cells: string[] }> = [];
    for await (const r of readCsv(path, { delimiter: '||', onBadRecord: () => {} })) got.push(r);
    expect(got).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });
});
