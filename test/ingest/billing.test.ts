import { describe, expect, it } from 'vitest';
import { applyBillingCurrency, eventAccountsFromSubscriptions, firstPaidDates, monthlyAmount, paidFrom, recurringAt } from '../../src/ingest/billing.js';
import { RowReader, ROW_BUILDERS } from '../../src/ingest/rows.js';
import { resolveLinks } from '../../src/ingest/links.js';
import { recognise } from '../../src/ingest/recognise.js';
import { ALL_LAYOUTS } from '../../src/ingest/vendor-layouts.js';
import type { Subscription } from '../../src/core/model.js';
import { account, at, subscription, tables, user } from '../helpers/factories.js';

describe('paid periods', () => {
  it('no rows: no paid dates, no recurring revenue', () => {
    expect(firstPaidDates([]).size).toBe(0);
    expect(recurringAt([], at('2024-06-01')).byAccount.size).toBe(0);
  });

  it('one paid row: paid from its start, recurring while running', () => {
    const s = subscription({ startAt: '2024-02-01', amount: 50 });
    expect(paidFrom(s)).toBe(at('2024-02-01'));
    expect(firstPaidDates([s])).toEqual(new Map([['a1', at('2024-02-01')]]));
    expect(recurringAt([s], at('2024-01-31')).byAccount.size).toBe(0);
    expect(recurringAt([s], at('2024-02-01')).byAccount.get('a1')).toBe(50);
  });

  it('a trial is not paid: a trial row never, a trialing status never, a trial end moves the paid start', () => {
    expect(paidFrom(subscription({ trial: true, amount: 0 }))).toBeNull();
    expect(paidFrom(subscription({ status: 'trialing', trial: true }))).toBeNull();
    expect(paidFrom(subscription({ startAt: '2024-01-01', trialEndAt: '2024-01-15' }))).toBe(at('2024-01-15'));
    // cancelled before the trial ended: never billed
    expect(paidFrom(subscription({ status: 'canceled', startAt: '2024-01-01', trialEndAt: '2024-01-15', endAt: '2024-01-10' }))).toBeNull();
  });

  it('a zero amount (free plan), an unbilled status and an unpaid invoice are not paid; an unknown amount is', () => {
    expect(paidFrom(subscription({ amount: 0 }))).toBeNull();
    expect(paidFrom(subscription({ status: 'incomplete_expired' }))).toBeNull();
    expect(paidFrom(subscription({ kind: 'invoice', status: 'open', amount: 0 }))).toBeNull();
    expect(paidFrom(subscription({ kind: 'invoice', status: 'void', amount: 49 }))).toBeNull();
    expect(paidFrom(subscription({ kind: 'invoice', status: 'paid', amount: 49, startAt: '2024-03-03' }))).toBe(at('2024-03-03'));
    expect(paidFrom(subscription({ amount: null }))).toBe(at('2024-01-01'));
  });

  it('cancelled then resumed: first paid date is the first period; revenue only while a subscription runs', () => {
    const rows = [
      subscription({ id: 's1', status: 'cancelled', startAt: '2024-01-01', endAt: '2024-03-01', amount: 100 }),
      subscription({ id: 's2', status: 'active', startAt: '2024-05-01', amount: 120 }),
    ];
    expect(firstPaidDates(rows).get('a1')).toBe(at('2024-01-01'));
    expect(recurringAt(rows, at('2024-02-01')).byAccount.get('a1')).toBe(100);
    expect(recurringAt(rows, at('2024-04-01')).byAccount.has('a1')).toBe(false);
    expect(recurringAt(rows, at('2024-06-01')).byAccount.get('a1')).toBe(120);
  });

  it('a paid row with an unknown amount is paying but not summed (counted apart)', () => {
    const r = recurringAt([subscription({ amount: null })], at('2024-06-01'));
    expect(r.byAccount.size).toBe(0);
    expect([...r.unknown]).toEqual(['a1']);
    expect(r.counts.get('a1')).toBe(1);
  });

  it('invoices are paid dates, not recurring revenue', () => {
    const inv = subscription({ kind: 'invoice', status: 'paid', amount: 49, startAt: '2024-01-05' });
    expect(firstPaidDates([inv]).get('a1')).toBe(at('2024-01-05'));
    expect(recurringAt([inv], at('2024-01-06')).byAccount.size).toBe(0);
  });
});

describe('monthly amounts', () => {
  const none = { mrr: null, arr: null, amount: null, quantity: null, interval: null, intervalCount: null };
  it('mrr first, then arr / 12, then amount × quantity per interval', () => {
    expect(monthlyAmount({ ...none, mrr: 80, arr: 1200, amount: 5 }).amount).toBe(80);
    expect(monthlyAmount({ ...none, arr: 1200 }).amount).toBe(100);
    expect(monthlyAmount({ ...none, amount: 600, quantity: 2, interval: 'year' }).amount).toBe(100);
    expect(monthlyAmount({ ...none, amount: 30, interval: 'month', intervalCount: 3 }).amount).toBe(10);
    expect(monthlyAmount({ ...none, amount: 30 }).amount).toBe(30);
    expect(monthlyAmount(none).amount).toBeNull();
  });

  it('an unknown interval gives no amount and says so', () => {
    expect(monthlyAmount({ ...none, amount: 30, interval: 'fortnight' })).toEqual({ amount: null, badInterval: true });
  });
});

describe('billing currency', () => {
  it('one currency: nothing done', () => {
    const rows = [subscription({ currency: 'USD' }), subscription({ currency: null })];
    expect(applyBillingCurrency(rows)).toBeNull();
    expect(rows.map((s) => s.amount)).toEqual([100, 100]);
  });

  it('two currencies: the main one kept, the other set aside (never added), still counted as paid', () => {
    const rows = [subscription({ accountId: 'a1', currency: 'USD', amount: 100 }), subscription({ accountId: 'a2', currency: 'USD', amount: 100 }), subscription({ accountId: 'a3', currency: 'EUR', amount: 150 })];
    const c = applyBillingCurrency(rows)!;
    expect(c.analysisCurrency).toBe('USD');
    expect(c.byCurrency).toEqual([
      { currency: 'USD', rows: 2, amount: 200, rate: null, use: 'analysed' },
      { currency: 'EUR', rows: 1, amount: 150, rate: null, use: 'excluded' },
    ]);
    expect(rows[2]).toMatchObject({ amount: null, excludedCurrency: 'EUR' });
    expect(firstPaidDates(rows).has('a3')).toBe(true);
    expect(recurringAt(rows, at('2024-06-01')).unknown.has('a3')).toBe(true);
  });

  it('config base and rates convert', () => {
    const rows = [subscription({ currency: 'USD', amount: 100 }), subscription({ accountId: 'a2', currency: 'EUR', amount: 100 })];
    const c = applyBillingCurrency(rows, { base: 'USD', rates: { EUR: 1.1 } })!;
    expect(c.byCurrency.find((x) => x.currency === 'EUR')).toMatchObject({ use: 'converted', rate: 1.1 });
    expect(rows[1]!.amount).toBe(110);
  });
});

describe('subscription rows', () => {
  const build = (cells: Record<string, string>): Subscription => ROW_BUILDERS.subscriptions(new RowReader(cells)) as Subscription;

  it('reads a Stripe-like subscription: trial end, cancellation only when cancelled, the e-mail domain only', () => {
    const s = build({ subscriptionId: 'sub_1', accountId: 'cus_1', email: 'Ann@Acme.example', status: 'Active', startAt: '2024-01-01', trialEndAt: '2024-01-15', canceledAt: '2024-06-01', amount: '588', interval: 'year' });
    expect(s).toMatchObject({ kind: 'subscription', status: 'active', trialEndAt: at('2024-01-15'), endAt: null, amount: 49, free: false, emailDomain: 'acme.example' });
    expect(JSON.stringify(s)).not.toContain('Ann');
    expect(build({ subscriptionId: 'sub_2', accountId: 'cus_1', status: 'canceled', startAt: '2024-01-01', canceledAt: '2024-06-01' }).endAt).toBe(at('2024-06-01'));
  });

  it('a trial flag and a zero MRR (warehouse shape) are not paid', () => {
    const s = build({ subscriptionId: 'S-1', accountId: 'A-1', startAt: '2024-11-25', isTrial: 'True', mrr: '0' });
    expect(s).toMatchObject({ trial: true, free: true, amount: 0 });
    expect(paidFrom(s)).toBeNull();
  });

  it('a row without a start date is rejected with the reason', () => {
    const r = new RowReader({ subscriptionId: 'x', accountId: 'a' });
    ROW_BUILDERS.subscriptions(r);
    expect(r.rejection).toMatchObject({ code: 'MISSING_VALUE', field: 'startAt' });
  });
});

describe('subscription→account link', () => {
  it('links by id, e-mail domain and company name; an unlinked customer is counted, keeps its id', () => {
    const t = tables({
      accounts: [account({ accountId: 'acme', name: 'Acme Inc', domain: 'acme.example' }), account({ accountId: 'globex', name: 'Globex', domain: 'globex.example' })],
      subscriptions: [
        subscription({ accountId: 'acme' }),
        subscription({ accountId: 'cus_2', emailDomain: 'globex.example' }),
        subscription({ accountId: 'cus_3', company: 'ACME, Inc.' }),
        subscription({ accountId: 'cus_4', emailDomain: 'gmail.com' }),
      ],
    });
    const l = resolveLinks(t).links.find((x) => x.id === 'subscription→account')!;
    expect(l).toMatchObject({ rows: 4, linked: 3, by: { id: 1, domain: 1, name: 1 }, rate: 0.75, unlinkedExamples: ['cus_4'] });
    expect(t.subscriptions.map((s) => s.accountId)).toEqual(['acme', 'globex', 'acme', 'cus_4']);
  });

  it('without CRM accounts, links to the product accounts (users)', () => {
    const t = tables({ users: [user({ userId: 'u1', accountId: 'p1' })], subscriptions: [subscription({ accountId: 'p1' }), subscription({ accountId: 'zz' })] });
    expect(resolveLinks(t).links.find((x) => x.id === 'subscription→account')).toMatchObject({ rows: 2, linked: 1 });
  });
});

describe('billing layouts (recognised by header)', () => {
  it.each([
    [['id', 'Customer ID', 'Customer Email', 'Plan', 'Quantity', 'Interval', 'Amount', 'Status', 'Created (UTC)', 'Start (UTC)', 'Current Period Start (UTC)', 'Canceled At (UTC)', 'Ended At (UTC)', 'Trial Start (UTC)', 'Trial End (UTC)'], 'subscriptions.csv', 'stripe-subscriptions'],
    [['id', 'customer', 'status', 'created', 'start_date', 'current_period_start', 'canceled_at', 'ended_at', 'trial_end', 'plan_amount', 'plan_interval', 'quantity'], 'subscription.csv', 'stripe-subscriptions'],
    [['id', 'Customer', 'Customer Email', 'Amount Due', 'Amount Paid', 'Currency', 'Date (UTC)', 'Status', 'Subscription'], 'invoices.csv', 'stripe-invoices'],
    [['id', 'customer_id', 'subscription_id', 'status', 'date', 'paid_at', 'currency_code', 'total', 'amount_due', 'amount_paid'], 'invoice.csv', 'chargebee-invoices'],
    [['Subscription Id', 'Customer Id', 'Plan Id', 'Status', 'Started At', 'Activated At', 'Cancelled At', 'MRR', 'Currency Code'], 'Subscriptions.csv', 'chargebee-subscriptions'],
    [['subscription_id', 'account_id', 'start_date', 'end_date', 'plan_tier', 'seats', 'mrr_amount', 'arr_amount', 'is_trial', 'upgrade_flag', 'downgrade_flag', 'churn_flag', 'billing_frequency', 'auto_renew_flag'], 'ravenstack_subscriptions.csv', 'pullcheck'],
  ])('%j → %s', (header, name, layout) => {
    expect(recognise(header, name, ALL_LAYOUTS)).toMatchObject({ table: 'subscriptions', layout: { id: layout } });
  });

  it('a usage table keyed by subscription id is not a subscriptions table', () => {
    expect(recognise(['usage_id', 'subscription_id', 'usage_date', 'feature_name', 'usage_count'], 'feature_usage.csv', ALL_LAYOUTS)?.table).not.toBe('subscriptions');
  });
});

describe('usage keyed by subscription', () => {
  it('an event account id that is a subscription id takes the subscription account; account ids stay; others are left as they are', () => {
    const t = tables({
      subscriptions: [subscription({ id: 'S-1', accountId: 'A-1' }), subscription({ id: 'A-2', accountId: 'A-2' })],
      events: [
        { timestamp: at('2024-01-01'), userId: null, accountId: 'S-1', event: 'x', feature: null },
        { timestamp: at('2024-01-02'), userId: null, accountId: 'A-2', event: 'x', feature: null },
        { timestamp: at('2024-01-03'), userId: null, accountId: 'other', event: 'x', feature: null },
      ],
    });
    expect(eventAccountsFromSubscriptions(t)).toBe(1);
    expect([...t.events].map((e) => e.accountId)).toEqual(['A-1', 'A-2', 'other']);
  });

  it('no subscriptions or no events: nothing to do', () => {
    expect(eventAccountsFromSubscriptions(tables())).toBe(0);
  });
});

describe('a billing row naming no customer', () => {
  it('is rejected with the reason (not dropped silently); an e-mail alone is enough', () => {
    const r = new RowReader({ subscriptionId: 'x', startAt: '2024-01-01' });
    ROW_BUILDERS.subscriptions(r);
    expect(r.rejection).toMatchObject({ code: 'MISSING_VALUE', field: 'accountId' });
    const ok = new RowReader({ subscriptionId: 'y', startAt: '2024-01-01', email: 'a@b.example' });
    ROW_BUILDERS.subscriptions(ok);
    expect(ok.rejection).toBeNull();
  });
});
