import type { Deal } from '../../core/model.js';
import type { SourceClass } from '../../core/settings.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { countBy, plural, round, roundedWilson, topEntries } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { wonClosedWithin, addCurrencyExclusions, currencyReason } from '../shared-push.js';
import { defineMetric, insufficient, measured, withInterval, type Series } from '../types.js';

type Amounted = Deal & { amount: number };

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, minN: 30 };

/**
 * sales-sourced-won-share (PUSH: pipeline that is sales-sourced rather than inbound/product).
 *
 * Definition: over won deals (any type) with `T - lookbackDays <= closedAt < T`:
 *   Σ amount of wins whose source classifies as 'sales' (settings.salesSources)
 *   ÷ Σ amount of all those wins.
 * Unknown or blank sources are never guessed: they stay in the denominator and are reported
 * (count and amount); a note is added when they carry more than half the won amount. The
 * same share by count (all wins in the window, including those without an amount) is in
 * evidence with a Wilson interval. Direction: higher = more sales-driven (better: lower).
 *
 * Excluded from the amount share (counted): wins with a null amount, and wins in another
 * currency than the analysis currency (`excludedCurrencyXXX`, one per currency; src/ingest/currency.ts). Wins with a negative
 * amount are excluded too (counted as invalid). Wins without a close date are excluded
 * everywhere. Needs `minN` wins with an amount and a positive total amount.
 * Interval: seeded percentile bootstrap of the amount share over deals.
 * Series `wonAmountBySource`: the same won amount's shares by source class (sales, product,
 * unknown): the lead-source mix.
 */
export default defineMetric({
  id: 'sales-sourced-won-share',
  description: `Won amount from sales-sourced deals ÷ total won amount, deals closed in the lookback (default ${DEFAULTS.lookbackDays} days)`,
  unit: 'ratio',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.source', 'deals.amount'],
  defaultParams: DEFAULTS,
  compute(_tables, params, ctx) {
    const window = wonClosedWithin(ctx, params.lookbackDays);
    const classes = new Map<Deal, SourceClass>();
    const cls = (d: Deal): SourceClass => {
      let c = classes.get(d);
      if (c === undefined) classes.set(d, (c = ctx.derived.sourceClass(d.source, ctx.settings)));
      return c;
    };
    const all = window.deals;
    const withAmount = all.filter((d): d is Amounted => d.amount !== null && d.amount >= 0);
    const missingAmount = all.filter((d) => d.amount === null && !d.excludedCurrency).length;
    const negativeAmount = all.filter((d) => d.amount !== null && d.amount < 0).length;
    const amountBy = { sales: 0, product: 0, unknown: 0 } as Record<SourceClass, number>;
    for (const d of withAmount) amountBy[cls(d)] += d.amount;
    const total = amountBy.sales + amountBy.product + amountBy.unknown;
    const countByClass = { sales: 0, product: 0, unknown: 0 } as Record<SourceClass, number>;
    for (const d of all) countByClass[cls(d)]++;
    const unknownLabels = countBy(
      all.filter((d) => cls(d) === 'unknown'),
      (d) => (d.source === null || d.source.trim() === '' ? '(blank)' : d.source),
    );
    const nAll = all.length;
    const evidence = newEvidence()
      .count('wonDeals', 'won deals', nAll)
      .money('wonAmount', 'won amount', round(total, 2))
      .money('salesSourcedAmount', 'sales-sourced amount', round(amountBy.sales, 2))
      .money('productSourcedAmount', 'product-sourced amount', round(amountBy.product, 2))
      .money('unknownSourceAmount', 'amount of unknown source (kept in the denominator)', round(amountBy.unknown, 2))
      .share('unknownSourceAmountShare', 'share of amount of unknown source', total > 0 ? round(amountBy.unknown / total) : null)
      .count('salesSourcedCount', 'sales-sourced won deals', countByClass.sales)
      .count('productSourcedCount', 'product-sourced won deals', countByClass.product)
      .count('unknownSourceCount', 'won deals of unknown source', countByClass.unknown)
      .share('byCountShare', 'sales-sourced share by count', nAll > 0 ? round(countByClass.sales / nAll) : null, nAll > 0 ? roundedWilson(countByClass.sales, nAll) : null)
      .excluded('excludedMissingAmount', 'won deals without an amount', missingAmount)
      .excluded('excludedNegativeAmount', 'won deals with a negative amount', negativeAmount)
      .excluded('excludedMissingCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, all).table(
      'topUnclassifiedSources',
      'unrecognised sources',
      'source',
      [column('deals', 'won deals', 'count')],
      topEntries(unknownLabels, 5).map(([source, deals]) => ({ id: source, values: { deals } })),
    );
    const n = withAmount.length;
    if (n < params.minN) {
      return insufficient(`${plural(n, 'won deal')} with an amount in the last ${params.lookbackDays} days; need ${params.minN}${currencyReason(all)}`, n, 'won deals', evidence);
    }
    if (total <= 0) {
      return insufficient(`won deals in the last ${params.lookbackDays} days total an amount of 0; the share is undefined`, n, 'won deals', evidence);
    }
    const notes: string[] = [];
    if (amountBy.unknown / total > 0.5) {
      notes.push(
        `${Math.round((100 * amountBy.unknown) / total)}% of won amount has a blank or unrecognised source; it stays in the denominator, so the sales-sourced share is a lower bound`,
      );
    }
    // Bootstrap of Σ sales amount ÷ Σ amount over deals, by index into per-deal arrays.
    const salesAmount = Float64Array.from(withAmount, (d) => (cls(d) === 'sales' ? d.amount : 0));
    const amounts = Float64Array.from(withAmount, (d) => d.amount);
    const interval = bootstrap(ctx, 'ratio-of-sums-at', { num: salesAmount, den: amounts });
    const mix: Series = {
      id: 'wonAmountBySource',
      title: 'Share of won amount by lead source',
      xLabel: 'source class (settings salesSources, productSources)',
      unit: 'share',
      points: (['sales', 'product', 'unknown'] as const).map((c) => ({ x: c, y: round(amountBy[c] / total) })),
    };
    return measured(round(amountBy.sales / total), n, 'won deals', evidence, {
      ...withInterval(interval),
      ...(notes.length ? { notes } : {}),
      series: [mix],
    });
  },
});
