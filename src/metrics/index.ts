import { readdirSync } from 'node:fs';
import type { MetricDefinition } from './types.js';

/**
 * The registry of metrics, sorted by id: every module in src/metrics/checks/ (its default export,
 * made with `defineMetric`). A new check is a metric file there, a rubric entry and a test
 * (test/metrics/<id>.test.ts); test/metrics/registry.test.ts keeps them in step, and
 * `npm run docs:metrics` and `node scripts/golden.mjs --write` regenerate what follows from them.
 */
const CHECKS_DIR = new URL('./checks/', import.meta.url);
const metricFiles = readdirSync(CHECKS_DIR)
  .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
  .sort();
const modules = (await Promise.all(metricFiles.map((f) => import(new URL(f, CHECKS_DIR).href)))) as Array<{ default?: MetricDefinition }>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const METRICS: ReadonlyArray<MetricDefinition<any>> = modules
  .map((m, i) => {
    if (!m.default || typeof m.default.compute !== 'function') throw new Error(`src/metrics/checks/${metricFiles[i]} has no metric as its default export`);
    return m.default;
  })
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Each metric's method version (MetricDefinition.method, default 1), as a baseline records it. */
export function metricMethods(): Record<string, number> {
  return Object.fromEntries(METRICS.map((m) => [m.id, m.method ?? 1]));
}
