import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/self-serve-won-share.js';
import { account, activity, contact, deal, run, runLinked, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// T = 2025-01-01T00:00Z; the lookback is [2024-01-02, T).
const asOf = '2024-12-31';

describe('self-serve-won-share', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one won deal (below minN)', () => {
    expect(run(metric, tables({ deals: [deal({ source: 'inbound' })] }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient with no won deals in the window (zero denominator)', () => {
    const deals = [
      deal({ dealId: 'd1', stage: 'lost', source: 'inbound' }),
      deal({ dealId: 'd2', source: 'inbound', closedAt: '2023-06-01' }), // before the lookback
      deal({ dealId: 'd3', source: 'inbound', closedAt: '2025-02-01' }), // after T
    ];
    expect(run(metric, tables({ deals }), asOf, { minN: 1 })).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('computes the share by hand', () => {
    const deals = [
      deal({ dealId: 'd1', source: 'self-serve', amount: 1000 }), // self-serve
      deal({ dealId: 'd2', source: 'inbound', amount: 1000 }), // demo before close: assisted
      deal({ dealId: 'd3', source: 'outbound', amount: 6000 }), // sales
      deal({ dealId: 'd4', source: null, amount: 1000 }), // unknown source
      deal({ dealId: 'd5', source: 'product', amount: 500 }), // meeting after close: still self-serve
      deal({ dealId: 'd6', source: 'PQL', amount: 500 }), // only a call: self-serve
      deal({ dealId: 'd7', source: 'product', stage: 'lost' }), // lost
      deal({ dealId: 'd8', source: 'product', closedAt: '2023-06-01' }), // outside lookback
    ];
    const activities = [
      activity({ dealId: 'd2', type: 'demo', occurredAt: '2024-01-20' }),
      activity({ dealId: 'd5', type: 'meeting', occurredAt: '2024-03-01' }),
      activity({ dealId: 'd6', type: 'call', occurredAt: '2024-01-20' }),
    ];
    // won in window: d1..d6 = 6; self-serve: d1, d5, d6 = 3 → 3/6 = 0.5
    // amount share: (1000 + 500 + 500) / 10000 = 0.2; if d4 were product: (3 + 1) / 6 = 0.6667
    const result = run(metric, tables({ deals, activities }), asOf, { minN: 6 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.5);
    expect(result.n).toBe(6);
    expect(byKey(result.evidence)).toMatchObject({
      selfServe: 3,
      productSourced: 4,
      productSourcedWithMeetings: 1,
      salesSourced: 1,
      unknownSource: 1,
      selfServeAmountShare: 0.2,
      upperBoundIfUnknownWereProduct: 0.6667,
      topUnknownSources: [{ id: '(blank)', count: 1 }],
      productDealsWithMeetings: [{ id: 'd2', meetings: 1 }],
    });
    expect(result.interval).toEqual([expect.any(Number), expect.any(Number)]);
  });

  it('is insufficient, not 62.5% self-serve, when 25 of 40 product wins have meetings whose contact ids name no contact', () => {
    // 40 inbound wins Dk at acc-k (created 2024-05-01, closed 2024-06-01), 3 meetings each on 2024-05-15: deals 1–15's
    // name the deal; deals 16–40's carry only a contact id, Xk (not in contacts.csv: a failed join) or Ck (contact at acc-k).
    // Won deals with a linked touch 15 / 40; touches with a reference 45 / 120: 37.5% each, below the 50% floor.
    // (Before: the 75 meetings counted as without a reference, 45 / 45 met the floor, and 25 / 40 = 0.625 read self-serve.)
    const company = (contactOf: (k: number) => string) => {
      const ks = Array.from({ length: 40 }, (_, i) => i + 1);
      return tables({
        deals: ks.map((k) => deal({ dealId: `D${k}`, accountId: `acc-${k}`, source: 'inbound', createdAt: '2024-05-01', closedAt: '2024-06-01' })),
        accounts: ks.map((k) => account({ accountId: `acc-${k}` })),
        contacts: ks.map((k) => contact({ contactId: `C${k}`, accountId: `acc-${k}` })),
        activities: ks.flatMap((k) =>
          Array.from({ length: 3 }, () => activity({ type: 'meeting', occurredAt: '2024-05-15', ...(k <= 15 ? { dealId: `D${k}` } : { dealId: null, contactId: contactOf(k) }) })),
        ),
      });
    };
    const result = runLinked(metric, company((k) => `X${k}`), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 40, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
    if (result.kind === 'insufficient') {
      expect(result.reason).toMatch(/^the activity→deal link reached 15 of 40 won deals with a linked touch \(38%\), and 38% of 120 touches naming a deal, an account or an unmatched contact linked; below its floor of 50%/);
    }
    // The same meetings with contact ids that name contacts reach every deal through the contact's account: none self-serve.
    const found = runLinked(metric, company((k) => `C${k}`), asOf);
    expect(found).toMatchObject({ kind: 'measured', value: 0, n: 40 });
    if (found.kind === 'measured') expect(byKey(found.evidence).linkCoverage[0]).toMatchObject({ linked: 40, of: 40, sourceRate: 1 });
  });

  describe('link floor: won deals with a linked touch pass, touches with a reference do not (requireSource)', () => {
    // 30 inbound wins Dk at acc-k (created 2024-05-01, closed 2024-06-01), each with 1 call that carries only its account
    // (it joins Dk: every won deal has a linked touch) and what `more(k)` adds: meetings naming Dk, or a deal id XDk that
    // names no deal (a reference that failed).
    const ks = Array.from({ length: 30 }, (_, i) => i + 1);
    const meeting = (dealId: string) => activity({ type: 'meeting', dealId, occurredAt: '2024-05-15' });
    const company = (more: (k: number) => ReturnType<typeof activity>[]) =>
      tables({
        deals: ks.map((k) => deal({ dealId: `D${k}`, accountId: `acc-${k}`, source: 'inbound', createdAt: '2024-05-01', closedAt: '2024-06-01' })),
        activities: ks.flatMap((k) => [activity({ type: 'call', dealId: null, accountId: `acc-${k}`, occurredAt: '2024-05-10' }), ...more(k)]),
      });

    it('is insufficient, not 100% self-serve, when every win\'s 2 meetings name a deal id that names no deal', () => {
      // Won deals with a linked touch 30 / 30 = 100%; touches with a reference that joined 30 / 90 = 33%, below the 50% floor.
      // Before: the 100% met the floor, no meeting joined, and all 30 inbound wins read self-serve: measured 1.
      const result = runLinked(metric, company((k) => [meeting(`XD${k}`), meeting(`XD${k}`)]), asOf);
      expect(result).toMatchObject({ kind: 'insufficient', n: 30, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
      if (result.kind !== 'insufficient') return;
      expect(result.reason).toBe(
        'the activity→deal link linked only 33% of 90 touches naming a deal, an account or an unmatched contact, below its floor of 50%; ' +
          '30 of 30 won deals with a linked touch (100%) is not evidence, since the rows that did link can reach most of them (pullcheck inspect shows the links)',
      );
      expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 30, of: 30, rate: 1, floor: 0.5, sourceRate: 0.3333 });
    });

    it('measures when both pass: 10 wins with a meeting naming the deal, 20 with a failed deal id (40 of 60 touches joined)', () => {
      // Deals 1–10: a meeting naming Dk (assisted); deals 11–30: a call naming XDk (failed; a call is no meeting anyway).
      // Touches with a reference 40 / 60 = 67%, won deals 30 / 30: self-serve 20 / 30.
      const result = runLinked(metric, company((k) => [k <= 10 ? meeting(`D${k}`) : activity({ type: 'call', dealId: `XD${k}`, occurredAt: '2024-05-15' })]), asOf);
      expect(result).toMatchObject({ kind: 'measured', value: 0.6667, n: 30 });
      if (result.kind === 'measured') expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 30, of: 30, rate: 1, sourceRate: 0.6667 });
      // One more failed meeting on each of deals 11–30: 40 of 80 = 50%, still at the floor: measured.
      expect(runLinked(metric, company((k) => (k <= 10 ? [meeting(`D${k}`)] : [activity({ type: 'call', dealId: `XD${k}`, occurredAt: '2024-05-15' }), meeting(`XD${k}`)])), asOf)).toMatchObject({ kind: 'measured', n: 30 });
    });

    it('zero denominators: no won deals under a minN of 0, and no touch carrying a reference (0 of 30 deals linked)', () => {
      expect(runLinked(metric, tables({ deals: [deal({ stage: 'lost', source: 'inbound' })], activities: [meeting('d1')] }), asOf, { minN: 0 })).toMatchObject({ kind: 'insufficient', n: 0 });
      // Only meetings logged against P1, a contact found without an account: no touch carries a reference (no rate of
      // touches), and no won deal has a linked touch: insufficient, never 30 / 30 self-serve.
      const t = company(() => []);
      t.activities = tables({ activities: ks.map(() => activity({ type: 'meeting', dealId: null, contactId: 'P1', occurredAt: '2024-05-15' })) }).activities;
      t.contacts = [contact({ contactId: 'P1', accountId: null })];
      const result = runLinked(metric, t, asOf);
      expect(result).toMatchObject({ kind: 'insufficient', n: 30 });
      if (result.kind === 'insufficient') expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 0, of: 30, rate: 0, sourceRate: null });
    });
  });
});
