/**
 * The deal→account and event→account joins of post-close-shelfware-rate,
 * promised-feature-adoption and free-to-paid-conversion-90d (src/metrics/account-joins.ts): a
 * won deal whose account id names no account, or events whose own account ids name none, give
 * insufficient data naming the link, never a shelfware rate of 1 or an adoption/conversion of 0.
 */
import { describe, expect, it } from 'vitest';
import shelfware from '../../src/metrics/checks/post-close-shelfware-rate.js';
import adoption from '../../src/metrics/checks/promised-feature-adoption.js';
import conversion from '../../src/metrics/checks/free-to-paid-conversion-90d.js';
import { account, deal, event, release, run, runLinked, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // T = 2025-01-01
const ids = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);
/** Account ids the deals name: the first `broken` X-prefixed (an id the accounts table does not know). */
const named = (n: number, broken: number) => ids(n).map((id, i) => (i < broken ? `X${id}` : id));

describe('post-close-shelfware-rate: deal→account and event→account on the cohort', () => {
  // Closed 2024-03-01 → usage window days 60–90 = [2024-04-30, 2024-05-30).
  const won = (accountId: string, i: number) => deal({ dealId: `d${i}`, accountId, closedAt: '2024-03-01', type: 'new' });
  const early = event({ accountId: 'a0', userId: null, timestamp: '2024-01-01', event: 'report_run' });
  const active = (accountId: string) => event({ accountId, userId: null, timestamp: '2024-05-10', event: 'report_run' });
  const company = (n: number, broken: number) =>
    tables({ deals: named(n, broken).map(won), accounts: ids(n).map((accountId) => account({ accountId })), events: [early, ...ids(n).map(active)] });

  it('is insufficient naming deal→account when no won deal names an account of the accounts table (was: 1.0, every account shelfware)', () => {
    const result = runLinked(shelfware, company(4, 4), asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0, needs: [{ kind: 'link', table: 'deals', link: 'deal→account' }] });
    if (result.kind !== 'insufficient') return;
    expect(result.reason).toMatch(/^the deal→account link reached 0 of 4 new-business won deals of the cohort whose account is in the accounts table \(0%\); below its floor of 50%/);
    expect(byKey(result.evidence).linkCoverage).toEqual([{ id: 'deal→account', linked: 0, of: 4, rate: 0, floor: 0.5, sourceRate: null }]);
  });

  it('measures when the deals name accounts of the table (healthy join)', () => {
    const result = runLinked(shelfware, company(4, 0), asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 4 });
    if (result.kind !== 'measured') return;
    expect(byKey(result.evidence).linkCoverage).toEqual([
      { id: 'deal→account', linked: 4, of: 4, rate: 1, floor: 0.5, sourceRate: null },
      { id: 'event→account', linked: 4, of: 4, rate: 1, floor: 0.5, sourceRate: 1 },
    ]);
  });

  it('at the floor measures the accounts that joined only; below it is insufficient', () => {
    // 5 of 10 found (50%): the 5 unfound are excluded, not counted as shelfware (was 0.5 on 10).
    const at = runLinked(shelfware, company(10, 5), asOf, { minN: 5 });
    expect(at).toMatchObject({ kind: 'measured', value: 0, n: 5 });
    if (at.kind === 'measured') expect(byKey(at.evidence)).toMatchObject({ excludedAccountNotFound: 5, accountsNeverSeenInEvents: 0 });
    // 4 of 10 (40%): insufficient.
    expect(runLinked(shelfware, company(10, 6), asOf, { minN: 3 })).toMatchObject({ kind: 'insufficient', needs: [{ link: 'deal→account' }] });
  });

  it('zero denominators: no new-business won deal is the minimum-cohort insufficiency, not a link', () => {
    const t = tables({ deals: [], accounts: ids(3).map((accountId) => account({ accountId })), events: [early] });
    const result = runLinked(shelfware, t, asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    if (result.kind === 'insufficient') expect(result.needs).toBeUndefined();
  });

  it('is insufficient naming event→account when the events name no account and only a few account-less events reach them through users (was: 1.0)', () => {
    // Each account: 3 events in its window whose own account id names nothing, and 1 account-less
    // event (through its user) before the window: 4 of 16 events link (25%).
    const n = 4;
    const users = ids(n).map((accountId, i) => user({ userId: `u${i}`, accountId }));
    const events = [
      ...ids(n).flatMap((id, i) => [0, 1, 2].map(() => event({ accountId: `X${id}`, userId: `u${i}`, timestamp: '2024-05-10', event: 'report_run' }))),
      ...ids(n).map((_, i) => event({ accountId: null, userId: `u${i}`, timestamp: '2024-01-01', event: 'report_run' })),
    ];
    const t = tables({ deals: ids(n).map(won), accounts: ids(n).map((accountId) => account({ accountId })), users, events });
    const result = runLinked(shelfware, t, asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 4, needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/reached 0 of 4 won accounts seen in product events \(0%\), and 25% of 16 events rows with a reference linked/);
  });

  it('counts accounts seen through their users when no event names an account (users-only exports)', () => {
    const users = ids(4).map((accountId, i) => user({ userId: `u${i}`, accountId }));
    const events = [event({ accountId: null, userId: 'u0', timestamp: '2024-01-01', event: 'report_run' }), ...ids(4).map((_, i) => event({ accountId: null, userId: `u${i}`, timestamp: '2024-05-10', event: 'report_run' }))];
    const result = run(shelfware, tables({ deals: ids(4).map(won), users, events }), asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 4 });
    if (result.kind === 'measured') expect(byKey(result.evidence)).toMatchObject({ accountsNeverSeenInEvents: 0 });
  });
});

describe('promised-feature-adoption: deal→account and event→account on the pairs', () => {
  // p1 launched before the closes: window [2024-03-01, 2024-05-30).
  const releases = [release({ feature: 'p1', kind: 'new', releasedAt: '2024-01-01' })];
  const won = (accountId: string, i: number) => deal({ dealId: `d${i}`, accountId, promisedFeatures: ['p1'], closedAt: '2024-03-01', stage: 'won' });
  const early = event({ event: 'login', feature: null, accountId: 'a0', userId: null, timestamp: '2024-01-01' });
  const used = (accountId: string) => event({ feature: 'p1', accountId, userId: null, timestamp: '2024-03-10' });
  const company = (n: number, broken: number) =>
    tables({ deals: named(n, broken).map(won), accounts: ids(n).map((accountId) => account({ accountId })), releases, events: [early, ...ids(n).map(used)] });

  it('is insufficient naming deal→account when the won deals name no account of the table (was: 0, nothing adopted)', () => {
    const result = runLinked(adoption, company(10, 10), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0, needs: [{ kind: 'link', table: 'deals', link: 'deal→account' }] });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/^the deal→account link reached 0 of 10 promised pairs whose deal's account is in the accounts table \(0%\)/);
  });

  it('measures with a healthy join, and at the floor on the pairs that joined only', () => {
    const healthy = runLinked(adoption, company(10, 0), asOf);
    expect(healthy).toMatchObject({ kind: 'measured', value: 1, n: 10 });
    if (healthy.kind === 'measured') expect(byKey(healthy.evidence).linkCoverage[0]).toEqual({ id: 'deal→account', linked: 10, of: 10, rate: 1, floor: 0.5, sourceRate: null });
    // 5 of 10 found (50%): measured on those 5 (was 0.5 on 10).
    const at = runLinked(adoption, company(10, 5), asOf, { minN: 5 });
    expect(at).toMatchObject({ kind: 'measured', value: 1, n: 5 });
    if (at.kind === 'measured') expect(byKey(at.evidence)).toMatchObject({ excludedAccountNotFound: 5 });
    expect(runLinked(adoption, company(10, 6), asOf, { minN: 3 })).toMatchObject({ kind: 'insufficient', needs: [{ link: 'deal→account' }] });
  });

  it('zero denominators: no measured pair is the minimum-pairs insufficiency, not a link', () => {
    const t = tables({ deals: [], accounts: ids(3).map((accountId) => account({ accountId })), releases, events: [early] });
    const result = runLinked(adoption, t, asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
    if (result.kind === 'insufficient') expect(result.needs).toBeUndefined();
  });

  it('is insufficient naming event→account when the events name no account, though users.csv knows them (was: 0, every pair "seen")', () => {
    const users = ids(10).map((accountId, i) => user({ userId: `u${i}`, accountId }));
    const start = event({ event: 'login', feature: null, accountId: null, userId: null, timestamp: '2024-01-01' }); // no reference
    const events = [start, ...ids(10).map((id, i) => event({ feature: 'p1', accountId: `X${id}`, userId: `u${i}`, timestamp: '2024-03-10' }))];
    const t = tables({ deals: ids(10).map(won), accounts: ids(10).map((accountId) => account({ accountId })), users, releases, events });
    const result = runLinked(adoption, t, asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 10, needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/event→account link reached 0 of 10 promised pairs whose account appears in product events \(0%\), and 0% of 10 events rows with a reference linked/);
  });
});

describe('free-to-paid-conversion-90d: deal→account on the deals won in the lookback', () => {
  // 4 signup accounts (2024-03-01), each with a won deal 2024-04-01 (converted within 90 days).
  const company = (n: number, broken: number) =>
    tables({
      users: ids(n).map((accountId, i) => user({ userId: `u${i}`, accountId, signupAt: '2024-03-01' })),
      deals: named(n, broken).map((accountId, i) => deal({ dealId: `d${i}`, accountId, closedAt: '2024-04-01' })),
      accounts: ids(n).map((accountId) => account({ accountId })),
    });

  it('is insufficient naming deal→account when the won deals name no account of the table (was: 0, no conversion)', () => {
    const result = runLinked(conversion, company(4, 4), asOf, { minN: 4 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 4, needs: [{ kind: 'link', table: 'deals', link: 'deal→account' }] });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/^the deal→account link reached 0 of 4 deals won in the lookback whose account is in the accounts table \(0%\)/);
  });

  it('measures with a healthy join and at the floor; below it is insufficient', () => {
    const healthy = runLinked(conversion, company(4, 0), asOf, { minN: 4 });
    expect(healthy).toMatchObject({ kind: 'measured', value: 1, n: 4 });
    if (healthy.kind === 'measured') {
      expect(byKey(healthy.evidence).linkCoverage).toEqual([
        { id: 'deal→account', linked: 4, of: 4, rate: 1, floor: 0.5, sourceRate: null },
        { id: 'user→account', linked: 4, of: 4, rate: 1, floor: 0.5, sourceRate: 1 },
      ]);
    }
    const at = runLinked(conversion, company(4, 2), asOf, { minN: 4 });
    expect(at).toMatchObject({ kind: 'measured', value: 0.5, n: 4 });
    if (at.kind === 'measured') expect(byKey(at.evidence).linkCoverage[1]).toMatchObject({ id: 'user→account', linked: 2, of: 2 });
    expect(runLinked(conversion, company(4, 3), asOf, { minN: 4 })).toMatchObject({ kind: 'insufficient', needs: [{ link: 'deal→account' }] });
  });

  it('zero denominators: no deal won in the lookback leaves the floor out (0 of 0)', () => {
    const t = tables({ users: ids(4).map((accountId, i) => user({ userId: `u${i}`, accountId, signupAt: '2024-03-01' })), deals: [], accounts: ids(4).map((accountId) => account({ accountId })) });
    // requiresFields deals.stage: with no deal the check measures 0 of 4 (no conversion), its floors 0 of 0.
    const result = runLinked(conversion, t, asOf, { minN: 4 });
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 4 });
  });
});
