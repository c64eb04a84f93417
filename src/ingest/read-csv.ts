/**
 * Streaming CSV reading with csv-parse: one record at a time, with its line number, so a
 * file of any size never sits in memory as text. Malformed records are reported (file:line,
 * reason) through `onBadRecord` and skipped; the rest of the file is still read.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

export interface BadRecord {
  line: number;
  code: string;
  message: string;
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/**
 * Pick the delimiter from the first line: the candidate that occurs most often outside quotes.
 * Comma when there is no other evidence.
 */
export function sniffDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The first line of a file (up to 64 KiB), without BOM; '' for an empty file. */
export function readFirstLine(path: string): { line: string; bytes: Buffer } {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, read);
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const end = text.search(/\r?\n/);
    return { line: end === -1 ? text : text.slice(0, end), bytes };
  } finally {
    closeSync(fd);
  }
}

/** True when the first bytes look like a binary file rather than text. */
export function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control / sample.length > 0.1;
}

export async function* readCsv(
  path: string,
  options: { delimiter: string; onBadRecord: (bad: BadRecord) => void },
): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter: options.delimiter,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  let previousEnd = 0;
  parser.on('skip', (err: CsvError) => {
    const lines = typeof err.lines === 'number' ? err.lines : previousEnd + 1;
    options.onBadRecord({ line: previousEnd + 1, code: err.code, message: describeCsvError(err, lines) });
    previousEnd = lines;
  });
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = previousEnd + 1;
    previousEnd = item.info.lines;
    const cells = item.record;
    if (cells.length === 1 && cells[0]!.trim() === '') continue; // blank line
    yield { line, cells };
  }
}

function describeCsvError(err: CsvError, lines: number): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted cell is never closed (the quote opens here and runs to line ${lines}, the end of the file)`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a cell is not escaped (write "" for a literal quote)';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows a closing quote';
    default:
      return err.message.replace(/^Invalid Record Length: /, '');
  }
}
