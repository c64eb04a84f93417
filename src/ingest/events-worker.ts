/**
 * Worker thread entry (events-split.ts): reads an events file from a record start to its end
 * and posts its columns (buffers transferred), pool values and tally back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventTable } from '../core/model.js';
import { EXAMPLES_PER_REASON } from './events-file.js';
import { collectingTally, readEventsRange, tableParts, type RangeJob, type WorkerMessage } from './events-split.js';

/** Bytes between progress messages. */
const PROGRESS_BYTES = 1 << 20;

const job = workerData as RangeJob;
const port = parentPort!;
const table = new EventTable();
const { tally, finished } = collectingTally(EXAMPLES_PER_REASON);
let reported = 0;
// Fault injection for tests (test/e2e/split-read.test.ts): the loader must read the range itself.
const fault = process.env.PULLCHECK_TEST_READ_WORKER_FAULT;
if (fault === 'exit') process.exit(1);
try {
  if (fault === 'throw') throw new Error('injected fault');
  await readEventsRange(job, table, tally, (bytes) => {
    if (bytes - reported < PROGRESS_BYTES) return;
    reported = bytes;
    port.postMessage({ type: 'progress', rows: finished().rows, bytes } satisfies WorkerMessage);
  });
  const { parts, transfer } = tableParts(table);
  port.postMessage({ type: 'done', table: parts, tally: finished() } satisfies WorkerMessage, transfer);
} catch (error) {
  port.postMessage({ type: 'error', message: String(error) } satisfies WorkerMessage);
}
