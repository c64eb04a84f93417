import { describe, expect, it } from 'vitest';
import metric, { touchesHistogram } from '../../src/metrics/checks/touches-per-won-deal.js';
import { account, activity, contact, deal, run, runLinked, tables } from '../helpers/factories.js';
import type { Activity, Deal } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // T = 2025-01-01T00:00Z; 365-day window starts 2024-01-02

/** A won deal `id` with `n` call touches logged against its deal id. */
function withTouches(id: string, n: number, p: Parameters<typeof deal>[0] = {}): { d: Deal; acts: Activity[] } {
  const d = deal({ dealId: id, accountId: `acc-${id}`, name: `Deal ${id}`, closedAt: '2024-06-01', createdAt: '2024-05-01', ...p });
  const acts = Array.from({ length: n }, () => activity({ dealId: id, type: 'call', occurredAt: '2024-05-15' }));
  return { d, acts };
}

function build(specs: Array<{ d: Deal; acts: Activity[] }>, extra: Activity[] = []) {
  return tables({ deals: specs.map((s) => s.d), activities: [...specs.flatMap((s) => s.acts), ...extra] });
}

describe('touches-per-won-deal', () => {
  it('counts won deals by touches in fixed buckets, by hand', () => {
    const s = touchesHistogram([0, 0, 1, 2, 3, 5, 6, 10, 11, 20, 21, 40, 41, 400], '< 10000');
    expect(s.points).toEqual([
      { x: '0', y: 2 }, { x: '1–2', y: 2 }, { x: '3–5', y: 2 }, { x: '6–10', y: 2 }, { x: '11–20', y: 2 }, { x: '21–40', y: 2 }, { x: '41+', y: 2 },
    ]);
    expect(s.title).toContain('< 10000');
    expect(touchesHistogram([], 'all amounts').points.every((p) => p.y === 0)).toBe(true);
  });

  it('is insufficient with empty tables', () => {
    const result = run(metric, tables(), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one won deal (below minN)', () => {
    const result = run(metric, build([withTouches('x', 3)]), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
    if (result.kind === 'insufficient') expect(result.reason).toContain('1 won deal in the last 365 days; need 10');
  });

  it('is insufficient when no activities exist at all (every deal would read 0)', () => {
    const deals = Array.from({ length: 12 }, (_, i) => deal({ dealId: `d${i}` }));
    const result = run(metric, tables({ deals, activities: [] }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/no activities/);
  });

  it('takes the median touches of won deals in the window (odd count)', () => {
    // touches 0, 1, 2, 5, 9 → sorted median = 2
    const specs = [withTouches('a', 0), withTouches('b', 1), withTouches('c', 2), withTouches('d', 5), withTouches('e', 9)];
    // excluded: lost deal, deal closed before the window (2024-01-01), deal closed after T
    specs.push(withTouches('lost', 50, { stage: 'lost' }));
    specs.push(withTouches('old', 50, { closedAt: '2024-01-01', createdAt: '2023-12-01' }));
    specs.push(withTouches('future', 50, { closedAt: '2025-01-01' }));
    // notes/tasks are not touches
    const notes = Array.from({ length: 10 }, () => activity({ dealId: 'a', type: 'note' }));
    const result = run(metric, build(specs, notes), asOf, { minN: 5 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(2);
    expect(result.n).toBe(5);
    expect(byKey(result.evidence)).toMatchObject({ zeroTouchDeals: 1, zeroTouchShare: 0.2 });
    expect(byKey(result.evidence).mostTouchedDeals).toEqual([
      { id: 'e', name: 'Deal e', touches: 9 },
      { id: 'd', name: 'Deal d', touches: 5 },
      { id: 'c', name: 'Deal c', touches: 2 },
      { id: 'b', name: 'Deal b', touches: 1 },
      { id: 'a', name: 'Deal a', touches: 0 },
    ]);
    expect(result.interval).toBeDefined();
    expect(result.notes).toBeUndefined(); // 20% zero-touch is not above the 20% warning line
  });

  it('includes a deal closed on the as-of day and one on the first day of the window', () => {
    // touches 4 (closed 2024-12-31) and 6 (closed 2024-01-02) → median (4 + 6) / 2 = 5
    const specs = [withTouches('last', 4, { closedAt: '2024-12-31' }), withTouches('first', 6, { closedAt: '2024-01-02', createdAt: '2023-12-01' })];
    const result = run(metric, build(specs), asOf, { minN: 2 });
    expect(result).toMatchObject({ kind: 'measured', value: 5, n: 2 });
  });

  it('restricts to the amount band: min inclusive, max exclusive, missing amounts excluded and counted', () => {
    const specs = [
      withTouches('lo', 100, { amount: 9_999 }), // below band
      withTouches('min', 2, { amount: 10_000 }), // in (inclusive)
      withTouches('mid', 4, { amount: 30_000 }), // in
      withTouches('hi', 6, { amount: 49_999.99 }), // in
      withTouches('max', 100, { amount: 50_000 }), // out (exclusive)
      withTouches('none', 100, { amount: null }), // excluded: missing amount
    ];
    // 2, 4, 6 → median 4
    const result = run(metric, build(specs), asOf, { minAmount: 10_000, maxAmount: 50_000, minN: 3 });
    expect(result).toMatchObject({ kind: 'measured', value: 4, n: 3 });
    if (result.kind !== 'measured') return;
    expect(byKey(result.evidence)).toMatchObject({ band: '10000–50000', excludedMissingAmount: 1 });
  });

  it('keeps missing-amount deals when there is no band at all', () => {
    const specs = [withTouches('a', 1, { amount: null }), withTouches('b', 3)];
    const result = run(metric, build(specs), asOf, { minN: 2 });
    expect(result).toMatchObject({ kind: 'measured', value: 2, n: 2 });
  });

  it('names the band in the insufficient reason', () => {
    const result = run(metric, build([withTouches('a', 1, { amount: 60_000 })]), asOf, { minAmount: 50_000 });
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toBe('1 won deal with amount >= 50000 in the last 365 days; need 10');
  });

  it('is insufficient for an empty band (min >= max)', () => {
    const result = run(metric, build([withTouches('a', 1)]), asOf, { minAmount: 50_000, maxAmount: 10_000 });
    expect(result).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('joins account-level touches within the deal span and warns when many deals have no touch', () => {
    // deal a: 2 touches by account (one inside span, one after close → only 1 counts) ; deals b, c: 0
    const specs = [withTouches('a', 0), withTouches('b', 0), withTouches('c', 0), withTouches('d', 3)];
    const acct = [
      activity({ dealId: null, accountId: 'acc-a', type: 'meeting', occurredAt: '2024-05-10' }),
      activity({ dealId: null, accountId: 'acc-a', type: 'meeting', occurredAt: '2024-07-10' }),
    ];
    // touches a=1, b=0, c=0, d=3 → median (0 + 1) / 2 = 0.5; zero-touch 2/4 = 50% > 20% → note
    const result = run(metric, build(specs, acct), asOf, { minN: 4 });
    expect(result).toMatchObject({ kind: 'measured', value: 0.5 });
    if (result.kind !== 'measured') return;
    expect(byKey(result.evidence)).toMatchObject({ zeroTouchDeals: 2, zeroTouchShare: 0.5 });
    expect(result.notes?.[0]).toMatch(/50% of won deals have no logged touch/);
  });

  it('never puts owners in evidence', () => {
    const specs = [withTouches('a', 1, { owner: 'Jane Seller' }), withTouches('b', 2, { owner: 'Jane Seller' })];
    const result = run(metric, build(specs), asOf, { minN: 2 });
    expect(JSON.stringify(result)).not.toContain('Jane');
  });

  describe('link floor (activity→deal)', () => {
    // 12 won deals named like HubSpot / Salesforce deals; each has 3 calls that name the deal.
    const named = (i: number): Deal => deal({ dealId: `9${i}`, accountId: `acc-${i}`, name: `Company ${i} - New Business`, closedAt: '2024-06-01', createdAt: '2024-05-01' });
    const deals = Array.from({ length: 12 }, (_, i) => named(i));
    const calls = (ref: (i: number) => string): Activity[] =>
      deals.flatMap((_, i) => Array.from({ length: 3 }, () => activity({ dealId: ref(i), type: 'call', occurredAt: '2024-05-15' })));

    it('measures touches when activities carry the deal name ("Associated Deal", "Related To")', () => {
      const result = runLinked(metric, tables({ deals, activities: calls((i) => `company ${i} – new business`) }), asOf);
      expect(result).toMatchObject({ kind: 'measured', value: 3, n: 12 });
      if (result.kind === 'measured') expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ id: 'activity→deal', linked: 12, of: 12, rate: 1 });
    });

    it('is insufficient naming the link, never 0, when no activity joins a deal', () => {
      const result = runLinked(metric, tables({ deals, activities: calls((i) => `Other ${i} - Renewal`) }), asOf);
      expect(result).toMatchObject({ kind: 'insufficient', n: 12, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
      if (result.kind === 'insufficient') {
        expect(result.reason).toMatch(/activity→deal link reached 0 of 12 won deals with a linked touch \(0%\), and 0% of 36 touches naming a deal, an account or an unmatched contact linked; below its floor of 50%/);
      }
    });

    it('keeps zero-touch deals as real zeros when the touches that name a deal do join (self-serve wins)', () => {
      // 4 of 12 deals touched (33% < 50%), but every touch joined its deal: the other 8 are true zeros.
      const result = runLinked(metric, tables({ deals, activities: calls((i) => `9${i}`).slice(0, 12) }), asOf);
      expect(result).toMatchObject({ kind: 'measured', value: 0, n: 12 });
      if (result.kind === 'measured') expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 4, of: 12, sourceRate: 1 });
    });

    it('is insufficient when a quarter of the touches join, and measured under a configured floor of 20%', () => {
      const t = () => tables({ deals, activities: calls((i) => (i < 3 ? `9${i}` : `Nobody ${i}`)) });
      // 3 of 12 deals touched, 9 of 36 touches joined: 25% each.
      expect(runLinked(metric, t(), asOf).kind).toBe('insufficient');
      const settings = { ...DEFAULT_SETTINGS, linkFloors: { ...DEFAULT_SETTINGS.linkFloors, 'activity→deal': 0.2 } };
      expect(runLinked(metric, t(), asOf, {}, settings)).toMatchObject({ kind: 'measured', value: 0, n: 12 });
    });
  });

  describe('link floor: touches logged against a contact only (no deal, no account)', () => {
    // Won deal Dk (20,000, mid band) at account acc-k, created 2024-05-01, closed 2024-06-01; contact Ck at acc-k.
    const company = (k: number) => ({
      d: deal({ dealId: `D${k}`, accountId: `acc-${k}`, amount: 20_000, createdAt: '2024-05-01', closedAt: '2024-06-01' }),
      a: account({ accountId: `acc-${k}`, name: `Company ${k}` }),
      c: contact({ contactId: `C${k}`, accountId: `acc-${k}` }),
    });
    /** `deals` companies; company k's 3 calls (2024-05-15) carry what `ref(k)` says: a deal id or a contact id. */
    function crm(deals: number, ref: (k: number) => { dealId: string } | { contactId: string }, extraContacts: ReturnType<typeof contact>[] = []) {
      const cs = Array.from({ length: deals }, (_, i) => company(i + 1));
      const activities = cs.flatMap((_, i) =>
        Array.from({ length: 3 }, () => activity({ type: 'call', occurredAt: '2024-05-15', dealId: null, ...ref(i + 1) })),
      );
      return tables({ deals: cs.map((x) => x.d), accounts: cs.map((x) => x.a), contacts: [...cs.map((x) => x.c), ...extraContacts], activities });
    }
    const mid = { minAmount: 10_000, maxAmount: 50_000 };

    it('is insufficient, never a median of 0, when 25 of 40 won deals have calls whose contact ids name no contact', () => {
      // Deals 1–15: 3 calls naming the deal (45 touches joined). Deals 16–40: 3 calls with contact X16–X40, not in contacts (75 touches).
      // Won deals with a linked touch 15 / 40 = 37.5%; touches with a reference 45 / 120 = 37.5%: both below 50%.
      // (Before: the 75 counted as without a reference, so 45 / 45 = 100% met the floor and the median read 0.)
      const result = runLinked(metric, crm(40, (k) => (k <= 15 ? { dealId: `D${k}` } : { contactId: `X${k}` })), asOf, mid);
      expect(result).toMatchObject({ kind: 'insufficient', n: 40, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
      if (result.kind !== 'insufficient') return;
      expect(result.reason).toBe(
        'the activity→deal link reached 15 of 40 won deals with amount 10000–50000 with a linked touch (38%), and 38% of 120 touches naming a deal, an account or an unmatched contact linked; ' +
          'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
      );
      expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 15, of: 40, rate: 0.375, floor: 0.5, sourceRate: 0.375 });

      // The same 25 deals' calls with contact ids that name contacts reach the deals through the contact's account: 3 each.
      const found = runLinked(metric, crm(40, (k) => (k <= 15 ? { dealId: `D${k}` } : { contactId: `C${k}` })), asOf, mid);
      expect(found).toMatchObject({ kind: 'measured', value: 3, n: 40 });
      if (found.kind === 'measured') expect(byKey(found.evidence).linkCoverage[0]).toMatchObject({ linked: 40, of: 40, rate: 1, sourceRate: 1 });
    });

    it('with no contacts table at all, a contact id names no contact: the 40-deal case is insufficient too', () => {
      // As under activity→account (docs/data-model.md "Links"): no contacts.csv, so C16–C40 name no contact.
      // 15 of 40 deals, 45 of 120 touches. Before: 45 / 45 with a reference, and a median of 0.
      const t = crm(40, (k) => (k <= 15 ? { dealId: `D${k}` } : { contactId: `C${k}` }));
      t.contacts = [];
      const result = runLinked(metric, t, asOf, mid);
      expect(result).toMatchObject({ kind: 'insufficient', n: 40 });
      if (result.kind === 'insufficient') expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 15, of: 40, rate: 0.375, sourceRate: 0.375 });
    });

    it('around the floor: 25% of contacts found is insufficient, 50% and 75% measure with that rate as the rate of rows with a reference', () => {
      // 20 won deals, 3 contact-only calls each; the first `found` deals' contacts are in contacts.csv, the rest (Xk) are not.
      const at = (found: number) => runLinked(metric, crm(20, (k) => ({ contactId: k <= found ? `C${k}` : `X${k}` })), asOf, mid);
      // 25%: 5 deals touched (25%), 15 of 60 touches joined (25%). Before: 15 / 15 = 100% and a median of 0.
      const quarter = at(5);
      expect(quarter).toMatchObject({ kind: 'insufficient', n: 20 });
      if (quarter.kind === 'insufficient') expect(quarter.reason).toContain('reached 5 of 20 won deals with amount 10000–50000 with a linked touch (25%), and 25% of 60 touches naming a deal, an account or an unmatched contact linked');
      // 50%: 10 deals with 3, 10 with 0 → median (0 + 3) / 2 = 1.5; 30 of 60 touches joined. Before: sourceRate 1.
      const half = at(10);
      expect(half).toMatchObject({ kind: 'measured', value: 1.5, n: 20 });
      if (half.kind === 'measured') expect(byKey(half.evidence).linkCoverage[0]).toMatchObject({ linked: 10, of: 20, rate: 0.5, sourceRate: 0.5 });
      // 75%: 15 deals with 3, 5 with 0 → median 3; 45 of 60 touches joined.
      const most = at(15);
      expect(most).toMatchObject({ kind: 'measured', value: 3, n: 20 });
      if (most.kind === 'measured') expect(byKey(most.evidence).linkCoverage[0]).toMatchObject({ linked: 15, of: 20, rate: 0.75, sourceRate: 0.75 });
    });

    it('zero touches joined: every call names no contact; the reason counts them (notes are not touches)', () => {
      // 12 won deals, 36 calls with contact ids X1–X12: 0 of 12 deals, 0 of 36 touches. Before: no rate of touches at all
      // ("…(0%); below…"), as if no touch carried a reference. 10 notes with a contact id X99 are not touches: not counted.
      const t = crm(12, (k) => ({ contactId: `X${k}` }));
      t.activities = tables({ activities: [...Array.from({ length: 36 }, (_, i) => activity({ type: 'call', occurredAt: '2024-05-15', dealId: null, contactId: `X${(i % 12) + 1}` })), ...Array.from({ length: 10 }, () => activity({ type: 'note', occurredAt: '2024-05-15', dealId: null, contactId: 'X99' }))] }).activities;
      const result = runLinked(metric, t, asOf, mid);
      expect(result).toMatchObject({ kind: 'insufficient', n: 12 });
      if (result.kind === 'insufficient') expect(result.reason).toMatch(/reached 0 of 12 won deals with amount 10000–50000 with a linked touch \(0%\), and 0% of 36 touches naming a deal, an account or an unmatched contact linked; below its floor of 50%/);
    });

    it('an ambiguous contact id (8.00 beside contacts 8 and 8.0) is a failed reference; a contact found without an account names none', () => {
      // Deals 1–4: 3 calls naming the deal (12 touches joined); deals 5–12: 3 calls with contact id 8.00, which is
      // the whole number of two contacts, 8 and 8.0 (24 touches). 4 of 12 deals (33%), 12 of 36 touches (33%).
      // Before: 12 / 12 = 100% of touches "with a reference" joined, and the median read 0.
      const twins = [contact({ contactId: '8', accountId: 'acc-1' }), contact({ contactId: '8.0', accountId: 'acc-2' })];
      const result = runLinked(metric, crm(12, (k) => (k <= 4 ? { dealId: `D${k}` } : { contactId: '8.00' }), twins), asOf, mid);
      expect(result).toMatchObject({ kind: 'insufficient', n: 12 });
      if (result.kind === 'insufficient') expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 4, of: 12, sourceRate: 0.3333 });

      // The same 24 calls logged against a contact that is in contacts.csv with no account: the data names no
      // account or deal for them, so they stay without a reference (contact→account counts the contact's own
      // gap) and the other 8 deals read as zeros: 12 / 12 touches with a reference joined. (This held before too.)
      const lone = [contact({ contactId: 'P1', accountId: null })];
      const noAccount = runLinked(metric, crm(12, (k) => (k <= 4 ? { dealId: `D${k}` } : { contactId: 'P1' }), lone), asOf, mid);
      expect(noAccount).toMatchObject({ kind: 'measured', value: 0, n: 12 });
      if (noAccount.kind === 'measured') expect(byKey(noAccount.evidence).linkCoverage[0]).toMatchObject({ linked: 4, of: 12, sourceRate: 1 });
    });
  });

  describe('link floor: won deals with a linked touch pass, touches with a reference do not (requireSource)', () => {
    // Won deals created 2024-05-01, closed 2024-06-01 (no amount band). A call with no deal id and account acc-k joins
    // every deal of acc-k whose span holds it; a call naming deal XDk names no deal: a reference that failed.
    const wonAt = (k: number, accountId: string): Deal => deal({ dealId: `D${k}`, accountId, createdAt: '2024-05-01', closedAt: '2024-06-01' });
    const byAccount = (accountId: string): Activity => activity({ type: 'call', dealId: null, accountId, occurredAt: '2024-05-15' });
    const naming = (dealId: string): Activity => activity({ type: 'call', dealId, occurredAt: '2024-05-15' });
    const ks = Array.from({ length: 12 }, (_, i) => i + 1);

    it('is insufficient, never a median of 2, when 2 calls by account reach all 12 deals of one account and the 36 calls naming them failed', () => {
      // 12 won deals D1–D12 at acc-1; 2 calls with account acc-1 only (each joins all 12), 3 calls per deal naming XDk (36 failed).
      // Won deals with a linked touch 12 / 12 = 100%; touches with a reference that joined 2 / 38 = 5%, below the 50% floor.
      // Before: the 100% met the floor and every deal read 2 touches: measured 2 (the real figure is 5 per deal).
      const t = tables({ deals: ks.map((k) => wonAt(k, 'acc-1')), activities: [byAccount('acc-1'), byAccount('acc-1'), ...ks.flatMap((k) => [1, 2, 3].map(() => naming(`XD${k}`)))] });
      const result = runLinked(metric, t, asOf);
      expect(result).toMatchObject({ kind: 'insufficient', n: 12, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
      if (result.kind !== 'insufficient') return;
      expect(result.reason).toBe(
        'the activity→deal link linked only 5% of 38 touches naming a deal, an account or an unmatched contact, below its floor of 50%; ' +
          '12 of 12 won deals with a linked touch (100%) is not evidence, since the rows that did link can reach most of them (pullcheck inspect shows the links)',
      );
      expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ id: 'activity→deal', linked: 12, of: 12, rate: 1, floor: 0.5, sourceRate: 0.0526 });
    });

    it('around the floor with every deal touched: 12 of 26 touches joined is insufficient, 12 of 24 measures (both rates pass)', () => {
      // 12 won deals Dk at acc-k, each with 1 call by account (joins Dk) and 1 call naming XDk (failed): 12 / 24 = 50%.
      const calls = ks.flatMap((k) => [byAccount(`acc-${k}`), naming(`XD${k}`)]);
      const t = (extra: Activity[]) => tables({ deals: ks.map((k) => wonAt(k, `acc-${k}`)), activities: [...calls, ...extra] });
      const half = runLinked(metric, t([]), asOf);
      expect(half).toMatchObject({ kind: 'measured', value: 1, n: 12 });
      if (half.kind === 'measured') expect(byKey(half.evidence).linkCoverage[0]).toMatchObject({ linked: 12, of: 12, rate: 1, sourceRate: 0.5 });
      // Two more failed calls: 12 / 26 = 46%. Before: measured 1 (12 / 12 deals met the floor).
      const below = runLinked(metric, t([naming('XD1'), naming('XD2')]), asOf);
      expect(below).toMatchObject({ kind: 'insufficient', n: 12 });
      if (below.kind === 'insufficient') {
        expect(below.reason).toMatch(/^the activity→deal link linked only 46% of 26 touches naming a deal, an account or an unmatched contact, below its floor of 50%; 12 of 12 won deals with a linked touch \(100%\) is not evidence/);
        expect(byKey(below.evidence).linkCoverage[0]).toMatchObject({ linked: 12, of: 12, rate: 1, sourceRate: 0.4615 });
      }
    });

    it('zero denominators: no won deal in the band, and no touch carrying a reference (the deals\' rate decides: 0 of 12)', () => {
      // 12 won deals of 10,000 and a band >= 50,000 hold none: insufficient even under a configured minN of 0, where the
      // link floor's rate is 0 of 0 (no rate). Before: measured, a median of no deals (NaN).
      const t = tables({ deals: ks.map((k) => wonAt(k, `acc-${k}`)), activities: ks.map((k) => naming(`D${k}`)) });
      const none = runLinked(metric, t, asOf, { minAmount: 50_000, minN: 0 });
      expect(none).toMatchObject({ kind: 'insufficient', n: 0 });
      if (none.kind === 'insufficient') expect(none.reason).toBe('0 won deals with amount >= 50000 in the last 365 days; need 1');
      // 12 calls logged against contact P1, found without an account: no touch carries a reference (0 of 0), so no rate of
      // touches; 0 of 12 won deals have a linked touch: insufficient, never a median of 0.
      const lone = tables({
        deals: ks.map((k) => wonAt(k, `acc-${k}`)),
        contacts: [contact({ contactId: 'P1', accountId: null })],
        activities: ks.map(() => activity({ type: 'call', dealId: null, contactId: 'P1', occurredAt: '2024-05-15' })),
      });
      const result = runLinked(metric, lone, asOf);
      expect(result).toMatchObject({ kind: 'insufficient', n: 12 });
      if (result.kind !== 'insufficient') return;
      expect(result.reason).toBe('the activity→deal link reached 0 of 12 won deals with a linked touch (0%); below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)');
      expect(byKey(result.evidence).linkCoverage[0]).toMatchObject({ linked: 0, of: 12, rate: 0, sourceRate: null });
    });
  });
});
