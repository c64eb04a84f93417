import { isQuarterEnd, quarterEndOf, quarterLabel } from '../../core/calendar.js';
import { DAY_MS, round, wilson } from '../../stats/stats.js';
import { evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, wonClosedWithin } from '../shared-push.js';
import { defineMetric, insufficient, measured, type Series } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, quarterEndDays: 14, minN: 30 };

/**
 * quarter-end-close-concentration (PUSH: deals pulled in to hit the quarter).
 *
 * Definition: over won deals (any type) with `T - lookbackDays <= closedAt < T`, the share
 * closed in the last `quarterEndDays` days of their quarter (UTC; fiscal quarters when
 * `settings.fiscalYearStart` is not January, see calendar.ts), divided by the share
 * of the window's days that fall in such quarter-end stretches:
 *   (quarter-end wins ÷ wins) ÷ (quarter-end days in the window ÷ days in the window).
 * 1 = wins spread evenly over the quarter; 2 = twice as many quarter-end wins as an even spread
 * would give (the "hockey stick" of quota-driven selling).
 * Direction: higher = more sales-driven (better: lower).
 *
 * Needs only close dates, so CRM-only exports (no sources, no activities) still get a push
 * signal. Excluded (counted): won deals without a close date. Needs `minN` wins. Interval: the
 * Wilson interval of the quarter-end share, divided by the expected share. The amount-weighted
 * ratio is in the evidence.
 * Series `winsByWeeksToQuarterEnd`: the same wins counted by whole weeks between the close and
 * the end of its quarter (0 = the last 7 days, 12 = 84 days or more before), earliest first, with
 * the mean per week as reference: the quarter-end spike as a chart.
 */
export default defineMetric({
  id: 'quarter-end-close-concentration',
  description: `Share of wins closed in the last days of a quarter (default ${DEFAULTS.quarterEndDays}) ÷ the share of days those stretches cover, over the lookback (default ${DEFAULTS.lookbackDays} days)`,
  unit: 'multiple',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.closedAt'],
  defaultParams: DEFAULTS,
  compute(_tables, params, ctx) {
    const window = wonClosedWithin(ctx, params.lookbackDays);
    const fiscalYearStart = ctx.settings.fiscalYearStart;
    const expected = quarterEndDayShare(window.from, window.to, params.quarterEndDays, fiscalYearStart);
    const quarterEnd = window.deals.filter((d) => isQuarterEnd(d.closedAt!, params.quarterEndDays, fiscalYearStart));
    const amount = (deals: typeof window.deals) => deals.reduce((sum, d) => sum + (d.amount ?? 0), 0);
    const totalAmount = amount(window.deals);
    const n = window.deals.length;
    const evidence = newEvidence()
      .fact('quarters', 'quarters', quarterLabel(fiscalYearStart))
      .count('wins', 'won deals', n)
      .count('quarterEndWins', `won in the last ${params.quarterEndDays} days of a quarter`, quarterEnd.length)
      .share('quarterEndShare', 'share of wins at quarter end', n ? round(quarterEnd.length / n) : null)
      .share('evenSpreadShare', 'share of days at quarter end (an even spread)', round(expected))
      .share('quarterEndAmountShare', 'share of won amount at quarter end', totalAmount > 0 ? round(amount(quarterEnd) / totalAmount) : null)
      .count('amountWeightedRatio', 'the same ratio weighted by amount', totalAmount > 0 ? round(amount(quarterEnd) / totalAmount / expected) : null, 'multiple')
      .excluded('excludedNoCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, window.deals);
    if (n < params.minN) {
      return insufficient(`${n} won deals closed in the last ${params.lookbackDays} days; need ${params.minN}`, n, 'won deals', evidence);
    }
    const [lo, hi] = wilson(quarterEnd.length, n);
    return measured(round(quarterEnd.length / n / expected), n, 'won deals', evidence, {
      interval: [round(lo / expected), round(hi / expected)],
      series: [weeksToQuarterEndSeries(window.deals.map((d) => d.closedAt!), fiscalYearStart)],
    });
  },
});

/** Weeks in a quarter's series: 0…12, the last bucket taking the one or two days past 13 weeks. */
const QUARTER_WEEKS = 13;

/** Close dates counted by whole weeks before the end of their (fiscal) quarter, earliest week first. */
export function weeksToQuarterEndSeries(closedAt: readonly number[], fiscalYearStart = 1): Series {
  const counts = new Array<number>(QUARTER_WEEKS).fill(0);
  for (const t of closedAt) {
    const weeks = Math.floor((quarterEndOf(t, fiscalYearStart) - t) / (7 * DAY_MS));
    counts[Math.min(weeks, QUARTER_WEEKS - 1)]!++;
  }
  return {
    id: 'winsByWeeksToQuarterEnd',
    title: "Won deals by weeks before their quarter's end",
    xLabel: "weeks before the quarter's end (0 = its last 7 days)",
    unit: 'count',
    points: counts.map((y, weeks) => ({ x: weeks === QUARTER_WEEKS - 1 ? `${weeks}+` : String(weeks), y })).reverse(),
    reference: { label: 'mean per week', y: round(closedAt.length / QUARTER_WEEKS) },
  };
}

/** Share of the days in [from, to) that lie in the last `days` days of their (fiscal) quarter. */
export function quarterEndDayShare(from: number, to: number, days: number, fiscalYearStart = 1): number {
  let total = 0;
  let atQuarterEnd = 0;
  for (let t = Math.floor(from / DAY_MS) * DAY_MS; t < to; t += DAY_MS) {
    total++;
    if (isQuarterEnd(t, days, fiscalYearStart)) atQuarterEnd++;
  }
  return total === 0 ? 0 : atQuarterEnd / total;
}
