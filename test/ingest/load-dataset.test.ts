import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { sniffDelimiter } from '../../src/ingest/read-csv.js';
import { recognise } from '../../src/ingest/recognise.js';
import { CANONICAL_LAYOUTS } from '../../src/ingest/layouts.js';
import { PullcheckError } from '../../src/core/errors.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-ingest-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('recognise', () => {
  it('recognises tables by header whatever the file is called', () => {
    const r = recognise(['timestamp', 'user_id', 'event', 'feature'], 'export-2026.csv', CANONICAL_LAYOUTS);
    expect(r?.table).toBe('events');
    expect(r?.columns).toMatchObject({ timestamp: 0, userId: 1, event: 2, feature: 3 });
  });

  it('accepts header spelling variants and reports unmapped columns', () => {
    const r = recognise(['Deal ID', 'Stage', 'Amount', 'Region'], 'x.csv', CANONICAL_LAYOUTS);
    expect(r?.table).toBe('deals');
    expect(r?.unmappedColumns).toEqual(['Region']);
  });

  it('returns null when no layout has its required columns', () => {
    expect(recognise(['meeting_title', 'attendees'], 'deals.csv', CANONICAL_LAYOUTS)).toBeNull();
  });
});

describe('sniffDelimiter', () => {
  it('picks the most frequent candidate outside quotes', () => {
    expect(sniffDelimiter('a,b,c')).toBe(',');
    expect(sniffDelimiter('a;b;"c,d"')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });
});

describe('loadDataset', () => {
  it('reads the malformed fixture, counting every rejected row with its line and reason', async () => {
    const dataset = await loadDataset('fixtures/malformed');
    const deals = dataset.files.find((f) => f.table === 'deals')!;
    expect(deals.rows).toBe(8);
    expect(deals.rejected).toBe(3);
    expect(deals.rejectedByReason).toEqual({ MISSING_VALUE: 2, CSV_QUOTE_NOT_CLOSED: 1 });
    expect(deals.warnings).toEqual({ BAD_NUMBER: 1, BAD_DATE: 1, RAGGED_ROW: 1 });
    expect(dataset.tables.deals.map((d) => d.dealId)).toEqual(['D1', 'D2', 'D4', 'D6', 'D7']);
    // A quoted cell may span lines; the record after it keeps the right line number.
    expect(dataset.issues.find((i) => i.code === 'RAGGED_ROW')?.line).toBe(9);
    expect(dataset.issues.find((i) => i.code === 'MISSING_VALUE')).toMatchObject({ line: 4, column: 'deal_id', message: 'deal_id is blank' });
    const notes = dataset.files.find((f) => f.path.endsWith('notes.csv'))!;
    expect(notes.table).toBeNull();
    expect(notes.unmappedColumns).toEqual(['meeting_title', 'attendees']);
  });

  it('handles a BOM, CRLF line ends and semicolons', async () => {
    const dir = folder({ 'r.csv': '\uFEFFfeature;released_at;kind\r\nsso;2026-01-01;new\r\nsso;2026-02-01;improvement\r\n' });
    const dataset = await loadDataset(dir);
    expect(dataset.tables.releases).toHaveLength(2);
    expect(dataset.tables.releases[1]).toMatchObject({ feature: 'sso', kind: 'improvement' });
  });

  it('notes empty, header-only and binary files and carries on', async () => {
    const dir = folder({
      'a-empty.csv': '',
      'b-header.csv': 'feature,released_at\n',
      'c-binary.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02]),
      'd-ok.csv': 'feature,released_at\nsso,2026-01-01\n',
    });
    const dataset = await loadDataset(dir);
    expect(dataset.issues.map((i) => i.code).sort()).toEqual(['BINARY_FILE', 'EMPTY_FILE', 'HEADER_ONLY']);
    expect(dataset.tables.releases).toHaveLength(1);
  });

  it('keeps at most three examples per reason but counts them all', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `sso,not-a-date-${i}`).join('\n');
    const dataset = await loadDataset(folder({ 'r.csv': `feature,released_at\n${rows}\n` }));
    expect(dataset.files[0]!.rejectedByReason).toEqual({ BAD_DATE: 10 });
    const examples = dataset.issues.filter((i) => i.code === 'BAD_DATE');
    expect(examples).toHaveLength(4); // three examples and one "7 more" summary
    expect(examples[3]!.message).toMatch(/7 more BAD_DATE/);
  });

  it('fails with a clear error for a missing folder, an empty folder and a folder of unknown files', async () => {
    await expect(loadDataset('/no/such/dir')).rejects.toMatchObject({ code: 'DATA_DIR_NOT_FOUND' });
    await expect(loadDataset(folder({}))).rejects.toMatchObject({ code: 'NO_DATA_FILES' });
    const unknown = loadDataset(folder({ 'x.csv': 'colour,size\nred,4\n' }));
    await expect(unknown).rejects.toBeInstanceOf(PullcheckError);
    await expect(unknown).rejects.toMatchObject({ code: 'NO_RECOGNISED_FILES' });
  });

  it('treats bytes with control characters but no NUL as binary', async () => {
    // Deterministic "random" bytes 1..255: no NUL, ~9% control characters, as in a corrupt export.
    let x = 7;
    const bytes = Buffer.from(Array.from({ length: 600 }, () => ((x = (x * 73 + 41) % 251) % 255) + 1));
    const dataset = await loadDataset(folder({ 'a.csv': bytes, 'r.csv': 'feature,released_at\nsso,2026-01-01\n' }));
    expect(dataset.issues.map((i) => i.code)).toContain('BINARY_FILE');
  });
});
