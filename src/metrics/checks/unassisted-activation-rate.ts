import { DAY_MS, round, roundedWilson, topEntries } from '../../stats/stats.js';
import { activationDelayDays, matureSignupCohort, safeId } from '../shared-pull.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { TOUCHES_WITH_REFERENCE } from '../derived.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { activationDays: 14, lookbackDays: 365, minN: 100 };

/**
 * unassisted-activation-rate (PULL).
 *
 * Definition: cohort = users who signed up in [T − lookbackDays, T − activationDays] (so each had
 * the full `activationDays` to activate). A user counts when `activatedAt − signupAt ≤ activationDays`
 * and no touch (call/email/meeting/demo, `derived.accountTouchTimes()`) on the user's account falls
 * in [signupAt, activatedAt]. Value = unassisted activations ÷ cohort.
 * Direction: higher = more product-driven (users reach value without a salesperson).
 *
 * Excluded, and counted in evidence: immature signups (signed up less than `activationDays` before
 * T), users without a signup date. An activation stamped before signup counts as activation at
 * signup (no time for a touch). Users without an account cannot have account touches and count
 * as unassisted (counted in evidence). With no activities at all, touches are unknown and the value
 * equals the plain activation rate (said in a note).
 * Needs at least `minN` cohort signups. Two link floors (link-floor.ts), when there are activities:
 * - `activity→account`, first: of the touches in the lookback with a reference
 *   (`derived.touchAccountJoin()`: naming a deal or an account, their own or their contact's, or
 *   whose only reference is a contact id that names no contact), those placed on a known account
 *   (their own, their contact's or their deal's, and one of the CRM's or the product's accounts:
 *   `derived.knownAccounts()`) ÷ those touches, at or above the floor; else insufficient.
 *   A contact id that names no contact, a deal id that names no deal, a deal without an account and
 *   an account id that names no account (accounts.csv has `A17`, the touch `XA17`; or its deal's)
 *   reach no account: such a touch may have assisted any activation, so the activations around it
 *   are not "unassisted". Without this floor, calls logged against unknown contacts left 0 of 0
 *   touched accounts, which met the user→account floor, and every activation read as unassisted
 *   (1.0). A contact found without an account (and no deal) names none: not counted. With no touch
 *   with a reference in the lookback (0 of 0), the floor does not apply.
 * - `user→account`: accounts touched in the lookback that have product users ÷ accounts touched in
 *   the lookback, at or above the floor unless the product's accounts link to CRM accounts at or
 *   above it; else insufficient (touches on accounts the product does not know are not "unassisted").
 *   With an accounts table, "link" is the users with an account that is one of its accounts
 *   (`derived.crmAccounts()`), not the link table's user→account, which also counts a product
 *   account that matched a deal's account reference naming no account (accounts.csv ids renamed:
 *   the touches sit on the accounts, through their contacts, the users on the deals' dead ids).
 * Measured, the evidence's `linkCoverage` has both.
 */
export default defineMetric({
  id: 'unassisted-activation-rate',
  description: `Signups older than the activation window (default ${DEFAULTS.activationDays} days) that activated within it with no sales touch on their account in between ÷ those signups`,
  unit: 'ratio',
  requires: ['users'],
  requiresFields: ['users.activatedAt'],
  defaultParams: DEFAULTS,
  compute({ users, activities, accounts }, params, ctx) {
    const T = ctx.asOf;
    const signups = matureSignupCohort(users, T, params.lookbackDays, params.activationDays);
    const cohort = signups.users.length;
    const touches = ctx.derived.accountTouchTimes();

    let activated = 0;
    let assisted = 0;
    let unassisted = 0;
    let activatedLater = 0;
    let noAccountUnassisted = 0;
    const assistedByAccount = new Map<string, number>();
    for (const u of signups.users) {
      const delay = activationDelayDays(u, T);
      if (delay === null) continue;
      if (delay > params.activationDays) {
        activatedLater++;
        continue;
      }
      activated++;
      const end = Math.max(u.signupAt, u.activatedAt!);
      const times = u.accountId ? touches.get(u.accountId) ?? [] : [];
      if (times.some((t) => t >= u.signupAt && t <= end)) {
        assisted++;
        assistedByAccount.set(u.accountId!, (assistedByAccount.get(u.accountId!) ?? 0) + 1);
      } else {
        unassisted++;
        if (!u.accountId) noAccountUnassisted++;
      }
    }

    const evidence = newEvidence()
      .count('cohortSignups', `signups at least ${params.activationDays} days old`, cohort)
      .count('activatedWithinWindow', `activated within ${params.activationDays} days`, activated)
      .count('unassistedActivations', 'of them without a sales touch on their account in between', unassisted)
      .count('assistedActivations', 'of them with a sales touch', assisted)
      .count('activatedLater', `activated after ${params.activationDays} days`, activatedLater)
      .count('neverActivated', 'not activated', cohort - activated - activatedLater)
      .count('unassistedWithoutAccount', 'unassisted activations of users without an account (no touch can be found)', noAccountUnassisted)
      .share('activationRate', 'activation rate, assisted or not', cohort > 0 ? round(activated / cohort) : null)
      .excluded('immatureSignupsExcluded', `signups less than ${params.activationDays} days old`, signups.immature)
      .excluded('signupsWithoutDate', 'users without a signup date', signups.withoutSignup)
      .table(
        'topAssistedAccounts',
        'accounts with most assisted activations',
        'account',
        [column('assistedActivations', 'assisted activations', 'count')],
        topEntries(assistedByAccount, 5).map(([account, count]) => ({ id: safeId(account), values: { assistedActivations: count } })),
      );
    if (cohort === 0 || cohort < params.minN) {
      return insufficient(
        `${cohort} signups ≥${params.activationDays} days old in the last ${params.lookbackDays} days; need ${params.minN}`,
        cohort,
        'signups',
        evidence,
      );
    }
    // The joins, when there are activities. A touch that reached no account (its contact id names no
    // contact, its deal none or a deal without an account) and touches on accounts the product does
    // not know would each leave every activation looking unassisted.
    if (activities.length > 0) {
      const from = T - params.lookbackDays * DAY_MS;
      const join = ctx.derived.touchAccountJoin(from, T);
      const touchLink = checkLinkFloor(ctx, {
        link: 'activity→account',
        table: 'activities',
        linked: join.joined,
        total: join.withReference,
        what: `${TOUCHES_WITH_REFERENCE} in the last ${params.lookbackDays} days, placed on an account`,
        // The denominator is the touches with a reference: the link table's activity→account (every
        // activity type, failed deal references as blank) is not a better figure for them.
        source: null,
      });
      if (touchLink.insufficient) return touchLink.insufficient(cohort, 'signups', evidence);
      const productAccounts = new Set(users.map((u) => u.accountId).filter((a): a is string => a !== null));
      const touched = [...touches.entries()].filter(([, times]) => times.some((t) => t >= from && t < T)).map(([account]) => account);
      // With an accounts table, the users' own join: users with an account that is one of its
      // accounts (matched by id, domain or name, re-keyed). The link table's user→account also
      // counts a product account that matched only a deal's or contact's account reference that
      // named no account (accounts.csv `XA17`, deals `A17`): the touches, placed on XA17 through
      // their contacts, then never meet the users on A17.
      const crm = ctx.derived.crmAccounts();
      const withAccount = users.filter((u) => u.accountId !== null);
      const link = checkLinkFloor(ctx, {
        link: 'user→account',
        table: 'users',
        linked: touched.filter((a) => productAccounts.has(a)).length,
        total: touched.length,
        what: 'accounts touched in the lookback that have product users',
        ...(accounts.length > 0 && withAccount.length > 0
          ? { source: { linked: withAccount.filter((u) => crm.has(u.accountId!)).length, total: withAccount.length, what: 'users with an account, found among the CRM accounts' } }
          : {}),
      });
      if (link.insufficient) return link.insufficient(cohort, 'signups', evidence);
      addLinkCoverage(evidence, [touchLink.evidence, link.evidence]);
    }
    const notes = activities.length === 0 ? ['No activities in the export: sales touches are unknown, so this equals the plain activation rate.'] : undefined;
    return measured(round(unassisted / cohort), cohort, 'signups', evidence, { interval: roundedWilson(unassisted, cohort), ...(notes ? { notes } : {}) });
  },
});
