/**
 * The byte scan that lets DuckDB's row ordinals stand for the JavaScript reader's line numbers
 * (events-duckdb.ts): how many lines of rows a file has, and whether DuckDB reads it alike: a CSV
 * file's quotes (QuoteCheck), a JSON-lines file's JSON (JsonLinesCheck).
 * It runs on a worker thread when one can start, since the main thread is busy reading the CRM
 * files while DuckDB waits for it (at 5 M events the scan took 3.9 s there, 0.3 s on its own).
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { byteStream, MAX_JSON_DEPTH } from './read-csv.js';

/**
 * What the scan found: the rows DuckDB must read (a CSV or JSON-lines file's lines of rows, a JSON
 * array's elements; null: DuckDB's ordinals cannot give them), and why DuckDB would read the file
 * otherwise than the JavaScript reader (null: it would not).
 */
export interface DataLinesScan {
  lines: number | null;
  problem: string | null;
}

/**
 * What a file holds: CSV with this delimiter (a header line, then rows), JSON lines (rows from line
 * 1), or one JSON array of objects (rows are its elements: the scan counts them, not lines).
 */
export type DataLinesFormat = { delimiter: string } | 'json-lines' | 'json-array';

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

/** `dataLines` of the file on a worker thread (in this thread when no worker can start), checked for its format. */
export function scanDataLines(path: string, gzip: { maxBytes: number } | null, format: DataLinesFormat): Promise<DataLinesScan> {
  const inThread = (): Promise<DataLinesScan> => scanFile(path, gzip, format);
  // A worker takes ~25 ms to start: a small file is scanned here (16 MB take about as long).
  const minBytes = Number(process.env.PULLCHECK_SCAN_THREAD_MIN_BYTES ?? WORKER_MIN_BYTES);
  if (WORKER_FILE === null || !(fileSize(path) >= minBytes)) return inThread();
  return new Promise<DataLinesScan | null>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_FILE, { workerData: { path, gzip, format } });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (message: DataLinesScan) => resolve(message));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null)); // after the message, a second resolve does nothing
  }).then((scan) => scan ?? inThread());
}

/** The scan of a file in this thread (the worker's too). */
export async function scanFile(path: string, gzip: { maxBytes: number } | null, format: DataLinesFormat): Promise<DataLinesScan> {
  if (format === 'json-array') {
    const check = new JsonLinesCheck(false);
    let failed = false;
    for await (const chunk of byteStream(path, 0, gzip ? { maxBytes: gzip.maxBytes, onLimit: () => (failed = true), onError: () => (failed = true) } : undefined)) check.add(chunk);
    return { lines: failed ? null : check.elements, problem: check.problem };
  }
  const check = format === 'json-lines' ? new JsonLinesCheck() : new QuoteCheck(delimiterByte(format.delimiter));
  const lines = await dataLines(path, gzip, check, format === 'json-lines' ? 0 : 1);
  return { lines, problem: check.problem };
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
 * Rows = the lines after the `headerLines` up to the last non-blank one; the summary's rows must
 * add up to it (given that no cell holds a line break, which QuoteCheck checks). One pass at
 * memchr speed (Buffer.indexOf), decompressing a gzip file through read-csv's byteStream; `check`
 * sees every byte in order.
 */
export async function dataLines(
  path: string,
  gzip: { maxBytes: number } | null,
  check?: { add(chunk: Uint8Array): void; end(): void },
  headerLines = 1,
): Promise<number | null> {
  let failed = false;
  const bytes = byteStream(path, 0, gzip ? { maxBytes: gzip.maxBytes, onLimit: () => (failed = true), onError: () => (failed = true) } : undefined);
  let lines = 0; // line ends seen
  let lineBytes = 0; // bytes of the line being read (a CR before its LF included)
  let lastByte = -1;
  let lastFilled = 0; // the number of the last line holding more than a CR
  let blankBefore = false; // a blank line was seen after the last filled one
  for await (const chunk of bytes) {
    check?.add(chunk);
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
  check?.end();
  if (failed || lastByte === 13) return null;
  if (lineBytes > 0) {
    // A last line without a line end.
    if (blankBefore) return null;
    lastFilled = lines + 1;
  }
  return Math.max(0, lastFilled - headerLines);
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


const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const TAB = 0x09;

/**
 * Whether DuckDB's JSON reader and JSON.parse read a JSON-lines file's lines alike, fed the file's
 * bytes in order: DuckDB accepts a trailing comma (`[1,]`, `{"a":1,}`) and NaN or Infinity, which
 * JSON.parse refuses, and JSON.parse (parseJsonLine) refuses nesting deeper than MAX_JSON_DEPTH.
 * Outside strings, a word must start as true, false or null do; a closing bracket must not follow
 * a comma; brackets may open at most MAX_JSON_DEPTH deep. (Text neither reads is DuckDB's error,
 * which sends the file to JavaScript.) Every byte is looked at once; state carries across chunks
 * and, with `lines`, starts again at each line feed. Without (one JSON array, which the array
 * reader parses as a whole), line feeds are white space, the depth counts from the array's
 * elements, and `elements` counts them.
 */
export class JsonLinesCheck {
  /** The array's elements (its commas at depth 1, and one more when it has any). */
  get elements(): number {
    return this.sawElement ? this.commas + 1 : 0;
  }
  private commas = 0;
  private sawElement = false;

  constructor(private readonly lines = true) {}

  problem: string | null = null;
  private inString = false;
  private escaped = false;
  private depth = 0;
  /** The last byte outside strings that is not white space (-1: none on this line). */
  private last = -1;
  /** The word being read outside strings: 0 none, else its bytes so far (1: after its first). */
  private word = 0;
  /** The first byte of that word. */
  private wordStart = 0;

  add(b: Uint8Array): void {
    if (this.problem !== null) return;
    let { inString, escaped, depth, last, word, wordStart, commas, sawElement } = this;
    const { lines } = this;
    /** The deepest nesting JSON.parse takes (one more for the array around the elements). */
    const maxDepth = lines ? MAX_JSON_DEPTH : MAX_JSON_DEPTH + 1;
    const n = b.length;
    for (let i = 0; i < n; i++) {
      let c = b[i]!;
      if (inString) {
        // Most bytes are inside strings: skip to the next one that matters there.
        if (!escaped) {
          while (c !== QUOTE && c !== BACKSLASH && c !== LF && ++i < n) c = b[i]!;
          if (i >= n) break;
        }
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          last = c;
        } else if (c === LF && lines) {
          inString = false;
          depth = 0;
          last = -1;
        }
        continue;
      }
      // An array's element starts (or a comma parts two) right inside the array.
      if (!lines && depth === 1 && c !== SPACE && c !== TAB && c !== CR && c !== LF) {
        if (c === COMMA) commas++;
        else if (c !== 0x5d /* ] */) sawElement = true;
      }
      const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
      if (letter) {
        // A letter after a digit or a dot is a number's exponent (1e5), not a word.
        if (word === 0 && !((last >= 0x30 && last <= 0x39) || last === 0x2e)) {
          if (c !== 0x74 /* t */ && c !== 0x66 /* f */ && c !== 0x6e /* n */) return this.fail('a bare word other than true, false or null (such as NaN or Infinity)');
          word = 1;
          wordStart = c;
        } else if (word > 0) {
          // null, not nan
          if (word === 1 && wordStart === 0x6e && c !== 0x75 /* u */) return this.fail('a bare word other than true, false or null (such as NaN or Infinity)');
          word++;
        }
        last = c;
        continue;
      }
      word = 0;
      if (c === LF) {
        if (lines) {
          depth = 0;
          last = -1;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (++depth > maxDepth) return this.fail(`JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
        last = c;
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        if (last === COMMA) return this.fail('a trailing comma');
        depth--;
        last = c;
      } else if (c !== SPACE && c !== TAB && c !== CR) last = c;
    }
    Object.assign(this, { inString, escaped, depth, last, word, wordStart, commas, sawElement });
  }

  /** The end of input (nothing pending: a line is checked as its bytes come). */
  end(): void {}

  private fail(problem: string): void {
    this.problem = problem;
  }
}
