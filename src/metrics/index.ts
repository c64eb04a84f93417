import avgDiscountWon from './avg-discount-won.js';
import buyerUserRoleDivergence from './buyer-user-role-divergence.js';
import buyerUserRoleOverlap from './buyer-user-role-overlap.js';
import coreFeatureShare from './core-feature-share.js';
import freeToPaidConversion90d from './free-to-paid-conversion-90d.js';
import improvementReleaseShare from './improvement-release-share.js';
import inviteKFactor from './invite-k-factor.js';
import newFeatureCoreEntryRate from './new-feature-core-entry-rate.js';
import newFeatureRetention90d from './new-feature-retention-90d.js';
import nrrFromDeals from './nrr-from-deals.js';
import postCloseShelfwareRate from './post-close-shelfware-rate.js';
import promisedFeatureAdoption from './promised-feature-adoption.js';
import promisedFeaturesDealRate from './promised-features-deal-rate.js';
import quarterEndCloseConcentration from './quarter-end-close-concentration.js';
import quarterEndDiscountLift from './quarter-end-discount-lift.js';
import salesCycleRatio from './sales-cycle-ratio.js';
import salesRequestedReleaseShare from './sales-requested-release-share.js';
import salesSourcedWonShare from './sales-sourced-won-share.js';
import selfServeWonShare from './self-serve-won-share.js';
import singleAccountFeatureShare from './single-account-feature-share.js';
import timeToValueDays from './time-to-value-days.js';
import touchesPerWonDeal from './touches-per-won-deal.js';
import unassistedActivationRate from './unassisted-activation-rate.js';
import unusedFeatureShare from './unused-feature-share.js';
import type { MetricDefinition } from './types.js';

/**
 * The explicit registry of metrics, sorted by id. A new check = a metric file here + a rubric
 * entry + a test (test/metrics/<id>.test.ts); test/metrics/registry.test.ts keeps them in step.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const METRICS: ReadonlyArray<MetricDefinition<any>> = [
  avgDiscountWon,
  buyerUserRoleDivergence,
  buyerUserRoleOverlap,
  coreFeatureShare,
  freeToPaidConversion90d,
  improvementReleaseShare,
  inviteKFactor,
  newFeatureCoreEntryRate,
  newFeatureRetention90d,
  nrrFromDeals,
  postCloseShelfwareRate,
  promisedFeatureAdoption,
  promisedFeaturesDealRate,
  quarterEndCloseConcentration,
  quarterEndDiscountLift,
  salesCycleRatio,
  salesRequestedReleaseShare,
  salesSourcedWonShare,
  selfServeWonShare,
  singleAccountFeatureShare,
  timeToValueDays,
  touchesPerWonDeal,
  unassistedActivationRate,
  unusedFeatureShare,
];

/** Each metric's method version (MetricDefinition.method, default 1), as a baseline records it. */
export function metricMethods(): Record<string, number> {
  return Object.fromEntries(METRICS.map((m) => [m.id, m.method ?? 1]));
}
