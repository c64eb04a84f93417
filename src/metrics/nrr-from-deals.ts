import type { DealType } from '../model.js';
import { bootstrap } from './bootstrap-thread.js';
import { byKey, DAY_MS, round, topBy } from './stats.js';
import { safeId } from './shared-pull.js';
import { currencyEvidence, currencyReason, wonClosedWithin } from './shared-push.js';
import { defineMetric, insufficient, measured, withInterval } from './types.js';

/**
 * nrr-from-deals (PULL): net revenue retention approximated from won deals.
 *
 * Definition: base accounts = accounts with won deals of known, positive total amount closed in
 * the earlier window [T − 2·windowDays, T − windowDays). NRR = Σ won amount (any deal type:
 * renewal, expansion, new) closed in the later window [T − windowDays, T) by base accounts ÷
 * Σ their won amount in the earlier window. Interval: seeded bootstrap over base accounts.
 * Direction: higher = more product-driven (customers stay and grow without new logos).
 *
 * Assumes deal amounts are per-term (annual) contract values, renewed by a renewal deal; a
 * multi-year contract signed in the earlier window and not due yet looks like churn. Needs renewal
 * or expansion deals (deal type) in the export: with none at all (any stage) renewals are simply
 * not recorded, and the ratio would be meaningless, so the result is insufficient. Excluded and
 * counted: won deals without amount, account or close date, and won deals whose amount is in
 * another currency than the analysis currency (`excludedOtherCurrency`; src/ingest/currency.ts). Gross retention (each account's later
 * amount capped at its earlier amount) is in evidence.
 * Needs at least `minN` base accounts.
 */
export default defineMetric({
  id: 'nrr-from-deals',
  description: 'Won amount in the last 12 months from accounts won in the 12 months before ÷ their won amount then',
  unit: 'ratio',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.type', 'deals.amount'],
  computePriority: 1, // a seeded bootstrap worth drawing on the second thread (docs/performance.md)
  defaultParams: { windowDays: 365, minN: 30 },
  compute({ deals }, params, ctx) {
    const T = ctx.asOf;
    const mid = T - params.windowDays * DAY_MS;
    const window = wonClosedWithin(ctx, 2 * params.windowDays); // [T − 2·windowDays, T)
    const retentionDeals = deals.filter((d) => d.type === 'renewal' || d.type === 'expansion').length;

    const earlier = new Map<string, number>();
    const later = new Map<string, number>();
    const laterByType: Record<DealType, number> = { new: 0, renewal: 0, expansion: 0 };
    let missingAmount = 0;
    let missingAccount = 0;
    for (const d of window.deals) {
      if (!d.accountId) {
        missingAccount++;
        continue;
      }
      if (d.amount === null) {
        if (!d.excludedCurrency) missingAmount++;
        continue;
      }
      const target = d.closedAt! < mid ? earlier : later;
      target.set(d.accountId, (target.get(d.accountId) ?? 0) + d.amount);
    }
    const base = [...earlier.entries()].filter(([, amount]) => amount > 0).map(([a]) => a).sort(byKey);
    const num: number[] = [];
    const den: number[] = [];
    let grossKept = 0;
    for (const a of base) {
      const e = earlier.get(a)!;
      const l = Math.max(0, later.get(a) ?? 0);
      num.push(l);
      den.push(e);
      grossKept += Math.min(e, l);
    }
    // Later amount by deal type, for base accounts only.
    const baseSet = new Set(base);
    for (const d of window.deals) {
      if (d.accountId && baseSet.has(d.accountId) && d.amount !== null && d.closedAt! >= mid) {
        laterByType[d.type] += d.amount;
      }
    }
    const earlierTotal = den.reduce((s, x) => s + x, 0);
    const laterTotal = num.reduce((s, x) => s + x, 0);
    const perAccount = base.map((a, i) => ({ account: a, earlier: den[i]!, later: num[i]! }));
    const n = base.length;
    const evidence = {
      baseAccounts: n,
      earlierAmount: round(earlierTotal, 2),
      laterAmount: round(laterTotal, 2),
      laterAmountByType: { new: round(laterByType.new, 2), renewal: round(laterByType.renewal, 2), expansion: round(laterByType.expansion, 2) },
      retainedAccounts: perAccount.filter((p) => p.later > 0).length,
      churnedAccounts: perAccount.filter((p) => p.later === 0).length,
      grossRetention: earlierTotal > 0 ? round(grossKept / earlierTotal) : null,
      renewalOrExpansionDeals: retentionDeals,
      wonDealsWithoutAmount: missingAmount,
      wonDealsWithoutAccount: missingAccount,
      wonDealsWithoutCloseDate: window.missingCloseDate,
      ...currencyEvidence(window.deals.filter((d) => d.accountId)),
      topExpansions: topBy(perAccount.filter((p) => p.later > p.earlier), (p) => p.later - p.earlier, (p) => p.account, 'desc').map((p) => ({ account: safeId(p.account), earlier: round(p.earlier, 2), later: round(p.later, 2) })),
      topChurned: topBy(perAccount.filter((p) => p.later === 0), (p) => p.earlier, (p) => p.account, 'desc').map((p) => ({ account: safeId(p.account), earlier: round(p.earlier, 2) })),
    };
    if (retentionDeals === 0) {
      return insufficient(
        'no renewal or expansion deals in the export (deal type); renewals/expansions are missing, so retention cannot be measured from deals',
        n,
        'base accounts',
        evidence,
      );
    }
    if (n === 0 || n < params.minN || earlierTotal <= 0) {
      return insufficient(
        `${n} accounts with won amount in the earlier ${params.windowDays}-day window; need ${params.minN}${currencyReason(window.deals.filter((d) => d.accountId))}`,
        n,
        'base accounts',
        evidence,
      );
    }
    // Resample base accounts (a bootstrap of one account says nothing, hence n ≥ 2).
    const interval = n >= 2 ? bootstrap(ctx, 'ratio-of-sums-at', { num, den }) : undefined;
    return measured(round(laterTotal / earlierTotal), n, 'base accounts', evidence, withInterval(interval));
  },
});
