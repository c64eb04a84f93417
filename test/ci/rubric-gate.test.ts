import { describe, expect, it } from 'vitest';
import { validateRubric } from '../../src/rubric/load.js';

const METRICS = [{ id: 'avg-discount-won', defaultParams: { lookbackDays: 365, minN: 30 } }];

function rubricWithGate(gate: string): string {
  return `id: gated
name: Gated
version: 1
categories:
  - id: sales-push
    title: Sales push
    weight: 1
    checks:
      - id: avg-discount-won
        metric: avg-discount-won
        weight: 1
        threshold: { better: lower, pass: 0.1, fail: 0.2 }
        basis: judgement
        title: Deals close near list price
        failureTitle: Deals close on deep discounts
        recommendation: Require approval for discounts.
${gate
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
`;
}

const check = (gate: string) => validateRubric(rubricWithGate(gate), 'r.yaml', METRICS);

describe('the gate field of a rubric check', () => {
  it('takes a level, or a mapping with a level and limits', () => {
    expect(check('gate: error').rubric!.categories[0]!.checks[0]!.gate).toEqual({ level: 'error' });
    expect(check('gate: { level: warn, minScore: 50, maxDrop: 10, maxDropPct: 20 }').rubric!.categories[0]!.checks[0]!.gate).toEqual({
      level: 'warn',
      minScore: 50,
      maxDrop: 10,
      maxDropPct: 20,
    });
    expect(check('gate:\n  level: off').rubric!.categories[0]!.checks[0]!.gate).toEqual({ level: 'off' });
    expect(check('').rubric!.categories[0]!.checks[0]!.gate).toBeUndefined();
  });

  it('reports every mistake with its path and line', () => {
    const issues = (gate: string) => check(gate).issues.map((i) => [i.code, i.path, i.line, i.message]);
    expect(issues('gate: eror')).toEqual([['BAD_VALUE', 'categories[0].checks[0].gate', 17, "must be one of off | warn | error, got 'eror'; did you mean 'error'?"]]);
    expect(issues('gate: { level: error, maxDrops: 5 }')).toEqual([
      ['UNKNOWN_FIELD', 'categories[0].checks[0].gate.maxDrops', 17, "unknown field 'maxDrops'; did you mean 'maxDrop'?"],
    ]);
    expect(issues('gate: { minScore: 50 }')).toEqual([['MISSING_FIELD', 'categories[0].checks[0].gate.level', 17, "missing required field 'level' (off | warn | error)"]]);
    expect(issues('gate:\n  level: error\n  minScore: 150\n  maxDrop: five')).toEqual([
      ['BAD_VALUE', 'categories[0].checks[0].gate.minScore', 19, 'must be a score between 0 and 100, got 150'],
      ['WRONG_TYPE', 'categories[0].checks[0].gate.maxDrop', 20, 'must be a number (points between 0 and 100)'],
    ]);
    expect(issues('gate: [error]')[0]).toEqual(['WRONG_TYPE', 'categories[0].checks[0].gate', 17, 'must be a level (off | warn | error) or a mapping like { level: error, maxDrop: 10 }']);
    expect(check('gate: eror').rubric).toBeNull();
  });
});
