import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/unassisted-activation-rate.js';
import { account, activity, deal, run, runLinked, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; a signup is mature when ≤ T − 14d = 2024-12-18.
const asOf = '2024-12-31';

describe('unassisted-activation-rate', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one signup (below minN)', () => {
    const t = tables({ users: [user({ signupAt: '2024-06-01', activatedAt: '2024-06-02' })] });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('excludes immature signups and is insufficient when nothing is mature (zero denominator)', () => {
    const t = tables({
      users: [
        user({ userId: 'u1', signupAt: '2024-12-20', activatedAt: '2024-12-21' }),
        user({ userId: 'u2', signupAt: '2024-12-25', activatedAt: '2024-12-26' }),
      ],
    });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.evidence)).toMatchObject({ immatureSignupsExcluded: 2 });
  });

  it('computes the rate by hand', () => {
    const t = tables({
      users: [
        user({ userId: 'u1', accountId: 'a1', signupAt: '2024-06-01', activatedAt: '2024-06-05' }), // unassisted
        user({ userId: 'u2', accountId: 'a2', signupAt: '2024-06-01', activatedAt: '2024-06-10' }), // call on 06-03: assisted
        user({ userId: 'u3', accountId: 'a3', signupAt: '2024-06-01', activatedAt: '2024-07-01' }), // 30 days: too late
        user({ userId: 'u4', accountId: 'a4', signupAt: '2024-06-01' }), // never activated
        user({ userId: 'u5', accountId: 'a5', signupAt: '2024-12-25', activatedAt: '2024-12-26' }), // immature
        user({ userId: 'u6', accountId: 'a6', signupAt: '2023-01-01', activatedAt: '2023-01-02' }), // outside lookback
        user({ userId: 'u7', accountId: 'a7', signupAt: '2024-06-01', activatedAt: '2024-06-03' }), // touch after activation
        user({ userId: 'u8', accountId: 'a8', signupAt: null, activatedAt: '2024-06-03' }), // no signup date
        user({ userId: 'u9', accountId: 'a9', signupAt: '2024-06-10', activatedAt: '2024-06-12' }), // touch before signup only
      ],
      activities: [
        activity({ type: 'call', dealId: null, accountId: 'a2', occurredAt: '2024-06-03' }),
        activity({ type: 'meeting', dealId: null, accountId: 'a7', occurredAt: '2024-06-20' }),
        activity({ type: 'note', dealId: null, accountId: 'a1', occurredAt: '2024-06-02' }), // a note is not a touch
        activity({ type: 'demo', dealId: null, accountId: 'a9', occurredAt: '2024-06-01' }), // before u9 signed up
      ],
    });
    // cohort = u1, u2, u3, u4, u7, u9 = 6; unassisted activations within 14d = u1, u7, u9 = 3 → 3/6 = 0.5
    const result = run(metric, t, asOf, { minN: 6 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.5);
    expect(result.n).toBe(6);
    expect(byKey(result.evidence)).toMatchObject({
      activatedWithinWindow: 4,
      assistedActivations: 1,
      activatedLater: 1,
      neverActivated: 1,
      immatureSignupsExcluded: 1,
      signupsWithoutDate: 1,
      topAssistedAccounts: [{ id: 'a2', assistedActivations: 1 }],
    });
    expect(result.interval![0]).toBeLessThan(0.5);
    expect(result.interval![1]).toBeGreaterThan(0.5);
    expect(result.notes).toBeUndefined();
  });

  it('notes that touches are unknown when there are no activities', () => {
    const t = tables({ users: [user({ signupAt: '2024-06-01', activatedAt: '2024-06-02' })] });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'measured', value: 1 });
    if (result.kind === 'measured') expect(result.notes?.[0]).toMatch(/No activities/);
  });

  describe('link floor (user→account)', () => {
    // 4 users who activated on their signup day; calls on their CRM accounts during it.
    const users = Array.from({ length: 4 }, (_, i) => user({ userId: `u${i}`, accountId: `ws-${i}`, signupAt: '2024-06-01', activatedAt: '2024-06-01' }));
    const calls = Array.from({ length: 4 }, (_, i) => activity({ dealId: null, accountId: `crm-${i}`, type: 'call', occurredAt: '2024-06-01' }));
    const deals = Array.from({ length: 4 }, (_, i) => deal({ dealId: `d${i}`, accountId: `crm-${i}` }));

    it('is insufficient when the touched accounts are not product accounts (not "all unassisted")', () => {
      const accounts = deals.map((d, i) => account({ accountId: d.accountId!, name: `Company ${i}` }));
      const result = runLinked(metric, tables({ users, activities: calls, deals, accounts }), asOf, { minN: 4 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 4, needs: [{ kind: 'link', link: 'user→account' }] });
    });

    it('measures the calls as assistance once the accounts match by domain', () => {
      const byDomain = users.map((u, i) => ({ ...u, accountId: `co${i}.com` }));
      const accounts = deals.map((d, i) => account({ accountId: d.accountId!, domain: `co${i}.com` }));
      const result = runLinked(metric, tables({ users: byDomain, activities: calls, deals, accounts }), asOf, { minN: 4 });
      expect(result).toMatchObject({ kind: 'measured', value: 0, n: 4 });
    });
  });
});
