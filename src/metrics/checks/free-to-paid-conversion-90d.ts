import { byKey, DAY_MS, median, round, roundedWilson } from '../../stats/stats.js';
import { accountSignups, dayStart } from '../shared-pull.js';
import { addLinkCoverage, checkLinkFloor, type LinkCoverageEvidence } from '../link-floor.js';
import { crmAccountIds, dealAccountFloor, dealAccountFound } from '../account-joins.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { defineMetric, insufficient, measured } from '../types.js';
import { firstPaidDates, paidFrom, PAID_AT_RULE } from '../../ingest/billing.js';
import type { Tables, Timestamp } from '../../core/model.js';
import type { Derived } from '../derived.js';

const BENCHMARKS = {
  freemium: 'freemium: ~3% typical (Lincoln Murphy); pass ≥5%, fail <2%',
  trial: 'opt-in free trial: ~15% typical (Totango); pass ≥15%, fail <8%',
} as const;

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { conversionDays: 90, lookbackDays: 365, minN: 100, model: 'freemium' as 'freemium' | 'trial' };

/**
 * free-to-paid-conversion-90d (PULL).
 *
 * Definition: an account's signup is the earliest `signupAt` of its users. Cohort = accounts whose
 * signup falls in [T − lookbackDays, T − conversionDays] (so each had the full `conversionDays` to
 * convert). An account's paid dates come from billing when there is a subscriptions table: its
 * first paid date (`paidAt`: the first paid subscription period after any trial, with a non-zero
 * amount, or paid invoice; src/ingest/billing.ts); else from deals: its won deals' `closedAt`. An
 * account converts when a paid date falls in [start of its signup day, signup + conversionDays].
 * Value = converted ÷ cohort accounts. Evidence `paidSource` says which source was used; with
 * billing, `unpaidBillingNotConverted` counts cohort accounts that did not convert but have a
 * trial, free-plan or unpaid billing row (they tried the paid path).
 * Direction: higher = more product-driven (free users become customers).
 *
 * Excluded, and counted in evidence: immature accounts (signup less than `conversionDays` before T);
 * accounts already paying — a won deal closed before their signup day — since they never were free
 * or trial accounts (sold first, onboarded later). Deals are matched by account id; users and deals
 * without an account cannot be matched. The `model` param (freemium | trial) only labels the
 * benchmark in evidence: the thresholds live in the rubric.
 * Needs at least `minN` cohort accounts (100: base rates are a few percent, so 30 gives a
 * uselessly wide interval).
 * Link floors (link-floor.ts): without billing, first `deal→account` (with an accounts table):
 * deals won in the lookback whose account id is an account of the table ÷ those deals, at or
 * above the floor (`source: null`: each carries a reference; the users' link table row is another
 * join), else insufficient — a won deal whose account joined nothing is a lost conversion, not an
 * absent one. Then `user→account` (with billing, `subscription→account`): accounts won (first
 * paid) in the lookback that have product users ÷ those accounts (without billing, those whose
 * deal's account was found), at or above the floor unless the source rows link to accounts at or
 * above it; else insufficient (unmatched ids are not "no one converted"). A billing customer that
 * links to no account is such an unmatched id.
 */
export default defineMetric({
  id: 'free-to-paid-conversion-90d',
  description: `Signup accounts (cohorts at least the conversion window old) first paying (billing, else a won deal) within the conversion window of signup (default ${DEFAULTS.conversionDays} days) ÷ those accounts`,
  unit: 'ratio',
  requires: ['users'],
  requiresOneOf: [['subscriptions', 'deals']],
  requiresFields: ['deals.stage|isWon'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { users } = tables;
    const T = ctx.asOf;
    const from = T - params.lookbackDays * DAY_MS;
    const matureBy = T - params.conversionDays * DAY_MS;
    const signups = accountSignups(users);

    const billing = tables.subscriptions.length > 0;
    const wonCloses = billing ? paidDatesFromBilling(ctx.derived, T) : wonDealCloses(ctx.derived, T);
    let immature = 0;
    let alreadyPaying = 0;
    let cohort = 0;
    let converted = 0;
    const daysToConvert: number[] = [];
    const monthly = new Map<string, { accounts: number; converted: number }>();
    // With billing: accounts that had a trial (or a free plan) and did not convert, for the evidence.
    const triedBilling = billing ? ctx.derived.memoise(unpaidBillingAccounts) : null;
    let triedNotConverted = 0;
    for (const [account, signup] of signups) {
      if (signup < from || signup >= T) continue;
      if (signup > matureBy) {
        immature++;
        continue;
      }
      const closes = wonCloses.get(account) ?? [];
      const signupDay = dayStart(signup);
      if (closes.some((c) => c < signupDay)) {
        alreadyPaying++;
        continue;
      }
      cohort++;
      const month = new Date(signup).toISOString().slice(0, 7);
      const m = monthly.get(month) ?? { accounts: 0, converted: 0 };
      m.accounts++;
      const first = closes.filter((c) => c <= signup + params.conversionDays * DAY_MS).sort((a, b) => a - b)[0];
      if (first !== undefined) {
        converted++;
        m.converted++;
        daysToConvert.push(Math.max(0, (first - signup) / DAY_MS));
      } else if (triedBilling?.has(account)) triedNotConverted++;
      monthly.set(month, m);
    }

    const evidence = newEvidence()
      .fact('paidSource', 'paid date from', billing ? `subscriptions (${PAID_AT_RULE})` : 'won deals')
      .fact('model', 'model', params.model);
    const benchmark = BENCHMARKS[params.model];
    if (benchmark) evidence.fact('benchmark', 'benchmark', benchmark);
    evidence
      .count('cohortAccounts', `signup accounts at least ${params.conversionDays} days old`, cohort)
      .count('convertedAccounts', `accounts paying within ${params.conversionDays} days`, converted)
      .days('medianDaysToConvert', 'median days to convert', daysToConvert.length > 0 ? round(median(daysToConvert), 1) : null);
    // Billing only: cohort accounts with a trial, free or unpaid billing row that did not convert.
    if (triedBilling) evidence.count('unpaidBillingNotConverted', 'cohort accounts with a trial, free or unpaid billing row that did not convert', triedNotConverted);
    evidence
      .excluded('immatureAccountsExcluded', `accounts signed up less than ${params.conversionDays} days ago`, immature)
      .excluded('alreadyPayingAccountsExcluded', 'accounts already paying before signup', alreadyPaying)
      .table(
        'recentMonthlyCohorts',
        'recent monthly cohorts',
        'month',
        [column('accounts', 'accounts', 'count'), column('converted', 'converted', 'count'), column('rate', 'rate', 'share')],
        [...monthly.entries()]
          .sort((a, b) => byKey(b[0], a[0]))
          .slice(0, 5)
          .map(([month, m]) => ({ id: month, values: { accounts: m.accounts, converted: m.converted, rate: round(m.converted / m.accounts) } })),
      );
    if (cohort === 0 || cohort < params.minN) {
      return insufficient(
        `${cohort} signup accounts ≥${params.conversionDays} days old in the last ${params.lookbackDays} days; need ${params.minN}`,
        cohort,
        'signup accounts',
        evidence,
      );
    }
    // The join: won accounts of the lookback that are product accounts. A CRM whose accounts the
    // product does not know would read as no conversions at all.
    let wonInLookback = [...wonCloses.entries()].filter(([, closes]) => closes.some((c) => c >= from));
    const links: LinkCoverageEvidence[] = [];
    // Without billing, deal→account first: a won deal whose account id joined no account is no
    // account the users could match (its conversion is lost, not absent). Every deal counted
    // carries an account reference, so the link table's deal→account row (all deals) is not used.
    const known = billing ? null : ctx.derived.memoise(crmAccountIds, { asOfFree: true });
    if (known !== null) {
      let deals = 0;
      let found = 0;
      for (const deal of ctx.derived.wonDeals()) {
        if (!deal.accountId || deal.closedAt === null || deal.closedAt < from || deal.closedAt >= T) continue;
        deals++;
        if (dealAccountFound(known, deal.accountId)) found++;
      }
      const dealLink = dealAccountFloor(ctx, found, deals, 'deals won in the lookback whose account is in the accounts table');
      if (dealLink.insufficient) return dealLink.insufficient(cohort, 'signup accounts', evidence);
      links.push(dealLink.evidence);
      wonInLookback = wonInLookback.filter(([account]) => dealAccountFound(known, account));
    }
    const link = checkLinkFloor(ctx, {
      link: billing ? 'subscription→account' : 'user→account',
      table: billing ? 'subscriptions' : 'users',
      linked: wonInLookback.filter(([account]) => signups.has(account)).length,
      total: wonInLookback.length,
      what: billing ? 'accounts first paid in the lookback that have product users' : 'accounts won in the lookback that have product users',
    });
    if (link.insufficient) return link.insufficient(cohort, 'signup accounts', evidence);
    return measured(round(converted / cohort), cohort, 'signup accounts', addLinkCoverage(evidence, [...links, link.evidence]), { interval: roundedWilson(converted, cohort) });
  },
});

/** Account → close dates of its won deals before T. */
function wonDealCloses(derived: Derived, T: Timestamp): Map<string, number[]> {
  const wonCloses = new Map<string, number[]>();
  for (const deal of derived.wonDeals()) {
    if (!deal.accountId || deal.closedAt === null || deal.closedAt >= T) continue;
    const list = wonCloses.get(deal.accountId) ?? [];
    list.push(deal.closedAt);
    wonCloses.set(deal.accountId, list);
  }
  return wonCloses;
}

/** Accounts with a billing row never paid (a trial or a free plan). */
function unpaidBillingAccounts(tables: Tables): Set<string> {
  return new Set(tables.subscriptions.filter((s) => s.accountId !== null && paidFrom(s) === null).map((s) => s.accountId!));
}

/** Account (or unlinked billing customer) → its first paid date, any time. */
function firstPaidDatesOf(tables: Tables): Map<string, number> {
  return firstPaidDates(tables.subscriptions);
}

/** Account (or unlinked billing customer) → its first paid date before T, as a one-date list. */
function paidDatesFromBilling(derived: Derived, T: Timestamp): Map<string, number[]> {
  const first = derived.memoise(firstPaidDatesOf);
  const out = new Map<string, number[]>();
  for (const [account, paidAt] of first) if (paidAt < T) out.set(account, [paidAt]);
  return out;
}
