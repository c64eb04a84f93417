import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/buyer-user-role-divergence.js';
import { rolesDivergenceInterval } from '../../src/stats/role-divergence-bootstrap.js';
import { knownRole } from '../../src/metrics/shared-pull.js';
import { bootstrapInterval, jensenShannon, mulberry32 } from '../../src/stats/stats.js';
import { account, contact, deal, event, run, runLinked, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; the user window is [2024-10-03, T).
const asOf = '2024-12-31';

const contacts = (accountId: string, roles: string[]) =>
  roles.map((role, i) => contact({ contactId: `${accountId}-c${i}`, accountId, role }));
const events = (userId: string, accountId: string, count: number, timestamp = '2024-12-01') =>
  Array.from({ length: count }, () => event({ userId, accountId, timestamp }));

describe('buyer-user-role-divergence', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one contact (below minN)', () => {
    const t = tables({ deals: [deal({ closedAt: '2024-06-01' })], contacts: [contact({ role: 'exec' })] });
    expect(run(metric, t, asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient when there are no active users with a known role (zero mass)', () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-06-01' })],
      contacts: contacts('a1', ['exec', 'manager']),
      users: [user({ userId: 'u1', accountId: 'a1', role: 'other' })],
      events: events('u1', 'a1', 5),
    });
    const result = run(metric, t, asOf, { minN: 1, minActiveUsers: 1 });
    expect(result.kind).toBe('insufficient');
    expect(byKey(result.evidence)).toMatchObject({ ignoredOtherRoleEvents: 5, knownRoleActiveUsers: 0 });
  });

  it("names the failed lookup when the events' users are not in the users table (1.0 against 1)", () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-06-01' })],
      contacts: contacts('a1', ['exec', 'manager']),
      users: [user({ userId: '1', accountId: 'a1', role: 'manager' })],
      events: events('1.0', 'a1', 5),
    });
    const result = run(metric, t, asOf, { minN: 1, minActiveUsers: 1 });
    expect(result).toMatchObject({ kind: 'insufficient' });
    expect(result.kind === 'insufficient' && result.reason).toBe(
      '0 active users with a known role in the last 90 days at won-deal accounts; need 1; 5 core events in the window have no user found by id in the users table',
    );
    // A user of unknown role is not a failed lookup: the reason says nothing of it.
    const other = run(metric, tables({ ...t, users: [user({ userId: '1.0', accountId: 'a1', role: 'other' })] }), asOf, { minN: 1, minActiveUsers: 1 });
    expect(other.kind === 'insufficient' && other.reason).toBe('0 active users with a known role in the last 90 days at won-deal accounts; need 1');
  });

  describe('link floors on the won accounts and their users (deal→account, event→account)', () => {
    // 8 companies a1–a8 in accounts.csv: won deal dk (closed 2024-06-01) on `dealAccount(k)`, an exec contact on
    // `contactAccount(k)`; user uk on ak, an exec at a1–a2 and a practitioner at a3–a8, with 3 core events on 2024-12-01
    // carrying account `eventAccount(k)`. Healthy: buyers all exec, users 2 exec and 6 practitioners.
    const company = (o: { eventAccount?: (k: number) => string; dealAccount?: (k: number) => string; contactAccount?: (k: number) => string; eventDay?: string } = {}) => {
      const ks = Array.from({ length: 8 }, (_, i) => i + 1);
      return tables({
        accounts: ks.map((k) => account({ accountId: `a${k}`, name: `Company ${k}` })),
        deals: ks.map((k) => deal({ dealId: `d${k}`, accountId: o.dealAccount?.(k) ?? `a${k}`, closedAt: '2024-06-01' })),
        contacts: ks.map((k) => contact({ contactId: `c${k}`, accountId: o.contactAccount?.(k) ?? `a${k}`, role: 'exec' })),
        users: ks.map((k) => user({ userId: `u${k}`, accountId: `a${k}`, role: k <= 2 ? 'exec' : 'practitioner' })),
        events: ks.flatMap((k) => [0, 1, 2].map(() => event({ userId: `u${k}`, accountId: o.eventAccount?.(k) ?? `a${k}`, timestamp: o.eventDay ?? '2024-12-01' }))),
      });
    };
    const params = { minN: 1, minActiveUsers: 1 };
    const coverage = (r: ReturnType<typeof runLinked>) => byKey(r.evidence).linkCoverage as Array<Record<string, unknown>> | undefined;

    it("is insufficient naming event→account when most events' account ids name no account, not a divergence read off the few that joined", () => {
      const healthy = runLinked(metric, company(), asOf, params);
      expect(healthy).toMatchObject({ kind: 'measured', n: 8 });
      expect(coverage(healthy)).toEqual([
        { id: 'deal→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
        { id: 'contact→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
        { id: 'event→account', linked: 8, of: 8, rate: 1, floor: 0.5, sourceRate: 1 },
      ]);
      // The practitioners' events (a3–a8) on Xa3–Xa8: 2 of 8 won accounts reached, 6 of 24 events. Before: measured 0
      // (the user mix read off the 2 execs alone matched the buyers).
      const broken = runLinked(metric, company({ eventAccount: (k) => (k <= 2 ? `a${k}` : `Xa${k}`) }), asOf, params);
      expect(broken).toMatchObject({ kind: 'insufficient', n: 8, nLabel: 'contacts', needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
      if (broken.kind === 'insufficient') {
        expect(broken.reason).toBe(
          'the event→account link reached 2 of 8 won accounts with an active user of a known role in the last 90 days (25%), and 25% of 24 core events of the last 90 days with an account, on a CRM account, linked; ' +
            'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
        );
      }
    });

    it('around the floor: 4 of 8 accounts reached measures; 3 of 8 is insufficient; none in the window (0 of 0) is judged by the link table', () => {
      const half = runLinked(metric, company({ eventAccount: (k) => (k <= 4 ? `a${k}` : `Xa${k}`) }), asOf, params);
      expect(half).toMatchObject({ kind: 'measured' });
      expect(coverage(half)?.[2]).toEqual({ id: 'event→account', linked: 4, of: 8, rate: 0.5, floor: 0.5, sourceRate: 0.5 });
      const below = runLinked(metric, company({ eventAccount: (k) => (k <= 3 ? `a${k}` : `Xa${k}`) }), asOf, params);
      expect(below).toMatchObject({ kind: 'insufficient', needs: [{ link: 'event→account' }] });
      // Zero denominators: no event in the window (0 of 0) leaves the link table (1.0) to judge, and the active-user count speaks.
      const none = runLinked(metric, company({ eventDay: '2024-01-15' }), asOf, params);
      expect(none.kind === 'insufficient' && none.reason).toBe('0 active users with a known role in the last 90 days at won-deal accounts; need 1');
    });

    it("is insufficient naming deal→account when the won deals' account ids name no account (contacts written the same way)", () => {
      // Deals and contacts on Xa1–Xa8, users and events on a1–a8. Before: insufficient for want of active users, naming no link.
      const result = runLinked(metric, company({ dealAccount: (k) => `Xa${k}`, contactAccount: (k) => `Xa${k}` }), asOf, params);
      expect(result).toMatchObject({ kind: 'insufficient', needs: [{ kind: 'link', table: 'deals', link: 'deal→account' }] });
      if (result.kind === 'insufficient') expect(result.reason).toContain('the deal→account link reached 0 of 8 won accounts in the lookback that are CRM accounts (0%), and 0% of 8 deals');
    });
  });

  it('excludes won deals outside the lookback and events older than the window', () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2021-06-01' })], // older than 730 days
      contacts: contacts('a1', ['exec']),
      users: [user({ userId: 'u1', accountId: 'a1', role: 'exec' })],
      events: events('u1', 'a1', 3, '2024-06-01'), // older than 90 days
    });
    const result = run(metric, t, asOf, { minN: 1, minActiveUsers: 1 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('gives the same result, evidence and role order whatever the order of the event rows', () => {
    const make = (reverse: boolean) => {
      const rows = [...events('u1', 'a1', 3), ...events('u2', 'a1', 1), ...events('u3', 'a1', 7), ...events('u4', 'a1', 2)];
      return tables({
        deals: [deal({ accountId: 'a1', closedAt: '2024-06-01' })],
        contacts: contacts('a1', ['exec', 'manager', 'engineer', 'exec']),
        users: [user({ userId: 'u1', accountId: 'a1', role: 'manager' }), user({ userId: 'u2', accountId: 'a1', role: 'exec' }), user({ userId: 'u3', accountId: 'a1', role: 'engineer' }), user({ userId: 'u4', accountId: 'a1', role: 'analyst' })],
        events: reverse ? rows.reverse() : rows,
      });
    };
    const forward = run(metric, make(false), asOf, { minN: 1, minActiveUsers: 1 });
    expect(forward.kind).toBe('measured');
    expect(JSON.stringify(run(metric, make(true), asOf, { minN: 1, minActiveUsers: 1 }))).toBe(JSON.stringify(forward));
  });

  it('is 0 when buyers and users have the same mix', () => {
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-06-01' })],
      contacts: contacts('a1', ['exec', 'manager']),
      users: [user({ userId: 'u1', accountId: 'a1', role: 'exec' }), user({ userId: 'u2', accountId: 'a1', role: 'manager' })],
      events: [...events('u1', 'a1', 2), ...events('u2', 'a1', 2)],
    });
    expect(run(metric, t, asOf, { minN: 2, minActiveUsers: 2 })).toMatchObject({ kind: 'measured', value: 0 });
  });

  it('computes the divergence by hand', () => {
    const t = tables({
      deals: [deal({ dealId: 'd1', accountId: 'a1', closedAt: '2024-06-01' }), deal({ dealId: 'd9', accountId: 'a9', stage: 'lost', closedAt: '2024-06-01' })],
      contacts: [...contacts('a1', ['exec', 'exec', 'manager', 'manager', 'other']), ...contacts('a9', ['procurement'])],
      users: [
        user({ userId: 'u1', accountId: 'a1', role: 'practitioner' }),
        user({ userId: 'u2', accountId: 'a1', role: 'manager' }),
        user({ userId: 'u9', accountId: 'a9', role: 'practitioner' }),
      ],
      events: [
        ...events('u1', 'a1', 3),
        ...events('u2', 'a1', 1),
        event({ userId: 'u2', accountId: 'a1', timestamp: '2024-12-01', event: 'login' }), // not core
        ...events('u9', 'a9', 4), // not a won account: only in the 'all' scope
      ],
    });
    // buyers P: exec .5, manager .5; users Q (events): practitioner .75, manager .25
    // M: exec .25, manager .375, practitioner .375
    // JS = ½[.5·log2(.5/.25) + .5·log2(.5/.375)] + ½[.75·log2(.75/.375) + .25·log2(.25/.375)]
    //    = ½[.5 + .2075] + ½[.75 − .1462] = .3538 + .3019 = 0.6556
    const result = run(metric, t, asOf, { minN: 4, minActiveUsers: 2 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.6556);
    expect(result.n).toBe(4);
    expect(byKey(result.evidence)).toMatchObject({ ignoredOtherRoleContacts: 1, knownRoleActiveUsers: 2, weightedEvents: 4 });
    // 'all' scope: Q = practitioner 7/8, manager 1/8 → a larger divergence
    const all = run(metric, t, asOf, { minN: 4, minActiveUsers: 2, scope: 'all' });
    expect(all.kind).toBe('measured');
    if (all.kind === 'measured') expect(all.value).toBeGreaterThan(0.6556);
  });

  it('gives a seeded bootstrap interval over contacts and users, identical run to run', () => {
    const roles = ['exec', 'manager', 'practitioner', 'it'];
    const t = tables({
      deals: [deal({ accountId: 'a1', closedAt: '2024-06-01' })],
      contacts: contacts('a1', Array.from({ length: 40 }, (_, i) => roles[i % 3]!)),
      users: Array.from({ length: 40 }, (_, i) => user({ userId: `u${i}`, accountId: 'a1', role: roles[(i % 4)]! })),
      events: Array.from({ length: 40 }, (_, i) => events(`u${i}`, 'a1', 1 + (i % 3))).flat(),
    });
    const result = run(metric, t, asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    const [lo, hi] = result.interval!;
    expect(lo).toBeLessThan(hi);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(run(metric, t, asOf)).toEqual(result);
  });

  it('gives the same interval as resampling role items, in user id order, into Maps (the previous implementation)', () => {
    const rand = mulberry32(3);
    const roles = ['exec', 'manager', 'practitioner', 'it', 'procurement', 'other', ''];
    const accounts = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const c = Array.from({ length: 120 }, (_, i) => contact({ contactId: `c${i}`, accountId: pick(accounts), role: pick(roles) }));
    const u = Array.from({ length: 90 }, (_, i) => user({ userId: `u${i}`, accountId: pick(accounts), role: pick(roles) }));
    const e = Array.from({ length: 2000 }, () =>
      event({
        userId: rand() < 0.05 ? null : rand() < 0.05 ? 'nobody' : `u${Math.floor(rand() * 90)}`,
        accountId: rand() < 0.3 ? null : pick([...accounts, 'a9']),
        timestamp: pick(['2024-06-01', '2024-11-01', '2024-12-15']),
        event: rand() < 0.1 ? 'login' : 'feature_used',
      }),
    );
    const d = [deal({ dealId: 'd1', accountId: 'a1', closedAt: '2024-06-01' }), deal({ dealId: 'd2', accountId: 'a3', closedAt: '2024-03-01' })];
    const t = tables({ deals: d, contacts: c, users: u, events: e });
    for (const scope of ['won-accounts', 'all'] as const) {
      const result = run(metric, t, asOf, { scope });
      expect(result.kind).toBe('measured');
      if (result.kind !== 'measured') continue;
      // Previous implementation: one item per contact / per user (in user id order, so that row
      // order cannot change the draws), Maps per resample.
      const T = Date.UTC(2025, 0, 1);
      const won = new Set(['a1', 'a3']);
      const byId = new Map(u.map((x) => [x.userId, x]));
      const buyers = c.filter((x) => x.accountId && won.has(x.accountId) && knownRole(x.role)).map((x) => ({ role: knownRole(x.role)!, weight: 1 }));
      const items = new Map<string, { role: string; weight: number }>();
      for (const ev of e) {
        if (ev.timestamp < T - 90 * 86_400_000 || ev.timestamp >= T || ev.event === 'login') continue;
        const usr = ev.userId ? byId.get(ev.userId) : undefined;
        const role = usr ? knownRole(usr.role) : null;
        if (!usr || !role) continue;
        const account = ev.accountId ?? usr.accountId;
        if (scope !== 'all' && !(account && won.has(account))) continue;
        const item = items.get(usr.userId);
        if (item) item.weight++;
        else items.set(usr.userId, { role, weight: 1 });
      }
      const mixOf = (xs: Array<{ role: string; weight: number }>) => {
        const mix = new Map<string, number>();
        for (const x of xs) mix.set(x.role, (mix.get(x.role) ?? 0) + x.weight);
        return mix;
      };
      const byUserId = [...items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
      const expected = bootstrapInterval([buyers, byUserId], ([b, s]) => jensenShannon(mixOf(b!), mixOf(s!)));
      expect(expected).toBeDefined();
      expect(result.interval).toEqual(expected);
      expect(byKey(result.evidence)).toMatchObject({ knownRoleActiveUsers: items.size });
    }
  });
});

describe('rolesDivergenceInterval', () => {
  it('equals the Map-based bootstrap, with integer (packed) and double counts', () => {
    const rand = mulberry32(3);
    const names = ['exec', 'ic', 'eng', 'ops', 'fin', 'mkt', 'sec', 'hr', 'it', 'legal', 'sales'];
    for (const [roles, nBuyers, nUsers, maxWeight, resamples] of [[3, 40, 90, 5, 300], [11, 200, 500, 400, 200], [2, 5, 7, 1, 100], [9, 60, 30, 2e6, 100]] as const) {
      // Skewed roles, so some appear late in the draws.
      const role = () => Math.min(roles - 1, Math.floor(rand() ** 3 * roles));
      const buyers = Array.from({ length: nBuyers }, role);
      const users = Array.from({ length: nUsers }, () => ({ role: role(), weight: 1 + Math.floor(rand() * maxWeight) }));
      const mixOf = (xs: Array<{ role: number; weight: number }>) => {
        const mix = new Map<string, number>();
        for (const x of xs) mix.set(names[x.role]!, (mix.get(names[x.role]!) ?? 0) + x.weight);
        return mix;
      };
      const expected = bootstrapInterval(
        [buyers.map((r) => ({ role: r, weight: 1 })), users],
        ([b, u]) => jensenShannon(mixOf(b!), mixOf(u!)),
        resamples,
      );
      const args = [Int32Array.from(buyers), users.map((u) => u.role), users.map((u) => u.weight), roles, resamples] as const;
      expect(rolesDivergenceInterval(...args)).toEqual(expected);
      expect(rolesDivergenceInterval(...args, false)).toEqual(expected);
    }
  });
});
