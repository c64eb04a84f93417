/**
 * Signup and activation derived from product events (no vendor exports an `activated_at` column).
 * Runs once after loading, before any metric: unassisted-activation-rate and time-to-value-days
 * read `users.signupAt` / `users.activatedAt` whether exported or derived here.
 *
 * - signupAt: a users-table value wins; else the user's first signup event (settings.signupEvents,
 *   compared with normaliseLabel). A user known only from events, with a signup event, is added to
 *   the users table (its account: the first account its events carry).
 * - activatedAt: when no users file has an activated-at column with a value in some row (a column
 *   with values is the export's own word; one blank in every row says nothing), or for users
 *   added from events: the time the user reaches the
 *   activation milestone (settings.activation): the `count`-th milestone event at or after signupAt,
 *   within `withinDays` of it when set. Milestone events: the named `event`, else core events (not
 *   settings.nonCoreEvents, not a signup event). Milestone events before signup are ignored.
 */
import type { Dataset, DerivedField, User } from '../core/model.js';
import { DAY_MS } from '../core/calendar.js';
import { normaliseLabel, type ActivationMilestone, type AnalysisSettings } from '../core/settings.js';

/** Why a day summary's row could not give milestone times (EventTable.timesSplit). */
const SPLIT_WHY = 'derived activation: milestones on both sides of a signup';

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
};

/** The milestone in words, e.g. "first core event within 14 days of `user_signed_up`". */
export function describeMilestone(m: ActivationMilestone, signupNames: string[]): string {
  const what = m.event ? `\`${m.event}\`` : 'core event';
  const nth = m.count === 1 ? `first ${what}` : `${ordinal(m.count)} ${what}`;
  const within = m.withinDays === null ? 'after' : `within ${m.withinDays} days of`;
  const signup = signupNames.length ? signupNames.map((n) => `\`${n}\``).join(' / ') : "the users table's signup date";
  return `${nth} ${within} ${signup}`;
}

/** Least share of users-table users (with a signup date) found in the events for activation to be derived for them. */
export const MIN_USERS_IN_EVENTS = 0.5;

/**
 * Derives signup and activation into the users table; records each derivation in
 * `dataset.derivedUserFields` (for inspect and the report) and `dataset.derivedFields` (so a check
 * requiring the field is measured, or says why the derivation failed). Returns the derivations.
 */
export function deriveActivation(dataset: Dataset, settings: AnalysisSettings): DerivedField[] {
  const fields = derive(dataset, settings);
  if (fields.length) {
    dataset.derivedUserFields = [...(dataset.derivedUserFields ?? []), ...fields];
    dataset.derivedFields = { ...dataset.derivedFields, ...Object.fromEntries(fields.map((f) => [f.field, f.failed ?? f.from])) };
  }
  return fields;
}

function derive(dataset: Dataset, settings: AnalysisSettings): DerivedField[] {
  const { events, users } = dataset.tables;
  if (events.length === 0) return [];
  const signupLabels = new Set(settings.signupEvents.map(normaliseLabel));
  const nonCore = new Set(settings.nonCoreEvents.map(normaliseLabel));
  const milestone = settings.activation;
  const milestoneLabel = milestone.event === null ? null : normaliseLabel(milestone.event);
  const names = events.names.values;
  const isSignup = Uint8Array.from(names, (n) => (signupLabels.has(normaliseLabel(n)) ? 1 : 0));
  const isMilestone = Uint8Array.from(names, (n, id) => {
    const label = normaliseLabel(n);
    if (milestoneLabel !== null) return label === milestoneLabel ? 1 : 0;
    return isSignup[id] === 1 || nonCore.has(label) ? 0 : 1;
  });

  // Pass 1: each events user's first signup event and first account: the account of its earliest
  // event that has one (among equal times the least account id), whatever the rows' order (a
  // summary by day hands them over in another order than the file's).
  const nUsers = events.users.size;
  const signupEvent = new Float64Array(nUsers).fill(Number.NaN);
  const firstAccount = new Int32Array(nUsers).fill(-1);
  const firstAccountAt = new Float64Array(nUsers).fill(Number.POSITIVE_INFINITY);
  const accountIds = events.accounts.values;
  const signupNamesSeen = new Set<number>();
  for (let i = 0; i < events.length; i++) {
    const u = events.userAt(i);
    if (u < 0) continue;
    const account = events.accountAt(i);
    if (account >= 0) {
      const at = events.timestampAt(i);
      const held = firstAccount[u]!;
      if (held === -1 || at < firstAccountAt[u]! || (at === firstAccountAt[u]! && accountIds[account]! < accountIds[held]!)) {
        firstAccount[u] = account;
        firstAccountAt[u] = at;
      }
    }
    const name = events.nameAt(i);
    if (isSignup[name] !== 1) continue;
    signupNamesSeen.add(name);
    const t = events.timestampAt(i);
    if (Number.isNaN(signupEvent[u]!) || t < signupEvent[u]!) signupEvent[u] = t;
  }

  const byId = new Map(users.map((u) => [u.userId, u]));
  const fields: DerivedField[] = [];
  const signupNames = [...signupNamesSeen].map((id) => names[id]!).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let signupsDerived = 0;
  const added: User[] = [];
  events.users.values.forEach((userId, u) => {
    const t = signupEvent[u]!;
    if (Number.isNaN(t)) return;
    const user = byId.get(userId);
    if (user) {
      if (user.signupAt === null) {
        user.signupAt = t;
        signupsDerived++;
      }
      return;
    }
    const account = firstAccount[u]!;
    const fresh: User = { userId, accountId: account >= 0 ? events.accounts.values[account]! : null, signupAt: t, activatedAt: null, role: 'other', title: null, invitedBy: null };
    added.push(fresh);
    byId.set(userId, fresh);
    signupsDerived++;
  });
  // Added in user id order (the pool's order is the rows' order).
  users.push(...added.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)));
  if (signupsDerived > 0) fields.push({ field: 'users.signupAt', from: `first ${signupNames.map((n) => `\`${n}\``).join(' / ')} event`, users: signupsDerived });

  // Which users get a derived activation: all when no users file carries the column, else the added ones.
  // A column blank in every row (blank-columns.ts) says nothing: derived as if absent.
  const exported = dataset.blankFields?.['users.activatedAt'] === undefined && dataset.files.some((f) => f.table === 'users' && (f.mapping === undefined || 'activatedAt' in f.mapping));
  const addedIds = new Set(added.map((a) => a.userId));
  if (!exported) {
    // Users-table users whose id no event carries would look "never activated": a failed join, not a zero.
    const listed = users.filter((u) => u.signupAt !== null && !addedIds.has(u.userId));
    const inEvents = listed.filter((u) => events.users.idOf(u.userId) >= 0).length;
    if (listed.length > 0 && inEvents < MIN_USERS_IN_EVENTS * listed.length) {
      const why = `activation not derived: only ${inEvents.toLocaleString('en-US')} of ${listed.length.toLocaleString('en-US')} users with a signup date have events under their user id (the users and events exports may use different ids)`;
      fields.push({ field: 'users.activatedAt', from: describeMilestone(milestone, signupNames), users: 0, failed: why });
      dataset.unusableFields = { ...dataset.unusableFields, 'users.activatedAt': why };
      return fields;
    }
  }
  const derive = new Uint8Array(nUsers);
  const signupOf = new Float64Array(nUsers).fill(Number.NaN);
  events.users.values.forEach((userId, u) => {
    const user = byId.get(userId);
    if (!user || user.signupAt === null || (exported && !addedIds.has(userId))) return;
    derive[u] = 1;
    signupOf[u] = user.signupAt;
  });

  // Pass 2: milestone events at or after signup (within the window), per user.
  const windowMs = milestone.withinDays === null ? Number.POSITIVE_INFINITY : milestone.withinDays * DAY_MS;
  // The count-th milestone time per user: the least one when count is 1 (no list kept), else a sorted list.
  const first = new Float64Array(nUsers).fill(Number.NaN);
  const times = new Map<number, Array<[number, number]>>();
  for (let i = 0; i < events.length; i++) {
    const u = events.userAt(i);
    if (u < 0 || derive[u] !== 1 || isMilestone[events.nameAt(i)] !== 1) continue;
    const t = events.timestampAt(i);
    const signup = signupOf[u]!;
    // A day summary's row across the signup (or the window's end) holds milestones on both sides: their times are not known.
    if (events.splitsAt(i, signup, SPLIT_WHY)) continue;
    if (t < signup || t > signup + windowMs) continue;
    if (milestone.count === 1) {
      if (Number.isNaN(first[u]!) || t < first[u]!) first[u] = t;
      continue;
    }
    // The count-th milestone needs each event's time: a day summary's row keeps only its first and last.
    if (events.lastTimeAt(i) > t) events.timesSplit.add(SPLIT_WHY);
    let list = times.get(u);
    if (!list) times.set(u, (list = []));
    // A pre-aggregated row stands for countAt events at its time.
    list.push([t, events.countAt(i)]);
  }
  for (const [u, list] of times) {
    list.sort((a, b) => a[0] - b[0]);
    let seen = 0;
    for (const [t, n] of list) {
      seen += n;
      if (seen >= milestone.count) {
        first[u] = t;
        break;
      }
    }
  }
  let activated = 0;
  first.forEach((t, u) => {
    if (Number.isNaN(t)) return;
    byId.get(events.users.values[u]!)!.activatedAt = t;
    activated++;
  });
  // Without any milestone event in the export, "nobody activated" would be a failed derivation, not a zero.
  const anyMilestone = isMilestone.some((x) => x === 1);
  if (anyMilestone && derive.some((x) => x === 1)) fields.push({ field: 'users.activatedAt', from: describeMilestone(milestone, signupNames), users: activated });
  return fields;
}
