/**
 * Method versions (issue 16, item 6): a baseline records each metric's method version; when a
 * later pullcheck computes a check's metric by another method, the gate shows the change as
 * "method changed: re-baseline", never as a drop, and --update-baseline says what changed.
 */
import { describe, expect, it } from 'vitest';
import { baselineFromReport, methodChanges, parseBaseline, renderBaseline } from '../../src/ci/baseline.js';
import { evaluateGate, ratchet } from '../../src/ci/gate.js';
import { renderGateSummary } from '../../src/renderers/gate-text.js';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import { makeReport } from './report-factory.js';

const categories = (freeToPaid: number) => [
  { id: 'pull', title: 'Product pull', checks: [{ id: 'activation', value: 0.5 }, { id: 'free-to-paid', value: freeToPaid, gate: { level: 'error' as const } }] },
];

describe('method versions against a baseline', () => {
  const metricOf = (id: string) => makeReport(categories(0.6)).categories[0]!.checks.find((k) => k.id === id)!.metric;
  const ftp = metricOf('free-to-paid');
  const act = metricOf('activation');
  const saved = baselineFromReport(makeReport(categories(0.6)), { [ftp]: 1, [act]: 1, unused: 3 });

  it('the baseline records the versions of the metrics its checks use, and reads them back', () => {
    expect(saved.methods).toEqual({ [act]: 1, [ftp]: 1 });
    expect(parseBaseline(renderBaseline(saved), 'b.json').methods).toEqual(saved.methods);
    expect(() => parseBaseline(renderBaseline({ ...saved, methods: { [ftp]: 'two' as unknown as number } }), 'b.json')).toThrow(/methods must map metric ids to whole numbers/);
    expect(methodChanges(saved, { [ftp]: 2, [act]: 1 })).toEqual([{ metric: ftp, before: 1, after: 2 }]);
    expect(methodChanges({ ...saved, methods: undefined }, { [ftp]: 2 })).toEqual([]);
  });

  it('a drop under a changed method is "method changed", its category and the overall score not compared, the gate passes', () => {
    const now = makeReport(categories(0.1));
    const gate = evaluateGate(now, { baseline: { data: saved, file: 'baseline.json' }, maxDrop: 1, methods: { [ftp]: 2, [act]: 1 } });
    const k = gate.checks.find((c) => c.id === 'free-to-paid')!;
    expect(k.score.outcome).toBe('method-changed');
    expect(k.score.why).toBe(`method changed since the baseline (${ftp} v1 → v2): not a drop; re-baseline with --update-baseline or --save-baseline`);
    expect(gate.categories[0]!.score.outcome).toBe('not-compared');
    expect(gate.categories[0]!.score.why).toMatch(/free-to-paid is computed by a changed method since the baseline/);
    expect(gate.overall!.outcome).toBe('not-compared');
    expect(gate.passed).toBe(true);
    expect(gate.baseline!.methodChanges).toEqual([{ metric: ftp, before: 1, after: 2 }]);
    expect(renderGateSummary(now, gate, { colorLevel: 0 })).toMatch(new RegExp(`${ftp} is computed by a changed method since the baseline \\(v1 → v2\\)`));
    expect(renderMarkdown(now, gate)).toMatch(/Computed by a changed method since the baseline, so not compared \(re-baseline\)/);
    const decision = ratchet(gate);
    expect(decision).toEqual({ update: true, reason: expect.stringContaining(`${ftp} now computed by method v2 (was v1)`) });
  });

  it('the same drop with the same method is a regression that fails the gate', () => {
    const gate = evaluateGate(makeReport(categories(0.1)), { baseline: { data: saved, file: 'baseline.json' }, maxDrop: 1, methods: { [ftp]: 1, [act]: 1 } });
    expect(gate.checks.find((c) => c.id === 'free-to-paid')!.score.outcome).toBe('regressed');
    expect(gate.passed).toBe(false);
    expect(ratchet(gate).update).toBe(false);
  });
});
