import type { MetricDefinition } from './types.js';

/**
 * The explicit registry of metrics. A new check = a metric file here + a rubric entry + a test.
 * Keep entries sorted by id.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const METRICS: ReadonlyArray<MetricDefinition<any>> = [];

export function findMetric(id: string): MetricDefinition<Record<string, unknown>> | undefined {
  return METRICS.find((m) => m.id === id);
}
