/** The byte scan of data-lines.ts on its own thread: posts `{ lines, quote }` and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { dataLines, type DataLinesScan } from './data-lines.js';

const { path, gzip } = workerData as { path: string; gzip: { maxBytes: number } | null };
const seen = { quote: false };
const lines = await dataLines(path, gzip, seen);
parentPort!.postMessage({ lines, quote: seen.quote } satisfies DataLinesScan);
