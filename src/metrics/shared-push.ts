/**
 * Helpers shared by the sales-push metrics (touches-per-won-deal, avg-discount-won,
 * quarter-end-discount-lift, sales-sourced-won-share, post-close-shelfware-rate,
 * sales-cycle-ratio); `wonClosedWithin` is also the won-deal window of the deal-based
 * metrics of other families. All are pure and deterministic.
 */
import type { Deal } from '../core/model.js';
import { currencyExclusions } from '../ingest/currency.js';
import type { EvidenceBuilder } from './evidence.js';
import { DAY_MS } from '../stats/stats.js';
import type { MetricContext } from './types.js';

export interface WonWindow {
  /** Won deals with `from <= closedAt < to`. */
  deals: Deal[];
  from: number;
  to: number;
  /** Won deals (anywhere in time) without a close date: they cannot be placed in any window. */
  missingCloseDate: number;
}

/** Won deals closed in [T - lookbackDays, T). */
export function wonClosedWithin(ctx: MetricContext, lookbackDays: number): WonWindow {
  const to = ctx.asOf;
  const from = to - lookbackDays * DAY_MS;
  let missingCloseDate = 0;
  const deals: Deal[] = [];
  for (const d of ctx.derived.wonDeals()) {
    if (d.closedAt === null) {
      missingCloseDate++;
      continue;
    }
    if (d.closedAt >= from && d.closedAt < to) deals.push(d);
  }
  return { deals, from, to, missingCloseDate };
}

/** 'YYYY-MM-DD' (UTC) of a timestamp, for evidence. */
export function isoDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** A deal as an evidence example row's id and name (never owner or contacts). */
export function dealRef(d: Deal): { id: string; name: string | null } {
  return { id: d.dealId, name: d.name };
}

/**
 * Exclusions for deals whose amounts were set aside for their currency (src/ingest/currency.ts):
 * one per currency (`excludedCurrencyGBP`), counted among `deals`; none when no amount was.
 */
export function addCurrencyExclusions(ev: EvidenceBuilder, deals: Iterable<Deal>): EvidenceBuilder {
  for (const [code, n] of Object.entries(currencyExclusions(deals))) {
    ev.excluded(`excludedCurrency${code}`, `deals with amounts in ${code}, not converted to the analysis currency (config currency.rates)`, n);
  }
  return ev;
}

/** "; 4 more in other currencies excluded (GBP 3, USD 1)" for an insufficient reason, or ''. */
export function currencyReason(deals: Iterable<Deal>): string {
  const excluded = Object.entries(currencyExclusions(deals));
  if (excluded.length === 0) return '';
  const total = excluded.reduce((sum, [, n]) => sum + n, 0);
  return `; ${total} more with amounts in other currencies excluded (${excluded.map(([c, n]) => `${c} ${n}`).join(', ')}; config currency.rates converts them)`;
}
