import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/unassisted-activation-rate.js';
import { account, activity, contact, deal, run, runLinked, tables, user } from '../helpers/factories.js';
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

  describe('link floor (activity→account): touches that reach no account', () => {
    // Company k (A1–An): account Ak, contact Ck at Ak, 3 users signed up on day 4k from 2024-01-08 and
    // activated 2 days later, and 3 calls on the day between, carrying what `ref(k)` says (a contact id,
    // a deal id...). Every call falls inside its users' [signup, activation]: a call that reaches Ak
    // assists its 3 users. T = 2025-01-01; signups run 2024-01-12 … 2024-06-06, all mature.
    const DAY = 86_400_000;
    const dayOf = (k: number, plus: number) => new Date(Date.UTC(2024, 0, 8) + (4 * k + plus) * DAY).toISOString().slice(0, 10);
    type Ref = { contactId: string } | { dealId: string } | { accountId: string } | Record<string, never>;
    function company(n: number, ref: (k: number) => Ref, opts: { contacts?: boolean; accounts?: boolean; deals?: ReturnType<typeof deal>[]; callDay?: (k: number) => string } = {}) {
      const ks = Array.from({ length: n }, (_, i) => i + 1);
      return tables({
        accounts: opts.accounts === false ? [] : ks.map((k) => account({ accountId: `A${k}`, name: `Company ${k}` })),
        contacts: opts.contacts === false ? [] : ks.map((k) => contact({ contactId: `C${k}`, accountId: `A${k}` })),
        deals: opts.deals ?? [],
        users: ks.flatMap((k) => [0, 1, 2].map((u) => user({ userId: `U${k}-${u}`, accountId: `A${k}`, signupAt: dayOf(k, 0), activatedAt: dayOf(k, 2) }))),
        activities: ks.flatMap((k) => [0, 1, 2].map(() => activity({ type: 'call', dealId: null, occurredAt: opts.callDay?.(k) ?? `${dayOf(k, 1)}T1${k % 10}:00:00Z`, ...ref(k) }))),
      });
    }
    const linkCoverage = (r: ReturnType<typeof runLinked>) => byKey(r.evidence).linkCoverage as Array<Record<string, unknown>> | undefined;

    it('is insufficient, never 1.0, when every call carries a contact id that names no contact; measures 0 when the contacts are found', () => {
      // 120 calls with contact ids X1–X40, none in contacts.csv: 0 of 120 touches placed on an account.
      // Before: no touched account at all, so user→account read 0 of 0 (met) and all 120 activations were "unassisted": 1.0.
      const missing = runLinked(metric, company(40, (k) => ({ contactId: `X${k}` })), asOf, { minN: 120 });
      expect(missing).toMatchObject({ kind: 'insufficient', n: 120, nLabel: 'signups', needs: [{ kind: 'link', table: 'activities', link: 'activity→account' }] });
      if (missing.kind !== 'insufficient') return;
      expect(missing.reason).toBe(
        'the activity→account link reached 0 of 120 touches naming a deal, an account or an unmatched contact in the last 365 days, placed on an account (0%); ' +
          'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
      );
      expect(linkCoverage(missing)).toEqual([{ id: 'activity→account', linked: 0, of: 120, rate: 0, floor: 0.5, sourceRate: null }]);
      // The cohort's counts are still there: 120 activated, none of them assisted (that is what the link cannot tell).
      expect(byKey(missing.evidence)).toMatchObject({ cohortSignups: 120, activatedWithinWindow: 120 });

      // No contacts table at all: the contact ids C1–C40 name no contact either.
      const noContacts = runLinked(metric, company(40, (k) => ({ contactId: `C${k}` }), { contacts: false }), asOf, { minN: 120 });
      expect(noContacts).toMatchObject({ kind: 'insufficient', needs: [{ link: 'activity→account' }] });

      // All found (C1–C40 at A1–A40): every call reaches its account and assists its 3 users: 0 unassisted.
      const found = runLinked(metric, company(40, (k) => ({ contactId: `C${k}` })), asOf, { minN: 120 });
      expect(found).toMatchObject({ kind: 'measured', value: 0, n: 120 });
      expect(byKey(found.evidence)).toMatchObject({ assistedActivations: 120, unassistedActivations: 0 });
      expect(linkCoverage(found)).toEqual([
        { id: 'activity→account', linked: 120, of: 120, rate: 1, floor: 0.5, sourceRate: null },
        { id: 'user→account', linked: 40, of: 40, rate: 1, floor: 0.5, sourceRate: 1 },
      ]);

      // Without the activities export at all, nothing changes: touches are unknown, the plain activation rate with its note.
      const t = company(40, (k) => ({ contactId: `X${k}` }));
      t.activities = tables().activities;
      const none = runLinked(metric, t, asOf, { minN: 120 });
      expect(none).toMatchObject({ kind: 'measured', value: 1, n: 120 });
      if (none.kind === 'measured') expect(none.notes?.[0]).toMatch(/No activities in the export/);
      expect(linkCoverage(none)).toBeUndefined();
    });

    it('around the floor: 25% of contacts found is insufficient; 50% and 75% measure the same value as before', () => {
      // 20 accounts, 60 users, 60 calls; the first `found` accounts' calls carry Ck (found), the rest Xk (not).
      const at = (found: number) => runLinked(metric, company(20, (k) => ({ contactId: k <= found ? `C${k}` : `X${k}` })), asOf, { minN: 60 });
      // 25%: 15 of 60 touches placed. Before: measured 45 / 60 = 0.75 unassisted (the 45 users beside failed calls).
      const quarter = at(5);
      expect(quarter).toMatchObject({ kind: 'insufficient', n: 60, needs: [{ link: 'activity→account' }] });
      if (quarter.kind === 'insufficient') expect(quarter.reason).toContain('reached 15 of 60 touches naming a deal, an account or an unmatched contact in the last 365 days, placed on an account (25%); below its floor of 50%');
      // 50%: 30 of 60 placed (at the floor: met); 30 users assisted, 30 not: 0.5, as before.
      const half = at(10);
      expect(half).toMatchObject({ kind: 'measured', value: 0.5, n: 60 });
      expect(linkCoverage(half)).toEqual([
        { id: 'activity→account', linked: 30, of: 60, rate: 0.5, floor: 0.5, sourceRate: null },
        { id: 'user→account', linked: 10, of: 10, rate: 1, floor: 0.5, sourceRate: 1 },
      ]);
      // 75%: 45 of 60 placed; 45 assisted, 15 not: 0.25, as before.
      const most = at(15);
      expect(most).toMatchObject({ kind: 'measured', value: 0.25, n: 60 });
      expect(linkCoverage(most)?.[0]).toEqual({ id: 'activity→account', linked: 45, of: 60, rate: 0.75, floor: 0.5, sourceRate: null });
    });

    it('deal references: a deal id that names no deal and a found deal without an account reach no account; a deal with one does', () => {
      // 12 accounts (36 users). Calls of accounts 1–4 name deal Dk at Ak (found, with an account: placed, 12 touches);
      // accounts 5–8 name Dk without an account (found: 12 touches, none placed); 9–12 name Zk, no such deal (12, none).
      // 12 of 36 placed (33%). Before: 4 of 4 touched accounts are product accounts, and 24 of 36 activations "unassisted": 0.6667.
      const deals = Array.from({ length: 8 }, (_, i) => deal({ dealId: `D${i + 1}`, accountId: i < 4 ? `A${i + 1}` : null, createdAt: '2024-01-01', closedAt: '2024-12-01' }));
      const t = company(12, (k) => ({ dealId: k <= 8 ? `D${k}` : `Z${k}` }), { deals });
      const result = run(metric, t, asOf, { minN: 36 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 36, needs: [{ link: 'activity→account' }] });
      expect(linkCoverage(result)).toEqual([{ id: 'activity→account', linked: 12, of: 36, rate: 0.3333, floor: 0.5, sourceRate: null }]);
      // With every deal at its account, all 36 calls are placed and assist: 0.
      const placed = run(metric, company(12, (k) => ({ dealId: `D${k}` }), { deals: Array.from({ length: 12 }, (_, i) => deal({ dealId: `D${i + 1}`, accountId: `A${i + 1}` })) }), asOf, { minN: 36 });
      expect(placed).toMatchObject({ kind: 'measured', value: 0 });
      expect(linkCoverage(placed)?.[0]).toMatchObject({ id: 'activity→account', linked: 36, of: 36 });
    });

    it('found contacts whose account links never wrote into the calls (no accounts table, no deals) are not placed: insufficient, not 1.0', () => {
      // contacts.csv gives Ck at Ak, but with no CRM accounts and no associations resolveLinks leaves the calls without
      // an account, so the check would find no touch. Before: 1.0 (0 of 0 touched accounts).
      const result = runLinked(metric, company(40, (k) => ({ contactId: `C${k}` }), { accounts: false }), asOf, { minN: 120 });
      expect(result).toMatchObject({ kind: 'insufficient', needs: [{ link: 'activity→account' }] });
      expect(linkCoverage(result)?.[0]).toMatchObject({ linked: 0, of: 120 });
    });

    it('account ids that name no account (accounts.csv has A1–A40, the calls XA1–XA40), or deals whose account names none, are not placed: insufficient, not 1.0', () => {
      // 120 calls with account ids XAk. Before: 120 of 120 "placed" (any account id counted), the 40 touched
      // accounts XAk have no product users (0 of 40, but the users' own link is 1.0) and every activation read as unassisted: 1.0.
      const own = runLinked(metric, company(40, (k) => ({ accountId: `XA${k}` })), asOf, { minN: 120 });
      expect(own).toMatchObject({ kind: 'insufficient', n: 120, needs: [{ kind: 'link', table: 'activities', link: 'activity→account' }] });
      expect(linkCoverage(own)).toEqual([{ id: 'activity→account', linked: 0, of: 120, rate: 0, floor: 0.5, sourceRate: null }]);
      // Through deals Dk whose account XAk names no account: the same.
      const deals = Array.from({ length: 40 }, (_, i) => deal({ dealId: `D${i + 1}`, accountId: `XA${i + 1}` }));
      const viaDeal = runLinked(metric, company(40, (k) => ({ dealId: `D${k}` }), { deals }), asOf, { minN: 120 });
      expect(viaDeal).toMatchObject({ kind: 'insufficient', needs: [{ link: 'activity→account' }] });
      expect(linkCoverage(viaDeal)?.[0]).toMatchObject({ linked: 0, of: 120 });
      // Around the floor: 20 of 40 accounts' calls name Ak (found), the rest XAk: 60 of 120 placed, at the floor: measured
      // 60 assisted, 60 not (0.5); 19 of 40: 57 of 120, insufficient.
      const half = runLinked(metric, company(40, (k) => ({ accountId: k <= 20 ? `A${k}` : `XA${k}` })), asOf, { minN: 120 });
      expect(half).toMatchObject({ kind: 'measured', value: 0.5, n: 120 });
      expect(linkCoverage(half)?.[0]).toEqual({ id: 'activity→account', linked: 60, of: 120, rate: 0.5, floor: 0.5, sourceRate: null });
      const below = runLinked(metric, company(40, (k) => ({ accountId: k <= 19 ? `A${k}` : `XA${k}` })), asOf, { minN: 120 });
      expect(below).toMatchObject({ kind: 'insufficient', needs: [{ link: 'activity→account' }] });
      // Healthy: every call names Ak: all 120 placed and assisting: 0.
      const all = runLinked(metric, company(40, (k) => ({ accountId: `A${k}` })), asOf, { minN: 120 });
      expect(all).toMatchObject({ kind: 'measured', value: 0 });
      // An account id the CRM does not know but the product does (users on account P1–P40, not in accounts.csv) is placed:
      // the touch meets those users.
      const product = company(40, (k) => ({ accountId: `P${k}` }));
      product.users = product.users.map((u) => ({ ...u, accountId: u.accountId!.replace('A', 'P') }));
      const onProduct = run(metric, product, asOf, { minN: 120 });
      expect(linkCoverage(onProduct)?.[0]).toMatchObject({ id: 'activity→account', linked: 120, of: 120 });
    });

    it('users whose account matched only a deal reference that names no account (accounts.csv renamed) are insufficient on user→account, not 1.0', () => {
      // accounts.csv has XA1–XA40 ("Company k"); deals Dk and users name Ak, which no account has; the calls are on XAk.
      // The product accounts Ak match the deals' Ak by id, so the link table's user→account is 1.0, yet no call meets a
      // user: before, 0 of 40 touched accounts had users, rescued by that 1.0, and every activation read as unassisted: 1.0.
      const t = company(40, (k) => ({ accountId: `XA${k}` }));
      t.accounts = t.accounts.map((a) => ({ ...a, accountId: `X${a.accountId}` }));
      t.deals = Array.from({ length: 40 }, (_, i) => deal({ dealId: `D${i + 1}`, accountId: `A${i + 1}` }));
      const result = runLinked(metric, t, asOf, { minN: 120 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 120, needs: [{ kind: 'link', table: 'users', link: 'user→account' }] });
      if (result.kind === 'insufficient') expect(result.reason).toContain('reached 0 of 40 accounts touched in the lookback that have product users (0%), and 0% of 120 users with an account, found among the CRM accounts linked');
    });

    it('zero denominators: no touch with a reference in the lookback (0 of 0) leaves the floor unapplied', () => {
      // 40 accounts; the activities are 120 notes with unknown contact ids (not touches), 40 calls with no reference at
      // all and 40 calls on contacts found without an account (names none), and 120 calls with unknown contact ids
      // dated 2023, before the lookback: no touch with a reference in it. Every activation is unassisted: 1.0, as before.
      const t = company(40, (k) => ({ contactId: `X${k}` }), { callDay: () => '2023-06-01' });
      t.contacts = [...t.contacts, contact({ contactId: 'P1', accountId: null })];
      t.activities = tables({
        activities: [
          ...t.activities,
          ...Array.from({ length: 120 }, (_, i) => activity({ type: 'note', dealId: null, contactId: `X${(i % 40) + 1}`, occurredAt: '2024-03-01' })),
          ...Array.from({ length: 40 }, () => activity({ type: 'call', dealId: null, occurredAt: '2024-03-01' })),
          ...Array.from({ length: 40 }, () => activity({ type: 'call', dealId: null, contactId: 'P1', occurredAt: '2024-03-01' })),
        ],
      }).activities;
      const result = runLinked(metric, t, asOf, { minN: 120 });
      expect(result).toMatchObject({ kind: 'measured', value: 1, n: 120 });
      expect(linkCoverage(result)).toEqual([
        { id: 'activity→account', linked: 0, of: 0, rate: null, floor: 0.5, sourceRate: null },
        { id: 'user→account', linked: 0, of: 0, rate: null, floor: 0.5, sourceRate: 1 },
      ]);
      // And an empty cohort is insufficient on its signups before any floor is looked at.
      expect(runLinked(metric, company(40, (k) => ({ contactId: `X${k}` })), '2024-01-10', { minN: 1 })).toMatchObject({ kind: 'insufficient', n: 0, nLabel: 'signups' });
    });
  });
});
