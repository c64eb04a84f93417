/** The byte scan of data-lines.ts on its own thread: posts its DataLinesScan, and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type DataLinesFormat } from './data-lines.js';

const { path, gzip, format } = workerData as { path: string; gzip: { maxBytes: number } | null; format: DataLinesFormat };
parentPort!.postMessage(await scanFile(path, gzip, format));
