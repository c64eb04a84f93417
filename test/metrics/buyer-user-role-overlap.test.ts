import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/buyer-user-role-overlap.js';
import { account, contact, deal, event, run, runLinked, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; a close is mature when ≤ T − 90d = 2024-10-03.
const asOf = '2024-12-31';

describe('buyer-user-role-overlap', () => {
  it('is insufficient with empty tables', () => {
    const result = run(metric, tables(), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one won deal and nothing else (below minN)', () => {
    const result = run(metric, tables({ deals: [deal({ closedAt: '2024-05-01' })] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('measures a single fully overlapping account when minN = 1', () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-05-01' })],
      contacts: [contact({ accountId: 'a1', role: 'practitioner' })],
      users: [user({ userId: 'u1', accountId: 'a1', role: 'practitioner' })],
      events: [event({ userId: 'u1', accountId: 'a1', timestamp: '2024-05-10' })],
    });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'measured', value: 1, n: 1 });
  });

  it('is insufficient when won accounts only have contacts of role other (zero denominator)', () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-05-01' })],
      contacts: [contact({ accountId: 'a1', role: 'other' }), contact({ contactId: 'c2', accountId: 'a1', role: '' })],
      users: [user({ userId: 'u1', accountId: 'a1', role: 'exec' })],
      events: [event({ userId: 'u1', accountId: 'a1', timestamp: '2024-05-10' })],
    });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result.kind).toBe('insufficient');
    expect(result.n).toBe(0);
    expect(byKey(result.evidence)).toMatchObject({ accountsWithoutKnownContactRoles: 1, ignoredOtherRoleContacts: 2 });
  });

  it('excludes accounts closed less than 90 days before T', () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-11-15' })],
      contacts: [contact({ accountId: 'a1', role: 'exec' })],
      users: [user({ userId: 'u1', accountId: 'a1', role: 'exec' })],
      events: [event({ userId: 'u1', accountId: 'a1', timestamp: '2024-11-20' })],
    });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.evidence)).toMatchObject({ immatureAccountsExcluded: 1 });
  });

  it("is insufficient, naming the failed lookup, when the events' user ids are not the users table's (1.0 against 1): not an overlap of 0", () => {
    const company = (eventUser: (id: string) => string) =>
      tables({
        deals: [deal({ dealId: 'd1', accountId: 'a1', closedAt: '2024-05-01' }), deal({ dealId: 'd2', accountId: 'a2', closedAt: '2024-06-01' })],
        contacts: [contact({ contactId: 'c1', accountId: 'a1', role: 'practitioner' }), contact({ contactId: 'c2', accountId: 'a2', role: 'practitioner' })],
        users: [user({ userId: '1', accountId: 'a1', role: 'practitioner' }), user({ userId: '2', accountId: 'a2', role: 'practitioner' })],
        events: [event({ userId: eventUser('1'), accountId: 'a1', timestamp: '2024-05-10' }), event({ userId: eventUser('2'), accountId: 'a2', timestamp: '2024-06-10' })],
      });
    expect(runLinked(metric, company((id) => id), asOf, { minN: 1 })).toMatchObject({ kind: 'measured', value: 1, n: 2 });
    const unjoined = runLinked(metric, company((id) => `${id}.0`), asOf, { minN: 1 });
    expect(unjoined).toMatchObject({ kind: 'insufficient', n: 2 });
    expect(unjoined.kind === 'insufficient' && unjoined.reason).toContain('0% of 2 active users of those accounts, looked up by id in the users table, linked');
    expect(byKey(unjoined.evidence)).toMatchObject({ activeUsersNotInUsersTable: 2 });
  });

  describe('link floors on the accounts the check reaches (event→account, deal→account)', () => {
    // 8 companies a1–a8 in accounts.csv: won deal dk (closed 2024-05-01) on `dealAccount(k)`, a practitioner contact on
    // `contactAccount(k)`, a practitioner user uk on ak, and 3 core events of uk on 2024-05-10 carrying account `eventAccount(k)`.
    const company = (o: { eventAccount?: (k: number) => string; dealAccount?: (k: number) => string; contactAccount?: (k: number) => string } = {}) => {
      const ks = Array.from({ length: 8 }, (_, i) => i + 1);
      return tables({
        accounts: ks.map((k) => account({ accountId: `a${k}`, name: `Company ${k}` })),
        deals: ks.map((k) => deal({ dealId: `d${k}`, accountId: o.dealAccount?.(k) ?? `a${k}`, closedAt: '2024-05-01' })),
        contacts: ks.map((k) => contact({ contactId: `c${k}`, accountId: o.contactAccount?.(k) ?? `a${k}`, role: 'practitioner' })),
        users: ks.map((k) => user({ userId: `u${k}`, accountId: `a${k}`, role: 'practitioner' })),
        events: ks.flatMap((k) => [0, 1, 2].map(() => event({ userId: `u${k}`, accountId: o.eventAccount?.(k) ?? `a${k}`, timestamp: '2024-05-10' }))),
      });
    };
    const coverage = (r: ReturnType<typeof runLinked>) => byKey(r.evidence).linkCoverage as Array<Record<string, unknown>> | undefined;

    it("is insufficient naming event→account when the events' account ids name no account, not an overlap of 0", () => {
      // Events on Xa1–Xa8 (no account, unmatched): no won account has an active user. Before: measured 0 — 0 of 8 accounts
      // with a linked active user, rescued by the users table (8 of 8 users with an account link).
      const broken = runLinked(metric, company({ eventAccount: (k) => `Xa${k}` }), asOf, { minN: 1 });
      expect(broken).toMatchObject({ kind: 'insufficient', n: 8, needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
      if (broken.kind === 'insufficient') {
        expect(broken.reason).toBe(
          'the event→account link reached 0 of 8 won accounts with a linked active user (0%), and 0% of 24 core events of the post-close windows with an account, on a CRM account, linked; ' +
            'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
        );
      }
      // Healthy: every account's user is active: 1.
      const healthy = runLinked(metric, company(), asOf, { minN: 1 });
      expect(healthy).toMatchObject({ kind: 'measured', value: 1, n: 8 });
      expect(coverage(healthy)).toEqual([
        { id: 'deal→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
        { id: 'contact→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
        { id: 'event→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
        { id: 'user→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
      ]);
    });

    it('around the floor: 4 of 8 accounts reached measures (0.5); 3 of 8 is insufficient', () => {
      const half = runLinked(metric, company({ eventAccount: (k) => (k <= 4 ? `a${k}` : `Xa${k}`) }), asOf, { minN: 1 });
      expect(half).toMatchObject({ kind: 'measured', value: 0.5, n: 8 });
      expect(coverage(half)?.[2]).toEqual({ id: 'event→account', linked: 4, of: 8, rate: 0.5, floor: 0.5, sourceRate: 0.5 });
      // 3 of 8 accounts, 9 of 24 events (38%). Before: measured 0.375.
      const below = runLinked(metric, company({ eventAccount: (k) => (k <= 3 ? `a${k}` : `Xa${k}`) }), asOf, { minN: 1 });
      expect(below).toMatchObject({ kind: 'insufficient', needs: [{ link: 'event→account' }] });
      if (below.kind === 'insufficient') expect(below.reason).toContain('reached 3 of 8 won accounts with a linked active user (38%), and 38% of 24 core events');
    });

    it('zero denominators: no event with an account in the post-close windows leaves the link table to judge', () => {
      // The users' events come a year after their close (one of u1's a month before it, so the export covers the windows):
      // no event in the span (0 of 0); the link table's event→account is 1.0, so 0 of 8 accounts active is a real 0
      // (shelfware), as before.
      const t = company();
      t.events = tables({ events: [event({ userId: 'u1', accountId: 'a1', timestamp: '2024-04-01' }), ...t.events.map((e) => ({ ...e, timestamp: e.timestamp + 365 * 86_400_000 }))] }).events;
      const result = runLinked(metric, t, asOf, { minN: 1 });
      expect(result).toMatchObject({ kind: 'measured', value: 0, n: 8 });
      expect(coverage(result)?.[2]).toEqual({ id: 'event→account', linked: 0, of: 8, rate: 0, floor: 0.5, sourceRate: 1 });
    });

    it("is insufficient naming deal→account when the won deals' account ids name no account (contacts written the same way)", () => {
      // Deals and contacts on Xa1–Xa8 (no such account; contacts keep it as written), users and events on a1–a8. Before:
      // measured 0 — the contacts join the won "accounts" Xak, no user is active there, and the users' link (1.0) rescued it.
      const result = runLinked(metric, company({ dealAccount: (k) => `Xa${k}`, contactAccount: (k) => `Xa${k}` }), asOf, { minN: 1 });
      expect(result).toMatchObject({ kind: 'insufficient', needs: [{ kind: 'link', table: 'deals', link: 'deal→account' }] });
      if (result.kind === 'insufficient') expect(result.reason).toContain('the deal→account link reached 0 of 8 won accounts in the lookback that are CRM accounts (0%), and 0% of 8 deals');
    });
  });

  it('averages per-account overlap computed by hand', () => {
    const t = tables({
      deals: [
        deal({ dealId: 'd1', accountId: 'a1', closedAt: '2024-06-01' }),
        deal({ dealId: 'd2', accountId: 'a2', closedAt: '2024-05-01' }),
        deal({ dealId: 'd3', accountId: 'a3', closedAt: '2024-11-15' }), // immature
        deal({ dealId: 'd4', accountId: 'a4', closedAt: '2024-05-01' }), // only 'other' contacts
        deal({ dealId: 'd5', accountId: 'a5', closedAt: '2024-07-01' }), // no usage at all
        deal({ dealId: 'd6', accountId: 'a6', closedAt: '2023-03-01' }), // window ends before first event
        deal({ dealId: 'd7', accountId: 'a7', closedAt: '2024-05-01', stage: 'lost' }), // not won
      ],
      contacts: [
        contact({ contactId: 'c1', accountId: 'a1', role: 'exec' }),
        contact({ contactId: 'c2', accountId: 'a1', role: 'practitioner' }),
        contact({ contactId: 'c3', accountId: 'a1', role: 'other' }),
        contact({ contactId: 'c4', accountId: 'a2', role: 'manager' }),
        contact({ contactId: 'c5', accountId: 'a2', role: 'it' }),
        contact({ contactId: 'c6', accountId: 'a2', role: 'procurement' }),
        contact({ contactId: 'c7', accountId: 'a3', role: 'exec' }),
        contact({ contactId: 'c8', accountId: 'a4', role: 'other' }),
        contact({ contactId: 'c9', accountId: 'a5', role: 'practitioner' }),
        contact({ contactId: 'c10', accountId: 'a6', role: 'exec' }),
        contact({ contactId: 'c11', accountId: 'a7', role: 'exec' }),
      ],
      users: [
        user({ userId: 'u1', accountId: 'a1', role: 'practitioner' }),
        user({ userId: 'u2', accountId: 'a1', role: 'exec' }),
        user({ userId: 'u3', accountId: 'a2', role: 'manager' }),
        user({ userId: 'u4', accountId: 'a2', role: 'procurement' }),
        user({ userId: 'u5', accountId: 'a2', role: 'it' }),
      ],
      events: [
        event({ userId: 'u1', accountId: 'a1', timestamp: '2024-06-10' }),
        event({ userId: 'u2', accountId: 'a1', timestamp: '2024-10-01' }), // after a1's 90d window
        event({ userId: 'u3', accountId: null, timestamp: '2024-05-15' }), // account via the user
        event({ userId: 'u4', accountId: 'a2', timestamp: '2024-05-15', event: 'login' }), // not core
        event({ userId: 'u5', accountId: 'a2', timestamp: '2024-07-20' }),
      ],
    });
    const result = run(metric, t, asOf, { minN: 3 });
    // a1: {exec, practitioner} vs users {practitioner} → 1/2
    // a2: {manager, it, procurement} vs users {manager, it} → 2/3
    // a5: {practitioner} vs no users → 0
    // mean = (0.5 + 0.6667 + 0) / 3 = 0.3889
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.3889);
    expect(result.n).toBe(3);
    expect(byKey(result.evidence)).toMatchObject({
      immatureAccountsExcluded: 1,
      accountsWithoutKnownContactRoles: 1,
      accountsBeforeEventData: 1,
      accountsWithZeroOverlap: 1,
      ignoredOtherRoleContacts: 2, // c3 (a1) and c8 (a4)
    });
    expect((byKey(result.evidence).lowestOverlapAccounts as Array<{ id: string }>)[0]!.id).toBe('a5');
    expect(result.interval![0]).toBeGreaterThanOrEqual(0);
    expect(result.interval![1]).toBeLessThanOrEqual(1);
  });
});
