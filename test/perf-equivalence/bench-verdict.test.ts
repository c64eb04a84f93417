/**
 * The issue-14 table's verdicts (scripts/bench-verdict.mjs): a target's budget is its ratio times
 * the reference, and a missed target names each part of the work that alone takes longer.
 */
import { describe, expect, it } from 'vitest';
import { speedVerdict } from '../../scripts/bench-verdict.mjs';

describe('speedVerdict', () => {
  it('is met at or under ratio × reference', () => {
    expect(speedVerdict({ seconds: 1.25, reference: 0.5, ratio: 2.5 })).toEqual({ met: true, budget: 1.25, text: 'met' });
    expect(speedVerdict({ seconds: 1.26, reference: 0.5, ratio: 2.5 }).met).toBe(false);
  });

  it('names the floor and the CRM-only run when each alone is over the budget', () => {
    const v = speedVerdict({ seconds: 9.62, reference: 0.52, ratio: 2.5, floor: 1.46, crmOnly: 5.02 });
    expect(v.met).toBe(false);
    expect(v.text).toBe('not met; over the 1.30 s budget: the floor alone (1.46 s) and the CRM files alone (5.02 s)');
  });

  it('names only the parts over the budget', () => {
    // PostHog CSV at stop 23: budget 4.29 s, floor 2.47 s under it, the CRM files over it.
    const v = speedVerdict({ seconds: 15.92, reference: 1.43, ratio: 3, floor: 2.47, crmOnly: 5.02 });
    expect(v.text).toBe('not met; over the 4.29 s budget: the CRM files alone (5.02 s)');
    expect(speedVerdict({ seconds: 9, reference: 2, ratio: 3, floor: 2.5, crmOnly: 4 }).text).toBe('not met');
  });

  it('says not measured without a reference', () => {
    expect(speedVerdict({ seconds: 3, reference: NaN, ratio: 3 }).text).toBe('not measured');
    expect(speedVerdict({ seconds: 3, reference: 0, ratio: 3 }).met).toBe(false);
  });
});
