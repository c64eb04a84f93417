/**
 * Helpers shared by the PULL (product pull) and PM (persona mismatch) metrics:
 * role families, account signups, activation delays, intervals for medians and means,
 * and privacy-safe example ids. All pure; none reads anything but its arguments.
 */
import { createHash } from 'node:crypto';
import type { User } from '../core/model.js';
import { DAY_MS, round, topEntries } from '../stats/stats.js';

/** Role values persona metrics ignore: `other` (title matched no family) and blanks/unknowns. */
const IGNORED_ROLES = new Set(['', 'other', 'unknown', 'n/a', 'na', 'none']);

/** The role family of a contact or user, lower-cased; null when it is `other`/unknown (ignored). */
export function knownRole(role: string | null | undefined): string | null {
  if (role === null || role === undefined) return null;
  const r = role.trim().toLowerCase();
  return IGNORED_ROLES.has(r) ? null : r;
}

/**
 * Distribution-free 95% interval for a median from order statistics (binomial, normal
 * approximation): ranks n/2 ± 1.96·√n/2. Cheap for large n, unlike a bootstrap.
 * Undefined (null) below 6 values, where the interval is the whole range anyway.
 */
export function medianInterval(values: readonly number[]): [number, number] | null {
  const n = values.length;
  if (n < 6) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = (1.959964 * Math.sqrt(n)) / 2;
  const lo = Math.max(0, Math.floor(n / 2 - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half));
  return [sorted[lo]!, sorted[hi]!];
}

/**
 * Normal-approximation 95% interval for a mean (mean ± 1.96·sd/√n), clamped to [min, max].
 * Null below 2 values.
 */
export function meanInterval(values: readonly number[], min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  return [Math.max(min, m - 1.959964 * se), Math.min(max, m + 1.959964 * se)];
}

export function roundInterval(interval: [number, number] | null, digits = 4): [number, number] | undefined {
  return interval ? [round(interval[0], digits), round(interval[1], digits)] : undefined;
}

/**
 * An id safe to show as an example. Ids that look like e-mail addresses are replaced by a
 * stable short hash, so reports never carry e-mails.
 */
export function safeId(id: string): string {
  if (!id.includes('@')) return id;
  return `redacted-${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 8)}`;
}

/**
 * Days from signup to activation, or null when the user has not activated (or activated
 * at/after `before`). An activation stamped before signup (imports, clock skew) counts as 0 days.
 */
export function activationDelayDays(user: User, before: number): number | null {
  if (user.signupAt === null || user.activatedAt === null || user.activatedAt >= before) return null;
  return Math.max(0, (user.activatedAt - user.signupAt) / DAY_MS);
}

export interface SignupCohort {
  /** Users with `T − lookbackDays <= signupAt <= T − maturityDays`, in table order. */
  users: Array<User & { signupAt: number }>;
  /** Users who signed up in the lookback but less than `maturityDays` before T. */
  immature: number;
  /** Users without a signup date: they cannot be placed in any cohort. */
  withoutSignup: number;
}

/**
 * The signup cohort old enough to be judged: users who signed up in
 * [T − lookbackDays, T − maturityDays], so each had the full `maturityDays` (to activate,
 * invite...) before T.
 */
export function matureSignupCohort(users: readonly User[], asOf: number, lookbackDays: number, maturityDays: number): SignupCohort {
  const from = asOf - lookbackDays * DAY_MS;
  const matureBy = asOf - maturityDays * DAY_MS;
  const cohort: SignupCohort = { users: [], immature: 0, withoutSignup: 0 };
  for (const u of users) {
    if (u.signupAt === null) {
      cohort.withoutSignup++;
      continue;
    }
    if (u.signupAt < from || u.signupAt >= asOf) continue;
    if (u.signupAt > matureBy) cohort.immature++;
    else cohort.users.push(u as User & { signupAt: number });
  }
  return cohort;
}

/** Each account's signup: the earliest signupAt of its users (users without account or signup skipped). */
export function accountSignups(users: readonly User[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const u of users) {
    if (!u.accountId || u.signupAt === null) continue;
    const prev = first.get(u.accountId);
    if (prev === undefined || u.signupAt < prev) first.set(u.accountId, u.signupAt);
  }
  return first;
}

/** Start of the UTC day containing `ts`. */
export function dayStart(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/** Counts → shares (rounded), keys sorted by share desc then name, for evidence. */
export function shares(counts: ReadonlyMap<string, number>): Record<string, number> {
  let total = 0;
  for (const v of counts.values()) total += v;
  const out: Record<string, number> = {};
  if (total <= 0) return out;
  for (const [k, v] of topEntries(counts, counts.size)) {
    out[k] = round(v / total);
  }
  return out;
}
