/**
 * Hand-built reports for the CI tests: give checks a value, an interval and a threshold; scores,
 * statuses and category/overall scores are computed with the real scoring functions.
 */
import { noEvidence, type Evidence } from '../../src/report/contract/evidence.js';
import type { CategoryResult, CheckResult, Report } from '../../src/report/types.js';
import type { CheckGate, Threshold } from '../../src/rubric/types.js';
import { scoreValue, statusOf, verdictOf, weightCoverage, weightedMean } from '../../src/scoring/score.js';

export interface CheckSpec {
  id: string;
  value: number | null;
  interval?: [number, number] | null;
  threshold?: Threshold;
  weight?: number;
  gate?: CheckGate;
  n?: number;
  evidence?: Evidence;
  reason?: string;
  format?: CheckResult['format'];
}

export interface CategorySpec {
  id: string;
  title?: string;
  weight?: number;
  checks: CheckSpec[];
}

const DEFAULT_THRESHOLD: Threshold = { better: 'higher', pass: 0.6, fail: 0.2 };

export function check(spec: CheckSpec): CheckResult {
  const threshold = spec.threshold ?? DEFAULT_THRESHOLD;
  const has = spec.value !== null;
  const status = has ? statusOf(spec.value!, threshold) : 'insufficient-data';
  return {
    id: spec.id,
    metric: spec.id,
    title: `${spec.id} title`,
    status,
    value: spec.value,
    unit: 'ratio',
    format: spec.format ?? 'percent',
    n: spec.n ?? (has ? 50 : 3),
    nLabel: 'deals',
    interval: has ? (spec.interval ?? null) : null,
    score: has ? scoreValue(spec.value!, threshold) : null,
    weight: spec.weight ?? 1,
    threshold,
    basis: 'judgement',
    source: null,
    reason: has ? null : (spec.reason ?? '3 deals; need 30'),
    evidence: spec.evidence ?? noEvidence(),
    notes: [],
    flags: [],
    recommendation: `Fix ${spec.id}.`,
    valueSource: 'data',
    answer: null,
    ...(spec.gate ? { gate: spec.gate } : {}),
  };
}

export function makeReport(categories: CategorySpec[], options: { rubricId?: string; rubricVersion?: number; hash?: string } = {}): Report {
  const cats: CategoryResult[] = categories.map((c) => {
    const checks = c.checks.map(check);
    return {
      id: c.id,
      title: c.title ?? `Category ${c.id}`,
      item: null,
      weight: c.weight ?? 1,
      score: weightedMean(checks),
      coverage: weightCoverage(checks),
      checks,
    };
  });
  const score = weightedMean(cats);
  return {
    schemaVersion: 2,
    tool: { name: 'pullcheck', version: '0.0.0-test' },
    asOf: '2026-06-30',
    score,
    verdict: verdictOf(score, { productDriven: 70, salesDriven: 40 }),
    coverage: 1,
    rubric: { id: options.rubricId ?? 'default', name: 'test rubric', version: options.rubricVersion ?? 1, hash: options.hash ?? 'abcdef0123456789' },
    categories: cats,
    topRecommendations: [],
    inputs: { files: [], tables: {}, answers: null },
    warnings: [],
    perceptionGap: null,
  };
}
