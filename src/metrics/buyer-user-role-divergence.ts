import { bootstrap } from './bootstrap-thread.js';
import { BOOTSTRAP_SEED, DAY_MS, jensenShannon, mulberry32StateAfter, percentileInterval, round, topBy, type ResampleRange } from './stats.js';
import { knownRole, shares } from './shared-pull.js';
import { wonClosedWithin } from './shared-push.js';
import { checkLinkFloor } from './link-floor.js';
import { defineMetric, insufficient, measured, withInterval } from './types.js';

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
 * Link floor (link-floor.ts, `contact→account`): won accounts with a linked contact ÷ won
 * accounts at or above the floor, unless contacts with an account reference link at or above it.
 * Interval: seeded percentile bootstrap, resampling contacts and users (each user with all of its
 * events, since one user's events are not independent).
 */
export default defineMetric({
  id: 'buyer-user-role-divergence',
  description: 'Jensen–Shannon divergence between the role-family mix of won-deal contacts and of active users (event-weighted, last 90 days)',
  unit: 'divergence',
  requires: ['deals', 'contacts', 'users', 'events'],
  requiresFields: ['deals.stage|isWon', 'contacts.title|role', 'users.title|role'],
  computePriority: 2, // the largest seeded bootstrap: it starts the bootstrap thread (docs/performance.md)
  defaultParams: { windowDays: 90, lookbackDays: 730, minN: 30, minActiveUsers: 30, scope: 'won-accounts' as 'won-accounts' | 'all' },
  compute({ contacts, events }, params, ctx) {
    const T = ctx.asOf;
    const d = ctx.derived;
    const wonAccounts = new Set<string>();
    for (const deal of wonClosedWithin(ctx, params.lookbackDays).deals) if (deal.accountId) wonAccounts.add(deal.accountId);

    // Roles are counted by a small integer index (roleNames[k]); the order a mix's roles were
    // first seen is kept next to the counts, because it is the Map order the report and the
    // Jensen–Shannon sum (floating point) follow.
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
    d.forEachCoreEvent(T - params.windowDays * DAY_MS, T, (i) => {
      const u = events.userAt(i);
      const role = u >= 0 ? userRole[u]! : -1;
      if (role === -1) {
        unattributedEvents++;
        return;
      }
      if (role === -2) {
        ignoredEvents++;
        return;
      }
      all.add(u, role);
      const account = d.accountAt(i);
      if (account >= 0 && won[account] === 1) wonSide.add(u, role);
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
    const link = checkLinkFloor(ctx, {
      link: 'contact→account', table: 'contacts', linked: withContacts.size, total: wonAccounts.size, what: 'won accounts with a linked contact',
    });
    if (link.insufficient) return link.insufficient(contactsN, 'contacts', evidence);
    const value = jensenShannon(buyerMix, userMix);
    if (Number.isNaN(value)) return insufficient('no role mass on one side', contactsN, 'contacts', evidence);
    const interval = bootstrap(ctx, 'roles-divergence', {
      // Typed arrays: posted to the bootstrap thread as one copy each (same values as the lists).
      buyerRoles: Int32Array.from(buyerRoles),
      userRoles: Int32Array.from(scoped.itemRoles),
      userWeights: Float64Array.from(scoped.itemWeights),
      roles,
    });
    return measured(round(value), contactsN, 'contacts', { ...evidence, linkCoverage: link.evidence }, withInterval(interval));
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

  add(user: number, role: number): void {
    if (this.counts[role] === 0) this.order.push(role);
    this.counts[role]!++;
    if (this.seen[user] === 0) {
      this.seen[user] = 1;
      this.users++;
    }
    const itemOf = this.itemOf;
    if (itemOf) {
      const k = itemOf[user]!;
      if (k >= 0) this.itemWeights[k]!++;
      else {
        itemOf[user] = this.itemRoles.length;
        this.itemRoles.push(role);
        this.itemWeights.push(1);
      }
    }
  }

  mix(roleNames: readonly string[]): Map<string, number> {
    return new Map(this.order.map((r) => [roleNames[r]!, this.counts[r]!]));
  }
}

/**
 * The bootstrap interval: `bootstrapIndexInterval([buyers, users' items], stat)` with the statistic
 * fused into the draws (each drawn index is counted as it is drawn; no sample arrays). Same
 * mulberry32 draws in the same order (all buyers, then all items, per resample), and the
 * statistic is the Jensen–Shannon divergence between the resampled buyer roles and the resampled
 * users' roles (event-weighted), counted by role index into reused arrays: same arithmetic in
 * the same key order as `jensenShannon` over Maps built in draw order (buyer roles as first
 * drawn, then user roles not among them), so the interval is unchanged to the bit. One item per
 * user: its role index and event count (>= 1). `allowPacked: false` (for tests) keeps the doubles.
 */
export function rolesDivergenceInterval(
  buyerRoles: Int32Array,
  userRoles: ArrayLike<number> & Iterable<number>,
  userWeights: ArrayLike<number> & Iterable<number>,
  roles: number,
  resamples = 1000,
  allowPacked = true,
): [number, number] | undefined {
  if (buyerRoles.length === 0 || userRoles.length === 0) return undefined;
  const stats: number[] = [];
  rolesDivergenceResamples(buyerRoles, userRoles, userWeights, roles, allowPacked)(0, resamples, stats);
  return percentileInterval(stats, resamples);
}

/**
 * rolesDivergenceInterval's resamples by range (see `bootstrapIndexResamples` in stats.ts):
 * resample s starts from mulberry32's state after s · (buyers + items) draws, so it makes the same
 * draws in any range. Neither side may be empty.
 */
export function rolesDivergenceResamples(
  buyerRoles: Int32Array,
  userRoles: ArrayLike<number> & Iterable<number>,
  userWeights: ArrayLike<number> & Iterable<number>,
  roles: number,
  allowPacked = true,
): ResampleRange {
  const nA = buyerRoles.length;
  const nB = userRoles.length;
  let bits = 0;
  while (1 << bits < roles) bits++;
  let maxWeight = 0;
  for (const w of userWeights) if (w > maxWeight) maxWeight = w;
  // Integer counts when every sum fits in 31 bits: the same (exact) sums as the doubles below.
  if (allowPacked && bits <= 8 && maxWeight * 2 ** bits < 2 ** 31 && nB * maxWeight < 2 ** 31) {
    return packedRolesDivergenceResamples(buyerRoles, userRoles, userWeights, roles, bits);
  }
  const itemRoles = Int32Array.from(userRoles);
  const itemWeights = Float64Array.from(userWeights);
  const a = new Float64Array(roles);
  const b = new Float64Array(roles);
  const keys = new Int32Array(roles);
  return (from, to, stats) => drawRoles(nA, nB, buyerRoles, itemRoles, itemWeights, a, b, keys, from, to, stats);
}

/**
 * rolesDivergenceResamples with each item packed as `weight << bits | role` and counts in Int32
 * arrays (the caller checked that every sum fits). A role's first draw only matters for the key
 * order, so draws are checked for new roles only until every role present has been seen; the
 * totals are nA and the sum of the user counts (exact integers, so in any order).
 */
function packedRolesDivergenceResamples(
  buyerRoles: Int32Array,
  userRoles: ArrayLike<number> & Iterable<number>,
  userWeights: ArrayLike<number> & Iterable<number>,
  roles: number,
  bits: number,
): ResampleRange {
  const nA = buyerRoles.length;
  const nB = userRoles.length;
  const mask = (1 << bits) - 1;
  const packed = Int32Array.from(userRoles, (r, k) => (userWeights[k]! << bits) | r);
  const distinctA = new Set(buyerRoles).size;
  const distinctB = new Set(userRoles).size;
  const a = new Int32Array(roles);
  const b = new Int32Array(mask + 1);
  const keys = new Int32Array(roles);
  return (from, to, stats) => drawPackedRoles(nA, nB, buyerRoles, packed, mask, bits, distinctA, distinctB, roles, a, b, keys, from, to, stats);
}

/**
 * Resamples `from` to `to` − 1 of rolesDivergenceResamples with double counts. Everything comes as
 * parameters, not captured variables, so the loops read locals (a closure's were ~25% slower).
 */
function drawRoles(
  nA: number,
  nB: number,
  buyerRoles: Int32Array,
  itemRoles: Int32Array,
  itemWeights: Float64Array,
  a: Float64Array,
  b: Float64Array,
  keys: Int32Array,
  from: number,
  to: number,
  stats: number[],
): void {
  // mulberry32(BOOTSTRAP_SEED), inlined as in bootstrapIndexInterval.
  let state = mulberry32StateAfter(BOOTSTRAP_SEED, from * (nA + nB));
  for (let s = from; s < to; s++) {
    a.fill(0);
    b.fill(0);
    let nKeys = 0;
    let totalA = 0;
    let totalB = 0;
    for (let i = 0; i < nA; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = buyerRoles[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nA)]!;
      if (a[r] === 0) keys[nKeys++] = r;
      a[r]!++;
      totalA++;
    }
    for (let i = 0; i < nB; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const k = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nB);
      const r = itemRoles[k]!;
      const w = itemWeights[k]!;
      if (b[r] === 0 && a[r] === 0) keys[nKeys++] = r; // weights are >= 1: not seen on either side yet
      b[r]! += w;
      totalB += w;
    }
    if (totalA <= 0 || totalB <= 0) continue;
    const v = divergenceOverKeys(a, b, keys, nKeys, totalA, totalB);
    if (Number.isFinite(v)) stats.push(v);
  }
}

/** Resamples `from` to `to` − 1 of packedRolesDivergenceResamples (parameters, not captured variables). */
function drawPackedRoles(
  nA: number,
  nB: number,
  buyerRoles: Int32Array,
  packed: Int32Array,
  mask: number,
  bits: number,
  distinctA: number,
  distinctB: number,
  roles: number,
  a: Int32Array,
  b: Int32Array,
  keys: Int32Array,
  from: number,
  to: number,
  stats: number[],
): void {
  let state = mulberry32StateAfter(BOOTSTRAP_SEED, from * (nA + nB));
  for (let s = from; s < to; s++) {
    a.fill(0);
    b.fill(0);
    let nKeys = 0;
    let seen = 0;
    let i = 0;
    for (; i < nA && seen < distinctA; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = buyerRoles[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nA)]!;
      if (a[r] === 0) {
        keys[nKeys++] = r;
        seen++;
      }
      a[r]!++;
    }
    for (; i < nA; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      a[buyerRoles[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nA)]!]!++;
    }
    seen = 0;
    i = 0;
    for (; i < nB && seen < distinctB; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const x = packed[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nB)]!;
      const r = x & mask;
      if (b[r] === 0) {
        seen++;
        if (a[r] === 0) keys[nKeys++] = r;
      }
      b[r]! += x >>> bits;
    }
    for (; i < nB; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const x = packed[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * nB)]!;
      b[x & mask]! += x >>> bits;
    }
    const totalA = nA;
    let totalB = 0;
    for (let r = 0; r < roles; r++) totalB += b[r]!;
    const v = divergenceOverKeys(a, b, keys, nKeys, totalA, totalB);
    if (Number.isFinite(v)) stats.push(v);
  }
}

/**
 * Jensen–Shannon divergence (base 2, clamped to 0..1) of two role-count arrays, summed over the
 * first `nKeys` roles of `keys` in that order (the order fixes the floating-point result).
 */
function divergenceOverKeys(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  keys: ArrayLike<number>,
  nKeys: number,
  totalA: number,
  totalB: number,
): number {
  let js = 0;
  for (let j = 0; j < nKeys; j++) {
    const r = keys[j]!;
    const p = a[r]! / totalA;
    const q = b[r]! / totalB;
    const m = (p + q) / 2;
    if (p > 0) js += 0.5 * p * Math.log2(p / m);
    if (q > 0) js += 0.5 * q * Math.log2(q / m);
  }
  return Math.max(0, Math.min(1, js));
}
