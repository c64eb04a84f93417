import type { DealType, Subscription } from '../../core/model.js';
import { recurringAt } from '../../ingest/billing.js';
import { bootstrap } from '../../stats/bootstrap-thread.js';
import { byKey, DAY_MS, round, topBy } from '../../stats/stats.js';
import { safeId } from '../shared-pull.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, currencyReason, wonClosedWithin } from '../shared-push.js';
import { defineMetric, insufficient, measured, withInterval, type MetricContext, type MetricResult } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 365, minN: 30, maxSeveralShare: 0.5 };

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
 * another currency than the analysis currency (`excludedCurrencyXXX`, one per currency; src/ingest/currency.ts). Gross retention (each account's later
 * amount capped at its earlier amount) is in evidence.
 * Needs at least `minN` base accounts.
 *
 * With a subscriptions table (billing rows), NRR comes from recurring revenue instead (evidence
 * `source: subscriptions`): base = customers (accounts; a billing customer that links to no account
 * counts as its own) with recurring revenue at T − windowDays (the monthly amounts of their
 * subscriptions in a paid period then, src/ingest/billing.ts); NRR = Σ their recurring revenue
 * just before T ÷ Σ at T − windowDays. Invoices are not recurring revenue. Customers whose amount
 * at either instant is unknown or in an excluded currency are left out and counted
 * (`customersWithoutAmount`). Without subscription rows (invoices only) the result is insufficient.
 * Several subscriptions of one customer at once are summed (add-ons, products), counted in
 * `customersWithSeveralSubscriptions`; when more than `maxSeveralShare` (0.5) of base customers
 * hold several at the end, the rows look like successive versions of a subscription without end
 * dates (a plan-change log) and the result is insufficient, asking for the end dates.
 */
export default defineMetric({
  id: 'nrr-from-deals',
  description: `Won amount in the window (default ${DEFAULTS.windowDays} days) from accounts won in the window before ÷ their won amount then (with subscriptions: their recurring revenue now ÷ one window ago)`,
  unit: 'ratio',
  requires: [],
  requiresOneOf: [['subscriptions', 'deals']],
  requiresFields: ['deals.stage|isWon', 'deals.type', 'deals.amount'],
  defaultParams: DEFAULTS,
  compute({ deals, subscriptions }, params, ctx) {
    if (subscriptions.length > 0) return fromSubscriptions(subscriptions, params, ctx);
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
    const evidence = newEvidence()
      .fact('source', 'amounts from', 'won deals')
      .count('baseAccounts', `accounts with won amount in the earlier ${params.windowDays} days`, n)
      .money('earlierAmount', 'their won amount then', round(earlierTotal, 2))
      .money('laterAmount', `their won amount in the last ${params.windowDays} days`, round(laterTotal, 2))
      .count('retainedAccounts', 'base accounts with later won amount', perAccount.filter((p) => p.later > 0).length)
      .count('churnedAccounts', 'base accounts without later won amount', perAccount.filter((p) => p.later === 0).length)
      .share('grossRetention', 'gross retention (expansion capped per account)', earlierTotal > 0 ? round(grossKept / earlierTotal) : null)
      .count('renewalOrExpansionDeals', 'renewal or expansion deals in the export', retentionDeals)
      .excluded('wonDealsWithoutAmount', 'won deals without an amount', missingAmount)
      .excluded('wonDealsWithoutAccount', 'won deals without an account', missingAccount)
      .excluded('wonDealsWithoutCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, window.deals.filter((d) => d.accountId))
      .breakdown('laterAmountByType', 'later amount by deal type', 'type', column('amount', 'amount', 'money'), {
        new: round(laterByType.new, 2),
        renewal: round(laterByType.renewal, 2),
        expansion: round(laterByType.expansion, 2),
      })
      .table(
        'topExpansions',
        'top expansions',
        'account',
        [column('earlier', 'earlier', 'money'), column('later', 'later', 'money')],
        topBy(perAccount.filter((p) => p.later > p.earlier), (p) => p.later - p.earlier, (p) => p.account, 'desc').map((p) => ({ id: safeId(p.account), values: { earlier: round(p.earlier, 2), later: round(p.later, 2) } })),
      )
      .table(
        'topChurned',
        'top churned',
        'account',
        [column('earlier', 'earlier', 'money')],
        topBy(perAccount.filter((p) => p.later === 0), (p) => p.earlier, (p) => p.account, 'desc').map((p) => ({ id: safeId(p.account), values: { earlier: round(p.earlier, 2) } })),
      );
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

/** NRR from recurring revenue (subscriptions): see the definition above. */
function fromSubscriptions(rows: readonly Subscription[], params: { windowDays: number; minN: number; maxSeveralShare: number }, ctx: MetricContext): MetricResult {
  const start = ctx.asOf - params.windowDays * DAY_MS;
  const end = ctx.asOf - 1;
  const subscriptionRows = rows.filter((s) => s.kind === 'subscription').length;
  const atStart = recurringAt(rows, start);
  const atEnd = recurringAt(rows, end);
  const unknown = new Set([...atStart.unknown, ...atEnd.unknown]);
  const base = [...atStart.byAccount.entries()].filter(([a, amount]) => amount > 0 && !unknown.has(a)).map(([a]) => a).sort(byKey);
  const den = base.map((a) => atStart.byAccount.get(a)!);
  const num = base.map((a) => atEnd.byAccount.get(a) ?? 0);
  const startTotal = den.reduce((s, x) => s + x, 0);
  const endTotal = num.reduce((s, x) => s + x, 0);
  const grossKept = base.reduce((s, _a, i) => s + Math.min(den[i]!, num[i]!), 0);
  const perAccount = base.map((a, i) => ({ account: a, start: den[i]!, end: num[i]! }));
  const n = base.length;
  const currency = ctx.dataset.billing?.currency ?? null;
  const excludedCurrency: Record<string, number> = {};
  for (const s of rows) if (s.excludedCurrency) excludedCurrency[s.excludedCurrency] = (excludedCurrency[s.excludedCurrency] ?? 0) + 1;
  const startDate = new Date(start).toISOString().slice(0, 10);
  const evidence = newEvidence()
    .fact('source', 'amounts from', 'subscriptions')
    .fact('startDate', 'window start', startDate);
  if (currency?.analysisCurrency) evidence.fact('analysisCurrency', 'billing currency', currency.analysisCurrency);
  evidence
    .count('baseAccounts', `customers with recurring revenue on ${startDate}`, n)
    .money('startRecurring', 'their recurring revenue then', round(startTotal, 2))
    .money('endRecurring', 'their recurring revenue now', round(endTotal, 2))
    .count('retainedAccounts', 'base customers still paying', perAccount.filter((p) => p.end > 0).length)
    .count('churnedAccounts', 'base customers no longer paying', perAccount.filter((p) => p.end === 0).length)
    .share('grossRetention', 'gross retention (expansion capped per customer)', startTotal > 0 ? round(grossKept / startTotal) : null)
    .count('subscriptionRows', 'subscription rows', subscriptionRows)
    .excluded('customersWithoutAmount', 'customers with a subscription without an amount', [...unknown].filter((a) => atStart.byAccount.has(a) || atStart.unknown.has(a)).length);
  for (const [code, count] of Object.entries(excludedCurrency)) {
    evidence.excluded(`excludedCurrency${code}`, `subscription rows with amounts in ${code}, not converted to the billing currency (config currency.rates)`, count);
  }
  evidence
    .table(
      'topExpansions',
      'top expansions',
      'account',
      [column('start', 'at the start', 'money'), column('end', 'now', 'money')],
      topBy(perAccount.filter((p) => p.end > p.start), (p) => p.end - p.start, (p) => p.account, 'desc').map((p) => ({ id: safeId(p.account), values: { start: round(p.start, 2), end: round(p.end, 2) } })),
    )
    .table(
      'topChurned',
      'top churned',
      'account',
      [column('start', 'at the start', 'money')],
      topBy(perAccount.filter((p) => p.end === 0), (p) => p.start, (p) => p.account, 'desc').map((p) => ({ id: safeId(p.account), values: { start: round(p.start, 2) } })),
    );
  if (subscriptionRows === 0) {
    return { ...insufficient('the billing export has invoices only; recurring revenue needs subscription rows (start, end, amount)', 0, 'base accounts', evidence), needs: [{ kind: 'table', table: 'subscriptions' }] };
  }
  if (n === 0 || n < params.minN || startTotal <= 0) {
    return insufficient(`${n} customers with recurring revenue on ${startDate} (the window start); need ${params.minN}`, n, 'base accounts', evidence);
  }
  // Several subscriptions at once are summed (several products, add-ons). When most base customers
  // hold several, the rows are more likely successive versions of one subscription without end
  // dates (a plan-change log): summing them would invent expansion, so there is no value.
  const concurrent = base.filter((a) => (atEnd.counts.get(a) ?? 0) > 1).length;
  const withConcurrent = evidence.count('customersWithSeveralSubscriptions', 'base customers with several paid subscriptions at once', concurrent);
  if (concurrent / n > params.maxSeveralShare) {
    return {
      ...insufficient(
        `${concurrent} of ${n} base customers hold several paid subscriptions at once (more than ${Math.round(params.maxSeveralShare * 100)}%): the rows look like successive versions of a subscription without end dates, so recurring revenue cannot be told; export each subscription's end date (or one row per subscription)`,
        n,
        'base accounts',
        withConcurrent,
      ),
      needs: [{ kind: 'column', table: 'subscriptions', field: 'endAt' }],
    };
  }
  const interval = n >= 2 ? bootstrap(ctx, 'ratio-of-sums-at', { num, den }) : undefined;
  const notes = concurrent > 0 ? [`${concurrent} of ${n} base customers hold several paid subscriptions at once at the end, each counted (products, add-ons)`] : [];
  return measured(round(endTotal / startTotal), n, 'base accounts', withConcurrent, { ...withInterval(interval), ...(notes.length ? { notes } : {}) });
}
