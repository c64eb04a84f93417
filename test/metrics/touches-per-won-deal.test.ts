import { describe, expect, it } from 'vitest';
import metric, { touchesHistogram } from '../../src/metrics/checks/touches-per-won-deal.js';
import { activity, deal, run, runLinked, tables } from '../helpers/factories.js';
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
        expect(result.reason).toMatch(/activity→deal link reached 0 of 12 won deals with a linked touch \(0%\), and 0% of 36 touches naming a deal or an account linked; below its floor of 50%/);
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
});
