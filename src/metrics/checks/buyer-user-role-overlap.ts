import { byKey, DAY_MS, round, topBy, topEntries } from '../../stats/stats.js';
import { firstEventTime } from '../shared-features.js';
import { knownRole, meanInterval, roundInterval, safeId, shares } from '../shared-pull.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { postCloseDays: 90, lookbackDays: 730, minN: 30 };

/**
 * buyer-user-role-overlap (PM: persona mismatch).
 *
 * Definition: for each won account, take its close = the earliest `closedAt` among its won
 * deals closed in [T − lookbackDays, T − postCloseDays] (so the `postCloseDays` after close are
 * fully observed). Its buyer roles are the role families of its contacts; its user roles are the
 * role families of the users with ≥1 core event attributed to the account in
 * [close, close + postCloseDays). Account overlap = |buyer roles ∩ user roles| ÷ |buyer roles|.
 * Value = mean of account overlaps over accounts with ≥1 contact of a known role.
 * Direction: higher = more product-driven (the people sold to are the people who use it).
 *
 * Excluded, and counted in evidence:
 * - role `other` (no family matched the title) and blank/unknown roles, on both sides: an
 *   unmatched title says nothing about persona, and counting it would reward/penalise data gaps;
 * - accounts whose contacts all have role `other`/unknown (no buyer roles to compare);
 * - immature accounts (won, but closed less than `postCloseDays` before T);
 * - accounts whose post-close window ends before the first product event in the export
 *   (no usage data could exist for them; counting them as zero would blame the export).
 * Needs at least `minN` accounts (account-level cohort). Link floors (link-floor.ts), in order:
 * - `deal→account` (before `minN`): won accounts in the lookback that are CRM accounts
 *   (`derived.crmAccounts()`) ÷ won accounts, unless the link table's deal→account works: a won
 *   deal whose account reference named no account (kept as written) has no contacts or users to find;
 * - `contact→account`: won accounts with a linked contact ÷ won accounts;
 * - `event→account`: cohort accounts with a linked active user of a known role ÷ cohort accounts,
 *   unless the core events of the post-close windows that carry an account (their own, else their
 *   user's) are on CRM accounts at or above the floor (`derived.eventAccountJoin()`; none: the link
 *   table's event→account). Before, this was only the `user→account` floor below, whose rows are
 *   the users found by id: with every event's account id prefixed (`XA17`), 0.772 (pass) read 0.161
 *   on the product-led fixture, and 0.215 read 0.018 on the sales-led one;
 * - `user→account`: the same accounts, unless the accounts' active users are found by id in the
 *   users table (whose roles are read).
 * Each at or above its floor, else insufficient naming the link.
 */
export default defineMetric({
  id: 'buyer-user-role-overlap',
  description: `Mean share of a won account's contact role families also seen among its active users in the post-close window (default ${DEFAULTS.postCloseDays} days)`,
  unit: 'ratio',
  requires: ['deals', 'contacts', 'users', 'events'],
  requiresFields: ['deals.stage|isWon', 'contacts.title|role', 'users.title|role'],
  defaultParams: DEFAULTS,
  compute({ contacts, events }, params, ctx) {
    const T = ctx.asOf;
    const d = ctx.derived;
    const latestClose = T - params.postCloseDays * DAY_MS;
    const earliestClose = T - params.lookbackDays * DAY_MS;

    // Each won account's close: its earliest won deal in the mature part of the lookback.
    const closeOf = new Map<string, number>();
    let immatureAccounts = new Set<string>();
    for (const deal of d.wonDeals()) {
      if (!deal.accountId || deal.closedAt === null) continue;
      if (deal.closedAt >= earliestClose && deal.closedAt < T && deal.closedAt > latestClose) {
        immatureAccounts.add(deal.accountId);
        continue;
      }
      if (deal.closedAt < earliestClose || deal.closedAt > latestClose) continue;
      const prev = closeOf.get(deal.accountId);
      if (prev === undefined || deal.closedAt < prev) closeOf.set(deal.accountId, deal.closedAt);
    }
    immatureAccounts = new Set([...immatureAccounts].filter((a) => !closeOf.has(a)));

    // Buyer roles per account.
    const buyerRoles = new Map<string, Set<string>>();
    const contactRoleCounts = new Map<string, number>();
    let ignoredContacts = 0;
    const withContacts = new Set<string>();
    for (const c of contacts) {
      if (!c.accountId || !closeOf.has(c.accountId)) continue;
      withContacts.add(c.accountId);
      const role = knownRole(c.role);
      if (!role) {
        ignoredContacts++;
        continue;
      }
      let set = buyerRoles.get(c.accountId);
      if (!set) buyerRoles.set(c.accountId, (set = new Set()));
      set.add(role);
      contactRoleCounts.set(role, (contactRoleCounts.get(role) ?? 0) + 1);
    }
    const wonWithoutKnownContacts = [...closeOf.keys()].filter((a) => !buyerRoles.has(a)).length;

    // Accounts whose post-close window lies wholly before the event export starts are not measurable.
    const firstEvent = firstEventTime(events) ?? Number.POSITIVE_INFINITY;
    const cohort = [...buyerRoles.keys()].filter((a) => closeOf.get(a)! + params.postCloseDays * DAY_MS > firstEvent).sort(byKey);
    const beforeEventData = buyerRoles.size - cohort.length;

    // One pass over core events in the span covering every account's post-close window.
    const userRoles = new Map<string, Set<string>>();
    let ignoredUsers = 0;
    // Active (account, user) pairs, and how many of their users the users table has: whether the
    // events' user ids join it at all (ids written otherwise, `1.0` against `1`, join none).
    let activePairs = 0;
    let activeUsersInTable = 0;
    const seenUsers = new Set<number>();
    const firstAccountOf = new Int32Array(events.users.size);
    if (cohort.length > 0) {
      const inCohort = new Set(cohort);
      let from = Number.POSITIVE_INFINITY;
      for (const a of cohort) from = Math.min(from, closeOf.get(a)!);
      const users = d.usersById();
      // By id of the events table: each cohort account's close, and users' roles, looked up once.
      const closeIds: Array<[number, number]> = [];
      for (const a of inCohort) {
        const id = d.accountIdOf(a);
        if (id >= 0) closeIds.push([id, closeOf.get(a)!]);
      }
      // Per events.accounts id (complete once accountIdOf has run): whether in the cohort, and its close.
      const inCohortById = new Uint8Array(events.accounts.size);
      const closeById = new Float64Array(events.accounts.size);
      for (const [id, close] of closeIds) {
        inCohortById[id] = 1;
        closeById[id] = close;
      }
      const userCount = events.users.size;
      d.forEachCoreRowTouching(from, latestClose + params.postCloseDays * DAY_MS, (i) => {
        const user = events.userAt(i);
        if (user < 0) return;
        const accountId = d.accountAt(i);
        if (accountId < 0 || inCohortById[accountId] !== 1) return;
        const close = closeById[accountId]!;
        // Some event in the account's window (a day summary's row: from its earliest and latest times).
        if (!events.someWithin(i, close, close + params.postCloseDays * DAY_MS, 'buyer-user-role-overlap: a window shorter than a day')) return;
        // Seen (account, user) pairs: a user's first account in a typed array, any further ones in the Set.
        const first = firstAccountOf[user]!;
        if (first === accountId + 1) return;
        if (first === 0) firstAccountOf[user] = accountId + 1;
        else {
          const key = accountId * userCount + user;
          if (seenUsers.has(key)) return;
          seenUsers.add(key);
        }
        const account = events.accounts.values[accountId]!;
        const row = users.get(events.users.values[user]!);
        activePairs++;
        if (row) activeUsersInTable++;
        const role = knownRole(row?.role);
        if (!role) {
          ignoredUsers++;
          return;
        }
        let set = userRoles.get(account);
        if (!set) userRoles.set(account, (set = new Set()));
        set.add(role);
      });
    }

    const perAccount = cohort.map((account) => {
      const buyers = buyerRoles.get(account)!;
      const usersSeen = userRoles.get(account) ?? new Set<string>();
      let shared = 0;
      for (const r of buyers) if (usersSeen.has(r)) shared++;
      return { account, overlap: shared / buyers.size, missing: [...buyers].filter((r) => !usersSeen.has(r)).sort(byKey) };
    });

    const missingRoleCounts = new Map<string, number>();
    for (const p of perAccount) for (const r of p.missing) missingRoleCounts.set(r, (missingRoleCounts.get(r) ?? 0) + 1);

    const n = perAccount.length;
    const withNoKnownActiveUser = perAccount.filter((p) => !userRoles.has(p.account)).length;
    const evidence = newEvidence()
      .count('accounts', 'won accounts measured', n)
      .count('accountsWithNoKnownActiveUser', 'measured accounts without an active user of a known role', withNoKnownActiveUser)
      .count('accountsWithZeroOverlap', 'measured accounts with no buyer role among their users', perAccount.filter((p) => p.overlap === 0).length)
      .excluded('immatureAccountsExcluded', `won accounts closed less than ${params.postCloseDays} days ago`, immatureAccounts.size)
      .excluded('accountsWithoutKnownContactRoles', 'won accounts without a contact of a known role', wonWithoutKnownContacts)
      .excluded('accountsBeforeEventData', 'won accounts whose post-close window ends before the event data starts', beforeEventData)
      .excluded('ignoredOtherRoleContacts', 'contacts with an unknown or other role', ignoredContacts)
      .excluded('ignoredOtherRoleActiveUsers', 'active users with an unknown or other role', ignoredUsers)
      .excluded('activeUsersNotInUsersTable', 'active users whose id is not in the users table (their role is unknown)', activePairs - activeUsersInTable)
      .breakdown('contactRoleMix', 'contact role mix', 'role', column('share', 'share', 'share'), shares(contactRoleCounts))
      .breakdown('buyerRolesMissingAmongUsers', 'buyer roles missing among users', 'role', column('accounts', 'accounts', 'count'), Object.fromEntries(topEntries(missingRoleCounts, 5)))
      .table(
        'lowestOverlapAccounts',
        'lowest overlap accounts',
        'account',
        [column('overlap', 'overlap', 'share'), column('missingRoles', 'missing roles', 'list')],
        topBy(perAccount, (p) => p.overlap, (p) => p.account, 'asc').map((p) => ({ id: safeId(p.account), values: { overlap: round(p.overlap), missingRoles: p.missing } })),
      );
    // The won accounts are the deals' account references: one that names no account (kept as
    // written) has no contacts or product users to find, and reads as a won account without them.
    const crm = d.crmAccounts();
    const dealLink = checkLinkFloor(ctx, {
      link: 'deal→account', table: 'deals', linked: [...closeOf.keys()].filter((a) => crm.has(a)).length, total: closeOf.size, what: 'won accounts in the lookback that are CRM accounts',
    });
    if (dealLink.insufficient) return dealLink.insufficient(n, 'won accounts', evidence);
    if (n === 0 || n < params.minN) {
      return insufficient(
        `${n} won accounts closed ≥${params.postCloseDays} days ago with contacts of a known role; need ${params.minN}`,
        n,
        'won accounts',
        evidence,
      );
    }
    const contactLink = checkLinkFloor(ctx, {
      link: 'contact→account', table: 'contacts', linked: withContacts.size, total: closeOf.size, what: 'won accounts with a linked contact',
    });
    if (contactLink.insufficient) return contactLink.insufficient(n, 'won accounts', evidence);
    // Below the floor, accounts without an active user of a known role are a true absence only
    // when the events reach CRM accounts (their own account id, else their user's: an event on
    // `XA17` leaves its user at nobody's account) and their users are found in the users table
    // (the users' roles come from it).
    const span = eventSpan(cohort, closeOf, latestClose, params.postCloseDays);
    const reach = span === null ? null : d.eventAccountJoin(span.from, span.to);
    const eventLink = checkLinkFloor(ctx, {
      link: 'event→account',
      table: 'events',
      linked: n - withNoKnownActiveUser,
      total: n,
      what: 'won accounts with a linked active user',
      // No event with an account in the span (0 of 0): the link table's event→account.
      ...(reach === null || reach.withAccount === 0 ? {} : { source: { linked: reach.onCrm, total: reach.withAccount, what: 'core events of the post-close windows with an account, on a CRM account,' } }),
    });
    if (eventLink.insufficient) return eventLink.insufficient(n, 'won accounts', evidence);
    const userLink = checkLinkFloor(ctx, {
      link: 'user→account',
      table: 'users',
      linked: n - withNoKnownActiveUser,
      total: n,
      what: 'won accounts with a linked active user',
      ...(activePairs > 0 ? { source: { linked: activeUsersInTable, total: activePairs, what: 'active users of those accounts, looked up by id in the users table,' } } : {}),
    });
    if (userLink.insufficient) return userLink.insufficient(n, 'won accounts', evidence);
    const values = perAccount.map((p) => p.overlap);
    const value = values.reduce((s, v) => s + v, 0) / n;
    return measured(round(value), n, 'won accounts', addLinkCoverage(evidence, [dealLink.evidence, contactLink.evidence, eventLink.evidence, userLink.evidence]), { interval: roundInterval(meanInterval(values, 0, 1)) });
  },
});

/** The span holding every cohort account's post-close window (as the pass over events reads it); null without a cohort. */
function eventSpan(cohort: readonly string[], closeOf: ReadonlyMap<string, number>, latestClose: number, postCloseDays: number): { from: number; to: number } | null {
  if (cohort.length === 0) return null;
  let from = Number.POSITIVE_INFINITY;
  for (const a of cohort) from = Math.min(from, closeOf.get(a)!);
  return { from, to: latestClose + postCloseDays * DAY_MS };
}
