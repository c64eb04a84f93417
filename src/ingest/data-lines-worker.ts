/** The byte scan of data-lines.ts on its own thread: posts its DataLinesScan, and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { dataLines, delimiterByte, QuoteCheck, type DataLinesScan } from './data-lines.js';

const { path, gzip, delimiter } = workerData as { path: string; gzip: { maxBytes: number } | null; delimiter: string };
const quotes = new QuoteCheck(delimiterByte(delimiter));
const lines = await dataLines(path, gzip, quotes);
parentPort!.postMessage({ lines, quotes: quotes.problem } satisfies DataLinesScan);
