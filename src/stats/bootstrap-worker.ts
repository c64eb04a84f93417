/**
 * The bootstrap thread's worker (started by bootstrap-thread.ts). For each posted bootstrap, in
 * the order received, it claims resamples RESAMPLE_CHUNK at a time from the bootstrap's shared
 * counter (the main thread may be claiming them too), draws them with the same kernel
 * (bootstrap-kernels.ts), and posts back the statistics of the resamples it drew once every
 * resample is claimed; on an error, its message (the main thread then draws the bootstrap itself).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { kernelResamples, RESAMPLES } from './bootstrap-kernels.js';
import { RESAMPLE_CHUNK, type ReplyMessage, type TaskMessage } from './bootstrap-thread.js';
import type { ResampleRange } from './stats.js';

const next = (workerData as { next: Int32Array }).next;

parentPort?.on('message', ({ id, name, input }: TaskMessage) => {
  const stats: number[] = [];
  let reply: ReplyMessage;
  try {
    let range: ResampleRange | null = null;
    for (;;) {
      const from = Atomics.add(next, id, RESAMPLE_CHUNK);
      if (from >= RESAMPLES) break;
      range ??= kernelResamples(name, input as never);
      range(from, Math.min(from + RESAMPLE_CHUNK, RESAMPLES), stats);
    }
    reply = { id, stats };
  } catch (error) {
    Atomics.add(next, id, RESAMPLES);
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
