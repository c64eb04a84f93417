/**
 * `--trend monthly|quarterly`: the same analysis as of each period end within the data's span
 * (docs/report-format.md, "trend"). The dataset is read once; each period end only runs the
 * checks again with T = the end of that day, the way `--as-of` does, so every point has its own
 * coverage, n and "insufficient data".
 *
 * Exports are snapshots: a past point sees dated facts (created, closed, signup, activation,
 * event and release dates) as they were, but a deal's stage, source and owner, a contact's title,
 * and whether a deal exists at all are as of the export. TREND_NOTE says so wherever a trend is shown.
 */
import { PullcheckError } from '../core/errors.js';
import { quarterEndOf } from '../core/calendar.js';
import { DAY_MS } from '../core/calendar.js';
import type { TableName, Tables, Timestamp } from '../core/model.js';
import { belowFloor } from '../scoring/score.js';
import type { CategoryResult, Report, ReportWarning, TrendPoint } from './types.js';
import { tableDateSpans } from './data-spans.js';

export type TrendPeriod = 'monthly' | 'quarterly';
export const TREND_PERIODS: readonly TrendPeriod[] = ['monthly', 'quarterly'];

/** At most this many period ends (the latest ones); more are left out with a TREND_TRUNCATED warning. */
export const MAX_TREND_POINTS = 36;

/**
 * The last day (YYYY-MM-DD) of every month, or fiscal quarter (quarters of a year starting in
 * month `fiscalYearStart`, src/core/calendar.ts), that ends on or after the day of `first` and
 * before the as-of day `asOfDate`, oldest first. The as-of day itself is not among them: the
 * report's own analysis is the trend's last point.
 */
export function periodEnds(first: Timestamp, asOfDate: string, period: TrendPeriod, fiscalYearStart = 1): string[] {
  const asOfDay = Date.parse(`${asOfDate}T00:00:00Z`);
  const firstDay = Math.floor(first / DAY_MS) * DAY_MS;
  const ends: string[] = [];
  // Exclusive end (first instant of the next period) of the period containing `ts`.
  const nextStart = (ts: number): number => {
    if (period === 'quarterly') return quarterEndOf(ts, fiscalYearStart);
    const d = new Date(ts);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  };
  for (let end = nextStart(firstDay) - DAY_MS; end < asOfDay; end = nextStart(end + DAY_MS) - DAY_MS) {
    ends.push(new Date(end).toISOString().slice(0, 10));
  }
  return ends;
}

/**
 * Tables that record what the company did (deals, touches, usage, signups): their span is the
 * trend's. Releases and account creation dates often reach years further back (a changelog since
 * the first version) and would add periods with nothing else to measure.
 */
const ACTIVITY_TABLES: readonly TableName[] = ['deals', 'activities', 'events', 'users'];

/**
 * The start of the data's span: the earliest record date of the activity tables, or of any table
 * when none of them is dated; null when nothing is dated.
 */
export function firstRecord(tables: Tables): Timestamp | null {
  const spans = tableDateSpans(tables);
  const activity = ACTIVITY_TABLES.flatMap((t) => (spans[t] ? [spans[t].first] : []));
  const firsts = activity.length > 0 ? activity : Object.values(spans).map((s) => s.first);
  return firsts.length === 0 ? null : Math.min(...firsts);
}

/**
 * The period ends to analyse for a trend ending at `asOfDate`, capped at MAX_TREND_POINTS (the
 * latest), with the warning that says what was left out. Throws TREND_NO_DATES when the data has
 * no dated record (there is no span to cut into periods).
 */
export function trendPlan(tables: Tables, asOfDate: string, period: TrendPeriod, fiscalYearStart = 1): { ends: string[]; warnings: ReportWarning[] } {
  const first = firstRecord(tables);
  if (first === null) {
    throw new PullcheckError('TREND_NO_DATES', `--trend ${period}: no table has a dated record, so the data has no span to cut into periods`, {
      hint: 'a trend needs dates: deal created/closed dates, event timestamps, signup or release dates',
    });
  }
  const all = periodEnds(first, asOfDate, period, fiscalYearStart);
  // The report's own as-of is the last point, so the period ends may take one place less.
  const keep = MAX_TREND_POINTS - 1;
  if (all.length <= keep) return { ends: all, warnings: [] };
  const left = all.length - keep;
  return {
    ends: all.slice(left),
    warnings: [
      {
        code: 'TREND_TRUNCATED',
        file: '--trend',
        line: 0,
        message: `the data spans ${all.length + 1} ${period === 'monthly' ? 'months' : 'quarters'} up to ${asOfDate}; the trend shows the latest ${MAX_TREND_POINTS}, from ${all[left]} (the ${left} period end${left === 1 ? '' : 's'} from ${all[0]} to ${all[left - 1]} left out)`,
      },
    ],
  };
}

/**
 * One trend point from a report as of that date. Below the coverage floor the score is null,
 * like the headline (`range` then stands for it); a category's score is null below the floor
 * too, or when it is not applicable. Each check keeps its score and n, as the report does.
 */
export function trendPoint(report: Report): TrendPoint {
  const below = belowFloor(report.coverage, report.coverageFloor);
  return {
    asOf: report.asOf,
    score: below ? null : report.score,
    range: report.range,
    coverage: report.coverage,
    verdict: report.verdict,
    categories: report.categories.map((c) => ({ id: c.id, score: categoryScore(c, report.coverageFloor), coverage: c.coverage })),
    checks: report.categories.flatMap((c) => c.checks.map((k) => ({ id: k.id, score: k.score, n: k.n }))),
  };
}

/** A category's score as the report shows it: null when not applicable or below the coverage floor. */
export function categoryScore(category: CategoryResult, floor: number): number | null {
  if (category.status === 'not-applicable' || category.score === null || belowFloor(category.coverage, floor)) return null;
  return category.score;
}
