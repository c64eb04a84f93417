import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/free-to-paid-conversion-90d.js';
import { account, deal, run, runLinked, subscription, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; an account signup is mature when ≤ T − 90d = 2024-10-03; lookback from 2024-01-02.
const asOf = '2024-12-31';

describe('free-to-paid-conversion-90d', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one signup account (below minN)', () => {
    expect(run(metric, tables({ users: [user({ signupAt: '2024-03-01' })] }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('excludes immature accounts and is insufficient when none is mature (zero denominator)', () => {
    const t = tables({
      users: [user({ userId: 'u1', accountId: 'a1', signupAt: '2024-12-01' })],
      deals: [deal({ accountId: 'a1', closedAt: '2024-12-10' })],
    });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.evidence)).toMatchObject({ immatureAccountsExcluded: 1 });
  });

  it('computes the conversion by hand', () => {
    const t = tables({
      users: [
        user({ userId: 'u1', accountId: 'a1', signupAt: '2024-03-01' }),
        user({ userId: 'u1b', accountId: 'a1', signupAt: '2024-02-15' }), // a1 signs up 02-15
        user({ userId: 'u2', accountId: 'a2', signupAt: '2024-03-01' }),
        user({ userId: 'u3', accountId: 'a3', signupAt: '2024-04-01' }),
        user({ userId: 'u4', accountId: 'a4', signupAt: '2024-04-01' }),
        user({ userId: 'u5', accountId: 'a5', signupAt: '2024-12-01' }),
        user({ userId: 'u6', accountId: 'a6', signupAt: '2024-05-01' }),
        user({ userId: 'u7', accountId: 'a7', signupAt: '2024-06-01T10:00:00Z' }),
        user({ userId: 'u8', accountId: null, signupAt: '2024-05-01' }), // no account
      ],
      deals: [
        deal({ dealId: 'd1', accountId: 'a1', closedAt: '2024-05-01' }), // 76 days after 02-15: converted
        deal({ dealId: 'd2', accountId: 'a2', closedAt: '2024-07-01' }), // 122 days: too late
        deal({ dealId: 'd4', accountId: 'a4', createdAt: '2023-11-01', closedAt: '2023-12-01' }), // paying before signup
        deal({ dealId: 'd6', accountId: 'a6', closedAt: '2024-05-20', stage: 'lost' }), // lost
        deal({ dealId: 'd7', accountId: 'a7', closedAt: '2024-06-01' }), // same day as signup: converted
      ],
    });
    // cohort: a1, a2, a3, a6, a7 = 5 (a4 already paying, a5 immature); converted: a1, a7 → 2/5 = 0.4
    const result = run(metric, t, asOf, { minN: 5, model: 'trial' });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.4);
    expect(result.n).toBe(5);
    expect(byKey(result.evidence)).toMatchObject({
      model: 'trial',
      convertedAccounts: 2,
      immatureAccountsExcluded: 1,
      alreadyPayingAccountsExcluded: 1,
    });
    expect(byKey(result.evidence).benchmark).toMatch(/Totango/);
  });

  it('is insufficient naming user→account when won accounts are not product accounts, never a conversion of 0', () => {
    // Product accounts by workspace id, CRM accounts by a CRM id: none links.
    const users = Array.from({ length: 4 }, (_, i) => user({ userId: `u${i}`, accountId: `ws-${i}`, signupAt: '2024-03-01' }));
    const deals = Array.from({ length: 4 }, (_, i) => deal({ dealId: `d${i}`, accountId: `crm-${i}`, closedAt: '2024-04-01' }));
    const accounts = deals.map((d, i) => account({ accountId: d.accountId!, name: `Company ${i}` }));
    const result = runLinked(metric, tables({ users, deals, accounts }), asOf, { minN: 4 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 4, needs: [{ kind: 'link', table: 'users', link: 'user→account' }] });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/user→account link reached 0 of 4 accounts won in the lookback that have product users/);
  });

  it('measures when product accounts match CRM accounts by domain', () => {
    const users = Array.from({ length: 4 }, (_, i) => user({ userId: `u${i}`, accountId: `co${i}.com`, signupAt: '2024-03-01' }));
    const deals = [deal({ dealId: 'd0', accountId: 'crm-0', closedAt: '2024-04-01' })];
    const accounts = Array.from({ length: 4 }, (_, i) => account({ accountId: `crm-${i}`, domain: `co${i}.com` }));
    const result = runLinked(metric, tables({ users, deals, accounts }), asOf, { minN: 4 });
    expect(result).toMatchObject({ kind: 'measured', value: 0.25, n: 4 });
  });

  describe('paid dates from billing (subscriptions table)', () => {
    // a1..a5 sign up 2024-03-01 (mature, in the lookback).
    const users = ['a1', 'a2', 'a3', 'a4', 'a5'].map((a) => user({ userId: `u-${a}`, accountId: a, signupAt: '2024-03-01' }));

    it('converts on the first paid period after the trial; trials, free plans and no billing do not; deals are not read', () => {
      const subscriptions = [
        subscription({ accountId: 'a1', startAt: '2024-03-02', trialEndAt: '2024-03-16', amount: 49 }), // paid 03-16: converted, 15 days
        subscription({ accountId: 'a2', status: 'canceled', trial: false, startAt: '2024-03-02', trialEndAt: '2024-03-16', endAt: '2024-03-10', amount: 49 }), // cancelled in trial
        subscription({ accountId: 'a3', amount: 0, startAt: '2024-03-02' }), // free plan
        subscription({ accountId: 'a4', status: 'in_trial', trial: true, amount: 0, startAt: '2024-03-02' }), // trial only
        subscription({ accountId: 'a5', startAt: '2024-07-01', amount: 49 }), // paid after 90 days
      ];
      const deals = [deal({ accountId: 'a3', closedAt: '2024-03-20' })]; // ignored: billing wins
      const result = runLinked(metric, tables({ users, subscriptions, deals, accounts: users.map((u) => account({ accountId: u.accountId! })) }), asOf, { minN: 5 });
      expect(result).toMatchObject({ kind: 'measured', value: 0.2, n: 5 });
      expect(byKey(result.evidence)).toMatchObject({ convertedAccounts: 1, medianDaysToConvert: 15, alreadyPayingAccountsExcluded: 0, unpaidBillingNotConverted: 3, linkCoverage: [{ id: 'subscription→account' }] });
      expect(String(byKey(result.evidence)?.paidSource)).toMatch(/^subscriptions/);
    });

    it('an account paying before its signup is already paying (excluded), cancelled then resumed counts its first period', () => {
      const subscriptions = [
        subscription({ accountId: 'a1', status: 'canceled', startAt: '2024-01-01', endAt: '2024-02-01' }),
        subscription({ accountId: 'a1', startAt: '2024-04-01' }),
        subscription({ accountId: 'a2', status: 'canceled', startAt: '2024-03-05', endAt: '2024-03-20' }),
        subscription({ accountId: 'a2', startAt: '2024-09-01' }),
      ];
      const result = runLinked(metric, tables({ users, subscriptions }), asOf, { minN: 4 });
      expect(result).toMatchObject({ kind: 'measured', value: 0.25, n: 4 });
      expect(byKey(result.evidence)).toMatchObject({ alreadyPayingAccountsExcluded: 1, convertedAccounts: 1 });
    });

    it('billing customers that link to no product account make it insufficient (subscription→account), never a conversion of 0', () => {
      const subscriptions = ['cus_1', 'cus_2', 'cus_3'].map((c) => subscription({ accountId: c, startAt: '2024-03-10' }));
      const result = runLinked(metric, tables({ users, subscriptions, accounts: users.map((u) => account({ accountId: u.accountId! })) }), asOf, { minN: 5 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 5, needs: [{ kind: 'link', table: 'subscriptions', link: 'subscription→account' }] });
    });
  });
});
