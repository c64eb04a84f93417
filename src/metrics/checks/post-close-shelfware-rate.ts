import { DAY_MS, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import { firstEventTime } from '../shared-features.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, isoDay, wonClosedWithin } from '../shared-push.js';
import { addLinkCoverage, checkLinkFloor, type LinkCoverageEvidence } from '../link-floor.js';
import { crmAccountIds, dealAccountFloor, dealAccountFound, seenInEvents } from '../account-joins.js';
import { defineMetric, insufficient, measured } from '../types.js';

interface CohortAccount {
  accountId: string;
  /** Earliest qualifying new-business close: the window is measured from it. */
  closedAt: number;
  /** Sum of the known amounts of its qualifying new wins (null when none is known). */
  amount: number | null;
  windowFrom: number;
  windowTo: number;
  active: boolean;
  seenInEvents: boolean;
}

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 455, activeFromDay: 60, activeToDay: 90, minN: 30 };

/**
 * post-close-shelfware-rate (PUSH: sold accounts that do not use what they bought).
 *
 * Definition: the cohort is accounts with a won deal of type `new` closed in
 * [T - lookbackDays, T - activeToDay days], i.e. old enough that the whole usage window has
 * passed (default 455 days back, so a full year of mature closes). Each account is measured
 * from its earliest such close C. An account is shelfware when it has no core event
 * (derived.isCoreEvent; login/pageview-like events excluded) in [C + activeFromDay, C + activeToDay)
 * = days 60–90 after close, attributing events to accounts with derived.accountOfEvent —
 * the same rule as derived.activeAccountsBetween, done in one pass over events because each
 * account has its own window. Value = shelfware accounts ÷ cohort accounts.
 * Direction: higher = more sales-driven (better: lower).
 *
 * Excluded (counted): immature accounts (new wins only in the last activeToDay days); new wins
 * without an account id or close date; renewal/expansion wins; accounts whose usage window
 * starts before the first day of event data (the export cannot show their usage). Cohort
 * accounts that never appear in any event are kept (they may truly be shelfware) but counted,
 * with a note when they are the majority (account ids may not match between CRM and product),
 * or when they are most of the shelfware while some events' account ids link to no CRM account
 * (a partial join above the floor): the note gives the rate among the accounts seen in events.
 * Needs `minN` cohort accounts and a non-empty events table. Link floors (link-floor.ts,
 * account-joins.ts), in this order:
 * - `deal→account` (with an accounts table): the cohort's new-business won deals whose account id
 *   is an account of the table ÷ those deals, at or above the floor (`source: null`: every such
 *   deal carries a reference, so none is a real zero). Above it the accounts whose deals joined
 *   nothing are excluded (`excludedAccountNotFound`), never counted as shelfware; below it the
 *   result is insufficient. (Before: such an account was never seen in events, and the
 *   event→account floor took the events' own link rate, a different join, for its own: 100%
 *   broken deal ids measured 1.0.)
 * - `event→account`: cohort accounts seen in product events ÷ cohort accounts, or else the
 *   product events that carry an account linking to CRM accounts, at or above the floor (then an
 *   unseen account is real shelfware); below it the result is insufficient. Seen = some event row
 *   resolves to the account by its own account id (through its user only when no event carries
 *   an account id): a few account-less events reaching accounts through their users no longer
 *   make accounts seen whose events' own account ids joined nothing.
 * Interval: Wilson.
 */
export default defineMetric({
  id: 'post-close-shelfware-rate',
  description: `New-business won accounts (closed between the end of the activity window and the lookback, default ${DEFAULTS.activeToDay}–${DEFAULTS.lookbackDays} days ago) with no active user in the activity window after close (default days ${DEFAULTS.activeFromDay}–${DEFAULTS.activeToDay}) ÷ those accounts`,
  unit: 'ratio',
  requires: ['deals', 'events'],
  requiresFields: ['deals.stage|isWon'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const T = ctx.asOf;
    const matureBy = T - params.activeToDay * DAY_MS; // closedAt <= matureBy ⇔ window ended by T
    const window = wonClosedWithin(ctx, params.lookbackDays);
    let excludedNoAccount = 0;
    let excludedNotNew = 0;
    const mature = new Map<string, { closedAt: number; amount: number | null; deals: number }>();
    const immature = new Set<string>();
    for (const d of window.deals) {
      const closedAt = d.closedAt!;
      if (d.type !== 'new') {
        excludedNotNew++;
        continue;
      }
      if (!d.accountId) {
        excludedNoAccount++;
        continue;
      }
      if (closedAt > matureBy) {
        immature.add(d.accountId);
        continue;
      }
      const prev = mature.get(d.accountId);
      const amount = d.amount === null ? prev?.amount ?? null : (prev?.amount ?? 0) + d.amount;
      mature.set(d.accountId, { closedAt: Math.min(prev?.closedAt ?? closedAt, closedAt), amount, deals: (prev?.deals ?? 0) + 1 });
    }
    const immatureExcluded = [...immature].filter((a) => !mature.has(a)).length;

    const firstEvent = firstEventTime(tables.events);
    const firstEventDay = firstEvent === null ? Number.POSITIVE_INFINITY : Math.floor(firstEvent / DAY_MS) * DAY_MS;

    const cohort = new Map<string, CohortAccount>();
    let excludedBeforeEventData = 0;
    // deal→account: the cohort's deals whose account reference joined the accounts table.
    const known = ctx.derived.memoise(crmAccountIds, { asOfFree: true });
    let cohortDeals = 0;
    let dealsAccountFound = 0;
    let accountsNotFound = 0;
    for (const [accountId, m] of mature) {
      const windowFrom = m.closedAt + params.activeFromDay * DAY_MS;
      if (windowFrom < firstEventDay) {
        excludedBeforeEventData++;
        continue;
      }
      cohortDeals += m.deals;
      if (!dealAccountFound(known, accountId)) {
        // Not an account: never measured (neither shelfware nor active), counted.
        accountsNotFound++;
        continue;
      }
      dealsAccountFound += m.deals;
      cohort.set(accountId, {
        accountId,
        closedAt: m.closedAt,
        amount: m.amount,
        windowFrom,
        windowTo: m.closedAt + params.activeToDay * DAY_MS,
        active: false,
        seenInEvents: false,
      });
    }
    // By account id of the events table (ids, not strings): one pass over the timestamp column.
    const events = tables.events;
    const cohortIds: Array<[number, CohortAccount]> = [];
    for (const c of cohort.values()) {
      const id = ctx.derived.accountIdOf(c.accountId);
      if (id >= 0) cohortIds.push([id, c]);
    }
    // Per events.accounts id (the pool is complete once accountIdOf has run): index into `byAccountId`, -1 none.
    const slotOf = new Int32Array(events.accounts.size).fill(-1);
    const byAccountId: CohortAccount[] = [];
    for (const [id, c] of cohortIds) {
      if (slotOf[id]! < 0) slotOf[id] = byAccountId.push(c) - 1;
      else byAccountId[slotOf[id]!] = c;
    }
    if (byAccountId.length > 0) {
      // Seen: some event row resolves to the account (account-joins.ts), not merely an event through a user.
      const seen = seenInEvents(ctx.derived);
      for (const [id, c] of cohortIds) if (seen[id] === 1) c.seenInEvents = true;
      for (let i = 0; i < events.length; i++) {
        const accountId = ctx.derived.accountAt(i);
        if (accountId < 0) continue;
        const slot = slotOf[accountId];
        if (slot === undefined || slot < 0) continue;
        const c = byAccountId[slot]!;
        if (!c.active) {
          // Some event in the window (a day summary's row: from its earliest and latest times).
          if (ctx.derived.isCoreAt(i) && events.someWithin(i, c.windowFrom, c.windowTo, 'post-close-shelfware-rate: a window shorter than a day')) {
            c.active = true;
            // Active through its users' events (an export mixing rows with and without account ids) is seen too.
            c.seenInEvents = true;
          }
        }
      }
    }

    const accounts = [...cohort.values()];
    const n = accounts.length;
    const shelf = accounts.filter((a) => !a.active);
    const neverSeen = accounts.filter((a) => !a.seenInEvents).length;
    const evidence = newEvidence()
      .count('cohortAccounts', 'new-business won accounts measured', n)
      .count('shelfwareAccounts', `of them without an active user in days ${params.activeFromDay}–${params.activeToDay} after close`, shelf.length)
      .count('accountsNeverSeenInEvents', 'of them never seen in product events', neverSeen)
      .excluded('immatureAccountsExcluded', `accounts closed less than ${params.activeToDay} days ago`, immatureExcluded)
      .excluded('excludedBeforeEventData', 'accounts whose window ends before the event data starts', excludedBeforeEventData)
      .excluded('excludedNotNewBusiness', 'won deals that are not new business', excludedNotNew)
      .excluded('excludedNoAccount', 'won deals without an account', excludedNoAccount)
      .excluded('excludedAccountNotFound', 'accounts won whose account id is not in the accounts table (deal→account failed)', accountsNotFound)
      .excluded('excludedNoCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, window.deals).table(
      'exampleShelfwareAccounts',
      'shelfware accounts, largest first',
      'account',
      [column('amount', 'amount', 'money'), column('closedOn', 'closed on', 'date')],
      topBy(shelf, (a) => a.amount ?? -1, (a) => a.accountId, 'desc').map((a) => ({ id: a.accountId, values: { amount: a.amount === null ? null : round(a.amount, 2), closedOn: isoDay(a.closedAt) } })),
    );
    // deal→account first: a won deal whose account id joined nothing is no account at all, and
    // below the floor the cohort is what the join left, not the accounts sold.
    const links: LinkCoverageEvidence[] = [];
    if (known !== null) {
      const dealLink = dealAccountFloor(ctx, dealsAccountFound, cohortDeals, 'new-business won deals of the cohort whose account is in the accounts table');
      if (dealLink.insufficient) return dealLink.insufficient(n, 'won accounts', evidence);
      links.push(dealLink.evidence);
    }
    if (tables.events.length === 0) {
      return insufficient('no product events in the data, so post-close usage cannot be checked', n, 'won accounts', evidence);
    }
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'new-business account')} won ${params.activeToDay}–${params.lookbackDays} days ago with usage data; need ${params.minN}` +
          (immatureExcluded ? ` (${immatureExcluded} more closed too recently)` : ''),
        n,
        'won accounts',
        evidence,
      );
    }
    const link = checkLinkFloor(ctx, {
      link: 'event→account',
      table: 'events',
      linked: n - neverSeen,
      total: n,
      what: 'won accounts seen in product events',
    });
    if (link.insufficient) return link.insufficient(n, 'won accounts', evidence);
    const notes: string[] = [];
    // Shelfware made mostly of accounts never seen in events, while some events' account ids link
    // to no CRM account: the rate may count a partial join (above the floor) as shelfware.
    const unseenShelf = shelf.filter((a) => !a.seenInEvents).length;
    const eventsUnlinked = link.evidence.sourceRate === null ? 0 : 1 - link.evidence.sourceRate;
    if (neverSeen / n > 0.5) {
      notes.push(
        `${neverSeen} of ${n} won accounts never appear in product events; check that CRM and product account ids match before reading this as shelfware`,
      );
    } else if (unseenShelf * 2 > shelf.length && eventsUnlinked > 0) {
      const seen = n - neverSeen;
      const seenShelf = shelf.length - unseenShelf;
      notes.push(
        `${unseenShelf} of the ${shelf.length} shelfware accounts never appear in product events, and ${Math.round(eventsUnlinked * 100)}% of the events' account ids link to no CRM account: ` +
          `if those accounts' ids differ between CRM and product this overstates shelfware; among the ${seen} accounts seen in events, ${seenShelf} (${Math.round((seenShelf / seen) * 1000) / 10}%) are shelfware`,
      );
    }
    return measured(round(shelf.length / n), n, 'won accounts', addLinkCoverage(evidence, [...links, link.evidence]), {
      interval: roundedWilson(shelf.length, n),
      ...(notes.length ? { notes } : {}),
    });
  },
});
