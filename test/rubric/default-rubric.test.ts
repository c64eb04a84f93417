import { describe, expect, it } from 'vitest';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import type { Threshold, ThresholdBasis } from '../../src/rubric/types.js';
import { METRICS } from '../../src/metrics/index.js';

/** Hand-copied from METRICS.md: [check id, category, direction, pass (good), fail (bad), basis]. */
const EXPECTED: Array<[string, string, Threshold['better'], number, number, ThresholdBasis]> = [
  ['unused-feature-share', 'curb-appeal', 'lower', 0.6, 0.8, 'anchored'],
  ['new-feature-retention-90d', 'curb-appeal', 'higher', 0.5, 0.25, 'anchored'],
  ['promised-feature-adoption', 'curb-appeal', 'higher', 0.7, 0.4, 'judgement'],
  ['sales-requested-release-share', 'roadmap-capture', 'lower', 0.2, 0.4, 'judgement'],
  ['single-account-feature-share', 'roadmap-capture', 'lower', 0.1, 0.25, 'judgement'],
  ['promised-features-deal-rate', 'roadmap-capture', 'lower', 0.1, 0.3, 'judgement'],
  ['buyer-user-role-overlap', 'persona-mismatch', 'higher', 0.6, 0.3, 'judgement'],
  ['buyer-user-role-divergence', 'persona-mismatch', 'lower', 0.2, 0.4, 'judgement'],
  ['core-feature-share', 'saying-no', 'higher', 0.15, 0.08, 'anchored'],
  ['new-feature-core-entry-rate', 'saying-no', 'higher', 0.15, 0.05, 'anchored'],
  ['improvement-release-share', 'features-over-optimisation', 'higher', 0.4, 0.2, 'judgement'],
  ['unassisted-activation-rate', 'product-pull', 'higher', 0.4, 0.25, 'sourced'],
  ['time-to-value-days', 'product-pull', 'lower', 3, 14, 'judgement'],
  ['self-serve-won-share', 'product-pull', 'higher', 0.5, 0.2, 'judgement'],
  ['free-to-paid-conversion-90d', 'product-pull', 'higher', 0.05, 0.02, 'sourced'],
  ['invite-k-factor', 'product-pull', 'higher', 0.3, 0.1, 'judgement'],
  ['nrr-from-deals', 'product-pull', 'higher', 1.1, 1.0, 'sourced'],
  ['touches-per-won-deal-small', 'sales-push', 'lower', 3, 10, 'judgement'],
  ['touches-per-won-deal-mid', 'sales-push', 'lower', 6, 20, 'judgement'],
  ['touches-per-won-deal-large', 'sales-push', 'lower', 15, 40, 'judgement'],
  ['avg-discount-won', 'sales-push', 'lower', 0.1, 0.2, 'judgement'],
  ['quarter-end-discount-lift', 'sales-push', 'lower', 1.1, 1.5, 'judgement'],
  ['quarter-end-close-concentration', 'sales-push', 'lower', 1.25, 2.0, 'judgement'],
  ['sales-sourced-won-share', 'sales-push', 'lower', 0.3, 0.5, 'anchored'],
  ['post-close-shelfware-rate', 'sales-push', 'lower', 0.1, 0.25, 'anchored'],
  ['sales-cycle-ratio', 'sales-push', 'lower', 1.5, 3, 'judgement'],
];

describe('rubrics/default.yaml', () => {
  const rubric = loadRubric(defaultRubricPath(), METRICS);
  const checks = rubric.categories.flatMap((c) => c.checks);

  it('parses with the metric registry', () => {
    expect(rubric).toMatchObject({ id: 'default', name: 'pullcheck default rubric', version: 1 });
    expect(rubric.verdicts).toEqual({ productDriven: 70, salesDriven: 40 });
  });

  it('has the seven categories in order, each of weight 1, with its checklist item', () => {
    expect(rubric.categories.map((c) => [c.id, c.item, c.weight])).toEqual([
      ['curb-appeal', 'CA', 1],
      ['roadmap-capture', 'RC', 1],
      ['persona-mismatch', 'PM', 1],
      ['saying-no', 'SN', 1],
      ['features-over-optimisation', 'FO', 1],
      ['product-pull', 'PULL', 1],
      ['sales-push', 'PUSH', 1],
    ]);
  });

  it("keeps METRICS.md's checks, in order, with their thresholds, directions and bases", () => {
    // Pinned: the catalogue's checks. A check added beyond it is free to join (with its own test).
    const catalogue = new Set(EXPECTED.map(([id]) => id));
    const pinned = checks.filter((c) => catalogue.has(c.id));
    expect(pinned.map((c) => [c.id, c.category, c.threshold.better, c.threshold.pass, c.threshold.fail, c.basis])).toEqual(EXPECTED);
  });

  it('names metrics exactly as METRICS.md; only the touches bands set params', () => {
    for (const check of checks) {
      if (check.metric === 'touches-per-won-deal') continue;
      expect(check.metric).toBe(check.id);
      expect(check.paramOverrides).toEqual({});
    }
    const touches = checks.filter((c) => c.metric === 'touches-per-won-deal');
    expect(touches.map((c) => [c.id, c.paramOverrides])).toEqual([
      ['touches-per-won-deal-small', { minAmount: null, maxAmount: 10000 }],
      ['touches-per-won-deal-mid', { minAmount: 10000, maxAmount: 50000 }],
      ['touches-per-won-deal-large', { minAmount: 50000, maxAmount: null }],
    ]);
    expect(touches[1]?.description).toMatch(/interpolated/i);
  });

  it('weights checks 1, or 2 for the most telling ones (a new check may enter at 0: shown, not scored)', () => {
    expect(checks.filter((c) => c.weight === 2).map((c) => c.id)).toEqual([
      'unused-feature-share',
      'promised-feature-adoption',
      'sales-requested-release-share',
      'buyer-user-role-overlap',
      'unassisted-activation-rate',
      'self-serve-won-share',
      'sales-sourced-won-share',
      'post-close-shelfware-rate',
    ]);
    expect(checks.every((c) => c.weight === 1 || c.weight === 2 || (c.weight === 0 && !EXPECTED.some(([id]) => id === c.id)))).toBe(true);
  });

  it('every check has a distinct title and failure title, a concrete recommendation and a format', () => {
    for (const check of checks) {
      expect(check.title, check.id).not.toBe(check.failureTitle);
      const sentences = check.recommendation.split(/(?<=\.)\s+/).filter(Boolean);
      expect(sentences.length, `${check.id}: 2-3 sentences`).toBeGreaterThanOrEqual(2);
      expect(sentences.length, `${check.id}: 2-3 sentences`).toBeLessThanOrEqual(3);
      expect(check.format, check.id).toBeDefined();
      if (check.basis !== 'judgement') expect(check.source, check.id).toBeTruthy();
    }
  });
});
