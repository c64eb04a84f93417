/**
 * Quarters of the company's fiscal year. `fiscalYearStart` is the month number (1–12) its fiscal
 * year begins in (config `fiscalYearStart`, default 1 = calendar quarters). Quarters are three
 * months from that month: with 2 (February) they run Feb–Apr, May–Jul, Aug–Oct, Nov–Jan, so the
 * quarter ends are 30 April, 31 July, 31 October and 31 January. All in UTC.
 */
/** Milliseconds in a UTC day. */
export const DAY_MS = 86_400_000;

/** Exclusive end (first instant of the next fiscal quarter, UTC) of the fiscal quarter containing `ts`. */
export function quarterEndOf(ts: number, fiscalYearStart = 1): number {
  const d = new Date(ts);
  const month = d.getUTCMonth();
  // Months since the start of the fiscal quarter: (month − start month) mod 3.
  const intoQuarter = (((month - (fiscalYearStart - 1)) % 3) + 3) % 3;
  return Date.UTC(d.getUTCFullYear(), month - intoQuarter + 3, 1);
}

/** True when `ts` falls in the last `days` days of its fiscal quarter (UTC). */
export function isQuarterEnd(ts: number, days: number, fiscalYearStart = 1): boolean {
  return ts >= quarterEndOf(ts, fiscalYearStart) - days * DAY_MS;
}

/** "calendar quarters" or "fiscal quarters from February", for reasons and descriptions. */
export function quarterLabel(fiscalYearStart: number): string {
  if (fiscalYearStart === 1) return 'calendar quarters';
  const month = new Date(Date.UTC(2000, fiscalYearStart - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return `fiscal quarters of a year starting in ${month}`;
}
