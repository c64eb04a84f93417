import { describe, expect, it } from 'vitest';
import { baselineFromReport } from '../../src/ci/baseline.js';
import { evaluateGate } from '../../src/ci/gate.js';
import { renderGateSummary } from '../../src/renderers/gate-text.js';
import { renderJunit } from '../../src/renderers/junit.js';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import type { Report } from '../../src/report/types.js';
import { makeReport } from './report-factory.js';
import { weightCoverage, weightedMean } from '../../src/scoring/score.js';

const REASON = 'presumes a free plan or a free trial; the config declares the company has neither (motions.freeTier: false, motions.trial: false)';

function withNotApplicable(report: Report, id: string): Report {
  for (const c of report.categories) {
    c.checks = c.checks.map((k) => (k.id === id ? { ...k, status: 'not-applicable', value: null, score: null, interval: null, reason: REASON } : k));
    c.score = weightedMean(c.checks);
    c.coverage = weightCoverage(c.checks);
  }
  report.score = weightedMean(report.categories);
  return report;
}

const categories = [
  { id: 'pull', title: 'Product pull', checks: [{ id: 'activation', value: 0.5 }, { id: 'free-to-paid', value: 0.6, gate: { level: 'error' as const } }] },
];

describe('a check that becomes not applicable against a baseline', () => {
  const base = makeReport(categories);
  const now = withNotApplicable(makeReport(categories), 'free-to-paid');
  const gate = evaluateGate(now, { baseline: { data: baselineFromReport(base), file: 'baseline.json' }, failOn: ['insufficient-data'] });

  it('is compared as not applicable, not as a drop, and is no finding even with --fail-on insufficient-data', () => {
    const k = gate.checks.find((c) => c.id === 'free-to-paid')!;
    expect(k.score.outcome).toBe('not-applicable');
    expect(k.score.change).toBeNull();
    expect(k.score.why).toBe(`not applicable now (${REASON}); the baseline scored it 100: not a drop`);
    expect(gate.findings.filter((f) => f.id === 'free-to-paid')).toEqual([]);
    expect(gate.counts.regressed).toBe(0);
  });

  it('its category and the overall score, now weighing other checks, are shown but not compared', () => {
    const category = gate.categories.find((c) => c.id === 'pull')!.score;
    expect(category).toMatchObject({ before: 87.5, after: 75, change: -12.5, outcome: 'not-compared' });
    expect(category.why).toBe('not compared: free-to-paid is not applicable on one side only (config motions); its checks are compared one by one');
    expect(gate.overall).toMatchObject({ outcome: 'not-compared', change: -12.5 });
    expect(gate.findings).toEqual([]);
    expect(gate.passed).toBe(true);
    // without the change of applicability the same drop is a regression
    const dropped = makeReport([{ ...categories[0]!, checks: [{ id: 'activation', value: 0.5 }, { id: 'free-to-paid', value: 0.2, gate: { level: 'error' as const } }] }]);
    const real = evaluateGate(dropped, { baseline: { data: baselineFromReport(base), file: 'baseline.json' } });
    expect(real.categories[0]!.score.outcome).toBe('regressed');
  });

  it('is shown as not applicable in the gate text, Markdown and JUnit (skipped, never a failure)', () => {
    const text = renderGateSummary(now, gate, { colorLevel: 0 });
    expect(text).toContain('Not applicable (1)');
    expect(text).toContain('[free-to-paid] not applicable now');
    const md = renderMarkdown(now, gate, {});
    expect(md).toContain('### Not applicable (1)');
    expect(md).toContain('the baseline scored it 100, not counted as a drop');
    const xml = renderJunit(now, gate);
    expect(xml).toMatch(/<testcase name="free-to-paid"[^>]*>\n\s*<skipped message="not applicable: presumes a free plan/);
    expect(xml).not.toMatch(/<testcase name="free-to-paid"[^>]*>\n\s*<failure/);
  });

  it('a check that was not applicable in the baseline is not compared either', () => {
    const back = evaluateGate(makeReport(categories), { baseline: { data: baselineFromReport(now), file: 'baseline.json' } });
    expect(back.checks.find((c) => c.id === 'free-to-paid')!.score).toMatchObject({ outcome: 'not-applicable', change: null });
  });
});
