/**
 * buildReport computes bootstrap-heavy checks first (MetricDefinition.computePriority) and
 * still reports every check in the rubric's order, with the same results.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { METRICS } from '../../src/metrics/index.js';
import { buildReport } from '../../src/report/build.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import type { MetricDefinition } from '../../src/metrics/types.js';

describe('compute order', () => {
  it('priority decides when a check is computed, not where it is reported or what it says', async () => {
    const dataset = await loadDataset('fixtures/product-led');
    const rubric = loadRubric(defaultRubricPath(), METRICS);
    const run = async (priorities: (m: MetricDefinition) => number | undefined) => {
      const calls: string[] = [];
      const metrics = METRICS.map((m) => ({
        ...m,
        computePriority: priorities(m),
        compute: (...args: Parameters<typeof m.compute>) => {
          calls.push(m.id);
          return m.compute(...args);
        },
      }));
      const asOf = Date.UTC(2026, 5, 30) + 86_400_000;
      const report = await buildReport({ dataset, rubric, metrics, settings: DEFAULT_SETTINGS, asOf, asOfDate: '2026-06-30', toolVersion: 't' });
      return { calls, report };
    };
    const rubricOrder = rubric.categories.flatMap((c) => c.checks.map((k) => k.metric));
    const plain = await run(() => undefined);
    expect(plain.calls).toEqual(rubricOrder);
    const last = rubricOrder[rubricOrder.length - 1]!;
    const reordered = await run((m) => (m.id === last ? 5 : m.id === 'buyer-user-role-divergence' ? 2 : undefined));
    expect(reordered.calls[0]).toBe(last);
    expect(reordered.calls[1]).toBe('buyer-user-role-divergence');
    expect(reordered.report).toEqual(plain.report);
    const shipped = await run((m) => m.computePriority);
    expect(shipped.calls[0]).toBe('buyer-user-role-divergence');
    expect(shipped.report).toEqual(plain.report);
  });

  it('reports each check to onCheck before computing it, in computation order', async () => {
    const dataset = await loadDataset('fixtures/product-led');
    const rubric = loadRubric(defaultRubricPath(), METRICS);
    const events: string[] = [];
    const metrics = METRICS.map((m) => ({ ...m, compute: (...args: Parameters<typeof m.compute>) => (events.push(`compute ${m.id}`), m.compute(...args)) }));
    const asOf = Date.UTC(2026, 5, 30) + 86_400_000;
    await buildReport({
      dataset, rubric, metrics, settings: DEFAULT_SETTINGS, asOf, asOfDate: '2026-06-30', toolVersion: 't',
      onCheck: (p) => events.push(`check ${p.done}/${p.total} ${p.metric}`),
    });
    const checks = rubric.categories.flatMap((c) => c.checks).length;
    const computed = events.filter((e) => e.startsWith('compute ')).map((e) => e.slice('compute '.length));
    expect(computed).toHaveLength(checks);
    expect(events).toEqual(computed.flatMap((id, done) => [`check ${done}/${checks} ${id}`, `compute ${id}`]));
  });
});
