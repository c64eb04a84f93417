import { closedBeforeCreated, type Deal } from '../../core/model.js';
import type { SourceClass } from '../../core/settings.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { daysBetween, median, plural, round, roundedWilson } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, wonClosedWithin } from '../shared-push.js';
import { defineMetric, insufficient, measured, withInterval } from '../types.js';

// Shortest cycle a deal is counted with, in days: a same-day close counts as one day.
const MIN_CYCLE_DAYS = 1;

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, minN: 5 };

/**
 * sales-cycle-ratio (PUSH: sales-sourced deals take longer to close than product-led ones).
 *
 * Definition: over won deals (any type) with `T - lookbackDays <= closedAt < T` and a
 * creation date, cycle = max(1, closedAt − createdAt in days (fractional)): a deal closed
 * less than a day after it was created (a same-day close) counts as 1 day. Value = median
 * cycle of wins whose source classifies as 'sales' ÷ median cycle of wins classified 'product'
 * (product-led or inbound). Direction: higher = more sales-driven (better: lower).
 *
 * The 1-day floor keeps the ratio defined (no zero denominator) for the clearest product-led
 * companies, whose product wins close the day they are created: those wins read as 1 day,
 * and both sides closing same-day gives 1. Floored wins are counted in evidence
 * (`cyclesFlooredToOneDay`); the median cycles in evidence are of floored cycles.
 * Needs `minN` wins on each side. Excluded (counted): wins with an unknown/blank source;
 * without a created date; closed on a day before the day they were created
 * (`closedBeforeCreated`, flagged CLOSE_BEFORE_CREATE when read; a close earlier on the creation
 * day floors to 1 day); without a close date.
 * Evidence also has the win rate per source class: won ÷ (won + lost) among deals closed in
 * the same window (Wilson interval), and median amount per side (cycle length depends on size).
 * Interval: seeded bootstrap, each side resampled separately.
 */
export default defineMetric({
  id: 'sales-cycle-ratio',
  description: `Median sales cycle (created → closed) of sales-sourced wins ÷ that of product/inbound wins, over the lookback (default ${DEFAULTS.lookbackDays} days)`,
  unit: 'multiple',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.source', 'deals.createdAt', 'deals.closedAt'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const window = wonClosedWithin(ctx, params.lookbackDays);
    const cls = (d: Deal): SourceClass => ctx.derived.sourceClass(d.source, ctx.settings);
    let unknownSource = 0;
    let missingCreated = 0;
    let negativeCycle = 0;
    let floored = 0;
    const cycles: Record<'sales' | 'product', number[]> = { sales: [], product: [] };
    const amounts: Record<'sales' | 'product', number[]> = { sales: [], product: [] };
    for (const d of window.deals) {
      const c = cls(d);
      if (c === 'unknown') {
        unknownSource++;
        continue;
      }
      if (d.createdAt === null) {
        missingCreated++;
        continue;
      }
      if (closedBeforeCreated(d)) {
        negativeCycle++;
        continue;
      }
      const days = daysBetween(d.createdAt, d.closedAt!);
      if (days < MIN_CYCLE_DAYS) floored++;
      cycles[c].push(Math.max(MIN_CYCLE_DAYS, days));
      if (d.amount !== null) amounts[c].push(d.amount);
    }

    const winRate: Record<SourceClass, { won: number; lost: number; rate: number | null; interval: [number, number] | null }> = {
      sales: { won: 0, lost: 0, rate: null, interval: null },
      product: { won: 0, lost: 0, rate: null, interval: null },
      unknown: { won: 0, lost: 0, rate: null, interval: null },
    };
    for (const d of tables.deals) {
      if (d.stage === 'open' || d.closedAt === null || d.closedAt < window.from || d.closedAt >= window.to) continue;
      winRate[cls(d)][d.stage === 'won' ? 'won' : 'lost']++;
    }
    let lostTotal = 0;
    for (const r of Object.values(winRate)) {
      const closed = r.won + r.lost;
      lostTotal += r.lost;
      if (closed > 0) {
        r.rate = round(r.won / closed);
        r.interval = roundedWilson(r.won, closed);
      }
    }

    const nS = cycles.sales.length;
    const nP = cycles.product.length;
    const med = (xs: number[], digits = 2) => (xs.length ? round(median(xs), digits) : null);
    const evidence = newEvidence()
      .days('salesMedianCycleDays', 'median cycle of sales-sourced wins', med(cycles.sales))
      .days('productMedianCycleDays', 'median cycle of product/inbound wins', med(cycles.product))
      .count('salesSourcedWins', 'sales-sourced wins', nS)
      .count('productSourcedWins', 'product/inbound wins', nP)
      .money('salesMedianAmount', 'median amount of sales-sourced wins', med(amounts.sales))
      .money('productMedianAmount', 'median amount of product/inbound wins', med(amounts.product))
      .count('cyclesFlooredToOneDay', `cycles shorter than ${MIN_CYCLE_DAYS} day, counted as ${MIN_CYCLE_DAYS}`, floored)
      .excluded('excludedUnknownSource', 'won deals of unknown source', unknownSource)
      .excluded('excludedMissingCreatedDate', 'won deals without a created date', missingCreated)
      .excluded('excludedCloseBeforeCreate', 'won deals closed before they were created', negativeCycle)
      .excluded('excludedMissingCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, window.deals).table(
      'winRateBySource',
      'win rate by source',
      'source',
      [column('won', 'won', 'count'), column('lost', 'lost', 'count'), column('rate', 'win rate', 'share'), column('interval', '95% interval', 'share')],
      Object.entries(winRate).map(([source, r]) => ({ id: source, values: { won: r.won, lost: r.lost, rate: r.rate, interval: r.interval } })),
    );
    const n = nS + nP;
    if (nS < params.minN || nP < params.minN) {
      return insufficient(
        `${plural(nS, 'sales-sourced win')} and ${plural(nP, 'product/inbound win')} with known dates in the last ${params.lookbackDays} days; need ${params.minN} of each`,
        n,
        'won deals',
        evidence,
      );
    }
    // Every cycle is ≥ 1 day, so both medians are positive and the ratio is always defined.
    const value = median(cycles.sales) / median(cycles.product);
    const notes: string[] = [];
    if (lostTotal === 0) notes.push('no lost deals in the window: the export may omit lost deals, so win rates are likely inflated');
    const interval = bootstrap(ctx, 'median-ratio-at', { num: cycles.sales, den: cycles.product });
    return measured(round(value), n, 'won deals', evidence, {
      ...withInterval(interval),
      ...(notes.length ? { notes } : {}),
    });
  },
});
