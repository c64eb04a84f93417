/**
 * buildReport computes the checks in the rubric's order: a metric definition carries no
 * scheduling hint (what runs on the bootstrap thread is decided there, from the kernels asked
 * for: test/stats/bootstrap-thread.test.ts), and the report is the same whatever the order.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { METRICS } from '../../src/metrics/index.js';
import { buildReport } from '../../src/report/build.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';

describe('compute order', () => {
  it('computes in rubric order; reordering the rubric reorders the computation, not what a check says', async () => {
    const dataset = await loadDataset('fixtures/product-led');
    const rubric = loadRubric(defaultRubricPath(), METRICS);
    const calls: string[] = [];
    const metrics = METRICS.map((m) => ({
      ...m,
      compute: (...args: Parameters<typeof m.compute>) => {
        calls.push(m.id);
        return m.compute(...args);
      },
    }));
    const asOf = Date.UTC(2026, 5, 30) + 86_400_000;
    const run = async (r: typeof rubric) => {
      calls.length = 0;
      const report = await buildReport({ dataset, rubric: r, metrics, settings: DEFAULT_SETTINGS, asOf, asOfDate: '2026-06-30', toolVersion: 't' });
      return { calls: [...calls], checks: report.categories.flatMap((c) => c.checks) };
    };
    const plain = await run(rubric);
    expect(plain.calls).toEqual(rubric.categories.flatMap((c) => c.checks.map((k) => k.metric)));
    const reversed = { ...rubric, categories: [...rubric.categories].reverse().map((c) => ({ ...c, checks: [...c.checks].reverse() })) };
    const backwards = await run(reversed);
    expect(backwards.calls).toEqual([...plain.calls].reverse());
    const byId = (checks: typeof plain.checks) => Object.fromEntries(checks.map((k) => [k.id, k]));
    expect(Object.keys(byId(plain.checks))).toHaveLength(plain.checks.length);
    expect(byId(backwards.checks)).toEqual(byId(plain.checks));
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
