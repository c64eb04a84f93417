/** The byte scan of data-lines.ts on its own thread: posts `{ early }` after its first read, then `{ lines, quote }`, and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { dataLines, type ScanMessage } from './data-lines.js';

const { path, gzip } = workerData as { path: string; gzip: { maxBytes: number } | null };
const seen = { quote: false, afterFirstRead: (quote: boolean) => parentPort!.postMessage({ early: quote } satisfies ScanMessage) };
const lines = await dataLines(path, gzip, seen);
parentPort!.postMessage({ lines, quote: seen.quote } satisfies ScanMessage);
