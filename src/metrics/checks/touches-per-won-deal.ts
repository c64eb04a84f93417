import type { Deal } from '../../core/model.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { median, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, dealRef, wonClosedWithin } from '../shared-push.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { TOUCHES_WITH_REFERENCE } from '../derived.js';
import { defineMetric, insufficient, measured, withInterval, type Series } from '../types.js';

export type TouchesPerWonDealParams = {
  lookbackDays: number;
  /** Inclusive lower bound on deal amount; null = no lower bound. */
  minAmount: number | null;
  /** Exclusive upper bound on deal amount; null = no upper bound. */
  maxAmount: number | null;
  minN: number;
};

/** Share of zero-touch won deals above which the result carries a coverage note. */
const ZERO_TOUCH_NOTE_SHARE = 0.2;

function bandLabel(min: number | null, max: number | null): string {
  if (min === null && max === null) return 'all amounts';
  if (min === null) return `< ${max}`;
  if (max === null) return `>= ${min}`;
  return `${min}–${max}`;
}

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS: TouchesPerWonDealParams = { lookbackDays: 365, minAmount: null, maxAmount: null, minN: 10 };

/**
 * touches-per-won-deal (PUSH: more calls, emails and meetings per deal).
 *
 * Definition: over won deals (any deal type) with `T - lookbackDays <= closedAt < T` and
 * `minAmount <= amount < maxAmount` (a null bound is open), the median number of touches per
 * deal, a touch being an activity of a touch type (settings.touchTypes: call, email, meeting,
 * demo) joined to the deal by `derived.touchesByDeal()` (by deal id, else by account within
 * the deal's created–closed span). Deal-id-joined touches count whatever their date.
 * Direction: higher = more sales-driven (better: lower). The rubric uses it once per amount
 * band (<10k, 10–50k, >50k).
 *
 * Link floor (link-floor.ts, link `activity→deal`, `requireSource`): the touches with a reference
 * that joined a deal ÷ the touches with a reference must reach the floor, else insufficient — even
 * when nearly every won deal has a linked touch, since a touch with no deal id joins every deal of
 * its account whose span holds it, so a few touches can reach most deals while most were lost. At
 * or above it zero-touch deals are real zeros, whatever the share of won deals in the band with a
 * linked touch (in evidence; it decides alone only when no touch carries a reference). Touches with a
 * reference (`derived.touchJoin()`): those naming a deal or an account (their own, or a found
 * contact's), and those whose only reference is a contact id that names no contact, or two: a
 * call logged against a contact missing from contacts.csv failed to join, so its deal is not a
 * real zero. A touch whose contact is found without an account names nothing and is not counted.
 * A join that links nothing is never a median of 0.
 *
 * Excluded (and counted in evidence): won deals without a close date; when a band bound is
 * set, won deals with a missing amount (they cannot be placed in a band; with no bound at all
 * they are kept). Deals with zero logged touches are kept (they are a real 0 or a logging gap)
 * and their share is reported as a coverage warning. Insufficient when the activities table
 * is empty (every deal would read 0) or fewer than `minN` deals (and never none) fall in the band.
 * Interval: seeded percentile bootstrap of the median.
 * Series `wonDealsByTouches`: the band's won deals counted by touches (0, 1–2, 3–5, 6–10, 11–20,
 * 21–40, 41 or more): how touches spread in each size band.
 */
export default defineMetric<TouchesPerWonDealParams>({
  id: 'touches-per-won-deal',
  description: `Median sales touches (call, email, meeting, demo) per won deal closed in the lookback (default ${DEFAULTS.lookbackDays} days), within an amount band`,
  unit: 'count',
  requires: ['deals', 'activities'],
  requiresFields: ['deals.stage|isWon'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { minAmount, maxAmount } = params;
    const band = bandLabel(minAmount, maxAmount);
    if (minAmount !== null && maxAmount !== null && minAmount >= maxAmount) {
      return insufficient(`amount band ${band} is empty: minAmount must be below maxAmount`, 0, 'won deals');
    }
    const window = wonClosedWithin(ctx, params.lookbackDays);
    const banded = minAmount !== null || maxAmount !== null;
    let missingAmount = 0;
    const inBand: Deal[] = [];
    for (const d of window.deals) {
      if (banded) {
        if (d.amount === null) {
          if (!d.excludedCurrency) missingAmount++; // else counted in excludedCurrencyXXX
          continue;
        }
        if (minAmount !== null && d.amount < minAmount) continue;
        if (maxAmount !== null && d.amount >= maxAmount) continue;
      }
      inBand.push(d);
    }
    const touches = ctx.derived.touchesByDeal();
    const rows = inBand.map((deal) => ({ deal, touches: touches.get(deal.dealId)?.length ?? 0 }));
    const counts = rows.map((r) => r.touches);
    const n = rows.length;
    const zero = counts.filter((c) => c === 0).length;
    const evidence = newEvidence()
      .fact('band', 'amount band', band)
      .count('wonDeals', 'won deals in the band', n)
      .count('zeroTouchDeals', 'won deals without a logged touch', zero)
      .share('zeroTouchShare', 'share without a logged touch', n > 0 ? round(zero / n) : null, n > 0 ? roundedWilson(zero, n) : null)
      .excluded('excludedMissingAmount', 'won deals without an amount (the band cannot place them)', missingAmount)
      .excluded('excludedMissingCloseDate', 'won deals without a close date', window.missingCloseDate);
    if (banded) addCurrencyExclusions(evidence, window.deals);
    evidence.table(
      'mostTouchedDeals',
      'most touched deals',
      'deal',
      [column('touches', 'touches', 'count')],
      topBy(rows, (r) => r.touches, (r) => r.deal.dealId, 'desc').map((r) => ({ ...dealRef(r.deal), values: { touches: r.touches } })),
    );
    const where = banded ? `with amount ${band} ` : '';
    if (tables.activities.length === 0) {
      return insufficient('no activities in the data, so touches per deal cannot be counted', n, 'won deals', evidence);
    }
    if (n === 0 || n < params.minN) {
      // n === 0 also under a configured minN of 0: a median of no deals is never a score.
      return insufficient(`${plural(n, 'won deal')} ${where}in the last ${params.lookbackDays} days; need ${Math.max(1, params.minN)}`, n, 'won deals', evidence);
    }
    const join = ctx.derived.touchJoin();
    const link = checkLinkFloor(ctx, {
      link: 'activity→deal',
      table: 'activities',
      linked: n - zero,
      total: n,
      what: `won deals ${where}with a linked touch`,
      source: { linked: join.joined, total: join.withReference, what: TOUCHES_WITH_REFERENCE },
    }, { requireSource: true });
    if (link.insufficient) return link.insufficient(n, 'won deals', evidence);
    const notes: string[] = [];
    if (zero / n > ZERO_TOUCH_NOTE_SHARE) {
      notes.push(
        `${Math.round((100 * zero) / n)}% of won deals ${where}have no logged touch; CRMs under-log activity, so the median may be understated`,
      );
    }
    const interval = bootstrap(ctx, 'median-at', { values: counts });
    return measured(round(median(counts)), n, 'won deals', addLinkCoverage(evidence, [link.evidence]), {
      ...withInterval(interval),
      ...(notes.length ? { notes } : {}),
      series: [touchesHistogram(counts, band)],
    });
  },
});

/** Lower bounds of the touch-count buckets of `wonDealsByTouches`. */
const TOUCH_BUCKETS = [0, 1, 3, 6, 11, 21, 41];

/** Won deals counted by touches per deal, in TOUCH_BUCKETS. */
export function touchesHistogram(counts: readonly number[], band: string): Series {
  const deals = new Array<number>(TOUCH_BUCKETS.length).fill(0);
  for (const c of counts) {
    let i = TOUCH_BUCKETS.length - 1;
    while (c < TOUCH_BUCKETS[i]!) i--;
    deals[i]!++;
  }
  const label = (i: number): string => {
    const lo = TOUCH_BUCKETS[i]!;
    const next = TOUCH_BUCKETS[i + 1];
    if (next === undefined) return `${lo}+`;
    return next - 1 === lo ? String(lo) : `${lo}–${next - 1}`;
  };
  return {
    id: 'wonDealsByTouches',
    title: `Won deals by touches per deal (amount ${band})`,
    xLabel: 'touches per deal',
    unit: 'count',
    points: deals.map((y, i) => ({ x: label(i), y })),
  };
}
