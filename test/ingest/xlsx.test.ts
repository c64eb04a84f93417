import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { cellText, declaredZipSize, isoOfDate } from '../../src/ingest/read-xlsx.js';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'pullcheck-xlsx-'));
}

/** A workbook with `sheets` (name → rows), written to `dir/name`. */
async function workbook(dir: string, name: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(sheetName);
    for (const row of rows) sheet.addRow(row);
  }
  const path = join(dir, name);
  await book.xlsx.writeFile(path);
  return path;
}

describe('cellText', () => {
  it('writes cells as a CSV export of the sheet would', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(1250.5)).toBe('1250.5');
    expect(cellText(true)).toBe('true');
    expect(cellText(new Date(Date.UTC(2026, 2, 1)))).toBe('2026-03-01');
    expect(cellText(new Date(Date.UTC(2026, 2, 1, 14, 30, 5)))).toBe('2026-03-01T14:30:05Z');
    expect(cellText({ richText: [{ text: 'Closed ' }, { text: 'Won' }] })).toBe('Closed Won');
    expect(cellText({ formula: 'A1*2', result: 42 } as ExcelJS.CellFormulaValue)).toBe('42');
    expect(cellText({ formula: 'A1*2' } as ExcelJS.CellFormulaValue)).toBe('');
    expect(cellText({ text: 'Acme', hyperlink: 'https://acme.test' })).toBe('Acme');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('#N/A');
    expect(isoOfDate(new Date(Number.NaN))).toBe('');
  });
});

describe('.xlsx workbooks', () => {
  it('reads the first sheet as a table, with date cells as dates, and names the sheets not read', async () => {
    const dir = folder();
    await workbook(dir, 'Pipeline.xlsx', {
      Deals: [
        ['deal_id', 'stage', 'amount', 'created_at', 'closed_at'],
        ['D1', 'Closed Won', 1200, new Date(Date.UTC(2026, 0, 5)), new Date(Date.UTC(2026, 2, 1))],
        ['D2', 'Closed Lost', { formula: '100*5', result: 500 }, new Date(Date.UTC(2026, 1, 10)), null],
        [],
        ['D3', { richText: [{ text: 'Prospecting' }] }],
      ],
      Pivot: [['x']],
      'Notes & todo': [['y']],
    });
    const dataset = await loadDataset(dir);
    const file = dataset.files[0]!;
    expect(file).toMatchObject({ status: 'read', table: 'deals', delimiter: 'xlsx sheet "Deals"', rows: 3, rejected: 0 });
    expect(file.encoding).toBeUndefined();
    expect(file.notes).toEqual(['only the first sheet ("Deals") was read; not read: "Pivot", "Notes & todo"']);
    expect(file.warnings.XLSX_OTHER_SHEETS).toBe(1);
    expect(file.formats?.createdAt?.format).toMatch(/ISO/);
    expect(dataset.tables.deals.map((d) => [d.dealId, d.stage, d.amount, d.createdAt, d.closedAt])).toEqual([
      ['D1', 'won', 1200, Date.UTC(2026, 0, 5), Date.UTC(2026, 2, 1)],
      ['D2', 'lost', 500, Date.UTC(2026, 1, 10), null],
      ['D3', 'open', null, null, null],
    ]);
    // Lines are the sheet's row numbers (row 4 is empty).
    const d3 = dataset.tables.deals[2]!;
    expect(d3.dealId).toBe('D3');
  });

  it('gives sheet row numbers in messages, and skips an empty sheet or a damaged workbook saying why', async () => {
    const dir = folder();
    await workbook(dir, 'a.xlsx', { S: [['deal_id', 'stage'], ['', 'won'], ['D2', 'won']] });
    await workbook(dir, 'b.xlsx', { Empty: [] });
    writeFileSync(join(dir, 'c.xlsx'), Buffer.from('PK\u0003\u0004 not really a zip'));
    const dataset = await loadDataset(dir);
    const [a, b, c] = dataset.files;
    expect(a).toMatchObject({ status: 'read', rows: 2, rejected: 1 });
    expect(dataset.issues.find((i) => i.code === 'MISSING_VALUE')).toMatchObject({ line: 2, column: 'deal_id' });
    expect(b).toMatchObject({ status: 'skipped', reason: 'the file has no readable header' });
    expect(c).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^cannot read the workbook .*save the sheet as CSV UTF-8/) });
  });

  it('skips a workbook whose parts declare more than 1 GB inflated (a zip bomb) before inflating anything', async () => {
    const dir = folder();
    const path = await workbook(dir, 'bomb.xlsx', { S: [['deal_id', 'stage'], ['D1', 'won']] });
    const real = declaredZipSize(path)!;
    expect(real).toBeGreaterThan(500);
    expect(real).toBeLessThan(100_000);
    // Declare one part (in the central directory) as ~4 GB.
    const bytes = readFileSync(path);
    const entry = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0xfffffff0, entry + 24);
    writeFileSync(path, bytes);
    writeFileSync(join(dir, 'deals.csv'), 'deal_id,stage\nD2,won\n');
    const dataset = await loadDataset(dir);
    expect(dataset.files[0]).toMatchObject({ status: 'skipped', warnings: { XLSX_TOO_LARGE: 1 }, reason: expect.stringMatching(/inflate to 4,096 MB.*zip bomb/) });
    writeFileSync(join(dir, 'text.csv'), 'not a zip');
    expect(declaredZipSize(join(dir, 'text.csv'))).toBeNull();
  });
});
