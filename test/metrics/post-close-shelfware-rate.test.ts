import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/post-close-shelfware-rate.js';
import { account, deal, event, run, runLinked, tables, user } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z. Mature: closedAt <= T − 90 d = 2024-10-03. Lookback start: T − 455 d = 2023-10-04.
const asOf = '2024-12-31';

const won = (accountId: string, closedAt: string, p: Parameters<typeof deal>[0] = {}) =>
  deal({ dealId: `deal-${accountId}-${closedAt}`, accountId, closedAt, createdAt: '2023-01-01', type: 'new', ...p });
const use = (accountId: string | null, timestamp: string, p: Parameters<typeof event>[0] = {}) =>
  event({ accountId, userId: null, timestamp, event: 'report_run', ...p });

// An early event so every usage window below starts after the first day of event data.
const early = use('zz-other', '2023-01-01');

describe('post-close-shelfware-rate', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient when there are won deals but no product events', () => {
    const deals = Array.from({ length: 40 }, (_, i) => won(`a${i}`, '2024-03-01'));
    const result = run(metric, tables({ deals }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/no product events/);
  });

  it('is insufficient with one won account', () => {
    const result = run(metric, tables({ deals: [won('a1', '2024-06-01')], events: [early] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('counts accounts with no core event in days 60–90 after close, excluding immature and non-new wins', () => {
    // closed 2024-06-01 → usage window [2024-07-31, 2024-08-30)
    const deals = [
      won('a1', '2024-06-01', { amount: 10_000 }),
      won('a2', '2024-06-01', { amount: 50_000 }),
      won('a3', '2024-06-01', { amount: 30_000 }),
      won('a4', '2024-06-01', { amount: 20_000 }),
      won('a5', '2024-11-01'), // immature: excluded, counted
      won('a6', '2024-06-01', { type: 'renewal' }), // not new business: excluded
      won('a7', '2023-06-01'), // before the 455-day lookback
      won('a8', '2024-06-01', { stage: 'lost' }),
    ];
    const events = [
      early,
      use('a1', '2024-08-10'), // active → not shelfware
      use('a2', '2024-08-10', { event: 'login' }), // login is not a core event → shelfware
      use('a3', '2024-09-15'), // after the window → shelfware
      use('a4', '2024-07-30'), // before the window → shelfware
      use('a5', '2024-08-10'),
    ];
    // shelfware a2, a3, a4 of cohort a1..a4 → 3 / 4 = 0.75
    const result = run(metric, tables({ deals, events }), asOf, { minN: 4 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.75);
    expect(result.n).toBe(4);
    expect(byKey(result.evidence)).toMatchObject({
      cohortAccounts: 4,
      shelfwareAccounts: 3,
      immatureAccountsExcluded: 1,
      excludedNotNewBusiness: 1,
      accountsNeverSeenInEvents: 0,
    });
    expect(byKey(result.evidence).exampleShelfwareAccounts).toEqual([
      { id: 'a2', amount: 50_000, closedOn: '2024-06-01' },
      { id: 'a3', amount: 30_000, closedOn: '2024-06-01' },
      { id: 'a4', amount: 20_000, closedOn: '2024-06-01' },
    ]);
    expect(result.interval).toEqual(expect.any(Array));
  });

  it('uses the 90-day maturity boundary and attributes events through users', () => {
    const deals = [
      won('b1', '2024-10-03'), // exactly 90 days before T: mature; window [2024-12-02, 2025-01-01)
      won('b2', '2024-10-04'), // 89 days: immature
      won('b3', '2024-05-01'),
    ];
    const users = [user({ userId: 'u3', accountId: 'b3' })];
    const events = [
      early,
      use('b1', '2024-12-31'),
      use(null, '2024-07-05', { userId: 'u3' }), // b3's window [2024-06-30, 2024-07-30): active via its user
    ];
    // cohort b1, b3: both active → 0 / 2 = 0
    const result = run(metric, tables({ deals, events, users }), asOf, { minN: 2 });
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 2 });
    if (result.kind === 'measured') expect(byKey(result.evidence)).toMatchObject({ immatureAccountsExcluded: 1 });
  });

  it('excludes accounts whose usage window starts before the event data, and flags accounts never seen', () => {
    const deals = [won('c1', '2024-01-10'), won('c2', '2024-07-01'), won('c3', '2024-07-01'), won('c4', '2024-07-01')];
    // first event day 2024-05-01: c1's window starts 2024-03-10 → excluded
    const events = [use('c2', '2024-05-01'), use('c2', '2024-09-10')];
    // cohort c2 (active), c3, c4 (never seen) → 2 / 3 = 0.6667; events link to CRM accounts, so unseen accounts are real shelfware
    const result = runLinked(metric, tables({ deals, events }), asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'measured', value: 0.6667, n: 3 });
    if (result.kind !== 'measured') return;
    expect(byKey(result.evidence)).toMatchObject({ excludedBeforeEventData: 1, accountsNeverSeenInEvents: 2 });
    expect(result.notes?.[0]).toMatch(/2 of 3 won accounts never appear/);
  });

  it('measures an account from its earliest mature new-business close and sums its amounts', () => {
    const deals = [won('d1', '2024-03-01', { amount: 1_000 }), won('d1', '2024-06-01', { amount: 2_000 }), won('d2', '2024-03-01', { amount: 500 })];
    // d1 window from 2024-03-01: [2024-04-30, 2024-05-30); the event at 2024-08-10 (in the later deal's window) does not count
    const events = [early, use('d1', '2024-08-10')];
    const result = run(metric, tables({ deals, events }), asOf, { minN: 2 });
    expect(result).toMatchObject({ kind: 'measured', value: 1, n: 2 });
    if (result.kind === 'measured') {
      expect(byKey(result.evidence).exampleShelfwareAccounts).toEqual([
        { id: 'd1', amount: 3_000, closedOn: '2024-03-01' },
        { id: 'd2', amount: 500, closedOn: '2024-03-01' },
      ]);
    }
  });

  it('is insufficient, naming the link, when won accounts do not link to product accounts (never a rate from a failed join)', () => {
    // CRM accounts by id, product events by an id the CRM does not know: nothing links.
    const deals = Array.from({ length: 4 }, (_, i) => won(`crm-${i}`, '2024-03-01'));
    const events = [early, ...Array.from({ length: 4 }, (_, i) => use(`prod-${i}`, '2024-05-10'))];
    const t = tables({ deals, events, accounts: deals.map((d) => account({ accountId: d.accountId!, name: `Company ${d.accountId}` })) });
    const result = runLinked(metric, t, asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 4, needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/event→account link reached 0 of 4 won accounts seen in product events \(0%\).*floor of 50%/);
  });

  it('notes when most shelfware accounts are never seen while some events link to no CRM account (a partial join above the floor), with the rate among accounts seen', () => {
    // 10 CRM accounts won 2024-03-01 (usage window 2024-04-30..2024-05-30): crm-0..5 active,
    // crm-6 seen after its window, crm-7..9 never seen → shelfware crm-6..9 = 4 of 10.
    const deals = Array.from({ length: 10 }, (_, i) => won(`crm-${i}`, '2024-03-01'));
    const accounts = deals.map((d) => account({ accountId: d.accountId!, name: `Company ${d.accountId}` }));
    const base = [use('crm-0', '2023-01-01'), ...Array.from({ length: 6 }, (_, i) => use(`crm-${i}`, '2024-05-10')), use('crm-6', '2024-08-10')];
    // Events on accounts the CRM does not know: the events' join is partial.
    const unknown = [use('prod-7', '2024-05-10'), use('prod-8', '2024-05-10'), use('prod-9', '2024-05-10')];
    const partial = runLinked(metric, tables({ deals, accounts, events: [...base, ...unknown] }), asOf, { minN: 3 });
    expect(partial).toMatchObject({ kind: 'measured', value: 0.4, n: 10 });
    if (partial.kind !== 'measured') return;
    expect(partial.notes?.[0]).toMatch(
      /^3 of the 4 shelfware accounts never appear in product events, and 27% of the events' account ids link to no CRM account: .*among the 7 accounts seen in events, 1 \(14\.3%\) are shelfware$/,
    );
    // Every event's account is a CRM account: the unseen accounts are real shelfware, no note.
    const whole = runLinked(metric, tables({ deals, accounts, events: base }), asOf, { minN: 3 });
    expect(whole).toMatchObject({ kind: 'measured', value: 0.4, n: 10 });
    if (whole.kind === 'measured') expect(whole.notes).toBeUndefined();
  });

  it('measures when product accounts match CRM accounts by domain', () => {
    const deals = Array.from({ length: 4 }, (_, i) => won(`crm-${i}`, '2024-03-01'));
    const events = [early, ...Array.from({ length: 3 }, (_, i) => use(`co${i}.com`, '2024-05-10'))];
    const t = tables({ deals, events, accounts: deals.map((d, i) => account({ accountId: d.accountId!, domain: `co${i}.com` })) });
    const result = runLinked(metric, t, asOf, { minN: 3 });
    // crm-0..2 active in days 60–90 (2024-04-30..2024-05-30), crm-3 never seen: 1 / 4
    expect(result).toMatchObject({ kind: 'measured', value: 0.25, n: 4 });
    if (result.kind === 'measured') expect(byKey(result.evidence).linkCoverage).toEqual([
        { id: 'deal→account', linked: 4, of: 4, rate: 1, floor: 0.5, sourceRate: null },
        { id: 'event→account', linked: 3, of: 4, rate: 0.75, floor: 0.5, sourceRate: 0.75 },
      ]);
  });
});
