/**
 * The bootstrap thread: large seeded bootstraps (bootstrap-kernels.ts) run on one worker thread
 * (bootstrap-worker.ts) while the main thread computes the other checks. A metric calls
 * `bootstrap(ctx, kernel, input)` and gets the interval, or a Promise of it when it was queued
 * (its result then holds `pendingInterval`; buildReport awaits it). The worker runs the same
 * kernel on a copy of the same inputs, so the interval is the same to the bit.
 *
 * What runs where is decided here, from the kernels asked for (their draws: items × resamples),
 * never from the metric: `PULLCHECK_BOOTSTRAP_THREAD` = `auto` (default) queues every bootstrap of
 * at least OFFLOAD_MIN_DRAWS draws; once the queued draws add up to START_MIN_DRAWS the worker
 * starts and takes the queue, largest first, and every later queued bootstrap as it comes. Smaller
 * bootstraps are drawn at once in this thread. `always` queues every bootstrap and starts the
 * worker at the first (for tests); `never` draws every bootstrap at once in this thread. Never a
 * worker when running from the TypeScript sources (vitest: there is no compiled worker file) or on
 * one core. At most one worker, terminated by `close()` (buildReport calls it); it only keeps the
 * process alive while it has work.
 *
 * Sharing: a posted bootstrap's resamples are claimed RESAMPLE_CHUNK at a time through a counter in
 * shared memory, by the worker (bootstraps in the order posted) and, once the main thread has
 * nothing else to do (`drain()`), by the main thread too (queued bootstraps never posted first,
 * then last posted first); each side keeps the statistics of the resamples it drew, and the
 * interval is taken over both sets. Resample b makes the same draws on either thread
 * (bootstrap-kernels.ts), so the interval is the same to the bit however the resamples were
 * shared, and the main thread never waits on a queue (at most on a chunk the worker is drawing).
 *
 * If the worker fails (crash, exit, out of memory, cannot load), every bootstrap it had or that was
 * queued for it is drawn again in full in this thread, and every later one too: no report is lost.
 * A bootstrap that threw in the worker is drawn again here (so its error, if any, is the metric's,
 * as in-thread).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernelDraws, kernelIsEmpty, kernelResamples, RESAMPLES, runKernel, type Interval, type KernelInputs, type KernelName } from './bootstrap-kernels.js';
import { percentileInterval } from './stats.js';

export type BootstrapMode = 'auto' | 'always' | 'never';

/**
 * Queued draws (items × resamples) from which `auto` starts the worker: below it the worker's start
 * and memory cost more than it saves (figures: docs/performance.md, "Constants and their measurements").
 */
export const START_MIN_DRAWS = 50_000_000;

/** Draws from which `auto` queues a bootstrap for the worker: below it, posting the inputs costs about what it saves. */
export const OFFLOAD_MIN_DRAWS = 2_000_000;

/** Resamples claimed at a time: a few milliseconds of drawing, so neither thread waits long on the other's chunk. */
export const RESAMPLE_CHUNK = 10;

/** Bootstraps one report can queue (each has a claim counter); later ones run in this thread. */
const MAX_TASKS = 1024;

/** The compiled worker beside this module; null when running from the .ts sources. */
export function defaultWorkerUrl(): URL | null {
  return import.meta.url.endsWith('.ts') ? null : new URL('./bootstrap-worker.js', import.meta.url);
}

export function bootstrapModeFromEnv(value = process.env.PULLCHECK_BOOTSTRAP_THREAD): BootstrapMode {
  return value === 'always' || value === 'never' ? value : 'auto';
}

/** What the main thread posts to the worker. */
export interface TaskMessage {
  id: number;
  name: KernelName;
  input: unknown;
}

/** What the worker posts back: the statistics of the resamples it drew, or its error's message. */
export interface ReplyMessage {
  id: number;
  stats?: number[];
  error?: string;
}

interface Task {
  name: KernelName;
  input: unknown;
  draws: number;
  /** Place in the worker's queue (0 = first posted); null while queued here, not posted. */
  posted: number | null;
  /** Statistics of the resamples the main thread drew. */
  stats: number[];
  /** The main thread's share threw: the bootstrap is drawn again in full when the worker replies. */
  failedHere: boolean;
  resolve(interval: Interval): void;
  reject(error: unknown): void;
}

export class BootstrapThread {
  private worker: Worker | null = null;
  /** The worker failed or was closed: everything runs in this thread from now on. */
  private failed = false;
  private nextId = 0;
  private postedCount = 0;
  /** Draws of the bootstraps queued so far (posted or not): what decides whether the worker starts. */
  private queuedDraws = 0;
  /** Queued bootstraps by id, posted to the worker or not yet. */
  private readonly tasks = new Map<number, Task>();
  /** Per task id: the next resample to claim (shared with the worker). */
  private readonly next = new Int32Array(new SharedArrayBuffer(MAX_TASKS * 4));

  constructor(
    readonly mode: BootstrapMode = bootstrapModeFromEnv(),
    private readonly workerUrl: URL | null = defaultWorkerUrl(),
  ) {}

  /** Whether the worker was started (for tests and benchmarks). */
  get started(): boolean {
    return this.worker !== null;
  }

  /** The kernel's interval: computed here, or a Promise of it when the bootstrap is queued for the worker. */
  run<K extends KernelName>(name: K, input: KernelInputs[K]): Interval | Promise<Interval> {
    if (!this.queues(name, input)) return runKernel(name, input);
    const id = this.nextId++;
    const draws = kernelDraws(name, input);
    const promise = new Promise<Interval>((resolve, reject) => {
      this.tasks.set(id, { name, input, draws, posted: null, stats: [], failedHere: false, resolve, reject });
    });
    this.queuedDraws += draws;
    if (this.worker) this.post(id);
    else if (this.mode === 'always' || this.queuedDraws >= START_MIN_DRAWS) this.startAndPostQueue();
    return promise;
  }

  /**
   * Draws here what is left when the main thread has nothing else to do but wait for the
   * intervals: every queued bootstrap never posted, then, last posted first, every resample the
   * worker has not claimed yet.
   */
  drain(): void {
    for (const [id, task] of [...this.tasks]) {
      if (task.posted !== null) continue;
      this.tasks.delete(id);
      drawHere(task);
    }
    const posted = [...this.tasks].sort(([, a], [, b]) => b.posted! - a.posted!);
    for (const [id, task] of posted) {
      try {
        let range: ((from: number, to: number, stats: number[]) => void) | null = null;
        for (;;) {
          const from = Atomics.add(this.next, id, RESAMPLE_CHUNK);
          if (from >= RESAMPLES) break;
          range ??= kernelResamples(task.name, task.input as never);
          range(from, Math.min(from + RESAMPLE_CHUNK, RESAMPLES), task.stats);
        }
      } catch {
        task.failedHere = true;
        Atomics.add(this.next, id, RESAMPLES); // the worker stops drawing it
      }
    }
  }

  /** Stops the worker (bootstraps still pending, if any, are drawn in this thread). */
  close(): void {
    const worker = this.worker;
    this.failed = true; // a later run() stays in this thread
    this.worker = null;
    this.fallBack();
    if (worker) void worker.terminate();
  }

  /** Whether a bootstrap is queued for the worker (else it is drawn at once in this thread). */
  private queues(name: KernelName, input: unknown): boolean {
    if (this.failed || this.workerUrl === null || this.mode === 'never' || this.nextId >= MAX_TASKS) return false;
    if (kernelIsEmpty(name, input as never)) return false;
    if (this.mode === 'always') return true;
    if (availableParallelism() < 2) return false; // one core: a second thread only competes with this one
    return kernelDraws(name, input as never) >= OFFLOAD_MIN_DRAWS;
  }

  /** Starts the worker and posts it the queued bootstraps, largest first; if it cannot start, they are drawn here. */
  private startAndPostQueue(): void {
    if (!this.start()) {
      this.fallBack();
      return;
    }
    const queued = [...this.tasks].filter(([, task]) => task.posted === null).sort(([a, x], [b, y]) => y.draws - x.draws || a - b);
    for (const [id] of queued) this.post(id);
  }

  private post(id: number): void {
    const task = this.tasks.get(id)!;
    try {
      this.worker!.postMessage({ id, name: task.name, input: task.input } satisfies TaskMessage);
    } catch {
      this.tasks.delete(id); // inputs that cannot be posted
      drawHere(task);
      return;
    }
    task.posted = this.postedCount++;
    this.worker!.ref(); // the worker has work: keep the process alive until it replies
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.workerUrl!, {
        workerData: { next: this.next },
        // The kernels keep only their inputs (typed arrays, mostly outside the heap): a small young
        // generation keeps the isolate's RSS down. Running out of the old generation is a failure
        // like any other: the bootstraps are drawn in this thread.
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 1 },
      });
      worker.on('message', (reply: ReplyMessage) => this.settle(reply));
      worker.on('error', () => this.fail(worker));
      worker.on('messageerror', () => this.fail(worker));
      worker.on('exit', () => this.fail(worker));
      worker.unref();
      this.worker = worker;
      return worker;
    } catch {
      this.failed = true;
      return null;
    }
  }

  /** The worker has drawn its share of a bootstrap (every resample is claimed): its interval. */
  private settle(reply: ReplyMessage): void {
    const task = this.tasks.get(reply.id);
    if (!task) return;
    this.tasks.delete(reply.id);
    if (![...this.tasks.values()].some((t) => t.posted !== null)) this.worker?.unref();
    if (reply.error !== undefined || task.failedHere || !reply.stats) drawHere(task);
    else task.resolve(percentileInterval(task.stats.concat(reply.stats), RESAMPLES));
  }

  private fail(worker: Worker): void {
    if (this.worker !== worker) return;
    this.failed = true;
    this.worker = null;
    this.fallBack();
    void worker.terminate();
  }

  /** Every bootstrap still queued or waiting for the worker is drawn again, in full, in this thread. */
  private fallBack(): void {
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const task of tasks) drawHere(task);
  }
}

/** Draws a whole bootstrap in this thread (its error, if any, is the metric's). */
function drawHere(task: Task): void {
  try {
    task.resolve(runKernel(task.name, task.input as never));
  } catch (error) {
    task.reject(error);
  }
}

/**
 * A metric's bootstrap: on the context's bootstrap thread when it has one (buildReport), else in
 * this thread (a metric called directly, e.g. by tests); none when the context skips intervals.
 */
export function bootstrap<K extends KernelName>(
  ctx: { bootstrap?: BootstrapThread | null; intervals?: boolean },
  name: K,
  input: KernelInputs[K],
): Interval | Promise<Interval> {
  if (ctx.intervals === false) return undefined;
  return ctx.bootstrap ? ctx.bootstrap.run(name, input) : runKernel(name, input);
}
