/**
 * The bootstrap thread (src/stats/bootstrap-thread.ts): resamples drawn by range, in any
 * order or split between two threads, give the interval drawn in one go, to the bit; the
 * compiled worker gives the in-thread interval; a failing worker loses nothing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { rolesDivergenceInterval, rolesDivergenceResamples } from '../../src/stats/role-divergence-bootstrap.js';
import { kernelResamples, RESAMPLES, runKernel, type KernelInputs, type KernelName } from '../../src/stats/bootstrap-kernels.js';
import { bootstrap, BootstrapThread, bootstrapModeFromEnv, defaultWorkerUrl, OFFLOAD_MIN_DRAWS, START_MIN_DRAWS } from '../../src/stats/bootstrap-thread.js';
import {
  bootstrapIndexInterval, bootstrapIndexResamples, medianAt, mulberry32, mulberry32StateAfter, percentileInterval, ratioOfSumsAt,
} from '../../src/stats/stats.js';
import { ROOT } from '../e2e/run-cli.js';

const rand = mulberry32(17);
/** `auto` never queues on one core (a second thread would only compete with the first). */
const oneCore = availableParallelism() < 2;
const list = (n: number, f: () => number) => Array.from({ length: n }, f);

/** One input per kernel, with ties, skewed roles and a zero denominator now and then. */
function inputs(scale = 1): Array<[KernelName, KernelInputs[KernelName]]> {
  const role = () => Math.min(6, Math.floor(rand() ** 3 * 7));
  const users = 90 * scale;
  return [
    ['median-at', { values: list(41 * scale, () => Math.floor(rand() * 9)) }],
    ['median-ratio-at', { num: list(30 * scale, () => 1 + rand() * 80), den: list(17 * scale, () => 1 + Math.floor(rand() * 20)) }],
    ['ratio-of-sums-at', { num: Float64Array.from(list(25 * scale, () => (rand() < 0.3 ? 0 : rand() * 1e4))), den: Float64Array.from(list(25 * scale, () => (rand() < 0.2 ? 0 : rand() * 1e4))) }],
    ['mean-lift-at', { quarterEnd: Float64Array.from(list(12 * scale, () => rand() * 0.3)), other: Float64Array.from(list(30 * scale, () => (rand() < 0.6 ? 0 : rand() * 0.2))) }],
    ['roles-divergence', { buyerRoles: Int32Array.from(list(40 * scale, role)), userRoles: Int32Array.from(list(users, role)), userWeights: Float64Array.from(list(users, () => 1 + Math.floor(rand() * 30))), roles: 7 }],
  ];
}

/** The resamples in chunks of random sizes, drawn in a random order. */
function shuffledRanges(): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < RESAMPLES; ) {
    const to = Math.min(RESAMPLES, from + 1 + Math.floor(rand() * 60));
    ranges.push([from, to]);
    from = to;
  }
  for (let i = ranges.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ranges[i], ranges[j]] = [ranges[j]!, ranges[i]!];
  }
  return ranges;
}

describe('resamples by range', () => {
  it('mulberry32StateAfter(seed, k) is the state after k draws', () => {
    for (const seed of [0x5eed, 0, 0xffffffff, 123456789]) {
      for (const k of [0, 1, 2, 1000, 123_457]) {
        const ahead = mulberry32(seed);
        for (let i = 0; i < k; i++) ahead();
        const jumped = mulberry32(mulberry32StateAfter(seed, k));
        for (let i = 0; i < 5; i++) expect(jumped()).toBe(ahead());
      }
    }
    // Past 2³² draws the state wraps.
    expect(mulberry32StateAfter(7, 2 ** 32 + 5)).toBe(mulberry32StateAfter(7, 5));
  });

  it('bootstrapIndexResamples in shuffled ranges gives bootstrapIndexInterval', () => {
    const xs = Float64Array.from(list(23, () => rand() * 10));
    const ys = Float64Array.from(list(9, () => 1 + rand()));
    const at = medianAt(Array.from(xs));
    const stat = ([a, b]: Int32Array[]) => at(a!) / ratioOfSumsAt(ys, ys, b!);
    const stats: number[] = [];
    const range = bootstrapIndexResamples([xs.length, ys.length], stat);
    for (const [from, to] of shuffledRanges()) range(from, to, stats);
    expect(stats).toHaveLength(RESAMPLES);
    expect(percentileInterval(stats, RESAMPLES)).toEqual(bootstrapIndexInterval([xs.length, ys.length], stat));
  });

  it('rolesDivergenceResamples in shuffled ranges gives rolesDivergenceInterval, packed and not', () => {
    const [, input] = inputs().find(([name]) => name === 'roles-divergence')! as [string, KernelInputs['roles-divergence']];
    for (const packed of [true, false]) {
      const stats: number[] = [];
      const range = rolesDivergenceResamples(input.buyerRoles, input.userRoles, input.userWeights, input.roles, packed);
      for (const [from, to] of shuffledRanges()) range(from, to, stats);
      const whole = rolesDivergenceInterval(input.buyerRoles, input.userRoles, input.userWeights, input.roles, RESAMPLES, packed);
      expect(whole).toBeDefined();
      expect(percentileInterval(stats, RESAMPLES)).toEqual(whole);
    }
  });

  it('every kernel split in shuffled ranges gives runKernel', () => {
    for (const [name, input] of inputs()) {
      const stats: number[] = [];
      const range = kernelResamples(name, input as never);
      for (const [from, to] of shuffledRanges()) range(from, to, stats);
      expect(percentileInterval(stats, RESAMPLES), name).toEqual(runKernel(name, input as never));
    }
  });

  it('an empty group has no interval', () => {
    expect(runKernel('median-at', { values: [] })).toBeUndefined();
    expect(runKernel('median-ratio-at', { num: [1], den: [] })).toBeUndefined();
  });
});

describe('BootstrapThread', () => {
  const compiled = new URL('dist/stats/bootstrap-worker.js', pathToFileURL(`${ROOT}/`));
  const threads: BootstrapThread[] = [];
  const thread = (...args: ConstructorParameters<typeof BootstrapThread>) => {
    const t = new BootstrapThread(...args);
    threads.push(t);
    return t;
  };
  afterEach(() => {
    for (const t of threads.splice(0)) t.close();
  });

  it('reads PULLCHECK_BOOTSTRAP_THREAD; from the TypeScript sources there is no worker', () => {
    expect(bootstrapModeFromEnv('always')).toBe('always');
    expect(bootstrapModeFromEnv('never')).toBe('never');
    expect(bootstrapModeFromEnv(undefined)).toBe('auto');
    expect(bootstrapModeFromEnv('sometimes')).toBe('auto');
    expect(defaultWorkerUrl()).toBeNull();
    const t = thread('always');
    const [name, input] = inputs()[0]!;
    expect(t.run(name, input as never)).toEqual(runKernel(name, input as never));
    expect(t.started).toBe(false);
  });

  it.skipIf(oneCore)('auto draws small bootstraps at once and queues larger ones, drawn here by drain() when no worker starts; never draws all at once', async () => {
    const [name, input] = inputs()[0]!;
    const auto = thread('auto', compiled);
    expect(auto.run(name, input as never)).toEqual(runKernel(name, input as never));
    // Large enough to queue for the worker, not to start it.
    const middling = { values: list(OFFLOAD_MIN_DRAWS / RESAMPLES, () => rand()) };
    const queued = auto.run('median-at', middling);
    expect(queued).toBeInstanceOf(Promise);
    expect(auto.started).toBe(false);
    auto.drain();
    expect(await queued).toEqual(runKernel('median-at', middling));
    expect(auto.started).toBe(false);
    const big = { values: list(START_MIN_DRAWS / RESAMPLES, () => rand()) };
    const never = thread('never', compiled);
    expect(never.run('median-at', big)).toEqual(runKernel('median-at', big));
    expect(never.started).toBe(false);
    // A metric called directly (no thread in its context) draws in this thread.
    expect(bootstrap({}, name, input as never)).toEqual(runKernel(name, input as never));
  });

  it.skipIf(oneCore || !existsSync(compiled))('auto: the worker starts once the queued draws reach START_MIN_DRAWS and takes the queue; later ones go to it too', async () => {
    const t = thread('auto', compiled);
    const middling = () => ({ values: list(OFFLOAD_MIN_DRAWS / RESAMPLES, () => Math.floor(rand() * 1000)) });
    const small = { values: list(OFFLOAD_MIN_DRAWS / RESAMPLES - 1, () => rand()) };
    const firstInputs = Array.from({ length: START_MIN_DRAWS / OFFLOAD_MIN_DRAWS - 1 }, middling);
    const pending = firstInputs.map((input) => t.run('median-at', input));
    expect(t.started).toBe(false);
    expect(t.run('median-at', small)).not.toBeInstanceOf(Promise);
    const lastInputs = [middling(), middling()];
    pending.push(t.run('median-at', lastInputs[0]!));
    expect(t.started).toBe(true);
    pending.push(t.run('median-at', lastInputs[1]!));
    for (const p of pending) expect(p).toBeInstanceOf(Promise);
    expect(t.run('median-at', small)).not.toBeInstanceOf(Promise);
    t.drain();
    expect(await Promise.all(pending)).toEqual([...firstInputs, ...lastInputs].map((input) => runKernel('median-at', input)));
  });

  it.skipIf(oneCore)('auto: the queue goes to the worker largest first, later bootstraps as they come', async () => {
    // A worker that answers every bootstrap with an error, at once and in the order posted: each is
    // then drawn here, so the order the intervals come back is the order they were posted.
    const file = join(mkdtempSync(join(tmpdir(), 'pullcheck-bootstrap-')), 'refuse.mjs');
    writeFileSync(file, "import { parentPort } from 'node:worker_threads'; parentPort.on('message', ({ id }) => parentPort.postMessage({ id, error: 'no' }));");
    const t = thread('auto', pathToFileURL(file));
    const sized = (millions: number) => ({ num: list(millions * 1000, () => rand()), den: list(millions * 1000, () => 1 + rand()) });
    const all = [3, 5, 12, 5, 30, 2].map(sized); // queued draws 3, 8, 20, 25, 55 M: the fifth starts the worker
    const order: number[] = [];
    const pending = all.map((input, i) => {
      const result = t.run('ratio-of-sums-at', input);
      expect(result).toBeInstanceOf(Promise);
      expect(t.started, `after bootstrap ${i}`).toBe(i >= 4);
      return (result as Promise<unknown>).then((interval) => (order.push(i), interval));
    });
    expect(await Promise.all(pending)).toEqual(all.map((input) => runKernel('ratio-of-sums-at', input)));
    expect(order).toEqual([4, 2, 1, 3, 0, 5]);
  });

  it.skipIf(oneCore || !existsSync(compiled))('auto: one bootstrap of START_MIN_DRAWS starts the worker alone', async () => {
    const t = thread('auto', compiled);
    const big = { values: list(START_MIN_DRAWS / RESAMPLES, () => Math.floor(rand() * 1000)) };
    const pending = t.run('median-at', big);
    expect(t.started).toBe(true);
    t.drain();
    expect(await pending).toEqual(runKernel('median-at', big));
  });

  it.skipIf(!existsSync(compiled))('the compiled worker gives the in-thread intervals, alone or sharing with drain()', async () => {
    for (const share of [false, true]) {
      const t = thread('always', compiled);
      const all = [...inputs(), ...inputs(20)];
      const pending = all.map(([name, input]) => t.run(name, input as never));
      expect(t.started).toBe(true);
      for (const p of pending) expect(p).toBeInstanceOf(Promise);
      if (share) t.drain();
      const got = await Promise.all(pending);
      expect(got).toEqual(all.map(([name, input]) => runKernel(name, input as never)));
      expect(got.filter((g) => g !== undefined).length).toBeGreaterThan(all.length / 2);
    }
  });

  it('a worker that crashes, exits, fails to load or throws loses no interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-bootstrap-'));
    const workers = {
      crash: "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { throw new Error('boom'); });",
      exit: "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));",
      error: "import { parentPort } from 'node:worker_threads'; parentPort.on('message', ({ id }) => parentPort.postMessage({ id, error: 'no' }));",
      broken: 'this is not JavaScript',
    };
    const urls = Object.entries(workers).map(([name, code]) => {
      const file = join(dir, `${name}.mjs`);
      writeFileSync(file, code);
      return [name, pathToFileURL(file)] as const;
    });
    urls.push(['missing', pathToFileURL(join(dir, 'missing.mjs'))]);
    for (const [kind, url] of urls) {
      for (const share of [false, true]) {
        const t = thread('always', url);
        const all = inputs(3);
        const pending = all.map(([name, input]) => t.run(name, input as never));
        if (share) t.drain();
        expect(await Promise.all(pending), url.pathname).toEqual(all.map(([name, input]) => runKernel(name, input as never)));
        // After a failure, everything stays in this thread (a kernel's error is not the worker's).
        const [name, input] = all[0]!;
        const after = t.run(name, input as never);
        if (kind !== 'error') expect(after).not.toBeInstanceOf(Promise);
        expect(await after).toEqual(runKernel(name, input as never));
      }
    }
  });
});
