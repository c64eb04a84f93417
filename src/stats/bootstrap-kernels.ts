/**
 * The seeded bootstraps that can run on the bootstrap thread (bootstrap-thread.ts), addressed by
 * name, each a pure function of plain inputs (arrays, typed arrays, numbers: what postMessage
 * copies exactly). The metric (in-thread) and the worker (bootstrap-worker.ts) call the same
 * function with the same inputs, so the same mulberry32 draws in the same order give the same
 * interval to the bit, wherever it runs.
 *
 * A kernel draws its resamples by range (`ResampleRange`), so the worker and the main thread
 * can share one bootstrap's resamples: each resample makes the same draws wherever it is drawn,
 * and the interval depends only on the set of resample statistics.
 *
 * The entries call into stats.ts and role-divergence-bootstrap.ts. Like everything in src/stats/,
 * they import no metric (tested): metrics call the kernels, and the worker loads no metric code.
 */
import { rolesDivergenceResamples } from './role-divergence-bootstrap.js';
import { bootstrapIndexResamples, lift, meanAt, medianAt, percentileInterval, ratioOfSumsAt, type ResampleRange } from './stats.js';

export type Interval = [number, number] | undefined;

export interface KernelInputs {
  /** Median of one group: `bootstrapIndexInterval([n], medianAt(values))`. */
  'median-at': { values: readonly number[] };
  /** Median of `num` ÷ median of `den`, each group resampled separately. */
  'median-ratio-at': { num: readonly number[]; den: readonly number[] };
  /** Σ num[k] ÷ Σ den[k] over resampled items (`ratioOfSumsAt`). */
  'ratio-of-sums-at': { num: ArrayLike<number>; den: ArrayLike<number> };
  /** quarter-end-discount-lift: lift(mean of `quarterEnd`, mean of `other`), each group resampled separately. */
  'mean-lift-at': { quarterEnd: ArrayLike<number>; other: ArrayLike<number> };
  /** buyer-user-role-divergence's fused bootstrap (`rolesDivergenceInterval`). */
  'roles-divergence': { buyerRoles: Int32Array; userRoles: ArrayLike<number> & Iterable<number>; userWeights: ArrayLike<number> & Iterable<number>; roles: number };
}

export type KernelName = keyof KernelInputs;

interface Kernel<I> {
  /** Sizes of the groups resampled (no interval when one is empty). */
  sizes(input: I): number[];
  /** The resamples by range (no group is empty). */
  resamples(input: I): ResampleRange;
}

/** Resamples every kernel draws (the bootstraps' default). */
export const RESAMPLES = 1000;

export const KERNELS: { readonly [K in KernelName]: Kernel<KernelInputs[K]> } = {
  'median-at': {
    sizes: ({ values }) => [values.length],
    resamples: ({ values }) => {
      const medianOfSample = medianAt(values);
      return bootstrapIndexResamples([values.length], ([s]) => medianOfSample(s!));
    },
  },
  'median-ratio-at': {
    sizes: ({ num, den }) => [num.length, den.length],
    resamples: ({ num, den }) => {
      const [medianNum, medianDen] = [medianAt(num), medianAt(den)];
      return bootstrapIndexResamples([num.length, den.length], ([s, p]) => medianNum(s!) / medianDen(p!));
    },
  },
  // The items as Float64Arrays (the same numbers): one element kind, so the sums' reads stay
  // monomorphic whether the metric passed arrays or typed arrays.
  'ratio-of-sums-at': {
    sizes: ({ num }) => [num.length],
    resamples: ({ num, den }) => {
      const [n, d] = [Float64Array.from(num), Float64Array.from(den)];
      return bootstrapIndexResamples([n.length], ([s]) => ratioOfSumsAt(n, d, s!));
    },
  },
  'mean-lift-at': {
    sizes: ({ quarterEnd, other }) => [quarterEnd.length, other.length],
    resamples: ({ quarterEnd, other }) => {
      const [q, o] = [Float64Array.from(quarterEnd), Float64Array.from(other)];
      return bootstrapIndexResamples([q.length, o.length], ([sq, so]) => lift(meanAt(q, sq!), meanAt(o, so!)));
    },
  },
  'roles-divergence': {
    sizes: ({ buyerRoles, userRoles }) => [buyerRoles.length, userRoles.length],
    resamples: ({ buyerRoles, userRoles, userWeights, roles }) => rolesDivergenceResamples(buyerRoles, userRoles, userWeights, roles),
  },
};

function kernel<K extends KernelName>(name: K): Kernel<KernelInputs[K]> {
  const found = KERNELS[name] as Kernel<KernelInputs[K]> | undefined;
  if (!found) throw new Error(`unknown bootstrap kernel ${String(name)}`);
  return found;
}

/** Whether a kernel's bootstrap has no interval (a group is empty): nothing to draw. */
export function kernelIsEmpty<K extends KernelName>(name: K, input: KernelInputs[K]): boolean {
  const sizes = kernel(name).sizes(input);
  return sizes.length === 0 || sizes.some((n) => n === 0);
}

/** Draws a kernel makes: items per resample × resamples. */
export function kernelDraws<K extends KernelName>(name: K, input: KernelInputs[K]): number {
  return kernel(name).sizes(input).reduce((sum, n) => sum + n, 0) * RESAMPLES;
}

/** A kernel's resamples by range (not for an empty kernel). */
export function kernelResamples<K extends KernelName>(name: K, input: KernelInputs[K]): ResampleRange {
  return kernel(name).resamples(input);
}

/** Runs a kernel in this thread: its interval. */
export function runKernel<K extends KernelName>(name: K, input: KernelInputs[K]): Interval {
  if (kernelIsEmpty(name, input)) return undefined;
  const stats: number[] = [];
  kernelResamples(name, input)(0, RESAMPLES, stats);
  return percentileInterval(stats, RESAMPLES);
}
