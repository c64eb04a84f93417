import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/time-to-value-days.js';
import { run, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; a signup is mature when ≤ T − 30d = 2024-12-02.
const asOf = '2024-12-31';

describe('time-to-value-days', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one activated user (below minimums)', () => {
    const t = tables({ users: [user({ signupAt: '2024-06-01', activatedAt: '2024-06-03' })] });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient when no one in the cohort activated (zero denominator for the median)', () => {
    const t = tables({ users: [user({ userId: 'u1', signupAt: '2024-06-01' }), user({ userId: 'u2', signupAt: '2024-07-01' })] });
    const result = run(metric, t, asOf, { minSignups: 1, minN: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.evidence)).toMatchObject({ cohortSignups: 2, activatedShare: 0 });
  });

  it('computes the median and quartiles by hand, excluding immature signups', () => {
    const t = tables({
      users: [
        user({ userId: 'u1', signupAt: '2024-06-01', activatedAt: '2024-06-02' }), // 1 day
        user({ userId: 'u2', signupAt: '2024-06-01', activatedAt: '2024-06-03' }), // 2 days
        user({ userId: 'u3', signupAt: '2024-07-01', activatedAt: '2024-07-05' }), // 4 days
        user({ userId: 'u4', signupAt: '2024-08-01', activatedAt: '2024-08-11' }), // 10 days
        user({ userId: 'u5', signupAt: '2024-08-01' }), // not activated
        user({ userId: 'u6', signupAt: '2024-12-20', activatedAt: '2024-12-20' }), // immature: excluded
        user({ userId: 'u7', signupAt: '2023-06-01', activatedAt: '2023-09-01' }), // outside lookback
      ],
    });
    // delays 1, 2, 4, 10 → median (2 + 4) / 2 = 3
    // p25 at position 0.75 → 1 + 0.75·(2 − 1) = 1.75; p75 at position 2.25 → 4 + 0.25·(10 − 4) = 5.5
    // activated share = 4 / 5 = 0.8
    const result = run(metric, t, asOf, { minSignups: 5, minN: 4 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(3);
    expect(result.n).toBe(4);
    expect(byKey(result.evidence)).toMatchObject({
      cohortSignups: 5,
      activatedShare: 0.8,
      p25Days: 1.75,
      p75Days: 5.5,
      immatureSignupsExcluded: 1,
    });
  });

  it('counts an activation stamped before signup as 0 days', () => {
    const t = tables({ users: [user({ signupAt: '2024-06-05', activatedAt: '2024-06-01' })] });
    const result = run(metric, t, asOf, { minSignups: 1, minN: 1 });
    expect(result).toMatchObject({ kind: 'measured', value: 0 });
    expect(byKey(result.evidence)).toMatchObject({ activatedBeforeSignup: 1 });
  });

  it('gives an interval around the median for larger samples', () => {
    const users = Array.from({ length: 40 }, (_, i) =>
      user({ userId: `u${i}`, signupAt: '2024-03-01', activatedAt: `2024-03-${String(2 + (i % 20)).padStart(2, '0')}` }),
    );
    const result = run(metric, tables({ users }), asOf, { minSignups: 40 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.interval![0]).toBeLessThanOrEqual(result.value);
    expect(result.interval![1]).toBeGreaterThanOrEqual(result.value);
  });
});
