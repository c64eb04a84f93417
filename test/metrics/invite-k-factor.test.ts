import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/invite-k-factor.js';
import { context, event, run, tables, user } from '../helpers/factories.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
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

  describe('user→inviter link floor (invitees of the lookback whose invitedBy is a user id)', () => {
    // Four inviters u1–u4 (signed up 2024-03-01) and their invitees v1–v4 (2024-03-10, within
    // 30 days): cohort = 8 users, each invite accepted when it joins. `joined` says which of the
    // invitees' invitedBy name a user as written; the others name `X<id>`, which no user has.
    const company = (joined: boolean[], inviteeSignup = '2024-03-10') =>
      tables({
        users: [
          ...[1, 2, 3, 4].map((i) => user({ userId: `u${i}`, accountId: `a${i}`, signupAt: '2024-03-01' })),
          ...[1, 2, 3, 4].map((i) => user({ userId: `v${i}`, accountId: `a${i}`, signupAt: inviteeSignup, invitedBy: joined[i - 1] ? `u${i}` : `Xu${i}` })),
        ],
      });
    const reasonOf = (r: ReturnType<typeof run>) => (r.kind === 'insufficient' ? r.reason : '');

    it('is insufficient, naming the failed lookup and its counts, when no invitee names a user as inviter: not k = 0', () => {
      expect(run(metric, company([true, true, true, true]), asOf, { minN: 8 })).toMatchObject({ kind: 'measured', value: 0.5, n: 8 });
      const result = run(metric, company([false, false, false, false]), asOf, { minN: 8 });
      expect(result).toMatchObject({ kind: 'insufficient', n: 8, nLabel: 'users', needs: [{ kind: 'link', table: 'users', link: 'user→inviter' }] });
      expect(reasonOf(result)).toBe(
        'the user→inviter link reached 0 of 4 invited users who signed up in the last 365 days with an inviter found in the users table (0%); ' +
          'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
      );
      expect(byKey(result.evidence)).toMatchObject({
        cohortUsers: 8,
        acceptedInvites: 0,
        invitedUsersTotal: 4,
        inviteesWithUnknownInviter: 4,
        linkCoverage: [{ id: 'user→inviter', linked: 0, of: 4, rate: 0, floor: 0.5, sourceRate: null }],
      });
    });

    it('is insufficient below the floor (1 of 4 invitees join: 25%), measured at and above it (2 of 4, 3 of 4)', () => {
      const below = run(metric, company([true, false, false, false]), asOf, { minN: 8 });
      expect(below).toMatchObject({ kind: 'insufficient', n: 8 });
      expect(reasonOf(below)).toContain('reached 1 of 4 invited users who signed up in the last 365 days with an inviter found in the users table (25%); below its floor of 50%');
      // At the floor: 2 accepted of 8 cohort users; the 2 unjoined invitees are excluded and counted.
      const at = run(metric, company([true, true, false, false]), asOf, { minN: 8 });
      expect(at).toMatchObject({ kind: 'measured', value: 0.25, n: 8 });
      expect(byKey(at.evidence)).toMatchObject({ acceptedInvites: 2, inviteesWithUnknownInviter: 2, linkCoverage: [{ id: 'user→inviter', linked: 2, of: 4, rate: 0.5, floor: 0.5 }] });
      const above = run(metric, company([true, true, true, false]), asOf, { minN: 8 });
      expect(above).toMatchObject({ kind: 'measured', value: 0.375, n: 8 });
      expect(byKey(above.evidence)).toMatchObject({ linkCoverage: [{ id: 'user→inviter', linked: 3, of: 4, rate: 0.75 }] });
    });

    it('takes its floor from linkFloors (config): 25% measured with a floor of 20%', () => {
      const settings = { ...DEFAULT_SETTINGS, linkFloors: { ...DEFAULT_SETTINGS.linkFloors, 'user→inviter': 0.2 } };
      const t = company([true, false, false, false]);
      const result = metric.compute(t, { ...metric.defaultParams, minN: 8 }, context(t, asOf, settings));
      expect(result).toMatchObject({ kind: 'measured', value: 0.125, n: 8 });
      expect(byKey(result.evidence)).toMatchObject({ linkCoverage: [{ id: 'user→inviter', linked: 1, of: 4, rate: 0.25, floor: 0.2 }] });
    });

    it('keeps an honest 0: inviters found, but their invitees signed up after the 30-day window', () => {
      // v1–v4 signed up 2024-06-01, three months after their inviters: no accepted invite, and the join is whole.
      const result = run(metric, company([true, true, true, true], '2024-06-01'), asOf, { minN: 8 });
      expect(result).toMatchObject({ kind: 'measured', value: 0, n: 8 });
      expect(byKey(result.evidence)).toMatchObject({
        acceptedInvites: 0,
        inviteesOutsideInviterWindow: 4,
        inviteesWithUnknownInviter: 0,
        linkCoverage: [{ id: 'user→inviter', linked: 4, of: 4, rate: 1, floor: 0.5 }],
      });
    });

    it('with no invitee at all, the link has no denominator (rate null): k = 0 with its note, not insufficient', () => {
      const t = tables({ users: [1, 2, 3, 4].map((i) => user({ userId: `u${i}`, signupAt: '2024-03-01' })) });
      const result = run(metric, t, asOf, { minN: 4 });
      expect(result).toMatchObject({ kind: 'measured', value: 0, n: 4, notes: [expect.stringMatching(/^No user has an invited-by value/)] });
      expect(byKey(result.evidence)).toMatchObject({ invitedUsersTotal: 0, linkCoverage: [{ id: 'user→inviter', linked: 0, of: 0, rate: null, floor: 0.5 }] });
    });

    it('counts only invitees who signed up in the lookback: old unjoined invitees neither block nor hide the join', () => {
      // Before the lookback (T − 365d = 2024-01-02): 4 invitees whose inviter is gone; in it: v1–v4, all joined.
      const old = [5, 6, 7, 8].map((i) => user({ userId: `v${i}`, signupAt: '2023-06-01', invitedBy: `gone${i}` }));
      const joined = company([true, true, true, true]);
      const withOld = tables({ users: [...joined.users, ...old] });
      const result = run(metric, withOld, asOf, { minN: 8 });
      expect(result).toMatchObject({ kind: 'measured', value: 0.5, n: 8 });
      expect(byKey(result.evidence)).toMatchObject({ invitedUsersTotal: 8, inviteesWithUnknownInviter: 4, linkCoverage: [{ id: 'user→inviter', linked: 4, of: 4, rate: 1 }] });
      // The reverse: 4 old invitees that join do not lift 4 unjoined recent ones over the floor (4 of 8 would be 50%).
      const oldJoined = [5, 6, 7, 8].map((i) => user({ userId: `v${i}`, signupAt: '2023-06-01', invitedBy: 'u1' }));
      const hidden = run(metric, tables({ users: [...company([false, false, false, false]).users, ...oldJoined] }), asOf, { minN: 8 });
      expect(hidden).toMatchObject({ kind: 'insufficient', n: 8 });
      expect(reasonOf(hidden)).toContain('reached 0 of 4 invited users');
    });

    it("does not take the link table's user→inviter (over all users) for its own: 4 old joined and 4 recent unjoined are 50% there, 0 of 4 here", () => {
      // The dataset's link table as inspect and the report list it: 8 users with an invited-by, 4 found.
      const oldJoined = [5, 6, 7, 8].map((i) => user({ userId: `v${i}`, signupAt: '2023-06-01', invitedBy: 'u1' }));
      const t = tables({ users: [...company([false, false, false, false]).users, ...oldJoined] });
      const ctx = context(t, asOf);
      const by = { id: 4, association: 0, name: 0, domain: 0, via: 0 };
      ctx.dataset.links = [{ id: 'user→inviter', from: 'users', to: 'users', rows: 8, linked: 4, by, noKey: 0, ambiguous: 0, rate: 0.5, unlinkedExamples: ['Xu1', 'Xu2', 'Xu3', 'Xu4'], ambiguousExamples: [] }];
      const result = metric.compute(t, { ...metric.defaultParams, minN: 8 }, ctx);
      // Before: measured (k = 0), its sourceRate 0.5 taken from the link table met the floor.
      expect(result).toMatchObject({ kind: 'insufficient', n: 8 });
      expect(reasonOf(result)).toContain('reached 0 of 4 invited users');
      expect(byKey(result.evidence)).toMatchObject({ linkCoverage: [{ id: 'user→inviter', linked: 0, of: 4, rate: 0, sourceRate: null }] });
    });

    it('zero denominator of the link: invitees only before the lookback, their inviters unknown, give rate null and an honest 0', () => {
      const t = tables({
        users: [
          ...[1, 2, 3, 4].map((i) => user({ userId: `u${i}`, signupAt: '2024-03-01' })),
          ...[5, 6].map((i) => user({ userId: `v${i}`, signupAt: '2023-06-01', invitedBy: `gone${i}` })),
        ],
      });
      const result = run(metric, t, asOf, { minN: 4 });
      expect(result).toMatchObject({ kind: 'measured', value: 0, n: 4 });
      expect(byKey(result.evidence)).toMatchObject({ invitedUsersTotal: 2, inviteesWithUnknownInviter: 2, linkCoverage: [{ id: 'user→inviter', linked: 0, of: 0, rate: null }] });
    });
  });
});
