/**
 * Loading a folder of exports into a Dataset: find the CSV files, recognise each by its
 * header, stream its rows through the table's row builder, and account for every row that
 * could not be used (counted per reason, with examples at file:line).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PullcheckError } from '../errors.js';
import { emptyTables, type Dataset, type FileSummary, type IngestIssue, type TableName, type Tables } from '../model.js';
import { CANONICAL_LAYOUTS, type Layout } from './layouts.js';
import { looksBinary, readCsv, readFirstLine, sniffDelimiter } from './read-csv.js';
import { expectedHeaders, recognise } from './recognise.js';
import { ROW_BUILDERS, RowReader } from './rows.js';

/** Examples kept per file and reason; counts are always complete. */
const EXAMPLES_PER_REASON = 3;

export interface LoadOptions {
  layouts?: readonly Layout[];
  /** Called as files are read, for progress display. */
  onProgress?: (progress: { file: string; rows: number }) => void;
}

/** CSV files directly in `dir` (and `.tsv`/`.txt`), sorted by name for a deterministic order. */
export function listDataFiles(dir: string): string[] {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new PullcheckError('DATA_DIR_NOT_FOUND', `data folder not found: ${dir}`, {
      hint: 'pass a folder of CSV exports, e.g. `pullcheck analyze fixtures/product-led`',
    });
  }
  if (!stat.isDirectory()) {
    if (/\.(csv|tsv|txt)$/i.test(dir)) return [dir];
    throw new PullcheckError('DATA_DIR_NOT_A_FOLDER', `not a folder or CSV file: ${dir}`, {
      hint: 'pass a folder of CSV exports, e.g. `pullcheck analyze fixtures/product-led`',
    });
  }
  return readdirSync(dir)
    .filter((name) => /\.(csv|tsv|txt)$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export async function loadDataset(dir: string, options: LoadOptions = {}): Promise<Dataset> {
  const layouts = options.layouts ?? CANONICAL_LAYOUTS;
  const files = listDataFiles(dir);
  if (files.length === 0) {
    throw new PullcheckError('NO_DATA_FILES', `no CSV files in ${dir}`, {
      hint: 'export your CRM and analytics tables as .csv into this folder (see docs/data-model.md)',
    });
  }
  const tables = emptyTables();
  const present = new Set<TableName>();
  const summaries: FileSummary[] = [];
  const issues: IngestIssue[] = [];
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    summaries.push(await loadFile(file, shown, layouts, tables, present, issues, options));
  }
  if (present.size === 0) {
    const found = summaries.map((s) => `${s.path}: ${s.unmappedColumns.slice(0, 8).join(', ') || '(empty)'}`).join('; ');
    throw new PullcheckError('NO_RECOGNISED_FILES', `no recognisable table in ${dir} (found ${found})`, {
      hint: `expected headers like ${expectedHeaders(layouts).slice(0, 3).join(' | ')} … (docs/data-model.md lists all)`,
    });
  }
  return { tables, present, files: summaries, issues };
}

async function loadFile(
  file: string,
  shown: string,
  layouts: readonly Layout[],
  tables: Tables,
  present: Set<TableName>,
  issues: IngestIssue[],
  options: LoadOptions,
): Promise<FileSummary> {
  const summary: FileSummary = {
    path: shown, table: null, layout: null, confidence: null, rows: 0, rejected: 0, rejectedByReason: {}, warnings: {}, unmappedColumns: [],
  };
  const examples = new Map<string, number>();
  const note = (issue: IngestIssue): void => {
    const key = issue.code;
    const seen = examples.get(key) ?? 0;
    if (seen < EXAMPLES_PER_REASON) issues.push(issue);
    examples.set(key, seen + 1);
  };
  const warn = (issue: IngestIssue): void => {
    summary.warnings[issue.code] = (summary.warnings[issue.code] ?? 0) + 1;
    note(issue);
  };
  const rejectRow = (code: string, line: number, message: string, column?: string): void => {
    summary.rejected++;
    summary.rejectedByReason[code] = (summary.rejectedByReason[code] ?? 0) + 1;
    note({ code, file: shown, line, message, ...(column ? { column } : {}) });
  };

  const { line: firstLine, bytes } = readFirstLine(file);
  if (looksBinary(bytes)) {
    warn({ code: 'BINARY_FILE', file: shown, line: 1, message: 'this looks like a binary file, not CSV text; skipped' });
    return summary;
  }
  if (firstLine.trim() === '') {
    warn({ code: 'EMPTY_FILE', file: shown, line: 1, message: 'the file is empty; skipped' });
    return summary;
  }

  let recognition: ReturnType<typeof recognise> = null;
  let header: string[] = [];
  let build: ((row: RowReader) => unknown) | null = null;
  let target: unknown[] | null = null;
  const records = readCsv(file, {
    delimiter: sniffDelimiter(firstLine),
    onBadRecord: (bad) => {
      summary.rows++;
      rejectRow(bad.code, bad.line, bad.message);
    },
  });
  for await (const { line, cells } of records) {
    if (!recognition) {
      header = cells.map((c) => c.trim());
      recognition = recognise(header, file, layouts);
      if (!recognition) {
        summary.unmappedColumns = header;
        warn({
          code: 'UNRECOGNISED_FILE',
          file: shown,
          line: 1,
          message: `header not recognised as any table (columns: ${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''}); skipped`,
        });
        break;
      }
      summary.table = recognition.table;
      summary.layout = recognition.layout.id;
      summary.confidence = recognition.confidence;
      summary.unmappedColumns = recognition.unmappedColumns;
      present.add(recognition.table);
      build = ROW_BUILDERS[recognition.table];
      target = tables[recognition.table] as unknown[];
      continue;
    }
    summary.rows++;
    if (cells.length !== header.length) {
      const effect = cells.length < header.length ? 'missing cells read as blank' : 'extra cells ignored';
      warn({ code: 'RAGGED_ROW', file: shown, line, message: `${cells.length} cells where the header has ${header.length}; ${effect}` });
    }
    const mapped: Record<string, string | undefined> = {};
    for (const [field, index] of Object.entries(recognition.columns)) mapped[field] = cells[index];
    const reader = new RowReader(mapped, (field) => header[recognition!.columns[field] ?? -1] ?? field);
    const record = build!(reader);
    if (reader.rejection) {
      rejectRow(reader.rejection.code, line, reader.rejection.message, header[recognition.columns[reader.rejection.field] ?? -1]);
      continue;
    }
    for (const p of reader.problems) {
      const column = header[recognition.columns[p.field] ?? -1] ?? p.field;
      warn({ code: p.code, file: shown, line, column, message: `${column} "${p.value}" could not be read; treated as blank` });
    }
    target!.push(record);
    if (options.onProgress && summary.rows % 10_000 === 0) options.onProgress({ file: shown, rows: summary.rows });
  }
  if (recognition && summary.rows === 0) {
    warn({ code: 'HEADER_ONLY', file: shown, line: 1, message: `${recognition.table} file has a header but no rows` });
  }
  // Every counted problem, including those beyond the examples kept.
  for (const [code, count] of examples) {
    if (count > EXAMPLES_PER_REASON) {
      issues.push({ code, file: shown, line: 0, message: `${count - EXAMPLES_PER_REASON} more ${code} in this file (${count} in all)` });
    }
  }
  return summary;
}
