import { bootstrap } from '../../stats/bootstrap-thread.js';
import { DAY_MS, jensenShannon, round, topBy } from '../../stats/stats.js';
import { knownRole, shares } from '../shared-pull.js';
import { wonClosedWithin } from '../shared-push.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { defineMetric, insufficient, measured, withInterval } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 90, lookbackDays: 730, minN: 30, minActiveUsers: 30, scope: 'won-accounts' as 'won-accounts' | 'all' };

/**
 * buyer-user-role-divergence (PM: persona mismatch).
 *
 * Definition: Jensen–Shannon divergence (base 2, 0..1) between
 * - the buyer mix: role families of the contacts of won-deal accounts (accounts with a won deal
 *   closed in [T − lookbackDays, T)), one count per contact; and
 * - the user mix: role families of active users in [T − windowDays, T), event-weighted — each
 *   core event contributes its user's role once.
 * Which users: by default (`scope: 'won-accounts'`) only events attributed to those same won
 *   accounts, so buyers and users are compared like for like (free users of a PLG product are not
 *   customers anyone sold to). `scope: 'all'` uses every active user; evidence always reports both.
 * Direction: higher = more sales-driven (the people sold to are not the people using it).
 *
 * Excluded, and counted in evidence: role `other` (no family matched the title) and blank/unknown
 * roles on both sides; events without a user or whose user is not in the users table.
 * Needs at least `minN` known-role contacts and `minActiveUsers` distinct known-role active users.
 * Link floors (link-floor.ts), each at or above the floor, else insufficient naming the link:
 * - `deal→account` (first): won accounts that are CRM accounts (`derived.crmAccounts()`) ÷ won
 *   accounts, unless the link table's deal→account works (a won deal whose account reference named
 *   no account has no contacts or users to find: with 70% of the sales-led fixture's deal account
 *   ids prefixed, 0.507 (fail) read 0.398 (warn) off the rest);
 * - `event→account` (scope `won-accounts`, before the active-user count): won accounts with an
 *   active user of a known role in the window ÷ won accounts, unless the window's core events that
 *   carry an account are on CRM accounts at or above the floor (`derived.eventAccountJoin()`; none:
 *   the link table's event→account);
 * - `contact→account`: won accounts with a linked contact ÷ won accounts, unless contacts with an
 *   account reference link at or above it.
 * Interval: seeded percentile bootstrap, resampling contacts and users (each user with all of its
 * events, since one user's events are not independent).
 */
export default defineMetric({
  id: 'buyer-user-role-divergence',
  description: `Jensen–Shannon divergence between the role-family mix of won-deal contacts (deals won in the lookback, default ${DEFAULTS.lookbackDays} days) and of active users (event-weighted, in the window, default ${DEFAULTS.windowDays} days)`,
  unit: 'divergence',
  requires: ['deals', 'contacts', 'users', 'events'],
  requiresFields: ['deals.stage|isWon', 'contacts.title|role', 'users.title|role'],
  defaultParams: DEFAULTS,
  compute({ contacts, events }, params, ctx) {
    const T = ctx.asOf;
    const d = ctx.derived;
    const wonAccounts = new Set<string>();
    for (const deal of wonClosedWithin(ctx, params.lookbackDays).deals) if (deal.accountId) wonAccounts.add(deal.accountId);

    // Roles are counted by a small integer index (roleNames[k]); a mix lists its roles by name
    // (RoleCounts.mix), the Map order the report and the Jensen–Shannon sum (floating point) follow.
    const roleNames: string[] = [];
    const roleIndex = new Map<string, number>();
    const roleId = (role: string): number => {
      let k = roleIndex.get(role);
      if (k === undefined) {
        k = roleNames.length;
        roleIndex.set(role, k);
        roleNames.push(role);
      }
      return k;
    };

    const buyerMix = new Map<string, number>();
    /** For the bootstrap: one role per contact. */
    const buyerRoles: number[] = [];
    let ignoredContacts = 0;
    const withContacts = new Set<string>();
    for (const c of contacts) {
      if (!c.accountId || !wonAccounts.has(c.accountId)) continue;
      withContacts.add(c.accountId);
      const role = knownRole(c.role);
      if (!role) ignoredContacts++;
      else {
        buyerMix.set(role, (buyerMix.get(role) ?? 0) + 1);
        buyerRoles.push(roleId(role));
      }
    }

    // Per user id of the events table: its role index, -1 = not in the users table, -2 = role
    // unknown or `other`.
    const users = d.usersById();
    const userRole = new Int32Array(events.users.size);
    events.users.values.forEach((userId, u) => {
      const user = users.get(userId);
      const role = user ? knownRole(user.role) : null;
      userRole[u] = !user ? -1 : role ? roleId(role) : -2;
    });
    // Won accounts as ids of events.accounts (accountIdOf adds users' accounts to the pool first).
    const wonIds = [...wonAccounts].map((a) => d.accountIdOf(a));
    const won = new Uint8Array(events.accounts.size);
    for (const id of wonIds) if (id >= 0) won[id] = 1;

    const roles = roleNames.length;
    const scopeAll = params.scope === 'all';
    const all = new RoleCounts(roles, events.users.size);
    const wonSide = new RoleCounts(roles, events.users.size);
    /** For the bootstrap: one item per active user of the scope (first-seen order), with its role and event count. */
    const scoped = scopeAll ? all : wonSide;
    scoped.keepItems();
    let ignoredEvents = 0;
    let unattributedEvents = 0;
    /** Per events.accounts id: 1 once a won account has an active user of a known role (the user side's reach). */
    const wonSeen = new Uint8Array(events.accounts.size);
    d.forEachCoreEvent(T - params.windowDays * DAY_MS, T, (i) => {
      const u = events.userAt(i);
      const role = u >= 0 ? userRole[u]! : -1;
      const n = events.countAt(i);
      if (role === -1) {
        unattributedEvents += n;
        return;
      }
      if (role === -2) {
        ignoredEvents += n;
        return;
      }
      all.add(u, role, n);
      const account = d.accountAt(i);
      if (account >= 0 && won[account] === 1) {
        wonSide.add(u, role, n);
        wonSeen[account] = 1;
      }
    });
    const allMix = all.mix(roleNames);
    const wonMix = wonSide.mix(roleNames);

    const userMix = params.scope === 'all' ? allMix : wonMix;
    const activeUsers = scoped.users;
    const contactsN = [...buyerMix.values()].reduce((s, v) => s + v, 0);
    const buyerShares = shares(buyerMix);
    const userShares = shares(userMix);
    const gaps = topBy(
      [...new Set([...Object.keys(buyerShares), ...Object.keys(userShares)])]
        .map((role) => ({ role, buyerShare: buyerShares[role] ?? 0, userShare: userShares[role] ?? 0 }))
        .map((g) => ({ ...g, gap: round(g.userShare - g.buyerShare) })),
      (g) => Math.abs(g.gap),
      (g) => g.role,
      'desc',
    );
    const alt = jensenShannon(buyerMix, params.scope === 'all' ? wonMix : allMix);
    const evidence = newEvidence()
      .fact('scope', 'active users counted', params.scope === 'all' ? 'all active users' : 'active users at won-deal accounts')
      .count('wonAccounts', 'won-deal accounts', wonAccounts.size)
      .count('knownRoleContacts', 'contacts with a known role at won-deal accounts', contactsN)
      .count('knownRoleActiveUsers', 'active users with a known role', activeUsers)
      .count('weightedEvents', 'core events weighting the user mix', [...userMix.values()].reduce((s, v) => s + v, 0))
      .count(
        params.scope === 'all' ? 'divergenceWonAccountUsers' : 'divergenceAllActiveUsers',
        params.scope === 'all' ? 'divergence with active users at won-deal accounts only' : 'divergence with all active users',
        Number.isNaN(alt) ? null : round(alt),
        'number',
      )
      .excluded('ignoredOtherRoleContacts', 'contacts with an unknown or other role', ignoredContacts)
      .excluded('ignoredOtherRoleEvents', 'core events of users with an unknown or other role', ignoredEvents)
      .excluded('eventsWithoutKnownUser', 'core events of users not in the users table', unattributedEvents)
      .breakdown('buyerRoleMix', 'buyer role mix (contacts)', 'role', column('share', 'share', 'share'), buyerShares)
      .breakdown('userRoleMix', 'user role mix (events)', 'role', column('share', 'share', 'share'), userShares)
      .table(
        'largestRoleGaps',
        'largest role gaps',
        'role',
        [column('buyerShare', 'buyer share', 'share'), column('userShare', 'user share', 'share'), column('gap', 'gap', 'points')],
        gaps.map((g) => ({ id: g.role, values: { buyerShare: g.buyerShare, userShare: g.userShare, gap: g.gap } })),
      );
    // The won accounts are the deals' account references: one that names no account (kept as
    // written) has no contacts or users to find, and the mixes are then read off the rest.
    const crm = d.crmAccounts();
    const dealLink = checkLinkFloor(ctx, {
      link: 'deal→account', table: 'deals', linked: [...wonAccounts].filter((a) => crm.has(a)).length, total: wonAccounts.size, what: 'won accounts in the lookback that are CRM accounts',
    });
    if (dealLink.insufficient) return dealLink.insufficient(contactsN, 'contacts', evidence);
    // The user side (won accounts' users only): the events reach those accounts through their own
    // account id, else their user's. Below the floor, won accounts without an active user of a known
    // role are a true absence only when the window's events reach CRM accounts (an event on `XA17`
    // leaves its user at nobody's account, and the user mix is read off the few that joined).
    let eventLink: ReturnType<typeof checkLinkFloor> | null = null;
    if (!scopeAll) {
      const reach = d.eventAccountJoin(T - params.windowDays * DAY_MS, T);
      eventLink = checkLinkFloor(ctx, {
        link: 'event→account',
        table: 'events',
        linked: wonIds.filter((id) => id >= 0 && wonSeen[id] === 1).length,
        total: wonAccounts.size,
        what: `won accounts with an active user of a known role in the last ${params.windowDays} days`,
        // No event with an account in the window (0 of 0): the link table's event→account.
        ...(reach.withAccount === 0 ? {} : { source: { linked: reach.onCrm, total: reach.withAccount, what: `core events of the last ${params.windowDays} days with an account, on a CRM account,` } }),
      });
      if (eventLink.insufficient) return eventLink.insufficient(contactsN, 'contacts', evidence);
    }
    if (contactsN < params.minN || contactsN === 0) {
      return insufficient(`${contactsN} contacts with a known role at won-deal accounts; need ${params.minN}`, contactsN, 'contacts', evidence);
    }
    if (activeUsers < params.minActiveUsers || activeUsers === 0) {
      // Say when the events' users are missing from the users table (ids written otherwise, `1.0`
      // against `1`): the roles are read there, so no known role is then a failed lookup.
      const unjoined = unattributedEvents > 0 ? `; ${unattributedEvents.toLocaleString('en-US')} core events in the window have no user found by id in the users table` : '';
      return insufficient(
        `${activeUsers} active users with a known role in the last ${params.windowDays} days${params.scope === 'all' ? '' : ' at won-deal accounts'}; need ${params.minActiveUsers}${unjoined}`,
        contactsN,
        'contacts',
        evidence,
      );
    }
    const link = checkLinkFloor(ctx, {
      link: 'contact→account', table: 'contacts', linked: withContacts.size, total: wonAccounts.size, what: 'won accounts with a linked contact',
    });
    if (link.insufficient) return link.insufficient(contactsN, 'contacts', evidence);
    const value = jensenShannon(buyerMix, userMix);
    if (Number.isNaN(value)) return insufficient('no role mass on one side', contactsN, 'contacts', evidence);
    const items = scoped.itemsByUserId(events.users.values);
    const interval = bootstrap(ctx, 'roles-divergence', {
      // Typed arrays: posted to the bootstrap thread as one copy each.
      buyerRoles: Int32Array.from(buyerRoles),
      userRoles: items.roles,
      userWeights: items.weights,
      roles,
    });
    return measured(round(value), contactsN, 'contacts', addLinkCoverage(evidence, [dealLink.evidence, link.evidence, ...(eventLink ? [eventLink.evidence] : [])]), withInterval(interval));
  },
});

/** Event counts per role index, with first-seen order; distinct users; optionally one item per user. */
class RoleCounts {
  readonly counts: Float64Array;
  readonly order: number[] = [];
  users = 0;
  private readonly seen: Uint8Array;
  /** Per events user id: index of its item, -1 none (only with keepItems). */
  private itemOf: Int32Array | null = null;
  itemRoles: number[] = [];
  itemWeights: number[] = [];
  /** The events user id of each item. */
  itemUsers: number[] = [];

  constructor(roles: number, userIds: number) {
    this.counts = new Float64Array(roles);
    this.seen = new Uint8Array(userIds);
  }

  keepItems(): void {
    this.itemOf = new Int32Array(this.seen.length).fill(-1);
  }

  get itemCount(): number {
    return this.itemRoles.length;
  }

  /**
   * The items ordered by user id (`userIds`: the events' user pool), so that the seeded bootstrap
   * draws the same users whatever order the rows came in (raw events, or a summary by day).
   */
  itemsByUserId(userIds: readonly string[]): { roles: Int32Array; weights: Float64Array } {
    const order = this.itemUsers.map((_, k) => k).sort((a, b) => {
      const x = userIds[this.itemUsers[a]!]!;
      const y = userIds[this.itemUsers[b]!]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { roles: Int32Array.from(order, (k) => this.itemRoles[k]!), weights: Float64Array.from(order, (k) => this.itemWeights[k]!) };
  }

  /** `events`: how many events the row stands for (EventTable.countAt). */
  add(user: number, role: number, events = 1): void {
    if (this.counts[role] === 0) this.order.push(role);
    this.counts[role]! += events;
    if (this.seen[user] === 0) {
      this.seen[user] = 1;
      this.users++;
    }
    const itemOf = this.itemOf;
    if (itemOf) {
      const k = itemOf[user]!;
      if (k >= 0) this.itemWeights[k]! += events;
      else {
        itemOf[user] = this.itemRoles.length;
        this.itemRoles.push(role);
        this.itemWeights.push(events);
        this.itemUsers.push(user);
      }
    }
  }

  /** Role → events, in role-name order: the Jensen–Shannon sum (floating point) follows it, and rows may come in any order. */
  mix(roleNames: readonly string[]): Map<string, number> {
    const byName = [...this.order].sort((a, b) => (roleNames[a]! < roleNames[b]! ? -1 : roleNames[a]! > roleNames[b]! ? 1 : 0));
    return new Map(byName.map((r) => [roleNames[r]!, this.counts[r]!]));
  }
}
