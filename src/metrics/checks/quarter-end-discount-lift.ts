import type { Deal } from '../../core/model.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { isQuarterEnd, quarterLabel } from '../../core/calendar.js';
import { lift, mean, plural, round, topBy } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { dealRef, isoDay, wonClosedWithin } from '../shared-push.js';
import { defineMetric, insufficient, measured, withInterval } from '../types.js';

export { isQuarterEnd, quarterEndOf } from '../../core/calendar.js';

type Priced = Deal & { discount: number };

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, quarterEndDays: 14, minN: 5 };

/**
 * quarter-end-discount-lift (PUSH: end-of-quarter discounting to hit quota).
 *
 * Definition: over won deals (any type) with `T - lookbackDays <= closedAt < T` and a known
 * discount, split by close date into quarter-end wins (closedAt in the last `quarterEndDays`
 * days of its quarter, UTC: e.g. 18–31 March for 14 days; quarters follow the fiscal year,
 * `settings.fiscalYearStart`, calendar quarters by default, see calendar.ts) and other wins. Value =
 * unweighted mean discount of quarter-end wins ÷ unweighted mean discount of other wins.
 * Direction: higher = more sales-driven (better: lower; 1 = no lift).
 *
 * Edge cases: both means 0 → 1 (no discounting at all, so no lift); other mean 0 with a
 * positive quarter-end mean → insufficient (zero denominator). Needs `minN` wins in each group.
 * Excluded (counted): wins without a close date, with a null discount (unknown is not 0), or
 * with a discount outside [0, 1]. Interval: seeded bootstrap, each group resampled separately.
 */
export default defineMetric({
  id: 'quarter-end-discount-lift',
  description: `Mean discount of wins closed in the last days of a quarter (default ${DEFAULTS.quarterEndDays}; calendar, or fiscal per config) ÷ mean discount of other wins, over the lookback (default ${DEFAULTS.lookbackDays} days)`,
  unit: 'multiple',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.discount|listAmount'],
  defaultParams: DEFAULTS,
  compute(_tables, params, ctx) {
    const window = wonClosedWithin(ctx, params.lookbackDays);
    const fiscalYearStart = ctx.settings.fiscalYearStart;
    let missingDiscount = 0;
    let invalidDiscount = 0;
    const quarterEnd: Priced[] = [];
    const other: Priced[] = [];
    for (const d of window.deals) {
      if (d.discount === null) missingDiscount++;
      else if (!(d.discount >= 0 && d.discount <= 1)) invalidDiscount++;
      else (isQuarterEnd(d.closedAt!, params.quarterEndDays, fiscalYearStart) ? quarterEnd : other).push(d as Priced);
    }
    const disc = (xs: readonly Priced[]) => xs.map((d) => d.discount);
    const qeMean = mean(disc(quarterEnd));
    const otherMean = mean(disc(other));
    const n = quarterEnd.length + other.length;
    const evidence = newEvidence()
      .fact('quarters', 'quarters', quarterLabel(fiscalYearStart))
      .count('quarterEndWins', `wins in the last ${params.quarterEndDays} days of a quarter`, quarterEnd.length)
      .count('otherWins', 'other wins', other.length)
      .share('quarterEndMeanDiscount', 'mean discount at quarter end', quarterEnd.length ? round(qeMean) : null)
      .share('otherMeanDiscount', 'mean discount otherwise', other.length ? round(otherMean) : null)
      .share('quarterEndWinShare', 'share of wins at quarter end', n > 0 ? round(quarterEnd.length / n) : null)
      .excluded('excludedMissingDiscount', 'won deals without a discount (unknown is not 0)', missingDiscount)
      .excluded('excludedInvalidDiscount', 'won deals with a discount outside 0–100% of list price', invalidDiscount)
      .excluded('excludedMissingCloseDate', 'won deals without a close date', window.missingCloseDate)
      .table(
        'largestQuarterEndDiscounts',
        'largest quarter-end discounts',
        'deal',
        [column('discount', 'discount', 'share'), column('closedOn', 'closed on', 'date')],
        topBy(quarterEnd, (d) => d.discount, (d) => d.dealId, 'desc').map((d) => ({ ...dealRef(d), values: { discount: round(d.discount), closedOn: isoDay(d.closedAt!) } })),
      );
    const label = 'won deals';
    const days = `${params.lookbackDays} days`;
    if (quarterEnd.length < params.minN || other.length < params.minN) {
      return insufficient(
        `${plural(quarterEnd.length, 'win')} with a known discount in the last ${params.quarterEndDays} days of a quarter and ` +
          `${plural(other.length, 'other win')} in the last ${days}; need ${params.minN} of each`,
        n,
        label,
        evidence,
      );
    }
    const value = lift(qeMean, otherMean);
    if (!Number.isFinite(value)) {
      return insufficient(
        `other wins have a mean discount of 0 while quarter-end wins average ${round(qeMean)}; the lift is undefined (zero denominator)`,
        n,
        label,
        evidence,
      );
    }
    const qeDisc = Float64Array.from(disc(quarterEnd));
    const otherDisc = Float64Array.from(disc(other));
    const interval = bootstrap(ctx, 'mean-lift-at', { quarterEnd: qeDisc, other: otherDisc });
    return measured(round(value), n, label, evidence, withInterval(interval));
  },
});
