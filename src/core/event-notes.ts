/**
 * What events say about their users beyond the columns, noted while rows are read (bounded by
 * users and invites, nothing per event): person properties (title, role, company, e-mail,
 * invited-by from Amplitude `user_properties`, PostHog `$set`, Segment `context_traits_*`…) and
 * the inviter/invitee properties of events (src/ingest/event-properties.ts says which; the
 * derivations are in src/ingest/derive-users.ts). No imports: src/core/model.ts holds one per EventTable.
 */

/** Users-table fields a person property can fill. */
export const PERSON_FIELDS = ['title', 'role', 'company', 'email', 'invitedBy'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** A user's latest value of each person property (by event time; the least value on a tie). */
export type PersonNote = Partial<Record<PersonField, { value: string; at: number }>>;

/** One distinct invite property on one distinct (user, event name): the earliest time it was seen. */
export interface InviteNote {
  /** User and event name ids (EventTable.users / names). */
  user: number;
  name: number;
  /** Which side the property names, and its key as in the export (`inviter_id`, `invitee_email`). */
  side: 'inviter' | 'invitee';
  key: string;
  value: string;
  at: number;
}

/** EventNotes as posted from the thread that read part of a file (ids in that part's pools). */
export interface EventNotesParts {
  people: Array<[number, PersonNote]>;
  invites: InviteNote[];
}

/** A flat copy of a value that may be a slice of a read buffer (see StringPool.add in model.ts). */
const own = (s: string): string => (s.length >= 13 ? (JSON.parse(JSON.stringify(s)) as string) : s);

export class EventNotes {
  readonly people = new Map<number, PersonNote>();
  readonly invites = new Map<string, InviteNote>();

  person(user: number, field: PersonField, value: string, at: number): void {
    let note = this.people.get(user);
    if (note === undefined) {
      note = {};
      this.people.set(user, note);
    }
    const seen = note[field];
    // The latest; among equal times the least value, so the notes do not depend on the order rows come in.
    if (seen === undefined || at > seen.at || (at === seen.at && value < seen.value)) note[field] = { value: own(value), at };
  }

  invite(user: number, name: number, side: 'inviter' | 'invitee', key: string, value: string, at: number): void {
    const id = `${user}\u0000${name}\u0000${side}\u0000${key}\u0000${value}`;
    const seen = this.invites.get(id);
    if (seen === undefined) this.invites.set(own(id), { user, name, side, key, value: own(value), at });
    else if (at < seen.at) seen.at = at;
  }

  get empty(): boolean {
    return this.people.size === 0 && this.invites.size === 0;
  }

  parts(): EventNotesParts {
    return { people: [...this.people], invites: [...this.invites.values()] };
  }

  /** Notes of another part, its user and name ids mapped to this table's. */
  add(parts: EventNotesParts, users: ArrayLike<number>, names: ArrayLike<number>): void {
    for (const [user, note] of parts.people) {
      for (const field of PERSON_FIELDS) {
        const v = note[field];
        if (v) this.person(users[user]!, field, v.value, v.at);
      }
    }
    for (const i of parts.invites) this.invite(users[i.user]!, names[i.name]!, i.side, i.key, i.value, i.at);
  }

  /** After anonymous ids are merged (identity.ts): user k's notes become user target[k]'s. */
  remapUsers(target: ArrayLike<number>): void {
    const moved = [...this.people].filter(([k]) => target[k] !== undefined && target[k] !== k);
    for (const [k, note] of moved) {
      this.people.delete(k);
      for (const field of PERSON_FIELDS) {
        const v = note[field];
        if (v) this.person(target[k]!, field, v.value, v.at);
      }
    }
    const invites = [...this.invites.values()];
    if (invites.some((i) => target[i.user] !== undefined && target[i.user] !== i.user)) {
      this.invites.clear();
      for (const i of invites) this.invite(target[i.user] ?? i.user, i.name, i.side, i.key, i.value, i.at);
    }
  }
}
