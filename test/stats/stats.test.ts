import { describe, expect, it } from 'vitest';
import {
  bootstrapIndexInterval, bootstrapInterval, byKey, jensenShannon, median, medianAt, mulberry32, plural, quantile, quantileSorted, ratioOfSums, roundedWilson,
  topBy, topEntries, wilson,
} from '../../src/stats/stats.js';

const draws = (seed: number, n: number): number[] => {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => rand());
};

describe('mulberry32', () => {
  it('is deterministic for a seed, differs between seeds, and stays in [0, 1)', () => {
    expect(draws(42, 5)).toEqual(draws(42, 5));
    expect(draws(42, 5)).not.toEqual(draws(43, 5));
    const many = draws(7, 10_000);
    for (const x of many) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const mean = many.reduce((s, x) => s + x, 0) / many.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('quantileSorted / quantile', () => {
  it('interpolates linearly between order statistics (R type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75); // position 0.75
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });

  it('is NaN for no values', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('quantile sorts a copy and leaves its input alone', () => {
    const values = [4, 1, 3, 2];
    expect(quantile(values, 0.25)).toBe(1.75);
    expect(values).toEqual([4, 1, 3, 2]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values, without modifying its input', () => {
    const odd = [3, 1, 2];
    expect(median(odd)).toBe(2);
    expect(odd).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });

  it('is NaN for an empty list', () => {
    expect(median([])).toBeNaN();
  });
});

describe('wilson', () => {
  it('gives the textbook 95% interval for 0 of 10 and 5 of 10', () => {
    // 0/10: centre = half = (z²/2n)/(1 + z²/n) = 0.19207/1.38415 = 0.13877 → [0, 0.2775]
    const [lo0, hi0] = wilson(0, 10);
    expect(lo0).toBeCloseTo(0, 10);
    expect(hi0).toBeCloseTo(0.2775, 4);
    // 5/10: symmetric around 0.5 → [0.2366, 0.7634]
    const [lo5, hi5] = wilson(5, 10);
    expect(lo5).toBeCloseTo(0.2366, 4);
    expect(hi5).toBeCloseTo(0.7634, 4);
    expect(lo5 + hi5).toBeCloseTo(1, 12);
  });

  it('knows nothing with n = 0, and stays in [0, 1] at the extremes', () => {
    expect(wilson(0, 0)).toEqual([0, 1]);
    const [lo, hi] = wilson(10, 10);
    expect(lo).toBeCloseTo(0.7225, 4);
    expect(hi).toBeLessThanOrEqual(1);
  });

  it('roundedWilson rounds both bounds to 4 digits', () => {
    expect(roundedWilson(0, 10)).toEqual([0, 0.2775]);
    expect(roundedWilson(5, 10)).toEqual([0.2366, 0.7634]);
    expect(roundedWilson(0, 0)).toEqual([0, 1]);
  });
});

describe('jensenShannon', () => {
  const dist = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it('is 0 for identical distributions (whatever the scale) and 1 for disjoint ones', () => {
    expect(jensenShannon(dist({ a: 1, b: 3 }), dist({ a: 10, b: 30 }))).toBeCloseTo(0, 12);
    expect(jensenShannon(dist({ a: 5 }), dist({ b: 2 }))).toBe(1);
    expect(jensenShannon(dist({ a: 1, b: 1 }), dist({ c: 1, d: 3 }))).toBe(1);
  });

  it('matches a hand-computed value', () => {
    // P = (1, 0), Q = (0.5, 0.5), M = (0.75, 0.25):
    // ½·log2(1/0.75) + ½·(½·log2(0.5/0.75) + ½·log2(0.5/0.25)) = 0.20752 + 0.10376 = 0.31128
    expect(jensenShannon(dist({ a: 1 }), dist({ a: 1, b: 1 }))).toBeCloseTo(0.31128, 5);
  });

  it('is symmetric, and NaN when one side has no mass', () => {
    const p = dist({ a: 3, b: 1, c: 0 });
    const q = dist({ a: 1, b: 2, d: 4 });
    expect(jensenShannon(p, q)).toBeCloseTo(jensenShannon(q, p), 12);
    expect(jensenShannon(dist({}), q)).toBeNaN();
    expect(jensenShannon(p, dist({ a: 0 }))).toBeNaN();
  });
});

describe('ratioOfSums', () => {
  it('divides the sums, and is NaN unless the denominator sum is positive', () => {
    const items = [
      { num: 1, den: 2 },
      { num: 3, den: 6 },
      { num: 6, den: 2 },
    ];
    expect(ratioOfSums(items, (i) => i.num, (i) => i.den)).toBe(1); // 10 / 10
    expect(ratioOfSums([], (i: { n: number }) => i.n, (i) => i.n)).toBeNaN();
    expect(ratioOfSums([{ num: 1, den: 0 }], (i) => i.num, (i) => i.den)).toBeNaN();
  });
});

describe('bootstrapInterval', () => {
  const values = Array.from({ length: 21 }, (_, i) => i + 1); // 1..21, median 11
  const medianOf = ([s]: number[][]) => median(s!);

  it('is deterministic for a seed (same interval on every call)', () => {
    const first = bootstrapInterval([values], medianOf);
    expect(first).toBeDefined();
    expect(bootstrapInterval([values], medianOf)).toEqual(first);
    expect(bootstrapInterval([values], medianOf, 500, 123)).toEqual(bootstrapInterval([values], medianOf, 500, 123));
  });

  it('gives an ordered interval that contains the point estimate on simple data', () => {
    const [lo, hi] = bootstrapInterval([values], medianOf)!;
    expect(lo).toBeLessThanOrEqual(11);
    expect(hi).toBeGreaterThanOrEqual(11);
    expect(lo).toBeLessThan(hi);
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBeLessThanOrEqual(21);
  });

  it('brackets a ratio of sums over resampled units', () => {
    const units = Array.from({ length: 30 }, (_, i) => ({ later: 90 + (i % 7) * 5, earlier: 100 }));
    const point = ratioOfSums(units, (u) => u.later, (u) => u.earlier);
    const [lo, hi] = bootstrapInterval([units], ([s]) => ratioOfSums(s!, (u) => u.later, (u) => u.earlier))!;
    expect(lo).toBeLessThanOrEqual(point);
    expect(hi).toBeGreaterThanOrEqual(point);
  });

  it('resamples each group separately (a ratio of two medians keeps both sides)', () => {
    const sales = [30, 40, 50, 60, 70];
    const product = [5, 10, 10, 15, 20];
    const [lo, hi] = bootstrapInterval([sales, product], ([s, p]) => median(s!) / median(p!))!;
    expect(lo).toBeLessThanOrEqual(5); // 50 / 10
    expect(hi).toBeGreaterThanOrEqual(5);
  });

  it('is exact for constant data', () => {
    expect(bootstrapInterval([[4, 4, 4]], medianOf)).toEqual([4, 4]);
  });

  it('has no interval for empty input (no groups, or an empty group)', () => {
    expect(bootstrapInterval<number>([], medianOf)).toBeUndefined();
    expect(bootstrapInterval([[]], medianOf)).toBeUndefined();
    expect(bootstrapInterval([[1, 2, 3], []], ([a, b]) => median(a!) / median(b!))).toBeUndefined();
  });

  it('drops non-finite resamples, and gives up when more than 10% are dropped', () => {
    const inverseSum = ([s]: number[][]) => 1 / s!.reduce((t, x) => t + x, 0);
    // All five draws are 0 in (4/5)^5 ≈ 33% of resamples: too many zero denominators.
    expect(bootstrapInterval([[0, 0, 0, 0, 1]], inverseSum)).toBeUndefined();
    // Ten draws all 0 out of [0, 1×9]: ~1e-10 of resamples, so an interval is given.
    expect(bootstrapInterval([[0, 1, 1, 1, 1, 1, 1, 1, 1, 1]], inverseSum)).toBeDefined();
  });
});

describe('plural', () => {
  it('uses the singular only for exactly 1', () => {
    expect(plural(1, 'feature')).toBe('1 feature');
    expect(plural(0, 'feature')).toBe('0 features');
    expect(plural(3, 'won deal')).toBe('3 won deals');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
  });
});

describe('byKey, topBy, topEntries', () => {
  it('byKey orders by code unit and returns 0 for equal keys', () => {
    expect(['b', 'a', 'B', 'a10', 'a2'].sort(byKey)).toEqual(['B', 'a', 'a10', 'a2', 'b']);
    expect(byKey('x', 'x')).toBe(0);
  });

  it('topBy orders by value, ties by id, keeps `limit` items and leaves its input alone', () => {
    const items = [
      { id: 'c', v: 2 },
      { id: 'a', v: 2 },
      { id: 'b', v: 5 },
      { id: 'd', v: 1 },
    ];
    const copy = [...items];
    expect(topBy(items, (i) => i.v, (i) => i.id, 'desc').map((i) => i.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(topBy(items, (i) => i.v, (i) => i.id, 'asc', 2).map((i) => i.id)).toEqual(['d', 'a']);
    expect(items).toEqual(copy);
    expect(topBy(Array.from({ length: 9 }, (_, i) => ({ id: `x${i}`, v: i })), (i) => i.v, (i) => i.id, 'desc')).toHaveLength(5);
  });

  it('topEntries ranks a count map, ties by key', () => {
    const counts = new Map([['b', 2], ['a', 2], ['c', 7], ['d', 1]]);
    expect(topEntries(counts, 3)).toEqual([['c', 7], ['a', 2], ['b', 2]]);
    expect(topEntries(counts, 2, 'asc')).toEqual([['d', 1], ['a', 2]]);
  });
});

describe('bootstrapIndexInterval', () => {
  it('makes the same draws as bootstrapInterval (same interval for the same statistic)', () => {
    const rand = mulberry32(42);
    const xs = Array.from({ length: 37 }, () => Math.round(rand() * 100));
    const ys = Array.from({ length: 11 }, () => Math.round(rand() * 50) + 1);
    const stat = (a: number[], b: number[]) => median(a) / median(b);
    const pick = (items: number[], idx: Int32Array) => Array.from(idx, (k) => items[k]!);
    for (const [resamples, seed] of [[1000, undefined], [200, 7]] as const) {
      expect(bootstrapIndexInterval([xs.length, ys.length], ([a, b]) => stat(pick(xs, a!), pick(ys, b!)), resamples, seed)).toEqual(
        bootstrapInterval([xs, ys], ([a, b]) => stat(a!, b!), resamples, seed),
      );
    }
    expect(bootstrapIndexInterval([3, 0], () => 1)).toBeUndefined();
  });
});

describe('median by selection', () => {
  it('equals the middle of the sorted values, on random, tied, sorted and reversed lists', () => {
    const rand = mulberry32(9);
    const bySort = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    for (let n = 1; n < 200; n++) {
      const lists = [
        Array.from({ length: n }, () => rand() * 1000 - 500),
        Array.from({ length: n }, () => Math.floor(rand() * 4)),
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, () => 7),
      ];
      for (const xs of lists) {
        const copy = [...xs];
        expect(median(xs)).toBe(bySort(xs));
        expect(xs).toEqual(copy);
      }
    }
    expect(median([3, Number.NaN, 1])).toBe(bySort([3, Number.NaN, 1]));
    expect(Object.is(median([0, -0, 5]), bySort([0, -0, 5]))).toBe(true);
  });
});

describe('medianAt (median of a bootstrap sample by rank counting)', () => {
  it('equals median of the drawn values, on random, tied, constant, NaN and -0 lists and samples of any size', () => {
    const rand = mulberry32(11);
    const pick = (items: number[], idx: Int32Array) => Array.from(idx, (k) => items[k]!);
    for (let n = 1; n < 120; n++) {
      const lists = [
        Array.from({ length: n }, () => rand() * 1000 - 500),
        Array.from({ length: n }, () => Math.floor(rand() * 4)),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, () => 7),
        Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -0 : i % 7 === 0 ? Number.NaN : Math.floor(rand() * 3))),
      ];
      for (const xs of lists) {
        const at = medianAt(xs);
        for (const m of [n, 1, 2, n + 3]) {
          const idx = Int32Array.from({ length: m }, () => Math.floor(rand() * n));
          expect(Object.is(at(idx), median(pick(xs, idx)))).toBe(true);
        }
      }
    }
    expect(medianAt([1, 2])(new Int32Array(0))).toBeNaN();
  });

  it('gives the same bootstrap interval as bootstrapInterval with median', () => {
    const rand = mulberry32(5);
    const xs = Array.from({ length: 301 }, () => Math.max(1, rand() * 90));
    const ys = Array.from({ length: 58 }, () => Math.floor(rand() * 12));
    expect(bootstrapIndexInterval([xs.length, ys.length], (() => {
      const [mx, my] = [medianAt(xs), medianAt(ys)];
      return ([a, b]: Int32Array[]) => mx(a!) / my(b!);
    })())).toEqual(bootstrapInterval([xs, ys], ([a, b]) => median(a!) / median(b!)));
  });
});
