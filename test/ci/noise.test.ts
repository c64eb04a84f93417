import { describe, expect, it } from 'vitest';
import { checkChangeNoise, checkScoreInterval, compareScores, moverNoise, partsNoise, toleranceFor, weightedInterval } from '../../src/ci/noise.js';

const higher = { better: 'higher', pass: 0.6, fail: 0.2 } as const;
const lower = { better: 'lower', pass: 0.1, fail: 0.3 } as const;

describe('checkScoreInterval', () => {
  it('maps the value interval through the threshold, in either direction', () => {
    // higher is better: 0.3 → 25, 0.5 → 75
    expect(checkScoreInterval({ score: 50, interval: [0.3, 0.5], threshold: higher })).toEqual([25, 75]);
    // lower is better: 0.15 → 75, 0.25 → 25 (the ends swap)
    expect(checkScoreInterval({ score: 50, interval: [0.15, 0.25], threshold: lower })).toEqual([25, 75]);
  });

  it('clamps at 0 and 100, and an interval beyond the pass threshold is exact', () => {
    expect(checkScoreInterval({ score: 100, interval: [0.7, 0.9], threshold: higher })).toEqual([100, 100]);
    expect(checkScoreInterval({ score: 0, interval: [0.0, 0.4], threshold: higher })).toEqual([0, 50]);
  });

  it('widens to contain the score, treats a missing interval as exact, and gives null without a score', () => {
    // a percentile bootstrap interval need not contain the point value
    expect(checkScoreInterval({ score: 20, interval: [0.3, 0.5], threshold: higher })).toEqual([20, 75]);
    expect(checkScoreInterval({ score: 40, interval: null, threshold: higher })).toEqual([40, 40]);
    expect(checkScoreInterval({ score: null, interval: null, threshold: higher })).toBeNull();
  });
});

describe('weightedInterval', () => {
  it('takes the weighted mean of the interval ends of items with a score and weight', () => {
    expect(
      weightedInterval([
        { score: 50, weight: 2, interval: [40, 60] },
        { score: 80, weight: 1, interval: null },
        { score: null, weight: 5, interval: null },
        { score: 10, weight: 0, interval: [0, 100] },
      ]),
    ).toEqual([53.3, 66.7]);
    expect(weightedInterval([{ score: null, weight: 1, interval: null }])).toBeNull();
  });
});

describe('moverNoise and partsNoise', () => {
  it('combines the relevant half-widths of both intervals', () => {
    // drop: before's lower half 3, after's upper half 4 → 5; rise: 6 and 8 → 10
    expect(moverNoise(50, [47, 56], 40, [32, 44])).toEqual({ down: 5, up: 10 });
    expect(moverNoise(50, null, 40, null)).toEqual({ down: 0, up: 0 });
  });

  it('averages the noise of the parts that moved, plus 0.1 for rounding; unmoved parts add nothing', () => {
    expect(partsNoise([{ weight: 1, change: 0, noise: { down: 40, up: 40 } }])).toEqual({ down: 0, up: 0 });
    expect(
      partsNoise([
        { weight: 2, change: -10, noise: { down: 9, up: 3 } },
        { weight: 1, change: 0, noise: { down: 50, up: 50 } },
        { weight: 1, change: 5, noise: { down: 2, up: 6 } },
      ]),
    ).toEqual({ down: 5.1, up: 2.9 }); // (2·min(10,9) + min(5,2)) / 4 = 5; (2·min(10,3) + min(5,6)) / 4 = 2.75 → 2.8
  });

  it('caps each part at its own change: chance cannot explain more than a part moved', () => {
    // One check fell 100 points with a noise of 91 (a real drop), the other 100 with 113 (not
    // significant alone): at most (91 + 100) / 2 = 95.5 of the category's 100-point drop is chance.
    expect(
      partsNoise([
        { weight: 1, change: -100, noise: { down: 91, up: 0 } },
        { weight: 1, change: -100, noise: { down: 113.4, up: 0 } },
      ]),
    ).toEqual({ down: 95.6, up: 0.1 });
  });
});

describe('toleranceFor', () => {
  it('is the smaller of the point and percentage tolerances, and 0 when neither is set', () => {
    expect(toleranceFor(80, 5, undefined).points).toBe(5);
    expect(toleranceFor(80, undefined, 10).points).toBe(8);
    expect(toleranceFor(80, 10, 5)).toMatchObject({ points: 4, from: 'max drop 5% of 80' });
    expect(toleranceFor(80, undefined, undefined).points).toBe(0);
  });
});

describe('compareScores', () => {
  const tol = (points: number) => ({ points, from: `max drop ${points}` });
  it.each([
    // before, interval, after, interval, tolerance → outcome
    [70, [70, 70], 70, [70, 70], 5, 'unchanged'],
    [70, [60, 80], 66, [56, 76], 0, 'within-noise'], // a 4-point move with ±14 noise
    [70, [69, 71], 60, [59, 61], 0, 'regressed'],
    [70, [69, 71], 67, [66, 68], 5, 'within-tolerance'], // beyond the noise (±1.4), within 5 points
    [70, [69, 71], 60, [59, 61], 20, 'within-tolerance'],
    [60, [59, 61], 70, [69, 71], 0, 'improved'],
    [60, [50, 70], 65, [55, 75], 0, 'within-noise'],
  ] as const)('%d %j → %d %j, tolerance %d: %s', (b, bi, a, ai, t, outcome) => {
    expect(compareScores(b, [...bi], a, [...ai], tol(t)).outcome).toBe(outcome);
  });

  it('says why, with the noise and the tolerance', () => {
    const r = compareScores(80, [78, 82], 60, [58, 62], tol(5));
    expect(r).toMatchObject({ change: -20, noise: 2.8, outcome: 'regressed', noiseFrom: 'interval' });
    expect(r.why).toBe('dropped 20 points, beyond the tolerance (5, max drop 5) and the noise (±2.8): a regression');
    expect(compareScores(80, [60, 90], 76, [66, 90], tol(5)).why).toBe(
      'dropped 4 points, within the noise (±24.4) and the tolerance (5, max drop 5): not counted',
    );
  });

  it('needs a drop beyond both: exactly the noise or exactly the tolerance does not count', () => {
    expect(compareScores(50, [47, 50], 45, [45, 49], tol(0))).toMatchObject({ change: -5, noise: 5, outcome: 'within-noise' }); // √(3² + 4²) = 5
    expect(compareScores(50, null, 45, null, tol(5)).outcome).toBe('within-tolerance');
    expect(compareScores(50, null, 44.9, null, tol(5)).outcome).toBe('regressed');
  });

  it('reports no data on either side, and uses given noise for aggregates', () => {
    expect(compareScores(null, null, 50, null, tol(0))).toMatchObject({ outcome: 'no-data', change: null, why: 'no score in the baseline; now 50' });
    expect(compareScores(50, null, null, null, tol(0)).why).toBe('had a score of 50 in the baseline; no score now');
    expect(compareScores(50, [0, 100], 45, [0, 100], tol(0), { down: 1, up: 1 })).toMatchObject({ outcome: 'regressed', noise: 1, noiseFrom: 'parts' });
  });
});

describe('checkChangeNoise', () => {
  const higher = { better: 'higher' as const, pass: 0.15, fail: 0.08 };
  it('judges a check on its value change, expressed in points at the change’s scale', () => {
    // Value 0.2432 [0.1336, 0.4012] → 0.0571 [0.0158, 0.1861], score 100 → 0.
    // A fall is the bad side for better: higher: √(0.1096² + 0.129²) = 0.16927; × 100 / 0.1861 = 90.96.
    const noise = checkChangeNoise(
      { value: 0.2432, interval: [0.1336, 0.4012], score: 100 },
      { value: 0.0571, interval: [0.0158, 0.1861], score: 0 },
      higher,
    );
    expect(noise!.down).toBeCloseTo(91, 0);
    expect(noise!.down).toBeLessThan(100); // the drop is beyond its noise
  });

  it('is null without values, and 0 when nothing moved', () => {
    expect(checkChangeNoise({ value: null, interval: null, score: null }, { value: 0.1, interval: null, score: 50 }, higher)).toBeNull();
    expect(checkChangeNoise({ value: 0.1, interval: [0, 0.2], score: 50 }, { value: 0.1, interval: [0, 0.2], score: 50 }, higher)).toEqual({ down: 0, up: 0 });
  });
});
