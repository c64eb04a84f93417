/** Keeps the metric registry, the default rubric, the docs and the tests in step. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/index.js';
import { loadRubric } from '../../src/rubric/load.js';
import { TABLE_NAMES } from '../../src/core/model.js';

const rubric = loadRubric('rubrics/default.yaml', METRICS);
const metricsDoc = readFileSync('docs/metrics.md', 'utf8');

describe('metric registry', () => {
  it('has unique, sorted, kebab-case ids', () => {
    const ids = METRICS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(METRICS.map((m) => [m.id, m] as const))('%s has a test file, a doc entry, a description and known tables', (id, metric) => {
    expect(existsSync(`test/metrics/${id}.test.ts`)).toBe(true);
    expect(metricsDoc).toContain(`\`${id}\``);
    expect(metric.description.length).toBeGreaterThan(10);
    for (const table of [...metric.requires, ...(metric.requiresOneOf ?? []).flat()]) expect(TABLE_NAMES).toContain(table);
    expect(typeof metric.defaultParams.minN).toBe('number');
  });

  it('is fully used by the default rubric, which covers every checklist item', () => {
    const used = new Set(rubric.categories.flatMap((c) => c.checks.map((k) => k.metric)));
    for (const m of METRICS) expect(used).toContain(m.id);
    expect(rubric.categories.map((c) => c.item)).toEqual(['CA', 'RC', 'PM', 'SN', 'FO', 'PULL', 'PUSH']);
    for (const check of rubric.categories.flatMap((c) => c.checks)) {
      expect(check.recommendation.length).toBeGreaterThan(40);
      expect(['sourced', 'anchored', 'judgement']).toContain(check.basis);
    }
  });
});

describe('docs/metrics.md', () => {
  it('is up to date with the metric doc comments and the default rubric (npm run docs:metrics)', async () => {
    // @ts-expect-error: a plain JS script without types
    const { metricsDoc } = await import('../../scripts/metrics-doc.mjs');
    expect(metricsDoc()).toBe(readFileSync('docs/metrics.md', 'utf8'));
  });
});

describe('docs/checks.md', () => {
  it('is up to date with the default rubric and the registry (npm run docs:metrics)', async () => {
    // @ts-expect-error: a plain JS script without types
    const { checksDoc } = await import('../../scripts/checks-doc.mjs');
    expect(checksDoc()).toBe(readFileSync('docs/checks.md', 'utf8'));
  });
});
