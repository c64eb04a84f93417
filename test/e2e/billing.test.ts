/**
 * Billing exports through the built CLI: a Stripe dashboard export (subscriptions + invoices,
 * customers linked by e-mail domain), a Chargebee subscriptions export (linked by id, two
 * currencies), and a slice of the real ravenstack warehouse table (fixtures/billing/README.md).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { byKey } from '../helpers/evidence.js';
import type { Evidence } from '../../src/report/contract/evidence.js';

interface Check { id: string; status: string; value: number | null; n: number; reason: string | null; evidence: Evidence; notes: string[] }
interface FileInfo { path: string; table: string | null; layout: string | null; vendor?: string | null; mapping?: Record<string, string>; rows: number; rejected: number }
interface Inspect { files: FileInfo[]; links: Array<{ id: string; rows: number; linked: number; by: Record<string, number>; unlinkedExamples: string[] }>; paidAt: { source: string; accounts: number; billing?: Record<string, unknown> } | null }

function checks(dir: string, asOf?: string): Record<string, Check> {
  const r = runCli(['analyze', dir, '--format', 'json', ...(asOf ? ['--as-of', asOf] : [])]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as { categories: Array<{ checks: Check[] }> };
  return Object.fromEntries(report.categories.flatMap((c) => c.checks).map((c) => [c.id, c]));
}

function inspect(dir: string): Inspect {
  const r = runCli(['inspect', dir, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Inspect;
}

const file = (i: Inspect, name: string): FileInfo => i.files.find((f) => f.path.endsWith(name))!;

describe('Stripe dashboard export (subscriptions and invoices)', () => {
  const DIR = 'fixtures/billing/stripe';

  it('recognises both files as billing, links customers by e-mail domain, and counts the one that links to nothing', () => {
    const i = inspect(DIR);
    expect(file(i, 'subscriptions.csv')).toMatchObject({ table: 'subscriptions', layout: 'stripe-subscriptions', rows: 91, rejected: 0 });
    expect(file(i, 'subscriptions.csv').mapping).toMatchObject({ accountId: 'Customer ID', trialEndAt: 'Trial End (UTC)', amount: 'Amount', interval: 'Interval' });
    expect(file(i, 'invoices.csv')).toMatchObject({ table: 'subscriptions', layout: 'stripe-invoices', rows: 31 });
    expect(i.links.find((l) => l.id === 'subscription→account')).toMatchObject({ rows: 122, linked: 121, by: { domain: 121 }, unlinkedExamples: ['cus_900001'] });
    // 30 accounts paid after a trial, plus the customer at a webmail address.
    expect(i.paidAt).toMatchObject({ source: 'subscriptions', accounts: 31, billing: { subscriptions: 91, invoices: 31, unlinkedRows: 1 } });
    const text = runCli(['inspect', DIR]).stdout;
    expect(text).toContain('paidAt ← first paid subscription period (after any trial, non-zero amount) or paid invoice, 31 accounts');
    // Customer e-mail addresses are read for their domain only.
    expect(text).not.toContain('billing@');
  });

  it('free-to-paid: trials cancelled in trial, free plans and no subscription do not convert', () => {
    const c = checks(DIR, '2025-06-30')['free-to-paid-conversion-90d']!;
    // 120 signups (2024-08-01 + i days); i mod 4 = 0 pays 16 days after signup, after a 14-day trial.
    expect(c).toMatchObject({ value: 0.25, n: 120 });
    // 60 with a cancelled trial or a free plan, and acc-004 with an open (unpaid) invoice.
    expect(byKey(c.evidence)).toMatchObject({ cohortAccounts: 120, convertedAccounts: 30, unpaidBillingNotConverted: 61, medianDaysToConvert: 16, linkCoverage: [{ id: 'subscription→account', linked: 30, of: 31 }] });
    expect(String(byKey(c.evidence).paidSource)).toMatch(/^subscriptions/);
  });

  it('NRR reads the subscriptions and says why there is none: nobody paid a year before', () => {
    const c = checks(DIR, '2025-06-30')['nrr-from-deals']!;
    expect(c).toMatchObject({ status: 'insufficient-data', n: 0 });
    expect(byKey(c.evidence)).toMatchObject({ source: 'subscriptions', baseAccounts: 0, startDate: '2024-07-01' });
  });
});

describe('Chargebee subscriptions export', () => {
  const DIR = 'fixtures/billing/chargebee';

  it('NRR from recurring revenue: churn, add-on expansion, cancelled then resumed; EUR set aside, never added', () => {
    const c = checks(DIR, '2025-06-30')['nrr-from-deals']!;
    // Base on 2024-07-01: 41 USD customers at 100 = 4,100; at the end 25 + 1 resumed at 100 and 5 at 150 = 3,350.
    expect(c).toMatchObject({ status: 'fail', value: 0.8171, n: 41 });
    expect(byKey(c.evidence)).toMatchObject({ source: 'subscriptions', startRecurring: 4100, endRecurring: 3350, churnedAccounts: 10, customersWithoutAmount: 2, analysisCurrency: 'USD', excludedCurrencyEUR: 2 });
    expect(c.notes[0]).toMatch(/5 of 41 base customers hold several paid subscriptions at once at the end, each counted/);
  });

  it('inspect: the Chargebee layout, links by id, the billing currency and the trials', () => {
    const i = inspect(DIR);
    expect(file(i, 'Subscriptions.csv')).toMatchObject({ table: 'subscriptions', layout: 'chargebee-subscriptions', rows: 52 });
    expect(i.links.find((l) => l.id === 'subscription→account')).toMatchObject({ rows: 52, linked: 52, by: { id: 52 } });
    expect(i.paidAt).toMatchObject({ accounts: 43, billing: { unpaidRows: 3, paidWithoutAmount: 2 } });
    expect(runCli(['inspect', DIR]).stdout).toContain('billing currency USD');
  });

  it('free-to-paid without a users table says what is missing', () => {
    expect(checks(DIR, '2025-06-30')['free-to-paid-conversion-90d']).toMatchObject({ status: 'insufficient-data', reason: 'needs a users table; no users file was found' });
  });
});

describe('ravenstack warehouse subscriptions (real, synthetic company)', () => {
  const DIR = 'fixtures/billing/ravenstack';

  it('recognises the subscriptions table with MRR and trial flag, linked to the accounts by id', () => {
    const i = inspect(DIR);
    expect(file(i, 'ravenstack_subscriptions.csv')).toMatchObject({ table: 'subscriptions', layout: 'pullcheck', rows: 629, rejected: 0 });
    expect(file(i, 'ravenstack_subscriptions.csv').mapping).toMatchObject({ mrr: 'mrr_amount', isTrial: 'is_trial', startAt: 'start_date', endAt: 'end_date' });
    expect(i.links.find((l) => l.id === 'subscription→account')).toMatchObject({ rows: 629, linked: 629 });
  });

  it('NRR from subscriptions below its minimum sample: insufficient with the sample size, never a score', () => {
    const c = checks(DIR)['nrr-from-deals']!;
    expect(c).toMatchObject({ status: 'insufficient-data', n: 27 });
    expect(byKey(c.evidence)).toMatchObject({ source: 'subscriptions', baseAccounts: 27 });
    expect(c.reason).toMatch(/27 customers with recurring revenue on 2024-01-02 \(the window start\); need 30/);
  });
});

describe('ravenstack usage keyed by subscription (config maps subscription_id as the account)', () => {
  it('events take their subscription\'s account, so they join the accounts', () => {
    const i = inspect('fixtures/billing/ravenstack-usage');
    expect(i.paidAt?.billing).toMatchObject({ eventSubscriptionIds: 240 });
    expect(i.links.find((l) => l.id === 'event→account')).toMatchObject({ rows: 300, linked: 300 });
    expect(runCli(['inspect', 'fixtures/billing/ravenstack-usage']).stdout).toContain("events keyed by subscription: 240 subscription ids given their subscription's account");
  });
});
