/** The perception gap: answered value next to measured value, flagged where their statuses differ. */
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/index.js';
import { fillFinding, perceptionGap } from '../../src/questionnaire/perception-gap.js';
import type { CategoryResult, CheckResult } from '../../src/report/types.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import { noEvidence } from '../../src/report/contract/evidence.js';

const rubric = loadRubric(defaultRubricPath(), METRICS);

function result(id: string, value: number | null, answer: CheckResult['answer'], extra: Partial<CheckResult> = {}): CheckResult {
  const check = rubric.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;
  return {
    id, metric: check.metric, title: check.title, status: value === null ? 'insufficient-data' : 'pass', value, unit: 'ratio',
    format: check.format!, n: 412, nLabel: 'signups', interval: null, score: null, weight: check.weight, threshold: check.threshold,
    basis: check.basis, source: null, reason: null, evidence: noEvidence(), notes: [], flags: [], recommendation: '', valueSource: 'data', answer, ...extra,
  };
}

function categories(...checks: CheckResult[]): CategoryResult[] {
  return rubric.categories.map((c) => ({
    id: c.id, title: c.title, item: null, weight: 1, score: null, coverage: 0,
    checks: checks.filter((k) => c.checks.some((rc) => rc.id === k.id)),
  }));
}

describe('perceptionGap', () => {
  const gap = perceptionGap(
    rubric,
    categories(
      result('unassisted-activation-rate', 0.18, { value: 0.5, label: 'Most get going on their own (40% or more)' }),
      result('avg-discount-won', 0.12, { value: 0.15, label: '10–20%' }),
      result('time-to-value-days', 2, { value: 30, label: 'More than two weeks' }),
      result('self-serve-won-share', 0.3, { value: null, label: "Don't know / skip" }), // skipped: not compared
      result('nrr-from-deals', null, { value: 1.2, label: 'Clearly more (over 110%)' }), // no data: not compared
      result('invite-k-factor', 0.4, { value: 0.4, label: 'Many' }, { valueSource: 'answer' }), // the value is the answer
    ),
  );

  it('compares only checks with both an answer and a measured value, in rubric order', () => {
    expect(gap.checks.map((e) => e.check)).toEqual(['unassisted-activation-rate', 'time-to-value-days', 'avg-discount-won']);
    expect(gap).toMatchObject({ compared: 3, disagree: 2, optimistic: 1, pessimistic: 1 });
  });

  it('flags a disagreement in plain words, with statuses, scores and direction', () => {
    expect(gap.checks[0]).toEqual({
      check: 'unassisted-activation-rate',
      category: 'product-pull',
      question: rubric.categories[5]!.checks[0]!.question!.text,
      answered: { value: 0.5, label: 'Most get going on their own (40% or more)', status: 'pass', score: 100 },
      measured: { value: 0.18, n: 412, nLabel: 'signups', status: 'fail', score: 0, borderline: false },
      agreement: 'disagree',
      direction: 'optimistic',
      scoreGap: 100,
      statement:
        'You said "Most get going on their own (40% or more)", but the data shows 18% of signups activated within 14 days without a sales touch: a fail on this check, where your answer would be a pass.',
    });
    expect(gap.checks[1]).toMatchObject({ agreement: 'disagree', direction: 'pessimistic', answered: { status: 'fail' }, measured: { status: 'pass' } });
    expect(gap.checks[1]?.statement).toBe(
      'You said "More than two weeks", but the data shows the median new user activated 2 d after signing up: a pass on this check, where your answer would be a fail.',
    );
  });

  it('says so when the team and the data agree', () => {
    expect(gap.checks[2]).toMatchObject({ agreement: 'agree', direction: null, answered: { status: 'warn' }, measured: { status: 'warn' } });
    expect(gap.checks[2]?.statement).toBe('You said "10–20%", and the data agrees: won deals closed at an average discount of 12%.');
  });

  it('mentions a borderline measurement', () => {
    const borderline = perceptionGap(rubric, categories(result('unassisted-activation-rate', 0.24, { value: 0.5, label: 'Most' }, { interval: [0.2, 0.3] })));
    expect(borderline.checks[0]?.measured.borderline).toBe(true);
    expect(borderline.checks[0]?.statement).toMatch(/\(the data is borderline: more of it could change the status\)\.$/);
  });

  it('fills a finding template, with a fallback when the rubric has none', () => {
    expect(fillFinding('{value} of {n} {nLabel}', 0.1234, 'percent', 1200, 'signups')).toBe('12.3% of 1,200 signups');
    expect(fillFinding(undefined, 2.5, 'multiple', 40, 'won deals')).toBe('a measured value of 2.5× (40 won deals)');
  });
});
