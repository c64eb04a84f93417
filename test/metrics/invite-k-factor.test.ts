import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/invite-k-factor.js';
import { event, run, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; a user is mature when signed up ≤ T − 30d = 2024-12-02.
const asOf = '2024-12-31';

describe('invite-k-factor', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one user (below minN)', () => {
    expect(run(metric, tables({ users: [user({ signupAt: '2024-03-01' })] }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('excludes immature users and is insufficient when none is mature (zero denominator)', () => {
    const t = tables({
      users: [
        user({ userId: 'u1', signupAt: '2024-12-20' }),
        user({ userId: 'u2', signupAt: '2024-12-22', invitedBy: 'u1' }),
      ],
    });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(byKey(result.evidence)).toMatchObject({ immatureUsersExcluded: 2, acceptedInvites: 0 });
  });

  it('computes k by hand, with invites sent and acceptance rate from invite events', () => {
    const t = tables({
      users: [
        user({ userId: 'u1', accountId: 'a1', signupAt: '2024-03-01' }),
        user({ userId: 'v1', accountId: 'a1', signupAt: '2024-03-10', invitedBy: 'u1' }), // accepted
        user({ userId: 'v2', accountId: 'a1', signupAt: '2024-05-01', invitedBy: 'u1' }), // > 30 days later
        user({ userId: 'v3', accountId: 'a1', signupAt: null, invitedBy: 'u1' }), // no signup date
        user({ userId: 'u2', accountId: 'a2', signupAt: '2024-04-01' }),
        user({ userId: 'v4', accountId: 'a2', signupAt: '2024-04-20', invitedBy: 'u2' }), // accepted
        user({ userId: 'u9', accountId: 'a9', signupAt: '2024-12-20' }), // immature inviter
        user({ userId: 'v5', accountId: 'a9', signupAt: '2024-12-22', invitedBy: 'u9' }), // immature
        user({ userId: 'v6', accountId: 'a6', signupAt: '2024-06-01', invitedBy: 'ghost' }), // unknown inviter
      ],
      events: [
        event({ userId: 'u1', event: 'invite_sent', timestamp: '2024-03-02' }),
        event({ userId: 'u1', event: 'invite_sent', timestamp: '2024-03-03' }),
        event({ userId: 'u1', event: 'invite_sent', timestamp: '2024-03-04' }),
        event({ userId: 'u1', event: 'invite_sent', timestamp: '2024-06-01' }), // after u1's 30 days
        event({ userId: 'u2', event: 'invite_sent', timestamp: '2024-04-05' }),
      ],
    });
    // cohort: u1, v1, v2, u2, v4, v6 = 6; accepted: v1 (by u1), v4 (by u2) = 2 → k = 2/6 = 0.3333
    // sent within 30 days: 3 (u1) + 1 (u2) = 4 → 4/6 = 0.6667 per user; acceptance 2/4 = 0.5; 0.6667 × 0.5 = 0.3333
    const result = run(metric, t, asOf, { minN: 6 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.3333);
    expect(result.n).toBe(6);
    expect(byKey(result.evidence)).toMatchObject({
      acceptedInvites: 2,
      usersWhoInvited: 2,
      invitesSent: 4,
      invitesSentPerUser: 0.6667,
      acceptanceRate: 0.5,
      immatureUsersExcluded: 2,
      inviteesWithUnknownInviter: 1,
      inviteesWithoutSignupDate: 1,
      inviteesOutsideInviterWindow: 1,
      topInvitingAccounts: [
        { id: 'a1', acceptedInvites: 1 },
        { id: 'a2', acceptedInvites: 1 },
      ],
    });
    expect(result.interval![0]).toBeGreaterThanOrEqual(0);
  });

  it('leaves invite-event evidence empty when no invite events exist', () => {
    const t = tables({ users: [user({ userId: 'u1', signupAt: '2024-03-01' })] });
    const result = run(metric, t, asOf, { minN: 1 });
    expect(result).toMatchObject({ kind: 'measured', value: 0 });
    expect(byKey(result.evidence)).toMatchObject({ invitesSent: null, acceptanceRate: null });
  });

  it("counts invite events under any vendor's name (Invite Sent, user_invited, $invite), not other invite-like events", () => {
    const t = tables({
      users: [user({ userId: 'u1', signupAt: '2024-03-01' })],
      events: [
        event({ userId: 'u1', event: 'Invite Sent', timestamp: '2024-03-02' }),
        event({ userId: 'u1', event: 'user_invited', timestamp: '2024-03-03' }),
        event({ userId: 'u1', event: '$invite', timestamp: '2024-03-04' }),
        event({ userId: 'u1', event: 'vendor_invited', timestamp: '2024-03-05' }), // not an invite to the product
      ],
    });
    expect(byKey(run(metric, t, asOf, { minN: 1 }).evidence)).toMatchObject({ invitesSent: 3, invitesSentPerUser: 3 });
  });
});
