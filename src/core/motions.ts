/**
 * Go-to-market motions a check may presume (docs/rubric.md, "Not applicable"). A company that
 * does not have one (no free tier, no self-serve signup…) says so in config (`motions:`), and
 * the checks that presume it are not applicable: not measured, not scored, counted nowhere.
 *
 * Which checks presume which motion is data: each rubric check's `presumes:` list. A motion
 * that is not declared is presumed present: a missing export never makes a check not applicable.
 */

import type { DeclaredMotions, Motion } from '../report/contract/inputs.js';

export type { DeclaredMotions, Motion } from '../report/contract/inputs.js';

/** The motions, with what each means in plain words (shown in reasons and docs). */
export const MOTIONS = {
  freeTier: 'a free plan: people use the product without paying',
  trial: 'a free trial: people try the product before paying',
  selfServe: 'self-serve signup: people sign up and start without a salesperson',
  renewals: 'renewals or expansions: customers renew or buy more on later deals',
  multiUser: 'multi-user accounts: several people use the product in one account',
} as const satisfies Record<Motion, string>;

export const MOTION_NAMES = Object.keys(MOTIONS) as Motion[];


/**
 * A check's `presumes`: a list of requirements, each a list of alternatives (`freeTier|trial` =
 * a free plan or a free trial). The check applies when every requirement has an alternative
 * that is not declared absent.
 */
export type Presumes = Motion[][];

/**
 * Why a check is not applicable, or null when it applies: the first requirement whose every
 * alternative the config declares absent, in words, e.g. "presumes a free plan or a free trial;
 * the config declares neither (motions.freeTier: false, motions.trial: false)".
 */
export function notApplicableReason(presumes: Presumes | undefined, declared: DeclaredMotions): string | null {
  for (const alternatives of presumes ?? []) {
    if (alternatives.length === 0 || !alternatives.every((m) => declared[m] === false)) continue;
    const what = alternatives.map((m) => MOTIONS[m].split(':')[0]).join(' or ');
    const keys = alternatives.map((m) => `motions.${m}: false`).join(', ');
    const none = alternatives.length === 1 ? 'the config declares the company has none' : 'the config declares the company has neither';
    return `presumes ${what}; ${none} (${keys})`;
  }
  return null;
}
