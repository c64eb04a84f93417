/**
 * Users-table fields that exports rarely hold as columns, from what the events carry (noted while
 * reading: EventTable.notes, src/ingest/event-properties.ts). Only what the events say: no guess.
 *
 * - Person properties (`applyPersonProperties`, in loadDataset before links, so a derived company
 *   or e-mail links users to accounts; again for the users added from signup events): title,
 *   role, company and e-mail from the user's latest event carrying each (Amplitude
 *   `user_properties`, PostHog `$set` / person properties, Segment `context_traits_*`), each only
 *   when no users file has the column (with a value in some row). A derived role or title gives the role family as a column
 *   would (roles.ts).
 * - Invites (`deriveInvites`, after signup/activation): when no users file has an invited-by
 *   column, `invitedBy` from invite events — a sent event (settings.inviteEvents) is its user
 *   inviting the invitee its properties name (`invitee_id`, `invitee_email`…); an accepted event
 *   (settings.inviteAcceptedEvents) is its user accepting the inviter its properties name
 *   (`inviter_id`, `invited_by`…); and an `invited_by` person property. A property value is
 *   matched to a user by id (an id written `5.0` against the users' `5` by its whole number,
 *   whole-number-ids.ts, counted as `invite→user`), else by e-mail (one user with it). An invitee with two different
 *   inviters is ambiguous and left unset; an invitee who is not a user of the users table cannot
 *   be given one. All are counted in the derivation's description.
 * - Then, the users table final, the `user→inviter` link is measured into the link table
 *   (`measureInviterLink`, links.ts inviterLink), as invite-k-factor will join it.
 */
import type { Dataset, DerivedField, User } from '../core/model.js';
import { normaliseLabel, type AnalysisSettings } from '../core/settings.js';
import { deriveActivation } from './derive-activation.js';
import type { PersonField } from '../core/event-notes.js';
import { inviterLink } from './links.js';
import { domainOf } from './match.js';
import { normaliseRole, roleFromTitle } from './roles.js';
import { addWholeNumberJoins, AMBIGUOUS, WholeNumberIndex, WholeNumberTally } from './whole-number-ids.js';

const count = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? noun : `${noun}s`}`;

/** Signup and activation, then invites, from the events: every derivation, as inspect lists them. */
export function deriveFromEvents(dataset: Dataset, settings: AnalysisSettings): DerivedField[] {
  const before = dataset.tables.users.length;
  deriveActivation(dataset, settings);
  // Users added from signup events (at the end of the table) get their person properties too.
  applyPersonProperties(dataset, dataset.tables.users.slice(before));
  deriveInvites(dataset, settings);
  measureInviterLink(dataset);
  return dataset.derivedUserFields ?? [];
}

/**
 * user→inviter into the link table (links.ts inviterLink), now that the users table is final
 * (users added from signup events, invitedBy derived from invite events): when the users have an
 * invited-by field (a users file's column with a value in some row, or derived), even if no user
 * is left with one (rate null). Replaces an earlier measure of the same dataset.
 */
function measureInviterLink(dataset: Dataset): void {
  const derived = dataset.derivedUserFields?.some((f) => f.field === 'users.invitedBy' && !f.failed) ?? false;
  if (!derived && !exported(dataset, 'invitedBy')) return;
  dataset.links = [...(dataset.links ?? []).filter((l) => l.id !== 'user→inviter'), inviterLink(dataset.tables.users)];
}

/** Add a derivation (or its users to one already recorded) to `dataset`. */
function record(dataset: Dataset, field: DerivedField): void {
  const fields = (dataset.derivedUserFields ??= []);
  const same = fields.find((f) => f.field === field.field && f.from === field.from && !f.failed && !field.failed);
  if (same) same.users += field.users;
  else fields.push(field);
  dataset.derivedFields = { ...dataset.derivedFields, [field.field]: field.failed ?? field.from };
  if (field.failed) dataset.unusableFields = { ...dataset.unusableFields, [field.field]: field.failed };
}

/**
 * Whether a users file carries `field` with a value in some row (the export's word, its blanks
 * included); a column blank in every row says nothing (blank-columns.ts) and counts as absent.
 */
function exported(dataset: Dataset, field: string): boolean {
  if (dataset.blankFields?.[`users.${field}`] !== undefined) return false;
  return dataset.files.some((f) => f.table === 'users' && (f.mapping === undefined || field in f.mapping));
}

/** The person properties the events carry about `users` (those without the column); recorded in `dataset`. */
export function applyPersonProperties(dataset: Dataset, users: readonly User[] = dataset.tables.users): void {
  const { events } = dataset.tables;
  const people = events.notes.people;
  if (people.size === 0 || users.length === 0) return;
  const fill = { title: !exported(dataset, 'title'), role: !exported(dataset, 'role') && !exported(dataset, 'title'), company: !exported(dataset, 'company'), email: !exported(dataset, 'email') };
  const given: Record<Exclude<PersonField, 'invitedBy'>, number> = { title: 0, role: 0, company: 0, email: 0 };
  for (const user of users) {
    const note = people.get(events.users.idOf(user.userId));
    if (!note) continue;
    const title = note.title?.value ?? null;
    if (fill.title && title !== null && user.title === null) {
      user.title = title;
      given.title++;
    }
    if (fill.role && (note.role || title !== null)) {
      const role = note.role ? normaliseRole(note.role.value, user.title) : roleFromTitle(user.title);
      if (role !== user.role) {
        user.role = role;
        given.role++;
      }
    }
    if (fill.company && note.company && !user.company) {
      user.company = note.company.value;
      given.company++;
    }
    if (fill.email && note.email && !user.email && note.email.value.includes('@')) {
      user.email = note.email.value;
      // The e-mail's domain links the user to an account, as a users-table e-mail does.
      user.domain ??= domainOf(note.email.value);
      given.email++;
    }
  }
  const from: Record<keyof typeof given, string> = {
    title: 'person property title / job_title (latest event carrying it)',
    role: 'person property role, else the derived title',
    company: 'person property company / company_name (latest event carrying it)',
    email: 'person property email / $email (latest event carrying it)',
  };
  for (const field of ['title', 'role', 'company', 'email'] as const) {
    if (given[field] > 0) record(dataset, { field: `users.${field}`, from: from[field], users: given[field] });
  }
}

/** invitedBy from invite events and person properties, when no users file has the column. */
export function deriveInvites(dataset: Dataset, settings: AnalysisSettings): void {
  const { events, users } = dataset.tables;
  if (exported(dataset, 'invitedBy')) return;
  const notes = events.notes;
  const propertyInviters = [...notes.people].filter(([, note]) => note.invitedBy !== undefined);
  if (notes.invites.size === 0 && propertyInviters.length === 0) return;
  const sent = new Set(settings.inviteEvents.map(normaliseLabel));
  const accepted = new Set(settings.inviteAcceptedEvents.map(normaliseLabel));

  const byId = new Map(users.map((u) => [u.userId, u]));
  // E-mail → user id, for property values that are addresses; an address two users share matches none.
  const byEmail = new Map<string, string | null>();
  for (const u of users) {
    if (!u.email) continue;
    const key = u.email.trim().toLowerCase();
    byEmail.set(key, byEmail.has(key) ? null : u.userId);
  }
  // A user id an invite names in another whole-number form (inviter_id 5.0, a float column of
  // mostly blanks, against the users' 5): that user, counted per invite property read.
  const wholeNumbers = new WholeNumberIndex(byId.keys());
  const wholeNumberTally = new WholeNumberTally('invite→user', 'events', 'users');
  const resolve = (value: string): string | null => {
    if (byId.has(value)) return value;
    const whole = wholeNumbers.find(value);
    if (whole !== null) {
      wholeNumberTally.add(value, whole);
      return whole === AMBIGUOUS ? null : whole;
    }
    return value.includes('@') ? (byEmail.get(value.trim().toLowerCase()) ?? null) : null;
  };

  /** invitee user id → inviter ids (as resolved, else as the events name them). */
  const inviters = new Map<string, Set<string>>();
  const sources = new Map<string, number>();
  let unknownInvitees = 0;
  const note = (invitee: string | null, inviter: string, source: string): void => {
    sources.set(source, (sources.get(source) ?? 0) + 1);
    if (invitee === null || !byId.has(invitee)) {
      unknownInvitees++;
      return;
    }
    if (invitee === inviter) return; // an invite to oneself says nothing
    let set = inviters.get(invitee);
    if (!set) inviters.set(invitee, (set = new Set()));
    set.add(inviter);
  };
  const names = events.names.values;
  const userIds = events.users.values;
  // In a fixed order (event time, then the note's text), so descriptions do not depend on read order.
  const invites = [...notes.invites.values()].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key) || a.value.localeCompare(b.value));
  for (const i of invites) {
    const label = normaliseLabel(names[i.name]!);
    const user = userIds[i.user]!;
    if (i.side === 'invitee' && sent.has(label)) note(resolve(i.value), user, `\`${names[i.name]}\`.${i.key}`);
    else if (i.side === 'inviter' && accepted.has(label)) note(user, resolve(i.value) ?? i.value, `\`${names[i.name]}\`.${i.key}`);
  }
  for (const [u, person] of propertyInviters) {
    const value = person.invitedBy!.value;
    note(userIds[u]!, resolve(value) ?? value, 'person property invited_by');
  }

  const joined = wholeNumberTally.summary();
  if (joined !== null) addWholeNumberJoins(dataset, [joined]);

  let given = 0;
  let ambiguous = 0;
  for (const [invitee, set] of inviters) {
    if (set.size > 1) {
      ambiguous++;
      continue;
    }
    const user = byId.get(invitee)!;
    if (user.invitedBy !== null) continue;
    user.invitedBy = [...set][0]!;
    given++;
  }
  const from = [...sources.keys()].join(', ');
  const caveats = [
    ambiguous > 0 ? `${count(ambiguous, 'invitee')} with two or more inviters left unset` : '',
    unknownInvitees > 0 ? `${count(unknownInvitees, 'invite')} whose invitee is not in the users table` : '',
  ].filter(Boolean);
  if (given > 0) {
    record(dataset, { field: 'users.invitedBy', from: `${from}${caveats.length ? ` (${caveats.join('; ')})` : ''}`, users: given });
    return;
  }
  const carried = notes.invites.size + propertyInviters.length;
  const why = `invitedBy not derived: the events carry ${count(carried, 'invite property')}${from ? ` (${from})` : ''} but name no invitee who is a user of the users table${caveats.length ? ` (${caveats.join('; ')})` : ''}, or no event is named in inviteEvents / inviteAcceptedEvents`;
  record(dataset, { field: 'users.invitedBy', from: from || 'invite events', users: 0, failed: why });
}
