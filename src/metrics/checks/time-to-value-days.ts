import { median, quantile, round, roundedWilson } from '../../stats/stats.js';
import { evidence as newEvidence } from '../evidence.js';
import { activationDelayDays, matureSignupCohort, medianInterval, roundInterval } from '../shared-pull.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, maturityDays: 30, minSignups: 100, minN: 30 };

/**
 * time-to-value-days (PULL).
 *
 * Definition: median of (activatedAt − signupAt) in days over users who signed up in
 * [T − lookbackDays, T − maturityDays] and activated before T. Evidence: p25/p75 and the activated
 * share of that cohort (Wilson interval). Interval: distribution-free 95% interval for the median.
 * Direction: lower = more product-driven (value arrives without a sales-led onboarding).
 *
 * Excluded, and counted in evidence: signups younger than `maturityDays` (their slow activators
 * cannot be seen yet, so they would pull the median down), users without a signup date. Users who
 * have not activated are not in the median (they are in the activated share). An activation stamped
 * before signup counts as 0 days (counted). Activations are observed up to T, so the oldest cohorts
 * see longer tails than the youngest; `maturityDays` bounds that bias.
 * Needs at least `minSignups` cohort signups and `minN` activated users (the median's sample).
 */
export default defineMetric({
  id: 'time-to-value-days',
  description: `Median days from signup to activation over users activated from signups in the lookback (default ${DEFAULTS.lookbackDays} days) old enough to have activated (default ${DEFAULTS.maturityDays} days)`,
  unit: 'days',
  requires: ['users'],
  requiresFields: ['users.activatedAt'],
  defaultParams: DEFAULTS,
  compute({ users }, params, ctx) {
    const T = ctx.asOf;
    const signups = matureSignupCohort(users, T, params.lookbackDays, params.maturityDays);
    const cohort = signups.users.length;
    let activatedBeforeSignup = 0;
    const delays: number[] = [];
    for (const u of signups.users) {
      const delay = activationDelayDays(u, T);
      if (delay === null) continue;
      if (u.activatedAt! < u.signupAt) activatedBeforeSignup++;
      delays.push(delay);
    }
    const n = delays.length;
    const evidence = newEvidence()
      .count('cohortSignups', `signups at least ${params.maturityDays} days old`, cohort)
      .count('activatedUsers', 'of them activated', n)
      .share('activatedShare', 'share activated', cohort > 0 ? round(n / cohort) : null, cohort > 0 ? roundedWilson(n, cohort) : null)
      .days('p25Days', '25th percentile', n > 0 ? round(quantile(delays, 0.25), 2) : null)
      .days('p75Days', '75th percentile', n > 0 ? round(quantile(delays, 0.75), 2) : null)
      .count('activatedWithin1Day', 'activated within 1 day', delays.filter((x) => x <= 1).length)
      .count('activatedAfter14Days', 'activated after 14 days', delays.filter((x) => x > 14).length)
      .count('activatedBeforeSignup', 'activated before their signup (counted as 0 days)', activatedBeforeSignup)
      .excluded('immatureSignupsExcluded', `signups less than ${params.maturityDays} days old`, signups.immature)
      .excluded('signupsWithoutDate', 'users without a signup date', signups.withoutSignup);
    if (cohort === 0 || cohort < params.minSignups) {
      return insufficient(
        `${cohort} signups ≥${params.maturityDays} days old in the last ${params.lookbackDays} days; need ${params.minSignups}`,
        n,
        'activated users',
        evidence,
      );
    }
    if (n === 0 || n < params.minN) {
      return insufficient(`${n} activated users among ${cohort} signups; need ${params.minN}`, n, 'activated users', evidence);
    }
    return measured(round(median(delays), 2), n, 'activated users', evidence, { interval: roundInterval(medianInterval(delays), 2) });
  },
});
