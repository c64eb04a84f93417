import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-gzip-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const DEALS = 'deal_id;stage;amount\nD1;won;100\nD2;lost;50\nD3;won;"1,5"\n';
const LIMITS = { maxFiles: 100, maxDecompressedBytes: 1e9 };

describe('gzip-compressed files', () => {
  it('reads a .csv.gz as its CSV, with the delimiter sniffed on the decompressed start', async () => {
    const plain = await loadDataset(folder({ 'deals.csv': DEALS }), { limits: LIMITS });
    const dataset = await loadDataset(folder({ 'deals.csv.gz': gzipSync(DEALS) }), { limits: LIMITS });
    expect(dataset.tables.deals).toEqual(plain.tables.deals);
    const file = dataset.files[0]!;
    expect(file).toMatchObject({ status: 'read', table: 'deals', delimiter: ';', rows: 3 });
    expect(file.notes).toEqual(['gzip-compressed, decompressed while read']);
  });

  it('sniffs a BOM and UTF-16 inside the compressed data', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DEALS.replace(/;/g, '\t'), 'utf16le')]);
    const dataset = await loadDataset(folder({ 'deals.tsv.gz': gzipSync(utf16) }), { limits: LIMITS });
    expect(dataset.files[0]).toMatchObject({ encoding: 'utf-16le (BOM)', delimiter: 'tab', rows: 3 });
    expect(dataset.tables.deals.map((d) => d.dealId)).toEqual(['D1', 'D2', 'D3']);
  });

  it('reads .jsonl.gz, and a gzip file named .csv', async () => {
    const jsonl = '{"deal_id":"D1","stage":"won"}\n{"deal_id":"D2","stage":"lost"}\n';
    const dataset = await loadDataset(folder({ 'deals.jsonl.gz': gzipSync(jsonl), 'more.csv': gzipSync('deal_id,stage\nD3,won\n') }), { limits: LIMITS });
    expect(dataset.tables.deals.map((d) => d.dealId)).toEqual(['D1', 'D2', 'D3']);
    expect(dataset.files[1]!.notes).toEqual(['gzip-compressed although its name does not end in .gz']);
  });

  it('stops a gzip bomb at the decompressed limit with a warning, keeping what came before', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `D${i},won,1`).join('\n');
    const dir = folder({ 'deals.csv.gz': gzipSync(`deal_id,stage,amount\n${rows}\n`) });
    const dataset = await loadDataset(dir, { limits: { maxFiles: 100, maxDecompressedBytes: 10_000 } });
    const file = dataset.files[0]!;
    expect(file.warnings.DECOMPRESSED_LIMIT).toBe(1);
    expect(dataset.issues.find((i) => i.code === 'DECOMPRESSED_LIMIT')!.message).toMatch(/more than 10,000 bytes.*not read/);
    expect(file.rows).toBeGreaterThan(500);
    expect(file.rows).toBeLessThan(1_000);
  });

  it('reads a cut-short gzip file up to the cut and says so; a file that is not gzip is skipped', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `D${i},won,${i}`).join('\n');
    const whole = gzipSync(`deal_id,stage,amount\n${rows}\n`);
    const dataset = await loadDataset(folder({ 'cut.csv.gz': whole.subarray(0, Math.floor(whole.length / 2)), 'fake.csv.gz': 'deal_id,stage\nD1,won\n', 'ok.csv': 'deal_id,stage\nX,won\n' }), { limits: LIMITS });
    const [cut, fake] = dataset.files;
    expect(cut!.warnings.GZIP_CORRUPT).toBe(1);
    expect(cut!.rows).toBeGreaterThan(1_000);
    expect(cut!.rows).toBeLessThan(20_000);
    expect(fake).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/not valid gzip data/) });
  });
});
