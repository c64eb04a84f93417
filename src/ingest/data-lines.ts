/**
 * The byte scan that lets DuckDB's row ordinals stand for the CSV reader's line numbers
 * (events-duckdb.ts): how many lines of rows a file has, and whether its quotes are read alike by
 * DuckDB and the CSV reader (QuoteCheck).
 * It runs on a worker thread when one can start, since the main thread is busy reading the CRM
 * files while DuckDB waits for it (at 5 M events the scan took 3.9 s there, 0.3 s on its own).
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { byteStream } from './read-csv.js';

/** What the scan found: the lines of rows (null: DuckDB's ordinals cannot give them), and why DuckDB would read the quotes otherwise than the CSV reader (null: it would not). */
export interface DataLinesScan {
  lines: number | null;
  quotes: string | null;
}

/** The worker module beside the built file; none when running from TypeScript sources (tests scan in-thread). */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? null : new URL('./data-lines-worker.js', import.meta.url);

/** Files smaller than this are scanned in this thread (a worker's start costs as much as their scan); PULLCHECK_SCAN_THREAD_MIN_BYTES sets it. */
const WORKER_MIN_BYTES = 16 * 1024 * 1024;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the scan reports what is wrong with the file
  }
}

/** `dataLines` of the file on a worker thread (in this thread when no worker can start), with its quotes checked for `delimiter`. */
export function scanDataLines(path: string, gzip: { maxBytes: number } | null, delimiter: string): Promise<DataLinesScan> {
  const inThread = async (): Promise<DataLinesScan> => {
    const quotes = new QuoteCheck(delimiterByte(delimiter));
    const lines = await dataLines(path, gzip, quotes);
    return { lines, quotes: quotes.problem };
  };
  // A worker takes ~25 ms to start: a small file is scanned here (16 MB take about as long).
  const minBytes = Number(process.env.PULLCHECK_SCAN_THREAD_MIN_BYTES ?? WORKER_MIN_BYTES);
  if (WORKER_FILE === null || !(fileSize(path) >= minBytes)) return inThread();
  return new Promise<DataLinesScan | null>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_FILE, { workerData: { path, gzip, delimiter } });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (message: DataLinesScan) => resolve(message));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null)); // after the message, a second resolve does nothing
  }).then((scan) => scan ?? inThread());
}

/** A delimiter's byte in UTF-8, or -1 when it takes more than one. */
export function delimiterByte(delimiter: string): number {
  const bytes = Buffer.from(delimiter, 'utf8');
  return bytes.length === 1 ? bytes[0]! : -1;
}

/**
 * The data rows of the file as the CSV reader numbers its lines, when DuckDB's row ordinal gives
 * them: null when a blank line comes before a later row (DuckDB skips blank lines, which the
 * reader counts), a CR stands alone (a line end the two may count differently), or a compressed
 * file is corrupt or decompresses to more than `maxBytes` (the JavaScript path reports those).
 * Rows = the lines after the header up to the last non-blank one; the summary's rows must add up
 * to it (given that no cell holds a line break, which `quotes` checks). One pass at memchr speed
 * (Buffer.indexOf), decompressing a gzip file through read-csv's byteStream.
 */
export async function dataLines(
  path: string,
  gzip: { maxBytes: number } | null,
  quotes?: QuoteCheck,
): Promise<number | null> {
  let failed = false;
  const bytes = byteStream(path, 0, gzip ? { maxBytes: gzip.maxBytes, onLimit: () => (failed = true), onError: () => (failed = true) } : undefined);
  let lines = 0; // line ends seen
  let lineBytes = 0; // bytes of the line being read (a CR before its LF included)
  let lastByte = -1;
  let lastFilled = 0; // the number of the last line holding more than a CR
  let blankBefore = false; // a blank line was seen after the last filled one
  for await (const chunk of bytes) {
    quotes?.add(chunk);
    for (let at = chunk.indexOf(13); at !== -1; at = chunk.indexOf(13, at + 1)) {
      if (at + 1 < chunk.length && chunk[at + 1] !== 10) return null;
    }
    if (lastByte === 13 && chunk.length > 0 && chunk[0] !== 10) return null;
    let from = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, from)) {
      const length = lineBytes + (at - from);
      lines++;
      const blank = length === 0 || (length === 1 && (at > from ? chunk[at - 1] === 13 : lastByte === 13));
      if (blank) blankBefore = true;
      else {
        if (blankBefore) return null;
        lastFilled = lines;
      }
      lineBytes = 0;
      from = at + 1;
    }
    lineBytes += chunk.length - from;
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
  }
  quotes?.end();
  if (failed || lastByte === 13) return null;
  if (lineBytes > 0) {
    // A last line without a line end.
    if (blankBefore) return null;
    lastFilled = lines + 1;
  }
  return Math.max(0, lastFilled - 1);
}

const SPACE = 0x20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];
/** The byte before the file's first (no byte yet): a cell's start. */
const FILE_START = -1;

/**
 * Whether csv-parse (as read-csv.ts sets it: `relax_quotes`) and DuckDB's strict CSV reader read a
 * file's quotes alike, fed the file's bytes in order. They do when every quote opens a cell (right
 * after the delimiter or a line end), is doubled inside it, or closes it (right before the
 * delimiter or a line end), and no quoted cell holds a line break (rows would then span lines,
 * and DuckDB's row ordinals would no longer be lines). Otherwise `problem` says what was met:
 * DuckDB drops the spaces around a quoted cell (`a, "b"` reads `b`) where csv-parse keeps them
 * with the quotes (` "b"`), and a quote inside a cell that is not quoted, or text after a closing
 * quote, is read by rules the two do not share. Quotes are found with Buffer.indexOf; only the
 * inside of quoted cells is walked byte by byte.
 */
export class QuoteCheck {
  problem: string | null = null;
  private inQuoted = false;
  /** The last chunk ended on a quote inside a quoted cell: the next byte says whether it closed it. */
  private quoteAtEnd = false;
  /** The last byte before this chunk that is not a space (FILE_START before any), and whether spaces followed it. */
  private lastNonSpace = FILE_START;
  private spacesAfter = false;
  /** BOM bytes matched at the file's start (3: a BOM, skipped; -1: none). */
  private bom = 0;

  /** `delimiter`: the delimiter's byte, or -1 when it takes more than one byte (then any quote is a problem). */
  constructor(private readonly delimiter: number) {}

  add(b: Uint8Array): void {
    if (this.problem !== null || b.length === 0) return;
    // A BOM is not part of the first cell.
    let floor = 0;
    while (this.bom >= 0 && this.bom < 3 && floor < b.length) {
      if (b[floor] !== BOM[this.bom]) this.bom = -1;
      else {
        this.bom++;
        floor++;
      }
    }
    let i = floor;
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (b[0] === QUOTE) i = 1;
      else if (!this.closes(b[0]!)) return;
      else this.inQuoted = false;
    }
    while (i < b.length) {
      if (this.inQuoted) {
        for (; i < b.length; i++) {
          const c = b[i]!;
          if (c === QUOTE) break;
          if (c === LF || c === CR) return this.fail('a quoted cell holds a line break');
        }
        if (i >= b.length) break;
        if (i + 1 >= b.length) {
          this.quoteAtEnd = true;
          break;
        }
        if (b[i + 1] === QUOTE) {
          i += 2;
          continue;
        }
        if (!this.closes(b[i + 1]!)) return;
        this.inQuoted = false;
        i++;
        continue;
      }
      const q = b.indexOf(QUOTE, i);
      if (q === -1) break;
      if (this.delimiter === -1) return this.fail('a quoted cell in a file whose delimiter takes more than one byte');
      let k = q - 1;
      while (k >= floor && b[k] === SPACE) k--;
      const before = k >= floor ? b[k]! : this.lastNonSpace;
      const spaces = k < q - 1 || (k < floor && this.spacesAfter);
      if (before !== FILE_START && before !== this.delimiter && before !== LF && before !== CR) return this.fail('a quote inside a cell that is not quoted');
      if (spaces) return this.fail('a space before a quoted cell');
      this.inQuoted = true;
      i = q + 1;
    }
    // For the next chunk's look back from a quote over spaces.
    let k = b.length - 1;
    while (k >= floor && b[k] === SPACE) k--;
    if (k >= floor) {
      this.lastNonSpace = b[k]!;
      this.spacesAfter = k < b.length - 1;
    } else if (floor < b.length) this.spacesAfter = true;
  }

  /** The end of input: a quoted cell still open is a problem (csv-parse drops its record). */
  end(): void {
    if (this.problem === null && this.inQuoted && !this.quoteAtEnd) this.fail('a quoted cell that is never closed');
  }

  /** Whether `next`, right after a quote in a quoted cell, closes the cell the same way for both readers. */
  private closes(next: number): boolean {
    if (next === this.delimiter || next === LF || next === CR) return true;
    this.fail(next === SPACE ? 'a space after a quoted cell' : 'text after a closing quote');
    return false;
  }

  private fail(problem: string): void {
    this.problem = problem;
  }
}

