import { DAY_MS, round, topEntries } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { matureSignupCohort, meanInterval, roundInterval, safeId } from '../shared-pull.js';
import { defineMetric, insufficient, measured } from '../types.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { normaliseLabel } from '../../core/settings.js';
import { EVENT_CHUNK } from '../../core/model.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { inviteDays: 30, lookbackDays: 365, minN: 100 };
/** Why a day summary's row of invites could not be counted (EventTable.splitsAt). */
const SPLIT_WHY = "invite-k-factor: invites on both sides of a signup window's end";

/**
 * invite-k-factor (PULL).
 *
 * Definition (Andrew Chen: k = invites sent per user × invite acceptance rate, which equals
 * accepted invites per user): cohort = users who signed up in [T − lookbackDays, T − inviteDays].
 * An accepted invite is a user whose `invitedBy` is a cohort user and who signed up in
 * [inviter's signupAt, inviter's signupAt + inviteDays]. k = accepted invites ÷ cohort users.
 * If events named one of `settings.inviteEvents` exist (compared with normaliseLabel), evidence also gives invites sent by cohort users in
 * [signupAt, signupAt + inviteDays] per user and the acceptance rate (accepted ÷ sent); their product
 * is k. Interval: normal approximation for the mean of accepted invites per cohort user.
 * Direction: higher = more product-driven (the product spreads itself).
 *
 * Excluded, and counted in evidence: immature cohort users (signed up less than `inviteDays` before
 * T), invitees without a signup date, invitees whose inviter is not in the users table or not in
 * the cohort, invitees who signed up before their inviter or after the inviter's window.
 * Needs at least `minN` cohort users.
 *
 * Link floor (link-floor.ts, `user→inviter`): of the invitees who signed up in
 * [T − lookbackDays, T) — the only ones who can be an accepted invite — those whose `invitedBy`
 * is found among the users' ids; below its floor the check is insufficient data (an inviter id
 * that names no user, `X12` for `12` or an `inviter_id` from events that is not a user id, is not
 * an invite that was never accepted). Above it, a cohort user without an accepted invite is a
 * real 0, and the unjoined invitees stay excluded and counted. The link table's `user→inviter`
 * (inspect, the report's inputs.links) counts every user with an invited-by, whatever their
 * signup date; the floor never takes that rate for its own.
 */
export default defineMetric({
  id: 'invite-k-factor',
  description: `Invited users who signed up within the invite window of their inviter’s signup (default ${DEFAULTS.inviteDays} days), per cohort user (invites per user × acceptance rate)`,
  unit: 'multiple',
  requires: ['users'],
  requiresFields: ['users.invitedBy'],
  defaultParams: DEFAULTS,
  compute({ users, events }, params, ctx) {
    const T = ctx.asOf;
    const windowMs = params.inviteDays * DAY_MS;
    const byId = ctx.derived.usersById();

    const signups = matureSignupCohort(users, T, params.lookbackDays, params.inviteDays);
    const cohort = new Map(signups.users.map((u) => [u.userId, u.signupAt])); // userId → signupAt

    const accepted = new Map<string, number>();
    // user→inviter: invitees who signed up in [T − lookbackDays, T), and those whose inviter is a user.
    const lookbackFrom = T - params.lookbackDays * DAY_MS;
    let inviteesInLookback = 0;
    let inviteesInLookbackJoined = 0;
    let inviteesTotal = 0;
    let unknownInviter = 0;
    let inviteeNoSignup = 0;
    let outsideWindow = 0;
    let inviterOutsideCohort = 0;
    for (const v of users) {
      if (!v.invitedBy) continue;
      inviteesTotal++;
      if (v.signupAt !== null && v.signupAt >= lookbackFrom && v.signupAt < T) {
        inviteesInLookback++;
        if (byId.has(v.invitedBy)) inviteesInLookbackJoined++;
      }
      if (!byId.has(v.invitedBy)) {
        unknownInviter++;
        continue;
      }
      const inviterSignup = cohort.get(v.invitedBy);
      if (inviterSignup === undefined) {
        inviterOutsideCohort++;
        continue;
      }
      if (v.signupAt === null) {
        inviteeNoSignup++;
        continue;
      }
      if (v.signupAt < inviterSignup || v.signupAt > inviterSignup + windowMs || v.signupAt >= T) {
        outsideWindow++;
        continue;
      }
      accepted.set(v.invitedBy, (accepted.get(v.invitedBy) ?? 0) + 1);
    }
    const acceptedTotal = [...accepted.values()].reduce((s, x) => s + x, 0);

    const inviteEvents = new Set(ctx.settings.inviteEvents.map(normaliseLabel));
    let sent = 0;
    let inviteEventsSeen = 0;
    // By id (events.names, events.users): which names are the invite event, each user's cohort signup.
    const isInvite = events.names.values.map((name) => inviteEvents.has(normaliseLabel(name)));
    if (isInvite.some(Boolean)) {
      const signupOf = events.users.values.map((id) => cohort.get(id));
      const invite = Uint8Array.from(isInvite, (x) => (x ? 1 : 0));
      // Every row in table order, read from the chunks (no per-row method calls).
      for (let c = 0; c < events.chunks.length; c++) {
        const { name, user: users, timestamp, count } = events.chunks[c]!;
        const n = events.chunkLength(c);
        for (let j = 0; j < n; j++) {
          if (invite[name[j]!] !== 1) continue;
          const invites = count === null ? 1 : count[j]!;
          inviteEventsSeen += invites;
          const user = users[j]!;
          const signup = user >= 0 ? signupOf[user] : undefined;
          const t = timestamp[j]!;
          if (signup === undefined || signup === null) continue;
          // A day summary's row whose invites the window's ends split cannot be counted from it.
          if (invites > 1) events.splitsAt(c * EVENT_CHUNK + j, signup, SPLIT_WHY) || events.splitsAt(c * EVENT_CHUNK + j, signup + windowMs, SPLIT_WHY, true);
          if (t >= signup && t <= signup + windowMs && t < T) sent += invites;
        }
      }
    }

    const acceptedByAccount = new Map<string, number>();
    for (const [inviter, count] of accepted) {
      const account = byId.get(inviter)?.accountId ?? '(no account)';
      acceptedByAccount.set(account, (acceptedByAccount.get(account) ?? 0) + count);
    }

    const n = cohort.size;
    // Without an invite event, sends are unknown (null), not zero.
    const tracked = inviteEventsSeen > 0;
    const evidence = newEvidence()
      .count('cohortUsers', `users signed up at least ${params.inviteDays} days ago`, n)
      .count('acceptedInvites', `invitees signed up within ${params.inviteDays} days of their inviter`, acceptedTotal)
      .count('usersWhoInvited', 'cohort users with an accepted invite', accepted.size)
      .count('invitesSent', 'invite events of cohort users in their window', tracked ? sent : null)
      .count('invitesSentPerUser', 'invites sent per cohort user', tracked && n > 0 ? round(sent / n) : null, 'number')
      .share('acceptanceRate', 'accepted invites per invite sent', tracked && sent > 0 ? round(acceptedTotal / sent) : null)
      .count('invitedUsersTotal', 'users with an invited-by value', inviteesTotal)
      .excluded('immatureUsersExcluded', `users signed up less than ${params.inviteDays} days ago`, signups.immature)
      .excluded('inviteesWithUnknownInviter', 'invitees whose inviter is not in the users table', unknownInviter)
      .excluded('inviteesOfInviterOutsideCohort', 'invitees whose inviter is outside the signup cohort', inviterOutsideCohort)
      .excluded('inviteesWithoutSignupDate', 'invitees without a signup date', inviteeNoSignup)
      .excluded('inviteesOutsideInviterWindow', `invitees signed up outside their inviter's first ${params.inviteDays} days`, outsideWindow)
      .table(
        'topInvitingAccounts',
        'top inviting accounts',
        'account',
        [column('acceptedInvites', 'accepted invites', 'count')],
        topEntries(acceptedByAccount, 5).map(([account, count]) => ({ id: safeId(account), values: { acceptedInvites: count } })),
      );
    if (n === 0 || n < params.minN) {
      return insufficient(`${n} users signed up ≥${params.inviteDays} days ago in the last ${params.lookbackDays} days; need ${params.minN}`, n, 'users', evidence);
    }
    // An invitee whose inviter is not among the users cannot be counted for or against anyone.
    const inviterLink = checkLinkFloor(ctx, {
      link: 'user→inviter',
      table: 'users',
      linked: inviteesInLookbackJoined,
      total: inviteesInLookback,
      what: `invited users who signed up in the last ${params.lookbackDays} days with an inviter found in the users table`,
      // Every invitee carries a reference; the link table's user→inviter is over all users, old
      // invitees too, which must neither block nor hide the join of the lookback's.
      source: null,
    });
    if (inviterLink.insufficient) return inviterLink.insufficient(n, 'users', evidence);
    const notes: string[] = [];
    if (inviteesTotal === 0) notes.push('No user has an invited-by value: either nobody invites, or the export lacks the column.');
    if (sent > 0 && acceptedTotal > sent) notes.push('More accepted invites than invite events: the invite event is under-tracked.');
    const perUser = [...cohort.keys()].map((id) => accepted.get(id) ?? 0);
    return measured(round(acceptedTotal / n), n, 'users', addLinkCoverage(evidence, [inviterLink.evidence]), {
      interval: roundInterval(meanInterval(perUser, 0)),
      ...(notes.length > 0 ? { notes } : {}),
    });
  },
});
