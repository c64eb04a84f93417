import { plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { promisedFeaturesOf } from '../shared-features.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, wonClosedWithin } from '../shared-push.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 365, minN: 30 };

/**
 * promised-features-deal-rate (RC roadmap capture).
 *
 * Definition: over won deals (any type) closed in [T - windowDays, T), the share that list at
 * least one (non-blank) promised feature:
 *   won deals with promised features ÷ won deals   (the value, by count).
 * Evidence also gives the amount-weighted share: amount of those deals ÷ amount of won deals,
 * over deals with a known, non-negative amount (`dealsWithoutAmount` are left out of it).
 * Direction: higher = more sales-driven.
 *
 * METRICS.md gives no window; the last 12 months is used so the value reflects current practice
 * (as for the other roadmap metrics). No cohort ageing applies: a promise is known at close.
 * Excluded: won deals without a close date (`excludedNoCloseDate`: cannot be placed in time).
 * Needs at least `minN` won deals. When no deal in the data lists any promised feature, a note
 * says the CRM export may simply not carry the field.
 */
export default defineMetric({
  id: 'promised-features-deal-rate',
  description: `Won deals in the window (default ${DEFAULTS.windowDays} days) with promised features ÷ won deals, by count (amount-weighted share in evidence)`,
  unit: 'ratio',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.promisedFeatures'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const window = wonClosedWithin(ctx, params.windowDays);
    const won = window.deals;
    let withPromises = 0;
    let wonAmount = 0;
    let promisedAmount = 0;
    let dealsWithoutAmount = 0;
    const dealsPerFeature = new Map<string, number>();
    for (const d of won) {
      const features = promisedFeaturesOf(d);
      const promised = features.length > 0;
      if (promised) withPromises++;
      for (const f of features) dealsPerFeature.set(f, (dealsPerFeature.get(f) ?? 0) + 1);
      if (d.excludedCurrency) continue; // counted in excludedCurrencyXXX
      if (d.amount === null || !Number.isFinite(d.amount) || d.amount < 0) {
        dealsWithoutAmount++;
        continue;
      }
      wonAmount += d.amount;
      if (promised) promisedAmount += d.amount;
    }

    const n = won.length;
    const base = newEvidence()
      .count('wonDeals', 'won deals', n)
      .count('withPromises', 'won deals with promised features', withPromises)
      .share('amountShare', 'share of won amount with promised features', wonAmount > 0 ? round(promisedAmount / wonAmount) : null)
      .money('wonAmount', 'won amount', round(wonAmount, 2))
      .money('promisedAmount', 'won amount with promised features', round(promisedAmount, 2))
      .excluded('dealsWithoutAmount', 'won deals without a usable amount (left out of the amount share only)', dealsWithoutAmount)
      .excluded('excludedNoCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(base, won);
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'won deal')} closed in the last ${params.windowDays} days; need ${params.minN}`,
        n,
        'won deals',
        base,
      );
    }
    const features = [...dealsPerFeature.entries()].map(([feature, deals]) => ({ feature, deals }));
    const evidence = base.table(
      'topPromisedFeatures',
      'most promised features',
      'feature',
      [column('deals', 'won deals', 'count')],
      topBy(features, (f) => f.deals, (f) => f.feature, 'desc').map((f) => ({ id: f.feature, values: { deals: f.deals } })),
    );
    const anyPromise = tables.deals.some((d) => promisedFeaturesOf(d).length > 0);
    const notes = anyPromise
      ? undefined
      : ['no deal in the data lists promised features; if the CRM export has no such field, this 0 means "not recorded"'];
    return measured(round(withPromises / n), n, 'won deals', evidence, {
      interval: roundedWilson(withPromises, n),
      ...(notes ? { notes } : {}),
    });
  },
});
