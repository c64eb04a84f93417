/**
 * The byte scan that lets DuckDB's row ordinals stand for the CSV reader's line numbers
 * (events-duckdb.ts): how many lines of rows a file has, and whether it holds a quote byte.
 * It runs on a worker thread when one can start, since the main thread is busy reading the CRM
 * files while DuckDB waits for it (at 5 M events the scan took 3.9 s there, 0.3 s on its own).
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { byteStream } from './read-csv.js';

/** What the scan found: the lines of rows (null: DuckDB's ordinals cannot give them) and whether a quote byte occurs. */
export interface DataLinesScan {
  lines: number | null;
  quote: boolean;
}

/** A running scan: whether its first read held a quote byte (known early, so a query can start), and the whole scan. */
export interface RunningScan {
  early: Promise<boolean>;
  done: Promise<DataLinesScan>;
}

/** What a scan tells as it goes: after its first read (`early`), then at the end. */
export type ScanMessage = { early: boolean } | DataLinesScan;

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

/** `dataLines` of the file on a worker thread (in this thread when no worker can start). */
export function scanDataLines(path: string, gzip: { maxBytes: number } | null): RunningScan {
  let tellEarly!: (quote: boolean) => void;
  const early = new Promise<boolean>((resolve) => (tellEarly = resolve));
  const inThread = async (): Promise<DataLinesScan> => {
    const seen = { quote: false, afterFirstRead: tellEarly };
    try {
      const lines = await dataLines(path, gzip, seen);
      return { lines, quote: seen.quote };
    } finally {
      tellEarly(seen.quote); // a file with no bytes has no first read, and one that cannot be read fails before it
    }
  };
  // A worker takes ~25 ms to start: a small file is scanned here (16 MB take about as long).
  const minBytes = Number(process.env.PULLCHECK_SCAN_THREAD_MIN_BYTES ?? WORKER_MIN_BYTES);
  if (WORKER_FILE === null || !(fileSize(path) >= minBytes)) return { early, done: inThread() };
  const done = new Promise<DataLinesScan | null>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_FILE, { workerData: { path, gzip } });
    } catch {
      resolve(null);
      return;
    }
    worker.on('message', (message: ScanMessage) => {
      if ('early' in message) tellEarly(message.early);
      else resolve(message);
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null)); // after the last message, a second resolve does nothing
  }).then((scan) => scan ?? inThread());
  return { early, done };
}

/**
 * The data rows of the file as the CSV reader numbers its lines, when DuckDB's row ordinal gives
 * them: null when a blank line comes before a later row (DuckDB skips blank lines, which the
 * reader counts), a CR stands alone (a line end the two may count differently), or a compressed
 * file is corrupt or decompresses to more than `maxBytes` (the JavaScript path reports those).
 * Rows = the lines after the header up to the last non-blank one; the summary's rows must add up
 * to it (given that no cell holds a line break, which the SQL checks). One pass at memchr speed
 * (Buffer.indexOf), decompressing a gzip file through read-csv's byteStream.
 */
export async function dataLines(
  path: string,
  gzip: { maxBytes: number } | null,
  seen?: { quote: boolean; afterFirstRead?: (quote: boolean) => void },
): Promise<number | null> {
  let failed = false;
  const bytes = byteStream(path, 0, gzip ? { maxBytes: gzip.maxBytes, onLimit: () => (failed = true), onError: () => (failed = true) } : undefined);
  let lines = 0; // line ends seen
  let lineBytes = 0; // bytes of the line being read (a CR before its LF included)
  let lastByte = -1;
  let lastFilled = 0; // the number of the last line holding more than a CR
  let blankBefore = false; // a blank line was seen after the last filled one
  for await (const chunk of bytes) {
    if (seen && !seen.quote && chunk.indexOf(34) !== -1) seen.quote = true;
    if (seen?.afterFirstRead) {
      seen.afterFirstRead(seen.quote);
      seen.afterFirstRead = undefined;
    }
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
  if (failed || lastByte === 13) return null;
  if (lineBytes > 0) {
    // A last line without a line end.
    if (blankBefore) return null;
    lastFilled = lines + 1;
  }
  return Math.max(0, lastFilled - 1);
}

