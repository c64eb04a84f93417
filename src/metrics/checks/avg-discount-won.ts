import type { Deal } from '../../core/model.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { byKey, mean, median, plural, ratioOfSums, round } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, currencyReason, dealRef, wonClosedWithin } from '../shared-push.js';
import { defineMetric, insufficient, measured, withInterval } from '../types.js';

type Usable = Deal & { amount: number; discount: number };

// Σ(amount × discount) ÷ Σ amount. (A line comment: scripts/metrics-doc.mjs reads from the first JSDoc block.)
function weightedDiscount(deals: readonly Usable[]): number {
  return ratioOfSums(deals, (d) => d.amount * d.discount, (d) => d.amount);
}

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, minN: 30 };

/**
 * avg-discount-won (PUSH: discounting).
 *
 * Definition: over won deals (any deal type) with `T - lookbackDays <= closedAt < T`, the
 * amount-weighted mean discount: Σ(amount × discount) ÷ Σ amount. `deal.discount` is already a
 * fraction of list price (absolute discounts are converted at ingest).
 * Direction: higher = more sales-driven (better: lower).
 *
 * Excluded (each counted in evidence): won deals without a close date; with a null discount
 * (unknown is not 0); with an amount in another currency than the analysis currency
 * (`excludedCurrencyXXX`, per currency; src/ingest/currency.ts); with a null amount; with amount <= 0 (no weight); with a discount outside
 * [0, 1] (not a fraction of list price). Needs `minN` usable deals. Interval: seeded percentile
 * bootstrap of the weighted mean.
 */
export default defineMetric({
  id: 'avg-discount-won',
  description: `Amount-weighted mean discount (fraction of list price) over won deals closed in the lookback window (default ${DEFAULTS.lookbackDays} days)`,
  unit: 'ratio',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.discount|listAmount', 'deals.amount'],
  defaultParams: DEFAULTS,
  compute(_tables, params, ctx) {
    const window = wonClosedWithin(ctx, params.lookbackDays);
    let missingDiscount = 0;
    let missingAmount = 0;
    let nonPositiveAmount = 0;
    let invalidDiscount = 0;
    const used: Usable[] = [];
    const otherCurrency: Deal[] = [];
    for (const d of window.deals) {
      if (d.discount === null) missingDiscount++;
      else if (d.excludedCurrency) otherCurrency.push(d);
      else if (d.amount === null) missingAmount++;
      else if (d.amount <= 0) nonPositiveAmount++;
      else if (!(d.discount >= 0 && d.discount <= 1)) invalidDiscount++;
      else used.push(d as Usable);
    }
    const n = used.length;
    const discounts = used.map((d) => d.discount);
    const won = window.deals.length;
    const evidence = newEvidence()
      .count('wonDeals', 'won deals', won)
      .count('usedDeals', 'won deals with a usable discount and amount', n)
      .share('discountCoverage', 'share of won deals used', won > 0 ? round(n / won) : null)
      .share('unweightedMeanDiscount', 'unweighted mean discount', n > 0 ? round(mean(discounts)) : null)
      .share('medianDiscount', 'median discount', n > 0 ? round(median(discounts)) : null)
      .share('discountedDealShare', 'share of used deals with a discount', n > 0 ? round(discounts.filter((x) => x > 0).length / n) : null)
      .excluded('excludedMissingDiscount', 'won deals without a discount (unknown is not 0)', missingDiscount)
      .excluded('excludedMissingAmount', 'won deals without an amount', missingAmount)
      .excluded('excludedNonPositiveAmount', 'won deals with an amount of 0 or less (no weight)', nonPositiveAmount)
      .excluded('excludedInvalidDiscount', 'won deals with a discount outside 0–100% of list price', invalidDiscount)
      .excluded('excludedMissingCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, otherCurrency).table(
      'largestDiscounts',
      'largest discounts',
      'deal',
      [column('discount', 'discount', 'share'), column('amount', 'amount', 'money')],
      [...used]
        .sort((a, b) => b.discount - a.discount || b.amount - a.amount || byKey(a.dealId, b.dealId))
        .slice(0, 5)
        .map((d) => ({ ...dealRef(d), values: { discount: round(d.discount), amount: round(d.amount, 2) } })),
    );
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'won deal')} with a known discount and amount in the last ${params.lookbackDays} days; need ${params.minN}${currencyReason(otherCurrency)}`,
        n,
        'won deals',
        evidence,
      );
    }
    const value = weightedDiscount(used);
    const notes: string[] = [];
    if (won > 0 && n / won < 0.5) {
      notes.push(`only ${Math.round((100 * n) / won)}% of won deals have a usable discount and amount; the rest are excluded, not counted as 0`);
    }
    // Bootstrap of weightedDiscount by index into per-deal arrays (same products, same sums).
    const discounted = Float64Array.from(used, (d) => d.amount * d.discount);
    const amounts = Float64Array.from(used, (d) => d.amount);
    const interval = bootstrap(ctx, 'ratio-of-sums-at', { num: discounted, den: amounts });
    return measured(round(value), n, 'won deals', evidence, {
      ...withInterval(interval),
      ...(notes.length ? { notes } : {}),
    });
  },
});
