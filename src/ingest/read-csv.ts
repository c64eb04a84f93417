/**
 * Streaming CSV (and JSON-lines) reading: one record at a time, with its line number, so a
 * file of any size never sits in memory as text. Only a bounded sample from the start of the
 * file is read up front, to decide the encoding and the delimiter. Malformed records are
 * reported (file:line, reason) through `onBadRecord` and skipped; the rest of the file is read.
 */
import { isAscii } from 'node:buffer';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CsvError } from 'csv-parse';

/** csv-parse's rules for every delimited file (the tests' whole-text oracle uses the same). */
export const CSV_PARSE_RULES = { relax_column_count: true, relax_quotes: true, skip_records_with_error: true } as const;

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
  /**
   * JSON lines read with `columnUse`: the object or array in a column whose JSON value is read,
   * by column (its cell text is then made only if the text is read too).
   */
  values?: unknown[];
}

/** `ReadOptions.columnUse` bits: a column's cell text is read. */
export const COLUMN_TEXT = 1;
/** `ReadOptions.columnUse` bits: a column's JSON value is read (an object or array comes as is). */
export const COLUMN_VALUE = 2;

export interface BadRecord {
  line: number;
  code: string;
  message: string;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];
/** Bytes read up front to decide encoding and delimiter (and JSON-lines keys). */
export const SAMPLE_BYTES = 262_144;

/**
 * Pick the delimiter from the first lines of a file: the candidate that occurs on the header
 * line (outside quotes) and most consistently on the lines after it. Comma without evidence.
 */
export function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length === 0) return ',';
  const count = (line: string, d: string): number => {
    let n = 0;
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) n++;
    }
    return n;
  };
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const head = count(lines[0]!, d);
    if (head === 0) continue;
    // Lines agreeing with the header count weigh most; the header count breaks ties.
    const agreeing = lines.slice(1).filter((l) => count(l, d) === head).length;
    const score = agreeing * 1000 + head;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

export interface Sniffed {
  encoding: Encoding;
  /** How the encoding was decided, for inspect. */
  encodingBasis: 'bom' | 'detected' | 'config';
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** The decoded sample (up to SAMPLE_BYTES), without BOM. */
  text: string;
  /** The first line of the sample. */
  firstLine: string;
  delimiter: string;
  /** Non-null when the file is not text: what it looks like. */
  binary: string | null;
  empty: boolean;
}

/** What `Sniffed.binary` says of gzip data (read decompressed by the loader). */
export const GZIP_MAGIC_LABEL = 'a gzip archive';

/** What `Sniffed.binary` says of Parquet data (read by DuckDB, read-parquet.ts). */
export const PARQUET_MAGIC_LABEL = 'a Parquet file';

/** Known binary signatures (people export some by mistake; gzip and Parquet are read). */
const MAGIC: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive or Excel .xlsx workbook'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an Excel .xls workbook'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x1f, 0x8b], GZIP_MAGIC_LABEL],
  [[0x50, 0x41, 0x52, 0x31], PARQUET_MAGIC_LABEL],
];

/** Read the start of a file and decide its encoding, delimiter and whether it is text at all. */
export function sniffFile(path: string, override: { encoding?: Encoding; delimiter?: string } = {}): Sniffed {
  const fd = openSync(path, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    bytes = buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
  return sniffBytes(bytes, override);
}

/**
 * The start of a gzip-compressed file, decompressed (at most `SAMPLE_BYTES`), to sniff as
 * `sniffBytes` does; throws when the file is not gzip data at all.
 */
export async function gzipStart(path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  let failure: Error | null = null;
  const source = gunzipStream(path, 0, { maxBytes: Number.MAX_SAFE_INTEGER, onLimit: () => undefined, onError: (error) => (failure = error) });
  for await (const chunk of source) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= SAMPLE_BYTES) break;
  }
  if (failure !== null && length === 0) throw failure;
  return Buffer.concat(parts).subarray(0, SAMPLE_BYTES);
}

/** Decide a sample's encoding, delimiter and whether it is text at all (`sniffFile` on bytes already read). */
export function sniffBytes(bytes: Buffer, override: { encoding?: Encoding; delimiter?: string } = {}): Sniffed {
  let encoding: Encoding = 'utf-8';
  let basis: Sniffed['encodingBasis'] = 'detected';
  let bomLength = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [encoding, bomLength, basis] = ['utf-8', 3, 'bom'];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, bomLength, basis] = ['utf-16le', 2, 'bom'];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, bomLength, basis] = ['utf-16be', 2, 'bom'];
  else encoding = detectEncoding(bytes);
  if (override.encoding) [encoding, basis] = [override.encoding, 'config'];

  const empty = bytes.length <= bomLength;
  const magic = MAGIC.find(([sig]) => sig.every((b, i) => bytes[i] === b));
  let binary: string | null = magic ? magic[1] : null;
  const text = new TextDecoder(encoding).decode(bytes.subarray(bomLength), { stream: true });
  if (!binary && looksBinaryText(text)) binary = 'binary data';
  const end = text.search(/\r?\n/);
  const firstLine = end === -1 ? text : text.slice(0, end);
  const delimiter = override.delimiter ?? sniffDelimiter(text.slice(0, 65_536));
  return { encoding, encodingBasis: basis, bomLength, text, firstLine, delimiter, binary, empty };
}

/** Without a BOM: UTF-16 by its zero bytes, else UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
function detectEncoding(bytes: Buffer): Encoding {
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenZero++;
      if (bytes[i + 1] === 0) oddZero++;
    }
    const pairs = n / 2;
    if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
    if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  }
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** True when decoded text holds NULs or many control characters: not a CSV export. */
export function looksBinaryText(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  // Text exports hold no control characters besides tab and line ends; random bytes hold ~9%.
  return control / sample.length > 0.02;
}

/** A gzip-compressed file: decompressed as read, and cut at `maxBytes` decompressed (a gzip bomb). */
export interface GzipOptions {
  maxBytes: number;
  /** Reading stopped at `maxBytes`: the rest of the file is not read. */
  onLimit: (bytes: number) => void;
  /** The compressed data is cut short or corrupt: what was decompressed before is read. */
  onError: (error: Error, bytes: number) => void;
  /** Compressed bytes read so far (for progress). */
  onCompressedBytes?: (bytes: number) => void;
}

/**
 * The bytes of `path` from `start` (after its BOM): as they are, or decompressed (`gzip`), where
 * `start` counts decompressed bytes. Never throws on bad gzip data (see GzipOptions).
 */
export function byteStream(path: string, start: number, gzip: GzipOptions | undefined): AsyncIterable<Buffer> {
  return gzip ? gunzipStream(path, start, gzip) : (createReadStream(path, { start, highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>);
}

async function* gunzipStream(path: string, skip: number, gzip: GzipOptions): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK });
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  let compressed = 0;
  if (gzip.onCompressedBytes) {
    raw.on('data', (chunk) => {
      compressed += chunk.length;
      gzip.onCompressedBytes!(compressed);
    });
  }
  // Errors of either stream end the iteration below (pipeline destroys both).
  pipeline(raw, gunzip, () => undefined);
  let total = 0;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      let chunk = piece;
      const before = total;
      total += chunk.length;
      const over = total > gzip.maxBytes;
      if (over) chunk = chunk.subarray(0, Math.max(0, gzip.maxBytes - before));
      if (before + chunk.length > skip) yield before >= skip ? chunk : chunk.subarray(skip - before);
      if (over) {
        gzip.onLimit(gzip.maxBytes);
        return;
      }
    }
  } catch (error) {
    gzip.onError(error as Error, total);
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}

export interface ReadOptions {
  delimiter: string;
  /** Set for a gzip-compressed file (no `end` / `continues`: gzip cannot be read from the middle). */
  gzip?: GzipOptions;
  encoding?: Encoding;
  bomLength?: number;
  onBadRecord: (bad: BadRecord) => void;
  /** A record holding bytes the encoding cannot represent (counted by the caller). */
  onBadEncoding?: (line: number) => void;
  /** Bytes of the file read so far (BOM included), after each chunk: for progress. */
  onBytes?: (bytes: number) => void;
  /**
   * Set (also while reading) to take the records that follow from readCsvBatches or
   * readJsonLines synchronously, in file order, instead of in batches.
   */
  sink?: RecordSink | null;
  /**
   * Read only the bytes before this offset, which must follow a line feed; then `atEnd` decides
   * whether to stop there. May be set while reading.
   */
  end?: number;
  /**
   * Called at `end` with whether the bytes before it ended exactly at a record start, the line
   * of that record, and the record delimiter in use: true stops reading there (no end-of-file
   * handling), false reads on to the end of the file as if nothing had happened.
   */
  atEnd?: (clean: boolean, nextLine: number, recordDelimiter: string) => boolean;
  /**
   * Start at this byte offset instead of after the BOM: a range that continues a file from a
   * record start, whose record delimiter is already known. Lines count from 1 at `start`.
   */
  continues?: { start: number; recordDelimiter: '\r\n' | '\n' | '\r' };
  /**
   * JSON lines: how each header column is read (COLUMN_TEXT, COLUMN_VALUE); a column read neither
   * way stays ''. May be set while reading (after the format sample). Absent: every cell's text.
   */
  columnUse?: Uint8Array;
}

export interface RecordSink {
  /** A record as cells (blank lines skipped, bad encoding reported, as for batches); `values` as in CsvRecord. */
  cells(line: number, cells: string[], values?: unknown[]): void;
}

/** Bytes read from the file at a time. */
const READ_CHUNK = 1 << 16;

/** Records one at a time (tests and small callers); the loader reads batches. */
export async function* readCsv(path: string, options: ReadOptions): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(path, options)) yield* batch;
}

/**
 * Bytes after `ReadOptions.end` the parser is given before it is asked whether a record ends
 * there: csv-parse reads a character only once it sees the few after it (a CR LF, a doubled or
 * closing quote, a delimiter), at most the delimiter's length plus three bytes.
 */
const BOUNDARY_LOOKAHEAD = 16;

/**
 * Records in batches (one per chunk of the file read), split by csv-parse (`bom`,
 * `relax_quotes`, `relax_column_count`, `skip_records_with_error`; quote and escape `"`), whose
 * rules are these:
 * - The record delimiter is the first CR LF, LF or CR met outside quotes; after that only that
 *   sequence ends a record (a lone LF in a CR LF file stays in the cell).
 * - A quote opens a quoted cell only as the cell's first character; elsewhere it is text.
 * - In a quoted cell `""` is a quote; a quote followed by the delimiter, the record delimiter,
 *   NUL or the end of the text closes the cell; followed by anything else the quote is kept as
 *   text, with the cell's opening quote put back (`"ab"c` reads as `"ab"c`).
 * - Lines are counted per CR and per LF read (a CR LF record delimiter counts once, a CR LF
 *   inside quotes twice); a record's line is the line after the one the record before it ends on.
 * - A quote still open at the end of the text drops that record: CSV_QUOTE_NOT_CLOSED.
 * - A byte-order mark at the very start is skipped; a record of one blank cell (a blank line) is
 *   no record.
 * Text in another encoding than UTF-8 is decoded and given to the parser as UTF-8. Bad records
 * are reported after the records before them were yielded.
 */
export async function* readCsvBatches(path: string, options: ReadOptions): AsyncGenerator<CsvRecord[]> {
  const { parse } = await import('csv-parse'); // loaded at the first delimited file, not for --help
  const continues = options.continues;
  let invalidBytes = false;
  /** The line the last record (or dropped record) ended on. */
  let previousEnd = 0;
  let batch: CsvRecord[] = [];
  const bad: BadRecord[] = [];
  const take = (line: number, cells: string[]): void => {
    if (cells.length === 1 && cells[0]!.trim() === '') return; // blank line
    // Only files that met undecodable bytes pay for this check.
    if (invalidBytes && options.onBadEncoding && cells.some((c) => c.includes('\uFFFD'))) options.onBadEncoding(line);
    const sink = options.sink;
    if (sink) sink.cells(line, cells);
    else batch.push({ line, cells });
  };
  /** Bytes given to the parser so far (its own count of bytes, `info.bytes`, is of the same text). */
  let given = 0;
  /**
   * While `end` is decided (-1 otherwise): the bytes given before it. A record ending there makes
   * it a record start; records after it wait in `held` until it is known whether this thread reads them.
   */
  let boundary = -1;
  let boundaryLine = 0;
  let held: Array<{ line: number; cells: string[] }> = [];
  const parser = parse({
    // A range that continues a file starts at a record, with the record delimiter known.
    bom: !continues,
    ...(continues ? { record_delimiter: continues.recordDelimiter } : {}),
    delimiter: options.delimiter,
    ...CSV_PARSE_RULES,
    on_skip: (err) => {
      if (err === undefined) return undefined;
      const lines = typeof err.lines === 'number' ? (err.lines as number) : previousEnd + 1;
      bad.push({ line: previousEnd + 1, code: err.code, message: describeCsvError(err, lines) });
      previousEnd = lines;
      return undefined;
    },
  });
  /** A record as csv-parse hands it on: `parser.info` (documented) then tells the line it ends on and the bytes read. */
  const onRecord = (cells: string[]): void => {
    const { lines, bytes: parsed } = parser.info;
    const line = previousEnd + 1;
    previousEnd = lines;
    if (boundary >= 0 && parsed >= boundary) {
      if (parsed === boundary) boundaryLine = lines + 1;
      else {
        held.push({ line, cells });
        return;
      }
    }
    take(line, cells);
  };
  // Records go to `onRecord` as the parser pushes them, none into the stream: csv-parse's
  // on_record option would build an info object per record, 40 % of its time on the bench
  // company's CRM files (460 k records: 1.65 s against 0.96 s).
  const pushOn = parser.push.bind(parser);
  parser.push = (record: unknown): boolean => (record === null ? pushOn(null) : (onRecord(record as string[]), true));
  let failure: unknown = null;
  parser.on('error', (error) => (failure ??= error));
  const give = (bytes: Buffer): Promise<void> => {
    given += bytes.length;
    return new Promise((resolve, reject) => parser.write(bytes, (error) => (error ? reject(error) : resolve())));
  };
  // The file's byte-order mark is skipped before (`start`); a U+FEFF in the text is csv-parse's
  // to skip (at the start) or keep, wherever a read begins.
  const textDecoder = new TextDecoder(options.encoding ?? 'utf-8', { ignoreBOM: true });
  // While every chunk so far was ASCII (so the decoder holds no partial character), an ASCII
  // chunk of an ASCII-compatible encoding is its own UTF-8: no decoding, no U+FFFD.
  let asciiSoFar = textDecoder.encoding === 'utf-8' || textDecoder.encoding === 'windows-1252';
  const utf8Of = (chunk: Buffer): Buffer => {
    if (asciiSoFar && isAscii(chunk)) return chunk;
    asciiSoFar = false;
    return utf8OfText(textDecoder.decode(chunk, { stream: true }));
  };
  const utf8OfText = (text: string): Buffer => {
    if (!invalidBytes && text.includes('\uFFFD')) invalidBytes = true;
    return Buffer.from(text, 'utf8');
  };
  const recordDelimiter = (): string => parser.options.record_delimiter[0]?.toString('utf8') ?? '';
  const reportBad = (): void => {
    for (const b of bad.splice(0)) options.onBadRecord(b);
  };
  const start = continues?.start ?? options.bomLength ?? 0;
  let bytes = start;
  const chunks = byteStream(path, start, options.gzip)[Symbol.asyncIterator]();
  // `end` and `atEnd` are read as the file is read: the loader sets them after the sample.
  let boundaryDone = false;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      const chunk = next.value;
      const end = options.end;
      if (!boundaryDone && end !== undefined && options.atEnd && end < bytes) {
        // Set too late: the bytes before `end` are already read; go on in this thread.
        boundaryDone = true;
        options.atEnd(false, previousEnd + 1, recordDelimiter());
      }
      if (!boundaryDone && end !== undefined && options.atEnd && bytes + chunk.length >= end) {
        boundaryDone = true;
        // The bytes before `end` follow a line feed, so the decoder holds no partial character.
        const before = utf8Of(chunk.subarray(0, end - bytes));
        boundary = given + before.length;
        await give(before);
        let after = chunk.subarray(end - bytes);
        while (after.length < BOUNDARY_LOOKAHEAD) {
          const more = await chunks.next();
          if (more.done) break;
          after = Buffer.concat([after, more.value]);
        }
        const ahead = after.subarray(0, BOUNDARY_LOOKAHEAD);
        await give(utf8Of(ahead));
        boundary = -1;
        options.onBytes?.(end);
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          yield out;
        }
        reportBad();
        if (options.atEnd(boundaryLine > 0, boundaryLine, recordDelimiter())) return;
        // Read on in this thread: the records after `end` the parser has already split first.
        for (const r of held) take(r.line, r.cells);
        held = [];
        await give(utf8Of(after.subarray(ahead.length)));
        bytes = end + after.length;
      } else {
        await give(utf8Of(chunk));
        bytes += chunk.length;
      }
      options.onBytes?.(bytes);
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
      reportBad();
    }
    const tail = textDecoder.decode();
    if (tail !== '') await give(utf8OfText(tail));
    await new Promise<void>((resolve, reject) => parser.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (failure !== null) throw failure;
    if (batch.length > 0) yield batch;
    reportBad();
  } finally {
    parser.destroy();
    await chunks.return?.();
  }
}

function describeQuoteNotClosed(lines: number): string {
  return `a quoted cell is never closed (the quote opens here and runs to line ${lines}, the end of the file)`;
}

function describeCsvError(err: CsvError, lines: number): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return describeQuoteNotClosed(lines);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a cell is not escaped (write "" for a literal quote)';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows a closing quote';
    default:
      return err.message.replace(/^Invalid Record Length: /, '');
  }
}

// ---------------------------------------------------------------------------------------------
// JSON lines (Mixpanel raw export, Segment/PostHog dumps): one JSON object per line.

/**
 * Flatten one level: `{event, properties: {time, x}}` → event, properties (as JSON text),
 * properties.time, properties.x. Arrays and deeper objects stay JSON text.
 */
export function flattenJson(value: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const put = (key: string, v: unknown): void => {
    if (v === null || v === undefined) out.set(key, '');
    else if (typeof v === 'object') out.set(key, JSON.stringify(v));
    else out.set(key, String(v));
  };
  for (const [key, v] of Object.entries(value)) {
    put(key, v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [inner, w] of Object.entries(v as Record<string, unknown>)) put(`${key}.${inner}`, w);
    }
  }
  return out;
}

/** The header of a JSON-lines file: every key (flattened) seen in the sample, in first-seen order. */
export function jsonLinesHeader(sample: string): string[] {
  const keys = new Set<string>();
  const lines = sample.split(/\r?\n/);
  lines.pop(); // possibly cut in the middle
  for (const line of lines.slice(0, 1000)) {
    if (line.trim() === '' || jsonDepth(line) > MAX_JSON_DEPTH) continue; // too deep: rejected when read
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) for (const k of flattenJson(value as Record<string, unknown>).keys()) keys.add(k);
    } catch {
      // reported when the line is read
    }
  }
  if (keys.size === 0 && sample.trim() !== '' && !sample.includes('\n') && jsonDepth(sample) <= MAX_JSON_DEPTH) {
    try {
      const value: unknown = JSON.parse(sample);
      if (value && typeof value === 'object' && !Array.isArray(value)) for (const k of flattenJson(value as Record<string, unknown>).keys()) keys.add(k);
    } catch {
      // reported when read
    }
  }
  return [...keys];
}

/**
 * Records of a JSON-lines file laid out under `header`, in batches (the first batch is the header
 * alone), or to `options.sink` once it is set. Lines end at LF, CR LF or CR, as Node's readline
 * splits them. A line that is not a JSON object is reported after the records before it were
 * taken, so problems stay in file order.
 */
export async function* readJsonLines(path: string, header: string[], options: ReadOptions): AsyncGenerator<CsvRecord[]> {
  const layout = jsonLayout(header);
  yield [{ line: 0, cells: header }];
  const textDecoder = new TextDecoder(options.encoding ?? 'utf-8');
  let line = 0;
  let carry = '';
  let bytes = options.continues?.start ?? options.bomLength ?? 0;
  let batch: CsvRecord[] = [];
  const bad: BadRecord[] = [];
  /** The complete lines of `carry + text`; a CR at the very end waits for a possible LF. */
  const linesOf = (text: string, final: boolean): string[] => {
    const s = carry + text;
    const out: string[] = [];
    let from = 0;
    let crAt = s.indexOf('\r');
    for (;;) {
      if (crAt >= 0 && crAt < from) crAt = s.indexOf('\r', from);
      const lf = s.indexOf('\n', from);
      let at: number;
      let next: number;
      if (crAt >= 0 && (lf < 0 || crAt < lf)) {
        if (crAt === s.length - 1 && !final) break;
        at = crAt;
        next = s.charCodeAt(crAt + 1) === 10 ? crAt + 2 : crAt + 1;
      } else if (lf >= 0) {
        at = lf;
        next = lf + 1;
      } else break;
      out.push(s.slice(from, at));
      from = next;
    }
    carry = s.slice(from);
    if (final && carry !== '') {
      out.push(carry);
      carry = '';
    }
    return out;
  };
  const take = (text: string): void => {
    line++;
    const record = jsonLineRecord(line, text, layout, options.columnUse);
    if (record === null) return;
    if ('code' in record) {
      bad.push(record);
      return;
    }
    // With a sink each object is taken at once: it dies young instead of waiting for its batch.
    const sink = options.sink;
    if (sink) sink.cells(line, record.cells, record.values);
    else batch.push(record);
  };
  async function* lines(texts: string[]): AsyncGenerator<CsvRecord[]> {
    for (const text of texts) {
      take(text);
      if (bad.length > 0) {
        // The records before a bad line are handled before it is reported.
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          yield out;
        }
        for (const b of bad.splice(0)) options.onBadRecord(b);
      }
    }
  }
  // `end` and `atEnd` as for readCsvBatches (every line end is a record start in JSON lines).
  let boundaryDone = false;
  for await (const chunk of byteStream(path, bytes, options.gzip)) {
    const end = options.end;
    if (!boundaryDone && end !== undefined && options.atEnd && end < bytes) {
      boundaryDone = true; // set too late: read on in this thread
      options.atEnd(false, line + 1, '\n');
    }
    let rest = chunk;
    if (!boundaryDone && end !== undefined && options.atEnd && bytes + chunk.length >= end) {
      boundaryDone = true;
      const before = end - bytes;
      // The bytes before `end` follow a line feed, so the decoder holds no partial character.
      yield* lines(linesOf(textDecoder.decode(chunk.subarray(0, before), { stream: true }), false));
      bytes = end;
      options.onBytes?.(bytes);
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
      if (options.atEnd(carry === '', line + 1, '\n')) return;
      rest = chunk.subarray(before);
    }
    bytes += rest.length;
    yield* lines(linesOf(textDecoder.decode(rest, { stream: true }), false));
    options.onBytes?.(bytes);
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      yield out;
    }
  }
  yield* lines(linesOf(textDecoder.decode(), true));
  if (batch.length > 0) yield batch;
}

/** Line `line` of a JSON-lines file as readJsonLines takes it: its record, why it is not one, or null when blank. */
export function jsonLineRecord(line: number, text: string, layout: JsonLayout, use: Uint8Array | undefined): CsvRecord | BadRecord | null {
  if (text.trim() === '') return null;
  const parsed = parseJsonLine(text);
  if ('problem' in parsed) return { line, code: 'BAD_JSON', message: parsed.problem };
  return recordOf(line, parsed.object, layout, use);
}

/**
 * How deep JSON text may nest. Exports nest a few levels (properties.context.page...); deeper
 * text is hostile or broken, and reading it (JSON.stringify of a cell value) overflowed the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of `[` and `{` in JSON text, strings skipped; stops counting past `limit`. Linear, no recursion. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** A non-blank line of a JSON-lines file: its object, or why it is not one. */
export function parseJsonLine(text: string): { object: Record<string, unknown> } | { problem: string } {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { problem: `JSON nested more than ${MAX_JSON_DEPTH} levels deep; such a line is not read` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not a JSON object: ${(error as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'each line must hold one JSON object' };
  return { object: value as Record<string, unknown> };
}

/** Where a JSON-lines header puts each key of an object and of its nested objects. */
export interface JsonLayout {
  width: number;
  /** A top-level key's column. */
  top: ReadonlyMap<string, number>;
  /** Per top-level key, the column of `key.inner` by inner key (every way a header key splits at a dot). */
  nested: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export function jsonLayout(header: readonly string[]): JsonLayout {
  const top = new Map<string, number>();
  const nested = new Map<string, Map<string, number>>();
  header.forEach((key, i) => {
    if (!top.has(key)) top.set(key, i);
    for (let dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
      const parent = key.slice(0, dot);
      let inner = nested.get(parent);
      if (!inner) nested.set(parent, (inner = new Map()));
      if (!inner.has(key.slice(dot + 1))) inner.set(key.slice(dot + 1), i);
    }
  });
  return { width: header.length, top, nested };
}

/**
 * A JSON object's record under a JSON-lines header: what `flattenJson` gives for each header key
 * (a later value of the same key wins), without making the flattened keys or the strings of
 * values that no header key takes. With `use`, only the columns read are filled, and an object
 * or array whose JSON value is read comes as is in `values` (no JSON text made to be parsed again).
 */
export function recordOf(line: number, value: Record<string, unknown>, layout: JsonLayout, use: Uint8Array | undefined): CsvRecord {
  const record: CsvRecord = { line, cells: new Array<string>(layout.width).fill('') };
  const { cells } = record;
  const put = (i: number | undefined, v: unknown): void => {
    if (i === undefined) return;
    const how = use === undefined ? COLUMN_TEXT : use[i]!;
    if (how === 0) return;
    if (v !== null && typeof v === 'object') {
      if (how & COLUMN_VALUE) {
        (record.values ??= [])[i] = v;
        cells[i] = how & COLUMN_TEXT ? JSON.stringify(v) : '';
        return;
      }
      cells[i] = JSON.stringify(v);
    } else {
      cells[i] = v === null || v === undefined ? '' : String(v);
    }
    if (record.values !== undefined) record.values[i] = undefined;
  };
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    put(layout.top.get(key), v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = layout.nested.get(key);
      if (inner) for (const k in v) if (Object.hasOwn(v, k)) put(inner.get(k), (v as Record<string, unknown>)[k]);
    }
  }
  return record;
}
