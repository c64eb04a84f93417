import { describe, expect, it } from 'vitest';
import { baselineFromReport } from '../../src/ci/baseline.js';
import { evaluateGate, ratchet } from '../../src/ci/gate.js';
import type { CategorySpec } from './report-factory.js';
import { makeReport } from './report-factory.js';

// higher is better, pass 0.6, fail 0.2: score = 250 × (value − 0.2), clamped.
function company(values: Record<string, number | null>, gates: CategorySpec['checks'][number]['gate'][] = []): CategorySpec[] {
  return [
    {
      id: 'push',
      title: 'Sales push',
      checks: [
        { id: 'outbound', value: values.outbound ?? 0.5, interval: values.outbound === null ? null : [values.outbound! - 0.01, values.outbound! + 0.01], weight: 2, gate: gates[0] },
        { id: 'discount', value: values.discount === undefined ? 0.5 : values.discount, interval: [0.3, 0.7], gate: gates[1] },
      ],
    },
    {
      id: 'pull',
      title: 'Product pull',
      checks: [
        { id: 'self-serve', value: values.selfServe ?? 0.5, interval: null, gate: gates[2] },
        { id: 'activation', value: values.activation ?? 0.5, interval: null, weight: 3 },
      ],
    },
  ];
}

const base = makeReport(company({ outbound: 0.5, discount: 0.5, selfServe: 0.5 }));
const baseline = { data: baselineFromReport(base), file: 'baseline.json' };

describe('evaluateGate against a baseline', () => {
  it('passes with "no change" on the same report', () => {
    const gate = evaluateGate(base, { baseline, maxDrop: 5 });
    expect(gate.passed).toBe(true);
    expect(gate.summary).toBe('gate passed: no change against the baseline');
    expect(gate.overall).toMatchObject({ change: 0, outcome: 'unchanged' });
    expect(gate.checks.every((c) => c.score.outcome === 'unchanged')).toBe(true);
    expect(gate.findings).toEqual([]);
  });

  it('fails when a category drops beyond tolerance and noise, naming it and the check with before/after values', () => {
    const now = makeReport(company({ outbound: 0.3 })); // outbound score 75 → 25 with a ±2.5 interval
    const gate = evaluateGate(now, { baseline, maxDrop: 5 });
    expect(gate.passed).toBe(false);
    const push = gate.categories.find((c) => c.id === 'push')!;
    expect(push.score).toMatchObject({ before: 75, after: 41.7, outcome: 'regressed', noiseFrom: 'parts' });
    expect(gate.checks.find((c) => c.id === 'outbound')).toMatchObject({ level: 'warn', before: { value: 0.5 }, after: { value: 0.3 } });
    expect(gate.findings.map((f) => [f.scope, f.id, f.severity, f.fails])).toEqual([
      ['overall', 'overall', 'error', true],
      ['category', 'push', 'error', true],
      ['check', 'outbound', 'warn', false],
    ]);
    expect(gate.findings[2]!.message).toMatch(/^outbound title \[outbound\]: 50% → 30% \(score 75 → 25\): dropped 50 points/);
    expect(gate.summary).toBe('gate failed: the overall score dropped 16.6 points (75 → 58.4); 1 category regressed (Sales push)');
  });

  it('does not count a drop within the noise, and says why', () => {
    // discount: a ±20-point value interval is ±50 score points; a 4-point drop is noise
    const now = makeReport(company({ discount: 0.484 }));
    const gate = evaluateGate(now, { baseline, maxDrop: 2 });
    expect(gate.passed).toBe(true);
    const discount = gate.checks.find((c) => c.id === 'discount')!;
    expect(discount.score).toMatchObject({ change: -4, outcome: 'within-noise' });
    expect(discount.score.why).toMatch(/^dropped 4 points, within the noise \(±\d+(\.\d)?\): not counted$/);
    expect(gate.categories.find((c) => c.id === 'push')!.score.outcome).toBe('within-noise');
    expect(gate.summary).toMatch(/^gate passed: no regression beyond the tolerance and the noise; \d changes within the noise or tolerance$/);
  });

  it('does not count a drop within the tolerance, even when it is beyond the noise', () => {
    const now = makeReport(company({ outbound: 0.48 })); // 75 → 70: −5 on ±2.5
    expect(evaluateGate(now, { baseline, maxDrop: 10 }).passed).toBe(true);
    expect(evaluateGate(now, { baseline }).passed).toBe(false); // no tolerance: beyond the noise counts
    expect(evaluateGate(now, { baseline, maxDropPct: 10 }).categories[0]!.score.toleranceFrom).toBe('max drop 10% of 75');
  });

  it('applies the rubric gate levels of checks: off, warn (default), error; --fail-on warn', () => {
    const now = makeReport(company({ selfServe: 0.3 }));
    const levels = (level: 'off' | 'warn' | 'error') =>
      evaluateGate(makeReport(company({ selfServe: 0.3 }, [undefined, undefined, { level }])), { baseline, maxDrop: 20 });
    // self-serve drops 50 points; its category only 12.5 (weight 1 of 4), within --max-drop 20
    expect(evaluateGate(now, { baseline, maxDrop: 20 }).passed).toBe(true);
    expect(levels('off').findings).toEqual([]);
    expect(levels('warn').findings.map((f) => [f.severity, f.fails])).toEqual([['warn', false]]);
    expect(levels('error').passed).toBe(false);
    // a rubric tolerance replaces the command line's
    const tolerant = makeReport(company({ selfServe: 0.3 }, [undefined, undefined, { level: 'error', maxDrop: 60 }]));
    expect(evaluateGate(tolerant, { baseline, maxDrop: 20 }).passed).toBe(true);
    expect(evaluateGate(now, { baseline, maxDrop: 20, failOn: ['warn'] }).passed).toBe(false);
  });

  it('--fail-on warn also fails on every check the report marks WARN or FAIL, and only with it', () => {
    const notPassing = base.categories.flatMap((c) => c.checks).filter((k) => k.status === 'warn' || k.status === 'fail').map((k) => k.id);
    expect(notPassing.length).toBeGreaterThan(0);
    const gate = evaluateGate(base, { failOn: ['warn'] });
    expect(gate.passed).toBe(false);
    expect(gate.findings.filter((f) => f.kind === 'status').map((f) => [f.id, f.severity, f.fails])).toEqual(notPassing.map((id) => [id, 'warn', true]));
    expect(gate.summary).toMatch(/checks? at WARN or FAIL \(--fail-on warn: /);
    expect(evaluateGate(base, {}).findings.filter((f) => f.kind === 'status')).toEqual([]);
    expect(evaluateGate(base, { failOn: ['insufficient-data'] }).findings.filter((f) => f.kind === 'status')).toEqual([]);
  });

  it('lists checks that lost their data, and fails on them only with --fail-on insufficient-data', () => {
    const now = makeReport(company({ discount: null }));
    const gate = evaluateGate(now, { baseline, maxDrop: 100 });
    expect(gate.passed).toBe(true);
    const finding = gate.findings.find((f) => f.kind === 'insufficient-data')!;
    expect(finding).toMatchObject({ id: 'discount', severity: 'insufficient-data', fails: false });
    expect(finding.message).toBe('discount title [discount]: insufficient data: 3 deals; need 30 (the baseline had 50%, n = 50)');
    expect(gate.summary).toMatch(/\(1 check without data\)$/);
    expect(evaluateGate(now, { baseline, maxDrop: 100, failOn: ['insufficient-data'] }).passed).toBe(false);
    // the category lost a part: its noise comes from the score intervals, not the parts
    expect(gate.categories.find((c) => c.id === 'push')!.score.noiseFrom).toBe('interval');
  });

  it('refuses a baseline of another rubric', () => {
    const other = makeReport(company({}), { rubricId: 'other' });
    expect(() => evaluateGate(other, { baseline })).toThrow(/saved with rubric default v1/);
  });

  it('notes a rubric edited since the baseline, and checks added or removed', () => {
    const edited = makeReport([{ id: 'push', title: 'Sales push', checks: [{ id: 'outbound', value: 0.5, interval: [0.49, 0.51], weight: 2 }, { id: 'new-check', value: 0.5 }] }], { hash: 'changed' });
    const gate = evaluateGate(edited, { baseline });
    expect(gate.baseline).toMatchObject({ rubricChanged: true, removedChecks: ['discount', 'self-serve', 'activation'], addedChecks: ['new-check'] });
  });
});

describe('evaluateGate without a baseline', () => {
  it('checks the minimum score', () => {
    const low = makeReport(company({ outbound: 0.3, discount: 0.3, selfServe: 0.3, activation: 0.3 })); // 25
    expect(evaluateGate(low, { minScore: 20 })).toMatchObject({ passed: true, summary: 'gate passed: score 25 ≥ minimum 20' });
    const failed = evaluateGate(low, { minScore: 50 });
    expect(failed.passed).toBe(false);
    expect(failed.findings[0]).toMatchObject({ kind: 'min-score', expected: '≥ 50', actual: '25' });
    expect(failed.summary).toBe('gate failed: the overall score 25 is below the minimum of 50');
  });

  it('fails a minimum when there is no score at all', () => {
    const none = makeReport([{ id: 'push', checks: [{ id: 'x', value: null }] }]);
    expect(evaluateGate(none, { minScore: 10 }).findings[0]).toMatchObject({ kind: 'coverage', actual: 'no score', fails: true });
    // A gate never passes on no data, minimum or not.
    const noMin = evaluateGate(none, {});
    expect(noMin.findings.map((f) => f.id)).toEqual(['overall', 'x']);
    expect(noMin).toMatchObject({ passed: false, summary: 'gate failed: no overall score: no check had data' });
  });

  it("checks a rubric check's minimum score at its level", () => {
    const r = makeReport(company({ discount: 0.3 }, [undefined, { level: 'error', minScore: 50 }]));
    const gate = evaluateGate(r, {});
    expect(gate.passed).toBe(false);
    expect(gate.findings[0]).toMatchObject({ kind: 'min-score', scope: 'check', id: 'discount', expected: 'score ≥ 50', actual: 'score 25 (30%)' });
  });
});

describe('ratchet (--update-baseline)', () => {
  it('updates only when the gate passed, nothing regressed or lost data, and the overall score did not drop', () => {
    expect(ratchet(evaluateGate(base, { baseline }))).toEqual({ update: true, reason: 'no drop' });
    expect(ratchet(evaluateGate(makeReport(company({ selfServe: 0.6 })), { baseline }))).toMatchObject({ update: true });
    expect(ratchet(evaluateGate(makeReport(company({ outbound: 0.3 })), { baseline }))).toEqual({ update: false, reason: 'the gate failed' });
    expect(ratchet(evaluateGate(makeReport(company({ selfServe: 0.3 })), { baseline, maxDrop: 20 }))).toMatchObject({ update: false, reason: '1 check regressed (self-serve)' });
    expect(ratchet(evaluateGate(makeReport(company({ discount: null })), { baseline, maxDrop: 100 })).reason).toBe('discount lost its data');
    expect(ratchet(evaluateGate(makeReport(company({ discount: 0.484 })), { baseline, maxDrop: 5 })).reason).toMatch(/^the overall score dropped/);
  });
});

describe('evaluateGate and the coverage floor', () => {
  // The same company with its coverage and floor set by hand: the factory's reports are fully covered.
  const thin = (report: ReturnType<typeof makeReport>, coverage: number) => ({ ...report, coverage, coverageFloor: 0.5, range: [10, 90] as [number, number] });

  it('fails below the floor whatever turned the gate on, with the reason and the range', () => {
    const low = thin(makeReport(company({ outbound: 0.6, discount: 0.6, selfServe: 0.6, activation: 0.6 })), 0.2); // score 100
    const gate = evaluateGate(low, { minScore: 50 });
    expect(gate.passed).toBe(false);
    expect(gate.findings).toHaveLength(1);
    expect(gate.findings[0]).toMatchObject({ kind: 'coverage', id: 'overall', severity: 'error', fails: true, expected: 'coverage ≥ 50% and score ≥ 50', actual: 'coverage 20%, score range 10–90' });
    expect(gate.findings[0]!.message).toBe(
      "Overall score: coverage 20% of the rubric's weight is below its floor of 50%; the score could be anywhere from 10 to 90, so the minimum of 50 cannot be checked; export the missing data (What to export next)",
    );
    expect(gate.summary).toBe("gate failed: coverage 20% is below the rubric's 50% floor, so there is no score to gate on (range 10–90)");
    expect(evaluateGate(low, { failOn: ['warn'] }).passed).toBe(false);
    // At the floor exactly, the score is gated as usual.
    expect(evaluateGate(thin(low, 0.5), { minScore: 50 }).passed).toBe(true);
  });

  it('says when the baseline was below the floor, and does not call a drop from its score a regression', () => {
    const thinBase = thin(makeReport(company({ outbound: 0.6, discount: 0.6, selfServe: 0.6, activation: 0.6 })), 0.2);
    const now = { ...makeReport(company({ outbound: 0.3, discount: 0.3, selfServe: 0.3, activation: 0.3 })), coverageFloor: 0.5 };
    const gate = evaluateGate(now, { baseline: { data: baselineFromReport(thinBase), file: 'thin.json' } });
    const coverage = gate.findings.find((f) => f.kind === 'coverage');
    expect(coverage).toMatchObject({ id: 'baseline', severity: 'warn', fails: false });
    expect(coverage!.message).toContain("Baseline: coverage 20% of the rubric's weight was below the floor of 50%");
    expect(gate.findings.some((f) => f.kind === 'max-drop' && f.scope === 'overall')).toBe(false);
  });

  it('a run below the floor against a full baseline fails on coverage, not on a drop of its score', () => {
    const now = thin(makeReport(company({ outbound: 0.3, discount: 0.3, selfServe: 0.3, activation: 0.3 })), 0.2);
    const gate = evaluateGate(now, { baseline });
    expect(gate.passed).toBe(false);
    expect(gate.findings[0]).toMatchObject({ kind: 'coverage', id: 'overall' });
    expect(gate.findings.some((f) => f.kind === 'max-drop' && f.scope === 'overall')).toBe(false);
  });
});
