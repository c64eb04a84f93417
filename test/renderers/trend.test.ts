import { describe, expect, it } from 'vitest';
import { sparkline, trendChangeText, TREND_NOTE } from '../../src/renderers/format.js';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import { renderTerminal } from '../../src/renderers/terminal.js';
import type { HistoryEntry, Report, TrendPoint } from '../../src/report/types.js';
import { makeReport } from '../ci/report-factory.js';

describe('sparkline', () => {
  it('draws each score on the fixed 0–100 scale, a space without a score', () => {
    expect(sparkline([0, 12.5, 50, 99.9, 100, null])).toBe('▁▂▅██ ');
    expect(sparkline([0, 12.5, 50, 99.9, 100, null], false)).toBe('_.=## ');
    expect(sparkline([])).toBe('');
  });
  it('says first → last score among the points with one', () => {
    expect(trendChangeText([null, 80.4, 60, 31.6])).toBe('80 → 32');
    expect(trendChangeText([null, 80.4, 31.6], false)).toBe('80 -> 32');
    expect(trendChangeText([55])).toBe('55');
    expect(trendChangeText([null, null])).toBe('no score');
  });
});

const point = (asOf: string, score: number | null, coverage = 0.9): TrendPoint => ({
  asOf, score, range: score === null ? [10, 90] : [score, score], coverage, verdict: score === null ? 'insufficient-data' : 'mixed',
  categories: [{ id: 'a', score: score === null ? null : score - 5, coverage }],
});
const base: Report = { ...makeReport([{ id: 'a', title: 'Flow <b>|bold|</b>', checks: [{ id: 'a1', value: 0.4 }] }]), coverageFloor: 0.5, range: [50, 50] };
const report: Report = {
  ...base,
  trend: [point('2025-09-30', null, 0.3), point('2025-12-31', 80), point('2026-03-31', 55), point('2026-06-30', 30)],
};

describe('terminal trend', () => {
  it('shows a sparkline overall and per category, and the fixed note', () => {
    const text = renderTerminal(report, undefined, { colorLevel: 0, width: 100 });
    expect(text).toContain('Score over time (4 points from 2025-09-30 to 2026-06-30');
    expect(text).toMatch(/ {2}Overall +\s▇▅▃ {2}80 → 30/);
    expect(text).toMatch(/Flow <b>\|bold\|<\/b> +\s▇▅▃ {2}75 → 25/);
    expect(text).toMatch(/Coverage +30% → 90%/);
    expect(text).toContain('Coverage');
    expect(text).toContain('Exports are snapshots');
  });
  it('falls back to ASCII', () => {
    const text = renderTerminal(report, undefined, { colorLevel: 0, width: 100, unicode: false });
    expect(text).toMatch(/Overall +\s\*=, {2}80 -> 30/);
    expect(text).not.toMatch(/[▁▂▃▄▅▆▇]/);
  });
  it('shows nothing without a trend or history', () => {
    const text = renderTerminal(base, undefined, { colorLevel: 0, width: 100 });
    expect(text).not.toContain('Score over time');
    expect(text).not.toContain('Runs');
  });
});

describe('markdown trend and history', () => {
  const run = (runAt: string, score: number | null, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
    runAt, asOf: '2026-06-30', score, range: score === null ? [5, 95] : [score, score], coverage: 0.8, verdict: 'mixed', categories: [{ id: 'a', score }], ...extra,
  });
  it('tables the last periods, ranges below the floor, category titles escaped', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('### Score over time (4 points)');
    expect(md).toContain('|  | 2025-09-30 | 2025-12-31 | 2026-03-31 | 2026-06-30 |');
    expect(md).toContain('| **Score** | range 10–90 | 80 | 55 | 30 |');
    expect(md).toContain('| Coverage | 30% | 90% | 90% | 90% |');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('|bold|');
    expect(md).toContain(TREND_NOTE.slice(0, 40));
  });
  it('shows at most the last 8 points', () => {
    const many = Array.from({ length: 12 }, (_, i) => point(`2025-${String(i + 1).padStart(2, '0')}-28`, 50 + i));
    const md = renderMarkdown({ ...report, trend: many });
    expect(md).toContain('### Score over time (last 8 of 12 points)');
    expect(md).not.toContain('2025-04-28');
    expect(md).toContain('2025-05-28');
  });
  it('lists the runs with their commit, values from the file escaped', () => {
    const md = renderMarkdown({ ...base, history: [run('2026-06-01T08:00:00.000Z', null), run('2026-07-01T08:00:00.000Z', 62.34, { commit: 'abcdef1234567', asOf: '2026-06-30' })] });
    expect(md).toContain('### Runs over time (2)');
    expect(md).toContain('| 2026-06-01 08:00 | 2026-06-30 | range 5–95 | 80% | mixed |  |');
    expect(md).toContain('| 2026-07-01 08:00 | 2026-06-30 | 62.3 | 80% | mixed | `abcdef1` |');
    const hostile = renderMarkdown({ ...base, history: [run('2026-07-01T08:00:00.000Z', 50, { verdict: 'mixed', commit: 'a|b`<x>' })] });
    // in a code span: no table break, and `<x>` shows as text
    expect(hostile).toContain('| `ab<x>` |');
  });
});
