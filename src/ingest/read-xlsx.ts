/**
 * Excel .xlsx workbooks: the first sheet is read as a table (its first non-empty row is the
 * header, each row's number is its line), with exceljs. Dates come from date-formatted cells
 * as dates (written as ISO 8601, so they need no guessing), formulas as their cached result,
 * rich text and hyperlinks as their text, error cells as their code (`#N/A`). The other
 * sheets' names are given to the caller, which says that they were not read. exceljs reads a
 * workbook whole, so workbooks over MAX_XLSX_BYTES, or whose parts declare more than
 * MAX_XLSX_INFLATED_BYTES, are not read (the caller says to export CSV).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { CellValue, Worksheet } from 'exceljs';
import type { CsvRecord } from './read-csv.js';

/** Workbooks larger than this (compressed, on disk) are not read: export the sheet as CSV. */
export const MAX_XLSX_BYTES = 64 * 1024 * 1024;

/**
 * Bytes a workbook's parts may inflate to (their sizes as the zip's central directory declares
 * them): a zip bomb named .xlsx is skipped before exceljs inflates it in memory.
 */
export const MAX_XLSX_INFLATED_BYTES = 1024 * 1024 * 1024;

/**
 * The total inflated size a zip file declares for its entries (from its central directory), or
 * null when it has none that can be read (not a zip, or cut short: exceljs says why). Zip64
 * sizes count as unbounded.
 */
export function declaredZipSize(path: string): number | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) return null;
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || entries === 0xffff) return Number.POSITIVE_INFINITY;
    if (directoryOffset + directorySize > size) return null;
    const directory = Buffer.alloc(directorySize);
    readSync(fd, directory, 0, directorySize, directoryOffset);
    let total = 0;
    for (let at = 0, k = 0; k < entries && at + 46 <= directory.length; k++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) return null;
      const inflated = directory.readUInt32LE(at + 24);
      total += inflated === 0xffffffff ? Number.POSITIVE_INFINITY : inflated;
      at += 46 + directory.readUInt16LE(at + 28) + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return total;
  } finally {
    closeSync(fd);
  }
}

/** Records per batch handed to the loader. */
const BATCH = 1000;

export interface XlsxInfo {
  /** The sheet read. */
  sheet: string;
  /** The other sheets, in workbook order (not read). */
  otherSheets: string[];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A date cell as ISO 8601: the day alone at midnight, else to the second (exceljs reads cells as UTC). */
export function isoOfDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const ms = date.getTime() % 86_400_000;
  if (ms === 0) return day;
  return `${day}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`;
}

/** A cell's value as the text a CSV export of the sheet would hold. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOfDate(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('hyperlink' in value) return cellText((value as { text?: CellValue }).text ?? value.hyperlink);
  return '';
}

function rowsOf(sheet: Worksheet): CsvRecord[] {
  const rows: CsvRecord[] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const count = row.cellCount;
    const cells: string[] = [];
    for (let c = 1; c <= count; c++) cells.push(cellText(row.getCell(c).value));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length === 0) return;
    if (rows.length === 0) width = cells.length; // the header
    // Excel stores no trailing empty cells: a short row is padded, as CSV would write it.
    while (cells.length < width) cells.push('');
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}

/**
 * The first sheet's rows in batches (the first batch is the header alone; none when the sheet
 * is empty). `onInfo` is called before the first batch. Throws when the workbook cannot be read.
 */
export async function* readXlsx(path: string, onInfo: (info: XlsxInfo) => void): AsyncGenerator<CsvRecord[]> {
  // Loaded only when a workbook is met: exceljs is large.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const [first, ...others] = workbook.worksheets;
  onInfo({ sheet: first?.name ?? '', otherSheets: others.map((s) => s.name) });
  if (!first) return;
  const rows = rowsOf(first);
  if (rows.length === 0) return;
  yield [rows[0]!];
  for (let i = 1; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}
