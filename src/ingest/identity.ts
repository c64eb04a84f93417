/**
 * Anonymous ids merged into identified users, once after loading (before staff are left out and
 * before anything counts users). While reading, each events row that carries both an identified
 * user id and an anonymous id (Segment `user_id` + `anonymous_id`, PostHog `distinct_id` +
 * `$anon_distinct_id`, Amplitude `user_id` + `amplitude_id`/`device_id`, Mixpanel `distinct_id` +
 * `$device_id`: the `anonymousId` field of vendor-layouts.ts) notes the pair (EventTable.anonymous).
 *
 * Rule: an anonymous id seen with exactly one identified user maps to that user, and every event
 * whose user id is only that anonymous id becomes that user's. An anonymous id seen with two or
 * more users is ambiguous and stays as it is (counted). Events with no identified id whose
 * anonymous id never appears beside one keep the anonymous id as their user id.
 *
 * Memory: one map entry per anonymous id and one number per user id; nothing per event.
 */
import { AMBIGUOUS_USER, type EventTable, type IdentityMerge } from '../core/model.js';
import { countOf } from '../renderers/format.js';
import { ANONYMOUS_ID_PREFIXES } from './vendor-layouts.js';

/** How far a chain of merges is followed (an anonymous id → a user id that was itself anonymous…). */
const MAX_CHAIN = 8;

/** An anonymous id as compared with user ids: without a vendor prefix (`$device:abc` → `abc`). */
export function anonymousKey(id: string): string {
  for (const prefix of ANONYMOUS_ID_PREFIXES) if (id.startsWith(prefix) && id.length > prefix.length) return id.slice(prefix.length);
  return id;
}

/**
 * Rewrites the events of anonymous ids to their one identified user; null when no events row
 * carried an anonymous id beside a user id (nothing to merge, nothing to report).
 */
export function mergeAnonymousIds(events: EventTable): IdentityMerge | null {
  const pairs = events.anonymous.userOf;
  if (pairs.size === 0) return null;
  const users = events.users.values;
  // Per user id (pool id): the user its events belong to (itself unless it is a mapped anonymous id).
  const target = new Int32Array(users.length);
  const ambiguousId = new Uint8Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const to = pairs.get(anonymousKey(users[k]!));
    target[k] = to !== undefined && to >= 0 ? to : k;
    if (to === AMBIGUOUS_USER) ambiguousId[k] = 1;
  }
  // Follow chains (PostHog: anonymous → first id → later id), bounded, a loop left as it is.
  for (let k = 0; k < users.length; k++) {
    let t = target[k]!;
    for (let hop = 0; hop < MAX_CHAIN && target[t] !== t; hop++) t = target[t]!;
    if (target[t] === t && t !== k) target[k] = t;
    else if (target[t] !== t) target[k] = k;
  }
  // Its rows, and what the events said about it (person and invite properties), go to its user.
  const moved = events.retargetUsers(target);
  let events_ = 0;
  let ambiguousEvents = 0;
  let anonymousIds = 0;
  const intoUsers = new Set<number>();
  for (let k = 0; k < users.length; k++) {
    if (target[k] !== k) {
      events_ += moved.events[k]!;
      if (moved.rows[k]! > 0) {
        anonymousIds++;
        intoUsers.add(target[k]!);
      }
    } else if (ambiguousId[k] === 1) ambiguousEvents += moved.events[k]!;
  }
  let ambiguous = 0;
  for (const to of pairs.values()) if (to === AMBIGUOUS_USER) ambiguous++;
  return { pairs: pairs.size, anonymousIds, users: intoUsers.size, ambiguous, ambiguousEvents, events: events_ };
}

/** "identity: 3 anonymous ids merged into 2 users, 1 ambiguous, 7 events re-attributed". */
export function identityLine(m: IdentityMerge): string {
  const ambiguous = m.ambiguous > 0 ? `${m.ambiguous.toLocaleString('en-US')} ambiguous (seen with two or more users; ${countOf(m.ambiguousEvents, 'event')} left under them)` : '0 ambiguous';
  return `identity: ${countOf(m.anonymousIds, 'anonymous id')} merged into ${countOf(m.users, 'user')}, ${ambiguous}, ${countOf(m.events, 'event')} re-attributed`;
}
