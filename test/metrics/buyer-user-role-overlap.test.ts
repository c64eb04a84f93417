import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/buyer-user-role-overlap.js';
import { contact, deal, event, run, runLinked, tables, user } from '../helpers/factories.js';
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
