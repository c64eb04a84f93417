/**
 * Scoring one check: an observation of its value (measured from the data, or answered by the
 * team) is judged against the check's thresholds. One place decides status, score, borderline
 * and the title shown, for data, for answers and for the perception gap that compares them.
 */
import type { CheckResult } from '../report/contract/report.js';
import type { RubricCheck } from '../rubric/types.js';
import { isBorderline, scoreValue, statusOf } from './score.js';

/** One value of a check and what stands behind it. */
export interface Observation {
  source: 'data' | 'answer';
  value: number;
  n: number;
  nLabel: string;
  /** 95% interval of the value; null for an answer or a metric without one. */
  interval: [number, number] | null;
  evidence: CheckResult['evidence'];
  notes: string[];
  series?: CheckResult['series'];
}

/** What the thresholds say about a value. */
export interface Judgement {
  status: 'pass' | 'warn' | 'fail';
  score: number;
  borderline: boolean;
  /** The good state when it passes, the bad state otherwise. */
  title: string;
}

export function judge(check: Pick<RubricCheck, 'threshold' | 'title' | 'failureTitle'>, observation: Pick<Observation, 'value' | 'interval'>): Judgement {
  const status = statusOf(observation.value, check.threshold);
  return {
    status,
    score: scoreValue(observation.value, check.threshold),
    borderline: isBorderline(observation.interval, check.threshold),
    title: status === 'pass' ? check.title : check.failureTitle,
  };
}

/** The fields of a check result that scoring fills from an observation (in the report's key order). */
export function scoredFields(check: RubricCheck, o: Observation) {
  const j = judge(check, o);
  return {
    title: j.title,
    status: j.status,
    value: o.value,
    n: o.n,
    nLabel: o.nLabel,
    interval: o.interval,
    score: j.score,
    reason: null,
    evidence: o.evidence,
    notes: o.notes,
    flags: j.borderline ? ['borderline'] : [],
    ...(o.series?.length ? { series: o.series } : {}),
    valueSource: o.source,
  } satisfies Partial<CheckResult>;
}
