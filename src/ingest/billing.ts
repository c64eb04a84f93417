/**
 * Billing: what subscription and invoice rows (Stripe, Chargebee, a warehouse subscriptions
 * table) say about paying customers. The vocabularies are data; the rules:
 *
 * - A **paid period** of a subscription runs from its start, or from the end of its trial (or
 *   Chargebee's `activated_at`) when later, until it ended (ended-at, end date, or the
 *   cancelled-at of a cancelled one; open while running). A trial row (an is-trial flag or a
 *   trial status), a zero amount (a free plan) and a status that never billed (`incomplete`,
 *   `future`…) have no paid period. An unknown amount is not zero: such a row is paid, counted.
 * - A **paid invoice** (status `paid`, or no status column) with a non-zero amount paid is paid at
 *   its date.
 * - An account's **first paid date** (`paidAt`) is the earliest of these over its rows.
 * - Its **recurring revenue at an instant** is the sum of the monthly amounts of its subscriptions
 *   in a paid period then (invoices are not recurring revenue).
 * - Amounts in several currencies are never added: `applyBillingCurrency` keeps one (config
 *   `currency.base`, converting with `currency.rates`, else the currency with the most monthly
 *   amount) and sets the others' amounts aside (`excludedCurrency`), as deals (currency.ts).
 */
import type { BillingCurrency, BillingSummary, LinkSummary, Subscription, Tables, Timestamp } from '../core/model.js';
import { UNSPECIFIED, type CurrencySettings } from './currency.js';

/** Statuses of a subscription in trial (compared lower-case, spaces and dashes as `_`). */
export const TRIAL_STATUSES: readonly string[] = ['trialing', 'in_trial', 'trial', 'trialling'];
/** Subscription statuses that never billed: not paid, whatever the dates say. */
export const UNBILLED_STATUSES: readonly string[] = ['incomplete', 'incomplete_expired', 'future', 'draft'];
/** Subscription statuses whose cancelled-at date is the end of the subscription (else it is a scheduled or undone cancellation). */
export const CANCELLED_STATUSES: readonly string[] = ['canceled', 'cancelled', 'ended', 'expired', 'churned', 'inactive'];
/** Invoice statuses that mean the invoice was paid (no status column: the amount paid says it). */
export const PAID_INVOICE_STATUSES: readonly string[] = ['paid', 'succeeded', 'payment_succeeded', 'collected'];

/** Billing interval words → months per interval (weeks and days as fractions of a month). */
export const MONTHS_PER_INTERVAL: Record<string, number> = {
  day: 12 / 365, daily: 12 / 365, days: 12 / 365,
  week: 12 / 52, weekly: 12 / 52, weeks: 12 / 52,
  month: 1, monthly: 1, months: 1, mo: 1, m: 1,
  quarter: 3, quarterly: 3, quarters: 3,
  half_year: 6, semiannual: 6, semi_annual: 6, semiannually: 6,
  year: 12, yearly: 12, annual: 12, annually: 12, years: 12, yr: 12, y: 12,
};

/** A status or interval as compared: lower-case, spaces and dashes as `_`. */
export function billingWord(value: string): string {
  return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** What a status means, for inspect's value log. */
export function statusMeaning(kind: Subscription['kind'], status: string): string {
  if (kind === 'invoice') return PAID_INVOICE_STATUSES.includes(status) ? 'paid' : 'not paid';
  if (TRIAL_STATUSES.includes(status)) return 'trial';
  if (UNBILLED_STATUSES.includes(status)) return 'never billed';
  if (CANCELLED_STATUSES.includes(status)) return 'ended (paid until cancelled)';
  return 'paid while running';
}

/** When row `s` started being paid; null when it never was (trial, free, unbilled, unpaid invoice). */
export function paidFrom(s: Subscription): Timestamp | null {
  if (s.startAt === null || s.trial || s.free) return null;
  if (s.kind === 'invoice') return s.status === null || PAID_INVOICE_STATUSES.includes(s.status) ? s.startAt : null;
  if (s.status !== null && UNBILLED_STATUSES.includes(s.status)) return null;
  const from = s.trialEndAt !== null && s.trialEndAt > s.startAt ? s.trialEndAt : s.startAt;
  // Cancelled before its trial ended: it never billed.
  return s.endAt !== null && s.endAt <= from ? null : from;
}

/** Account → its first paid date, over subscription and invoice rows with an account. */
export function firstPaidDates(rows: readonly Subscription[]): Map<string, Timestamp> {
  const first = new Map<string, Timestamp>();
  for (const s of rows) {
    if (s.accountId === null) continue;
    const from = paidFrom(s);
    if (from === null) continue;
    const prev = first.get(s.accountId);
    if (prev === undefined || from < prev) first.set(s.accountId, from);
  }
  return first;
}

/**
 * Account → recurring revenue at instant `t`: the monthly amounts of its subscriptions in a paid
 * period at `t` ([paidFrom, endAt)). `unknown`: the accounts with a paid subscription then whose
 * amount is unknown or set aside for its currency (left out of the sums); `counts`: paid
 * subscriptions per account then.
 */
export function recurringAt(rows: readonly Subscription[], t: Timestamp): { byAccount: Map<string, number>; unknown: Set<string>; counts: Map<string, number> } {
  const byAccount = new Map<string, number>();
  const unknown = new Set<string>();
  /** Paid subscriptions per account at `t`. */
  const counts = new Map<string, number>();
  for (const s of rows) {
    if (s.kind !== 'subscription' || s.accountId === null) continue;
    const from = paidFrom(s);
    if (from === null || from > t || (s.endAt !== null && s.endAt <= t)) continue;
    counts.set(s.accountId, (counts.get(s.accountId) ?? 0) + 1);
    if (s.amount === null) {
      unknown.add(s.accountId);
      continue;
    }
    byAccount.set(s.accountId, (byAccount.get(s.accountId) ?? 0) + s.amount);
  }
  return { byAccount, unknown, counts };
}

/**
 * A subscription's monthly amount: `mrr`, else `arr` ÷ 12, else `amount` × `quantity` (default 1)
 * ÷ months per interval (× interval count). Without an interval column the amount is taken as
 * monthly; an interval the table above does not know gives no amount (null, `badInterval`).
 */
export function monthlyAmount(v: {
  mrr: number | null;
  arr: number | null;
  amount: number | null;
  quantity: number | null;
  interval: string | null;
  intervalCount: number | null;
}): { amount: number | null; badInterval: boolean } {
  if (v.mrr !== null) return { amount: v.mrr, badInterval: false };
  if (v.arr !== null) return { amount: v.arr / 12, badInterval: false };
  if (v.amount === null) return { amount: null, badInterval: false };
  const total = v.amount * (v.quantity ?? 1);
  if (v.interval === null) return { amount: total, badInterval: false };
  const months = MONTHS_PER_INTERVAL[billingWord(v.interval)];
  if (months === undefined) return { amount: null, badInterval: true };
  const count = v.intervalCount !== null && v.intervalCount > 0 ? v.intervalCount : 1;
  return { amount: total / (months * count), badInterval: false };
}


const cents = (x: number): number => Math.round(x * 100) / 100;

/**
 * One currency for billing amounts, applied in place: with at most one named currency nothing is
 * done (null); else config `currency.base` (other currencies converted with `currency.rates`, or
 * excluded without a rate), else the currency with the most subscription amount, the others'
 * amounts set aside (`excludedCurrency`, amount null). Excluded rows still count as paid or not.
 */
export function applyBillingCurrency(rows: Subscription[], settings: CurrencySettings = {}): BillingCurrency | null {
  const codes = new Set(rows.map((s) => s.currency ?? UNSPECIFIED));
  const named = [...codes].filter((c) => c !== UNSPECIFIED);
  // With one named currency, rows that name none are in it (as deals: currency.ts).
  const codeOf = (s: Subscription): string => s.currency ?? (named.length === 1 ? named[0]! : UNSPECIFIED);
  const stats = new Map<string, { rows: number; amount: number }>();
  for (const s of rows) {
    const code = codeOf(s);
    const entry = stats.get(code) ?? { rows: 0, amount: 0 };
    entry.rows++;
    if (s.kind === 'subscription' && s.amount !== null && s.amount > 0) entry.amount += s.amount;
    stats.set(code, entry);
  }
  if (named.length <= 1 && (settings.base === undefined || named.length === 0 || named[0] === settings.base)) return null;
  const main = named.slice().sort((a, b) => stats.get(b)!.amount - stats.get(a)!.amount || stats.get(b)!.rows - stats.get(a)!.rows || a.localeCompare(b))[0]!;
  const analysis = settings.base ?? main;
  const rates = settings.base !== undefined ? settings.rates : undefined;
  const basis =
    settings.base === undefined
      ? 'the main billing currency (most subscription amount); amounts in other currencies excluded (give currency.rates and currency.base to convert them)'
      : rates
        ? 'config currency.base, other currencies converted with currency.rates'
        : 'config currency.base; amounts in other currencies excluded (give currency.rates to convert them)';
  const use = new Map<string, 'analysed' | 'converted' | 'excluded'>();
  for (const s of rows) {
    const code = codeOf(s);
    if (code === analysis) {
      use.set(code, 'analysed');
      continue;
    }
    const rate = rates?.[code];
    if (rate !== undefined) {
      if (s.amount !== null) s.amount = cents(s.amount * rate);
      use.set(code, 'converted');
    } else {
      if (s.amount !== null) {
        s.excludedCurrency = code;
        s.amount = null;
      }
      use.set(code, 'excluded');
    }
  }
  const byCurrency = [...stats.entries()]
    .map(([currency, x]) => {
      const u = use.get(currency) ?? 'excluded';
      return { currency, rows: x.rows, amount: cents(x.amount), rate: u === 'converted' ? rates![currency]! : null, use: u };
    })
    .sort((a, b) => b.amount - a.amount || b.rows - a.rows || a.currency.localeCompare(b.currency));
  return { analysisCurrency: analysis, basis, byCurrency };
}

/**
 * Usage exports keyed by subscription (ravenstack's feature_usage: `subscription_id`) name a
 * subscription where events name an account: an event account id that is no account id of the
 * subscriptions but one of their subscription ids becomes that subscription's account, before the
 * accounts are linked. Returns the distinct event account ids so resolved.
 */
export function eventAccountsFromSubscriptions(tables: Tables): number {
  if (tables.subscriptions.length === 0 || tables.events.length === 0) return 0;
  const accounts = new Set<string>();
  const bySubscription = new Map<string, string>();
  for (const s of tables.subscriptions) {
    if (s.accountId === null) continue;
    accounts.add(s.accountId);
    if (s.kind === 'subscription' && s.id !== null) bySubscription.set(s.id, s.accountId);
  }
  let resolved = 0;
  for (const id of tables.events.accounts.values) if (!accounts.has(id) && bySubscription.has(id)) resolved++;
  if (resolved > 0) tables.events.renameAccounts((id) => (accounts.has(id) ? id : (bySubscription.get(id) ?? id)));
  return resolved;
}

/** The first-paid rule in words (inspect, evidence). */
export const PAID_AT_RULE = 'first paid subscription period (after any trial, non-zero amount) or paid invoice';

/** What the billing rows give, once linked (load-dataset.ts). */
export function billingSummary(rows: readonly Subscription[], link: LinkSummary | undefined, currency: BillingCurrency | null, eventSubscriptionIds = 0): BillingSummary {
  let subscriptions = 0;
  let unpaid = 0;
  let withoutAmount = 0;
  for (const s of rows) {
    if (s.kind === 'subscription') subscriptions++;
    if (paidFrom(s) === null) unpaid++;
    else if (s.amount === null) withoutAmount++;
  }
  return {
    subscriptions,
    invoices: rows.length - subscriptions,
    unpaidRows: unpaid,
    paidWithoutAmount: withoutAmount,
    unlinkedRows: link ? link.rows - link.linked : rows.length,
    paidAccounts: firstPaidDates(rows).size,
    rule: PAID_AT_RULE,
    currency,
    ...(eventSubscriptionIds > 0 ? { eventSubscriptionIds } : {}),
  };
}
