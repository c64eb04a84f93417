/**
 * Noise awareness for the CI gate (docs/ci.md, "Noise"). Deal counts are small, so a score
 * moving a few points may be chance. Each check's 95% value interval (Wilson for proportions,
 * seeded bootstrap for medians and ratios) is mapped through the check's threshold to a score
 * interval. A check's change counts only when it is larger than the half-width of the interval
 * of the difference (MOVER, Newcombe 1998 / Zou & Donner 2008) and, for drops, larger than the
 * gate's tolerance. A category's (or the overall score's) noise is the weighted mean of the
 * noise of its parts that moved; when its parts had data in one run only, the MOVER of its own
 * interval, the weighted mean of its parts' interval ends (both conservative).
 */
import type { Threshold } from '../rubric/types.js';
import { scoreValue } from '../scoring/score.js';
import type { ChangeOutcome, ScoreChange } from './types.js';
import { noiseText } from '../renderers/format.js';

export type Interval = [number, number];

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * The score interval of a check: its value interval mapped through the (monotone, clamped)
 * threshold scoring, widened to contain the score itself. [score, score] when the metric gives
 * no interval; null without a score.
 */
export function checkScoreInterval(check: { score: number | null; interval: Interval | null; threshold: Threshold }): Interval | null {
  if (check.score === null) return null;
  if (!check.interval) return [check.score, check.score];
  const a = scoreValue(check.interval[0], check.threshold);
  const b = scoreValue(check.interval[1], check.threshold);
  return [Math.min(a, b, check.score), Math.max(a, b, check.score)];
}

interface WeightedInterval {
  score: number | null;
  weight: number;
  interval: Interval | null;
}

/**
 * Interval of a weighted mean of scores, from the weighted means of the items' interval ends:
 * exact if the items' errors move together, wider than the truth otherwise (the half-width of
 * a sum is at most the sum of the half-widths). Items without a score or weight do not count,
 * as in the score itself.
 */
export function weightedInterval(items: readonly WeightedInterval[]): Interval | null {
  let lo = 0;
  let hi = 0;
  let weights = 0;
  for (const item of items) {
    if (item.score === null || item.weight <= 0) continue;
    const [a, b] = item.interval ?? [item.score, item.score];
    lo += a * item.weight;
    hi += b * item.weight;
    weights += item.weight;
  }
  return weights === 0 ? null : [round1(lo / weights), round1(hi / weights)];
}

export interface Tolerance {
  points: number;
  from: string;
}

/** The drop a gate allows: the smaller of `maxDrop` points and `maxDropPct` % of the baseline score; 0 when neither is set. */
export function toleranceFor(before: number | null, maxDrop: number | undefined, maxDropPct: number | undefined, source = ''): Tolerance {
  const options: Tolerance[] = [];
  if (maxDrop !== undefined) options.push({ points: maxDrop, from: `max drop ${trim(maxDrop)}${source}` });
  if (maxDropPct !== undefined && before !== null) {
    options.push({ points: round1((before * maxDropPct) / 100), from: `max drop ${trim(maxDropPct)}% of ${trim(before)}${source}` });
  }
  if (options.length === 0) return { points: 0, from: 'no tolerance set: any drop beyond the noise counts' };
  return options.reduce((a, b) => (b.points < a.points ? b : a));
}

/** Noise of a change, per direction: a drop must exceed `down`, a rise `up` (points). */
export interface Noise {
  down: number;
  up: number;
}

/**
 * MOVER noise of the change between two scores with 95% intervals (Newcombe 1998; Zou & Donner
 * 2008): for a drop √((before − before's lower end)² + (after's upper end − after)²), the
 * half-width on the relevant sides of the interval of after − before; for a rise the other two
 * sides. A score without an interval counts as exact.
 */
export function moverNoise(before: number, beforeInterval: Interval | null, after: number, afterInterval: Interval | null): Noise {
  const [bLo, bHi] = beforeInterval ?? [before, before];
  const [aLo, aHi] = afterInterval ?? [after, after];
  return {
    down: round1(Math.hypot(Math.max(0, before - bLo), Math.max(0, aHi - after))),
    up: round1(Math.hypot(Math.max(0, bHi - before), Math.max(0, after - aLo))),
  };
}

/**
 * Noise of a check's score change, judged where the statistics live: on the metric's value.
 * The MOVER half-width of the value change (on the side that lowers the score: a rise for
 * `better: lower`, a fall for `better: higher`, and the other side for a rising score) is
 * expressed in points at this change's scale: `|Δscore| × valueNoise / |Δvalue|`. So a score
 * change beyond its noise is exactly a value change beyond its 95% interval. Mapping the value
 * intervals through the clamped scoring instead would stretch any interval that straddles a
 * threshold to most of 0–100 and hide large, real changes. Null when either value is missing.
 */
export function checkChangeNoise(
  before: { value: number | null; interval: Interval | null; score: number | null },
  after: { value: number | null; interval: Interval | null; score: number | null },
  threshold: Threshold,
): Noise | null {
  if (before.value === null || after.value === null || before.score === null || after.score === null) return null;
  const valueChange = Math.abs(after.value - before.value);
  const scoreChange = Math.abs(after.score - before.score);
  if (valueChange === 0 || scoreChange === 0) return { down: 0, up: 0 };
  const scale = scoreChange / valueChange;
  // For better: lower a value rise lowers the score; for better: higher a value fall does.
  const [worse, better] = threshold.better === 'lower' ? (['up', 'down'] as const) : (['down', 'up'] as const);
  return {
    down: round1(valueMover(before, after, worse) * scale),
    up: round1(valueMover(before, after, better) * scale),
  };
}

/** MOVER half-width of a value change, unrounded (values are often fractions). */
function valueMover(
  before: { value: number | null; interval: Interval | null },
  after: { value: number | null; interval: Interval | null },
  side: 'up' | 'down',
): number {
  const b = before.value!;
  const a = after.value!;
  const [bLo, bHi] = before.interval ?? [b, b];
  const [aLo, aHi] = after.interval ?? [a, a];
  return side === 'down' ? Math.hypot(Math.max(0, b - bLo), Math.max(0, aHi - a)) : Math.hypot(Math.max(0, bHi - b), Math.max(0, a - aLo));
}

export interface Part {
  weight: number;
  /** The part's change (after − before), rounded as shown; 0 = it did not move. */
  change: number;
  noise: Noise;
}

/**
 * Noise of a weighted mean's change from its parts (checks of a category, categories of the
 * overall score), for parts scored in both runs: the weighted mean of the noise of the parts
 * that moved, each capped at that part's own change (chance cannot explain more than a part moved). Adding the parts' noise linearly assumes their errors move together, the widest
 * any dependence can give (conservative); a part that did not move adds nothing, since the same
 * data give the same score. When any part moved, 0.1 is added for the rounding of the mean.
 */
export function partsNoise(parts: readonly Part[]): Noise {
  let weights = 0;
  let down = 0;
  let up = 0;
  let moved = false;
  for (const p of parts) {
    if (p.weight <= 0) continue;
    weights += p.weight;
    if (p.change === 0) continue;
    moved = true;
    // Chance can explain at most the whole of a part's own move, never more.
    down += p.weight * Math.min(Math.abs(p.change), p.noise.down);
    up += p.weight * Math.min(Math.abs(p.change), p.noise.up);
  }
  if (weights === 0 || !moved) return { down: 0, up: 0 };
  // +0.1: the weighted mean is rounded to 0.1 in each run, so the shown change can exceed the
  // parts' change by up to 0.1; parts that all moved within their noise never add up to more.
  return { down: round1(round1(down / weights) + 0.1), up: round1(round1(up / weights) + 0.1) };
}

/**
 * Judges a score change against its noise and the tolerance: a drop counts as a regression
 * only when it exceeds both; a rise counts as an improvement when it exceeds the noise.
 * Changes and noise are rounded to 0.1 and compared as shown.
 */
export function compareScores(
  before: number | null,
  beforeInterval: Interval | null,
  after: number | null,
  afterInterval: Interval | null,
  tolerance: Tolerance,
  noise?: Noise,
): ScoreChange {
  const base = { before, after, beforeInterval, afterInterval, noiseFrom: noise ? ('parts' as const) : ('interval' as const), tolerance: tolerance.points, toleranceFrom: tolerance.from };
  if (before === null || after === null) {
    const why = before === null && after === null ? 'no score before or now' : before === null ? `no score in the baseline; now ${trim(after!)}` : `had a score of ${trim(before)} in the baseline; no score now`;
    return { ...base, change: null, noise: null, outcome: 'no-data', why };
  }
  const change = round1(after - before);
  const { down, up } = noise ?? moverNoise(before, beforeInterval, after, afterInterval);
  const withChange = (n: number, outcome: ChangeOutcome, why: string): ScoreChange => ({ ...base, change, noise: n, outcome, why });

  if (change === 0) return withChange(down, 'unchanged', 'no change');
  if (change > 0) {
    return change > up
      ? withChange(up, 'improved', `rose ${trim(change)} points, beyond the noise (${noiseText(up)})`)
      : withChange(up, 'within-noise', `rose ${trim(change)} points, within the noise (${noiseText(up)})`);
  }
  const drop = -change;
  const beyondNoise = drop > down;
  const beyondTolerance = drop > tolerance.points;
  const tol = `the tolerance (${trim(tolerance.points)}, ${tolerance.from})`;
  if (beyondNoise && beyondTolerance) {
    return withChange(down, 'regressed', `dropped ${trim(drop)} points, beyond ${tolerance.points > 0 ? `${tol} and ` : ''}the noise (${noiseText(down)}): a regression`);
  }
  if (!beyondNoise) {
    const alsoTol = !beyondTolerance && tolerance.points > 0 ? ` and ${tol}` : '';
    return withChange(down, 'within-noise', `dropped ${trim(drop)} points, within the noise (${noiseText(down)})${alsoTol}: not counted`);
  }
  return withChange(down, 'within-tolerance', `dropped ${trim(drop)} points, beyond the noise (${noiseText(down)}) but within ${tol}: not counted`);
}

function trim(n: number): string {
  return String(Math.round(n * 10) / 10);
}
