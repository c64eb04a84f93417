import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/free-to-paid-conversion-90d.js';
import { account, deal, run, runLinked, tables, user } from '../helpers/factories.js';

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
    expect(result.evidence).toMatchObject({ immatureAccountsExcluded: 1 });
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
    expect(result.evidence).toMatchObject({
      model: 'trial',
      convertedAccounts: 2,
      immatureAccountsExcluded: 1,
      alreadyPayingAccountsExcluded: 1,
    });
    expect(result.evidence.benchmark).toMatch(/Totango/);
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
});
