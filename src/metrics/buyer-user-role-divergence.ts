import { bootstrapInterval, DAY_MS, jensenShannon, round, topBy } from './stats.js';
import { knownRole, shares } from './shared-pull.js';
import { wonClosedWithin } from './shared-push.js';
import { defineMetric, insufficient, measured } from './types.js';

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
 * Interval: seeded percentile bootstrap, resampling contacts and users (each user with all of its
 * events, since one user's events are not independent).
 */
export default defineMetric({
  id: 'buyer-user-role-divergence',
  description: 'Jensen–Shannon divergence between the role-family mix of won-deal contacts and of active users (event-weighted, last 90 days)',
  unit: 'divergence',
  requires: ['deals', 'contacts', 'users', 'events'],
  requiresFields: ['contacts.title|role', 'users.title|role'],
  defaultParams: { windowDays: 90, lookbackDays: 730, minN: 30, minActiveUsers: 30, scope: 'won-accounts' as 'won-accounts' | 'all' },
  compute({ contacts }, params, ctx) {
    const T = ctx.asOf;
    const d = ctx.derived;
    const wonAccounts = new Set<string>();
    for (const deal of wonClosedWithin(ctx, params.lookbackDays).deals) if (deal.accountId) wonAccounts.add(deal.accountId);

    const buyerMix = new Map<string, number>();
    /** For the bootstrap: one item per contact, and one per user with its event count. */
    const buyerItems: RoleWeight[] = [];
    const wonUserItems = new Map<string, RoleWeight>();
    const allUserItems = new Map<string, RoleWeight>();
    let ignoredContacts = 0;
    for (const c of contacts) {
      if (!c.accountId || !wonAccounts.has(c.accountId)) continue;
      const role = knownRole(c.role);
      if (!role) ignoredContacts++;
      else {
        buyerMix.set(role, (buyerMix.get(role) ?? 0) + 1);
        buyerItems.push({ role, weight: 1 });
      }
    }

    const users = d.usersById();
    const wonMix = new Map<string, number>();
    const allMix = new Map<string, number>();
    const wonUsers = new Set<string>();
    const allUsers = new Set<string>();
    let ignoredEvents = 0;
    let unattributedEvents = 0;
    for (const e of d.coreEventsBetween(T - params.windowDays * DAY_MS, T)) {
      const user = e.userId ? users.get(e.userId) : undefined;
      if (!user) {
        unattributedEvents++;
        continue;
      }
      const role = knownRole(user.role);
      if (!role) {
        ignoredEvents++;
        continue;
      }
      allMix.set(role, (allMix.get(role) ?? 0) + 1);
      allUsers.add(user.userId);
      countItem(allUserItems, user.userId, role);
      const account = d.accountOfEvent(e);
      if (account && wonAccounts.has(account)) {
        wonMix.set(role, (wonMix.get(role) ?? 0) + 1);
        wonUsers.add(user.userId);
        countItem(wonUserItems, user.userId, role);
      }
    }

    const userMix = params.scope === 'all' ? allMix : wonMix;
    const activeUsers = params.scope === 'all' ? allUsers.size : wonUsers.size;
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
    const evidence = {
      scope: params.scope,
      wonAccounts: wonAccounts.size,
      knownRoleContacts: contactsN,
      knownRoleActiveUsers: activeUsers,
      weightedEvents: [...userMix.values()].reduce((s, v) => s + v, 0),
      ignoredOtherRoleContacts: ignoredContacts,
      ignoredOtherRoleEvents: ignoredEvents,
      eventsWithoutKnownUser: unattributedEvents,
      buyerRoleMix: buyerShares,
      userRoleMix: userShares,
      largestRoleGaps: gaps,
      [params.scope === 'all' ? 'divergenceWonAccountUsers' : 'divergenceAllActiveUsers']: Number.isNaN(alt) ? null : round(alt),
    };
    if (contactsN < params.minN || contactsN === 0) {
      return insufficient(`${contactsN} contacts with a known role at won-deal accounts; need ${params.minN}`, contactsN, 'contacts', evidence);
    }
    if (activeUsers < params.minActiveUsers || activeUsers === 0) {
      return insufficient(
        `${activeUsers} active users with a known role in the last ${params.windowDays} days${params.scope === 'all' ? '' : ' at won-deal accounts'}; need ${params.minActiveUsers}`,
        contactsN,
        'contacts',
        evidence,
      );
    }
    const value = jensenShannon(buyerMix, userMix);
    if (Number.isNaN(value)) return insufficient('no role mass on one side', contactsN, 'contacts', evidence);
    const userItems = [...(params.scope === 'all' ? allUserItems : wonUserItems).values()];
    const interval = bootstrapInterval<RoleWeight>([buyerItems, userItems], ([b, u]) => jensenShannon(mixOf(b!), mixOf(u!)));
    return measured(round(value), contactsN, 'contacts', evidence, interval ? { interval } : {});
  },
});

interface RoleWeight {
  role: string;
  weight: number;
}

function countItem(items: Map<string, RoleWeight>, userId: string, role: string): void {
  const item = items.get(userId);
  if (item) item.weight++;
  else items.set(userId, { role, weight: 1 });
}

function mixOf(items: readonly RoleWeight[]): Map<string, number> {
  const mix = new Map<string, number>();
  for (const { role, weight } of items) mix.set(role, (mix.get(role) ?? 0) + weight);
  return mix;
}
