/**
 * A large CSV events file read by two threads: the loader reads the first half as usual while a
 * worker (events-worker.ts) reads from the first record boundary after the middle to the end,
 * into its own columns and string pools. The halves join in file order (EventTable.appendTable),
 * with the same ids, rows, line numbers, counts and examples as one pass.
 *
 * Where the second half starts is a guess: a line break after the middle may sit inside a quoted
 * cell. The first half's reader says whether the guess was a record start when it gets there;
 * if not (or the worker fails), the worker's result is dropped and the file is read on in one
 * thread from there. docs/performance.md has the measurements behind the thresholds.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EventTable, type EventChunk, type EventTableParts, type IngestIssue } from '../core/model.js';
import { makeDateParser, type DateFormat } from './coerce.js';
import { LargestDates, type LineValue } from './date-lines.js';
import { eventsRecordSink, type EventsFileShape, type FileTally } from './events-file.js';
import { readCsvBatches, readJsonLines, type Encoding } from './read-csv.js';
import { DEFAULT_VALUE_SETTINGS, ValueLog, type RowContext } from './rows.js';

/** Files smaller than this are read in one thread: a worker's start costs more than it saves. */
const DEFAULT_SPLIT_MIN_BYTES = 32 * 1024 * 1024;

/** The first part is at least this long: the loader has already read the header and sample. */
const MIN_FIRST_PART = 4 * 1024 * 1024;

/** What a thread needs to read an events file from a record start to its end. */
export interface RangeJob {
  path: string;
  /** Byte offset of the first record. */
  start: number;
  delimiter: string;
  encoding: Encoding;
  recordDelimiter: '\r\n' | '\n';
  shape: EventsFileShape;
  /** The timestamp column's format as decided from the file's sample; null: no timestamp column. */
  timestampFormat: DateFormat | null;
  /** The message for a record with bytes the encoding cannot represent. */
  badEncodingMessage: string;
  /** A JSON-lines file: its header (the flattened keys of the loader's sample) and how each column is read. */
  jsonLines?: { header: string[]; columnUse: Uint8Array };
}

/** A tally that keeps the first few issues per code (in file order) and counts the rest. */
export interface RangeTally {
  rows: number;
  /** Issues as met, at most `keep` per code; line numbers relative to the range (1 = its first line). */
  kept: Array<{ kind: 'reject' | 'warn' | 'exclude'; issue: IngestIssue }>;
  /** Issues not kept, per kind and code. */
  more: { reject: Record<string, number>; warn: Record<string, number>; exclude: Record<string, number> };
  /** The range's largest timestamps with their (relative) lines, for DATE_OUTLIER's file:line. */
  largestDates: LineValue[];
}

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'progress'; rows: number; bytes: number }
  | { type: 'done'; table: EventTableParts; tally: RangeTally }
  | { type: 'error'; message: string };

/** `finished()` gives the tally once the range is read (its largest dates taken then). */
export function collectingTally(keep: number): { tally: FileTally; finished: () => RangeTally } {
  const largest = new LargestDates();
  const result: RangeTally = { rows: 0, kept: [], more: { reject: {}, warn: {}, exclude: {} }, largestDates: [] };
  const seen = new Map<string, number>();
  const add = (kind: 'reject' | 'warn' | 'exclude', issue: IngestIssue): void => {
    const n = seen.get(issue.code) ?? 0;
    seen.set(issue.code, n + 1);
    if (n < keep) result.kept.push({ kind, issue });
    else result.more[kind][issue.code] = (result.more[kind][issue.code] ?? 0) + 1;
  };
  return {
    finished: () => ({ ...result, largestDates: largest.entries }),
    tally: {
      row: () => result.rows++,
      reject: (code, line, message, column) => add('reject', { code, file: '', line, message, ...(column ? { column } : {}) }),
      warn: (issue) => add('warn', issue),
      exclude: (code, line, message) => add('exclude', { code, file: '', line, message }),
      dated: (timestamp, line) => largest.note(timestamp, line),
    },
  };
}

/**
 * Read `job`'s range into `table`: the same rows and rejections as the loader's one-thread path,
 * line numbers counted from the range's first line. Used by the worker, and in-thread when the
 * worker could not finish.
 */
export async function readEventsRange(job: RangeJob, table: EventTable, tally: FileTally, onBytes?: (bytes: number) => void): Promise<void> {
  const ctx: RowContext = { dates: {}, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() };
  if (job.timestampFormat) ctx.dates.timestamp = makeDateParser(job.timestampFormat);
  const sink = eventsRecordSink(table, ctx, job.shape, tally);
  const onBadRecord = (bad: { line: number; code: string; message: string }): void => {
    tally.row();
    tally.reject(bad.code, bad.line, bad.message);
  };
  if (job.jsonLines) {
    const records = readJsonLines(job.path, job.jsonLines.header, {
      delimiter: job.delimiter,
      encoding: job.encoding,
      continues: { start: job.start, recordDelimiter: job.recordDelimiter },
      onBytes: onBytes ? (bytes) => onBytes(bytes - job.start) : undefined,
      onBadRecord,
      columnUse: job.jsonLines.columnUse,
      sink,
    });
    // Every record goes to the sink; the only batch is the header.
    for await (const batch of records) for (const r of batch) if (r.line > 0) sink.cells(r.line, r.cells, r.values);
    return;
  }
  const records = readCsvBatches(job.path, {
    delimiter: job.delimiter,
    encoding: job.encoding,
    continues: { start: job.start, recordDelimiter: job.recordDelimiter },
    sink,
    onBytes: onBytes ? (bytes) => onBytes(bytes - job.start) : undefined,
    onBadRecord,
    onBadEncoding: (line) => tally.warn({ code: 'BAD_ENCODING', file: job.shape.shown, line, message: job.badEncodingMessage }),
  });
  // With a sink every record goes to it; batches come only for blank-line-free edge cases.
  for await (const batch of records) for (const r of batch) sink.cells(r.line, r.cells);
}

/** The pools and rows of a table, for posting (the chunks' buffers are transferred). */
export function tableParts(table: EventTable): { parts: EventTableParts; transfer: ArrayBuffer[] } {
  const chunks = table.chunks.slice(0, Math.ceil(table.length / (table.chunks[0]?.timestamp.length ?? 1)));
  const transfer: ArrayBuffer[] = [];
  for (const c of chunks) for (const a of [c.timestamp, c.user, c.account, c.name, c.feature, c.count]) if (a !== null) transfer.push(a.buffer as ArrayBuffer);
  return {
    parts: {
      length: table.length,
      chunks: chunks as EventChunk[],
      users: table.users.values,
      accounts: table.accounts.values,
      names: table.names.values,
      features: table.features.values,
      anonymous: [...table.anonymous.userOf],
      notes: table.notes.parts(),
    },
    transfer,
  };
}

const WORKER_FILE = new URL('./events-worker.js', import.meta.url);

/**
 * Where the second thread should start reading `path` (bytes `size`): just after the first
 * record delimiter at or after the balance point, or null to read in one thread (small file, one core,
 * CR-only line ends, or no worker script, as when running from the TypeScript sources).
 */
export function planSplit(path: string, size: number, recordDelimiter: string, otherWeight = 0): number | null {
  const threads = Number(process.env.PULLCHECK_READ_THREADS ?? availableParallelism());
  const minBytes = Number(process.env.PULLCHECK_SPLIT_MIN_BYTES ?? DEFAULT_SPLIT_MIN_BYTES);
  if (!(threads >= 2) || !(size >= minBytes) || size < 2) return null;
  if (recordDelimiter !== '\n' && recordDelimiter !== '\r\n') return null;
  if (WORKER_FILE.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_FILE))) return null;
  const fd = openSync(path, 'r');
  try {
    const window = Buffer.alloc(1 << 16);
    // This thread reads the other files (weighted by their cost per byte) and the first part;
    // the worker the rest, from about where both threads would have the same work.
    const balanced = Math.floor((size - otherWeight) / 2);
    const from = Math.min(Math.floor(size * 0.85), Math.max(balanced, Math.floor(size * 0.1), MIN_FIRST_PART));
    if (from >= size) return null;
    for (let at = from; at < size; at += window.length) {
      const read = readSync(fd, window, 0, window.length, at);
      if (read <= 0) return null;
      for (let i = 0; i < read; i++) {
        if (window[i] !== 0x0a) continue;
        if (recordDelimiter === '\r\n' && (i === 0 ? readByte(fd, at - 1) : window[i - 1]) !== 0x0d) continue;
        const offset = at + i + 1;
        return offset < size ? offset : null;
      }
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function readByte(fd: number, position: number): number {
  const one = Buffer.alloc(1);
  return readSync(fd, one, 0, 1, position) === 1 ? one[0]! : -1;
}

/** The record delimiter csv-parse would discover in `text` (the file's start): first CR/LF outside quotes. */
export function firstRecordDelimiter(text: string): '' | '\r\n' | '\n' | '\r' {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) {
      if (c === 0x0a) return '\n';
      return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r';
    }
  }
  return '';
}

/** The line end of a JSON-lines file: its first CR or LF (JSON text holds neither unescaped). */
export function firstLineEnd(text: string): '' | '\r\n' | '\n' | '\r' {
  const at = text.search(/[\r\n]/);
  if (at < 0) return '';
  if (text.charCodeAt(at) === 0x0a) return '\n';
  return text.charCodeAt(at + 1) === 0x0a ? '\r\n' : '\r';
}

/** The second half being read on a worker thread. */
export class SecondHalf {
  private readonly worker: Worker;
  private readonly outcome: Promise<{ table: EventTableParts; tally: RangeTally } | null>;
  rows = 0;
  bytes = 0;

  constructor(readonly job: RangeJob, onProgress: () => void) {
    this.worker = new Worker(WORKER_FILE, { workerData: job });
    this.outcome = new Promise((resolve) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') {
          this.rows = message.rows;
          this.bytes = message.bytes;
          onProgress();
        } else if (message.type === 'done') resolve({ table: message.table, tally: message.tally });
        else resolve(null);
      });
      this.worker.on('error', () => resolve(null));
      this.worker.on('exit', () => resolve(null));
    });
  }

  /** The worker's table and tally; null when it failed (read the range in-thread then). */
  async result(): Promise<{ table: EventTableParts; tally: RangeTally } | null> {
    const result = await this.outcome;
    void this.worker.terminate();
    return result;
  }

  cancel(): void {
    void this.worker.terminate();
  }
}
