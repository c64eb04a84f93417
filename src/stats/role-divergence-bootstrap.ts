/**
 * The bootstrap of buyer-user-role-divergence, fused and by range: a statistics kernel (it
 * imports no metric), so that bootstrap-kernels.ts can run it on the bootstrap thread without
 * importing the metric file that uses it.
 */
import { BOOTSTRAP_SEED, mulberry32StateAfter, percentileInterval, type ResampleRange } from './stats.js';

/**
 * The bootstrap interval: `bootstrapIndexInterval([buyers, users' items], stat)` with the statistic
 * fused into the draws (each drawn index is counted as it is drawn; no sample arrays). Same
 * mulberry32 draws in the same order (all buyers, then all items, per resample), and the
 * statistic is the Jensen–Shannon divergence between the resampled buyer roles and the resampled
 * users' roles (event-weighted), counted by role index into reused arrays: same arithmetic in
 * the same key order as `jensenShannon` over Maps built in draw order (buyer roles as first
 * drawn, then user roles not among them), so the interval is unchanged to the bit. One item per
 * user: its role index and event count (>= 1). `allowPacked: false` (for tests) keeps the doubles.
 */
export function rolesDivergenceInterval(
  buyerRoles: Int32Array,
  userRoles: ArrayLike<number> & Iterable<number>,
  userWeights: ArrayLike<number> & Iterable<number>,
  roles: number,
  resamples = 1000,
  allowPacked = true,
): [number, number] | undefined {
  if (buyerRoles.length === 0 || userRoles.length === 0) return undefined;
  const stats: number[] = [];
  rolesDivergenceResamples(buyerRoles, userRoles, userWeights, roles, allowPacked)(0, resamples, stats);
  return percentileInterval(stats, resamples);
}

/**
 * rolesDivergenceInterval's resamples by range (see `bootstrapIndexResamples` in stats.ts):
 * resample s starts from mulberry32's state after s · (buyers + items) draws, so it makes the same
 * draws in any range. Neither side may be empty.
 */
export function rolesDivergenceResamples(
  buyerRoles: Int32Array,
  userRoles: ArrayLike<number> & Iterable<number>,
  userWeights: ArrayLike<number> & Iterable<number>,
  roles: number,
  allowPacked = true,
): ResampleRange {
  const nA = buyerRoles.length;
  const nB = userRoles.length;
  let bits = 0;
  while (1 << bits < roles) bits++;
  let maxWeight = 0;
  for (const w of userWeights) if (w > maxWeight) maxWeight = w;
  // Integer counts when every sum fits in 31 bits: the same (exact) sums as the doubles below.
  if (allowPacked && bits <= 8 && maxWeight * 2 ** bits < 2 ** 31 && nB * maxWeight < 2 ** 31) {
    return packedRolesDivergenceResamples(buyerRoles, userRoles, userWeights, roles, bits);
  }
  const itemRoles = Int32Array.from(userRoles);
  const itemWeights = Float64Array.from(userWeights);
  const a = new Float64Array(roles);
  const b = new Float64Array(roles);
  const keys = new Int32Array(roles);
  return (from, to, stats) => drawRoles(nA, nB, buyerRoles, itemRoles, itemWeights, a, b, keys, from, to, stats);
}

/**
 * rolesDivergenceResamples with each item packed as `weight << bits | role` and counts in Int32
 * arrays (the caller checked that every sum fits). A role's first draw only matters for the key
 * order, so draws are checked for new roles only until every role present has been seen; the
 * totals are nA and the sum of the user counts (exact integers, so in any order).
 */
function packedRolesDivergenceResamples(
  buyerRoles: Int32Array,
  userRoles: ArrayLike<number> & Iterable<number>,
  userWeights: ArrayLike<number> & Iterable<number>,
  roles: number,
  bits: number,
): ResampleRange {
  const nA = buyerRoles.length;
  const nB = userRoles.length;
  const mask = (1 << bits) - 1;
  const packed = Int32Array.from(userRoles, (r, k) => (userWeights[k]! << bits) | r);
  const distinctA = new Set(buyerRoles).size;
  const distinctB = new Set(userRoles).size;
  const a = new Int32Array(roles);
  const b = new Int32Array(mask + 1);
  const keys = new Int32Array(roles);
  return (from, to, stats) => drawPackedRoles(nA, nB, buyerRoles, packed, mask, bits, distinctA, distinctB, roles, a, b, keys, from, to, stats);
}

/**
 * Resamples `from` to `to` − 1 of rolesDivergenceResamples with double counts. Everything comes as
 * parameters, not captured variables, so the loops read locals (a closure's are slower).
 */
function drawRoles(
  nA: number,
  nB: number,
  buyerRoles: Int32Array,
  itemRoles: Int32Array,
  itemWeights: Float64Array,
  a: Float64Array,
  b: Float64Array,
  keys: Int32Array,
  from: number,
  to: number,
  stats: number[],
): void {
  // mulberry32(BOOTSTRAP_SEED), inlined as in bootstrapIndexInterval.
  let state = mulberry32StateAfter(BOOTSTRAP_SEED, from * (nA + nB));
  for (let s = from; s < to; s++) {
    a.fill(0);
    b.fill(0);
    let nKeys = 0;
    let totalA = 0;
    let totalB = 0;
    for (let i = 0; i < nA; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = buyerRoles[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nA)]!;
      if (a[r] === 0) keys[nKeys++] = r;
      a[r]!++;
      totalA++;
    }
    for (let i = 0; i < nB; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const k = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nB);
      const r = itemRoles[k]!;
      const w = itemWeights[k]!;
      if (b[r] === 0 && a[r] === 0) keys[nKeys++] = r; // weights are >= 1: not seen on either side yet
      b[r]! += w;
      totalB += w;
    }
    if (totalA <= 0 || totalB <= 0) continue;
    const v = divergenceOverKeys(a, b, keys, nKeys, totalA, totalB);
    if (Number.isFinite(v)) stats.push(v);
  }
}

/** Resamples `from` to `to` − 1 of packedRolesDivergenceResamples (parameters, not captured variables). */
function drawPackedRoles(
  nA: number,
  nB: number,
  buyerRoles: Int32Array,
  packed: Int32Array,
  mask: number,
  bits: number,
  distinctA: number,
  distinctB: number,
  roles: number,
  a: Int32Array,
  b: Int32Array,
  keys: Int32Array,
  from: number,
  to: number,
  stats: number[],
): void {
  let state = mulberry32StateAfter(BOOTSTRAP_SEED, from * (nA + nB));
  for (let s = from; s < to; s++) {
    a.fill(0);
    b.fill(0);
    let nKeys = 0;
    let seen = 0;
    let i = 0;
    for (; i < nA && seen < distinctA; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = buyerRoles[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nA)]!;
      if (a[r] === 0) {
        keys[nKeys++] = r;
        seen++;
      }
      a[r]!++;
    }
    for (; i < nA; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      a[buyerRoles[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nA)]!]!++;
    }
    seen = 0;
    i = 0;
    for (; i < nB && seen < distinctB; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const x = packed[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nB)]!;
      const r = x & mask;
      if (b[r] === 0) {
        seen++;
        if (a[r] === 0) keys[nKeys++] = r;
      }
      b[r]! += x >>> bits;
    }
    for (; i < nB; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const x = packed[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nB)]!;
      b[x & mask]! += x >>> bits;
    }
    const totalA = nA;
    let totalB = 0;
    for (let r = 0; r < roles; r++) totalB += b[r]!;
    const v = divergenceOverKeys(a, b, keys, nKeys, totalA, totalB);
    if (Number.isFinite(v)) stats.push(v);
  }
}

/**
 * Jensen–Shannon divergence (base 2, clamped to 0..1) of two role-count arrays, summed over the
 * first `nKeys` roles of `keys` in that order (the order fixes the floating-point result).
 */
function divergenceOverKeys(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  keys: ArrayLike<number>,
  nKeys: number,
  totalA: number,
  totalB: number,
): number {
  let js = 0;
  for (let j = 0; j < nKeys; j++) {
    const r = keys[j]!;
    const p = a[r]! / totalA;
    const q = b[r]! / totalB;
    const m = (p + q) / 2;
    if (p > 0) js += 0.5 * p * Math.log2(p / m);
    if (q > 0) js += 0.5 * q * Math.log2(q / m);
  }
  return Math.max(0, Math.min(1, js));
}
