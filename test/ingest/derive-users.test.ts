/**
 * Users' title, role, company, e-mail and inviter from what events carry (src/ingest/derive-users.ts,
 * event-properties.ts, event-notes.ts), on hand-built events.
 */
import { describe, expect, it } from 'vitest';
import { applyPersonProperties, deriveInvites } from '../../src/ingest/derive-users.js';
import { EventNotes } from '../../src/core/event-notes.js';
import { planJsonColumns, propertyNoter, propertyPlan } from '../../src/ingest/event-properties.js';
import { compileExtractor } from '../../src/ingest/extract.js';
import { ALL_LAYOUTS } from '../../src/ingest/vendor-layouts.js';
import { emptyTables, EventTable, type Dataset, type FileSummary, type User } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';

const t0 = Date.UTC(2026, 2, 1);
const layout = (id: string) => ALL_LAYOUTS.find((l) => l.id === id && l.table === 'events')!;
const user = (userId: string, extra: Partial<User> = {}): User => ({ userId, accountId: null, signupAt: t0, activatedAt: null, role: 'other', title: null, invitedBy: null, ...extra });

/** A dataset of `users` (from a users file mapping `mapped` fields) and events appended by `build`. */
function dataset(users: User[], build: (events: EventTable) => void, mapped: string[] = ['userId', 'signupAt']): Dataset {
  const tables = emptyTables();
  tables.users = users;
  build(tables.events);
  const file = { path: 'users.csv', table: 'users', mapping: Object.fromEntries(mapped.map((f) => [f, f])) } as unknown as FileSummary;
  return { tables, present: new Set(['users', 'events']), files: [file], issues: [] };
}

/** An event of `userId` at day `day`, noting properties as the reader would. */
function event(events: EventTable, day: number, userId: string, name: string, notes: (user: number, name: number, at: number) => void = () => {}): void {
  const at = t0 + day * 86_400_000;
  events.append(at, userId, null, name, null);
  notes(events.userAt(events.length - 1), events.nameAt(events.length - 1), at);
}

describe('where an events header carries properties', () => {
  it('reads person properties from a JSON column, with a path, and flattened columns', () => {
    const amplitude = propertyPlan(['event_time', 'event_type', 'user_id', 'event_properties', 'user_properties'], layout('amplitude'))!;
    expect(amplitude).toEqual({ person: [{ column: 4, path: [] }], invite: [{ column: 3, path: [] }] });
    const posthog = propertyPlan(['uuid', 'event', 'distinct_id', 'timestamp', 'properties'], layout('posthog'))!;
    expect(posthog.person).toEqual([{ column: 4, path: ['$set'] }]);
    const segment = propertyPlan(['id', 'user_id', 'event', 'timestamp', 'context_traits_job_title', 'Context Traits Title', 'invitee_email'], layout('segment-tracks'))!;
    expect(segment).toEqual({ person: [{ fields: [['title', [5, 4]]] }], invite: [{ keys: [['invitee', 'invitee_email', 6]] }] });
    expect(planJsonColumns(amplitude)).toEqual([4, 3]);
  });

  it('finds nothing in a header without such columns, or for a layout without property sources', () => {
    expect(propertyPlan(['timestamp', 'user_id', 'event'], layout('pullcheck'))).toBeNull();
    expect(propertyPlan(['timestamp', 'user_id', 'event', 'invitee_id'], layout('pullcheck'))).toEqual({ person: [], invite: [{ keys: [['invitee', 'invitee_id', 3]] }] });
    expect(propertyPlan(['visitorId', 'accountId', 'featureName', 'day', 'invitee_id'], ALL_LAYOUTS.find((l) => l.id === 'pendo')!)).toBeNull();
  });
});

describe('properties noted as rows are appended', () => {
  const noter = (header: string[], layoutId: string) => {
    const events = new EventTable();
    const plan = propertyPlan(header, layout(layoutId))!;
    const warnings: string[] = [];
    const extract = compileExtractor({ sources: {}, json: {}, defaults: {} }, (line, _c, message) => warnings.push(`${line}: ${message}`), planJsonColumns(plan));
    const note = propertyNoter(events, plan, extract);
    const row = (user: string | null, day: number, name: string, cells: string[]): void => {
      events.append(t0 + day * 86_400_000, user, user ? null : 'A1', name, null);
      extract(cells, day);
      note(cells, day);
    };
    return { events, row, warnings };
  };

  it("keeps a user's latest title and the invite properties, from the JSON parsed once", () => {
    const { events, row, warnings } = noter(['event_properties', 'user_properties'], 'amplitude');
    row('u1', 2, 'Report Created', ['{}', '{"job_title":"Analyst","title":"Data Analyst","__proto__":{"role":"exec"}}']);
    row('u1', 1, 'Report Created', ['{}', '{"title":"Intern"}']); // older
    row('u1', 3, 'Invite Sent', ['{"invitee_email":["bob@acme.com"],"inviter_id":42}', '{broken']);
    row(null, 4, 'Invite Sent', ['{"invitee_id":"u9"}', '{"title":"CTO"}']); // no user: nothing
    const note = events.notes.people.get(events.users.idOf('u1'))!;
    expect(note.title).toEqual({ value: 'Data Analyst', at: t0 + 2 * 86_400_000 }); // `title` comes first among the keys
    expect(note.role).toBeUndefined();
    expect([...events.notes.invites.values()].map((i) => [i.side, i.key, i.value])).toEqual([['inviter', 'inviter_id', '42'], ['invitee', 'invitee_email', 'bob@acme.com']]);
    expect(warnings).toEqual([expect.stringMatching(/^3: JSON text in a cell could not be read/)]);
  });
});

describe('event notes', () => {
  it("keep each person property's latest value (the least value on a tie, in whatever order), and move with a merged user", () => {
    const notes = new EventNotes();
    notes.person(0, 'title', 'Director', 10);
    notes.person(0, 'title', 'Manager', 5); // older: ignored
    notes.person(0, 'title', 'Analyst', 10); // tie: the least value, though read later
    notes.person(0, 'title', 'Engineer', 10); // tie: a greater value does not replace it
    expect(notes.people.get(0)!.title).toEqual({ value: 'Analyst', at: 10 });
    notes.person(0, 'title', 'VP Data', 20);
    notes.person(1, 'title', 'Engineer', 30);
    notes.invite(1, 0, 'inviter', 'inviter_id', 'u9', 30);
    notes.invite(1, 0, 'inviter', 'inviter_id', 'u9', 25); // the same invite, earlier
    expect(notes.invites.size).toBe(1);
    notes.remapUsers([0, 0]); // user 1 was an anonymous id of user 0
    expect(notes.people.get(0)!.title).toEqual({ value: 'Engineer', at: 30 });
    expect(notes.people.has(1)).toBe(false);
    expect([...notes.invites.values()]).toEqual([{ user: 0, name: 0, side: 'inviter', key: 'inviter_id', value: 'u9', at: 25 }]);
    const other = new EventNotes();
    other.add(notes.parts(), [7], [3]);
    expect(other.people.get(7)!.title!.value).toBe('Engineer');
    expect([...other.invites.values()][0]).toMatchObject({ user: 7, name: 3 });
  });
});

describe('person properties into users', () => {
  it('fills title, role, company and e-mail where no users file has the column', () => {
    const d = dataset([user('u1'), user('u2'), user('u3'), user('__proto__')], (events) => {
      event(events, 0, 'u1', 'report_viewed', (u, _n, at) => {
        events.notes.person(u, 'title', 'Data Analyst', at);
        events.notes.person(u, 'email', 'ann@acme.com', at);
        events.notes.person(u, 'company', 'Acme', at);
      });
      event(events, 1, 'u2', 'report_viewed', (u, _n, at) => events.notes.person(u, 'role', 'manager', at));
      event(events, 2, 'u3', 'report_viewed'); // no property: nothing
      event(events, 3, '__proto__', 'report_viewed', (u, _n, at) => events.notes.person(u, 'email', 'not an address', at));
    });
    applyPersonProperties(d);
    const [u1, u2, u3, proto] = d.tables.users;
    expect(u1).toMatchObject({ title: 'Data Analyst', role: 'practitioner', company: 'Acme', email: 'ann@acme.com', domain: 'acme.com' });
    expect(u2).toMatchObject({ title: null, role: 'manager' });
    expect(u3).toMatchObject({ title: null, role: 'other' });
    expect(proto!.email ?? null).toBeNull();
    expect(d.derivedUserFields!.map((f) => [f.field, f.users])).toEqual([['users.title', 1], ['users.role', 2], ['users.company', 1], ['users.email', 1]]);
    expect(d.derivedFields!['users.title']).toMatch(/person property/);
  });

  it('leaves a column the users file has (its blanks too) as exported', () => {
    const d = dataset([user('u1', { title: null })], (events) => {
      event(events, 0, 'u1', 'x', (u, _n, at) => events.notes.person(u, 'title', 'VP Sales', at));
    }, ['userId', 'signupAt', 'title']);
    applyPersonProperties(d);
    expect(d.tables.users[0]).toMatchObject({ title: null, role: 'other' });
    expect(d.derivedUserFields).toBeUndefined();
  });

  it('does nothing without events or users', () => {
    const none = dataset([user('u1')], () => {});
    applyPersonProperties(none);
    expect(none.derivedUserFields).toBeUndefined();
    const noUsers = dataset([], (events) => event(events, 0, 'u1', 'x', (u, _n, at) => events.notes.person(u, 'title', 'CTO', at)));
    applyPersonProperties(noUsers);
    expect(noUsers.derivedUserFields).toBeUndefined();
  });
});

describe('invites from events', () => {
  const invite = (events: EventTable, day: number, userId: string, name: string, side: 'inviter' | 'invitee', key: string, value: string) =>
    event(events, day, userId, name, (u, n, at) => events.notes.invite(u, n, side, key, value, at));

  it('takes the invitee of a sent event and the inviter of an accepted one; ambiguity and unknown invitees counted', () => {
    const d = dataset([user('u1'), user('u2', { email: 'Bob@Acme.com' }), user('u3'), user('u4'), user('u5')], (events) => {
      invite(events, 0, 'u1', 'Invite Sent', 'invitee', 'invitee_email', 'bob@acme.com'); // u1 → u2 by e-mail
      invite(events, 1, 'u3', 'invite_accepted', 'inviter', 'inviter_id', 'u1'); // u1 → u3
      invite(events, 2, 'u4', 'invite_accepted', 'inviter', 'inviter_id', 'u2');
      invite(events, 3, 'u4', 'joined_via_invite', 'inviter', 'inviter_id', 'u3'); // a second inviter: ambiguous
      invite(events, 4, 'u1', 'invite_sent', 'invitee', 'invitee_id', 'zed'); // not a user
      invite(events, 5, 'u1', 'report_shared', 'invitee', 'invitee_id', 'u5'); // not an invite event
      invite(events, 6, 'u5', 'invite_accepted', 'inviter', 'inviter_id', 'u5'); // oneself
      invite(events, 7, 'u1', 'invite_sent', 'inviter', 'inviter_id', 'u5'); // a sent event's inviter is its user: ignored
    });
    deriveInvites(d, DEFAULT_SETTINGS);
    expect(d.tables.users.map((u) => u.invitedBy)).toEqual([null, 'u1', 'u1', null, null]);
    expect(d.derivedUserFields).toEqual([{
      field: 'users.invitedBy',
      from: '`Invite Sent`.invitee_email, `invite_accepted`.inviter_id, `joined_via_invite`.inviter_id, `invite_sent`.invitee_id (1 invitee with two or more inviters left unset; 1 invite whose invitee is not in the users table)',
      users: 2,
    }]);
  });

  it('reads an invited_by person property; an inviter not among the users is kept as the events name it', () => {
    const d = dataset([user('u1'), user('u2')], (events) => {
      event(events, 0, 'u2', 'x', (u, _n, at) => events.notes.person(u, 'invitedBy', 'someone@else.example', at));
    });
    deriveInvites(d, DEFAULT_SETTINGS);
    expect(d.tables.users[1]!.invitedBy).toBe('someone@else.example');
    expect(d.derivedUserFields![0]!.from).toBe('person property invited_by');
  });

  it('says why when the events carry invites but name no user of the users table', () => {
    const d = dataset([user('u1')], (events) => invite(events, 0, 'u1', 'invite_sent', 'invitee', 'invitee_email', 'x@y.example'));
    deriveInvites(d, DEFAULT_SETTINGS);
    expect(d.derivedUserFields![0]!.users).toBe(0);
    expect(d.unusableFields!['users.invitedBy']).toMatch(/^invitedBy not derived: the events carry 1 invite property \(`invite_sent`\.invitee_email\)/);
  });

  it('leaves an exported invited-by column alone, and does nothing without invite properties', () => {
    const exported = dataset([user('u1'), user('u2')], (events) => invite(events, 0, 'u2', 'invite_accepted', 'inviter', 'inviter_id', 'u1'), ['userId', 'signupAt', 'invitedBy']);
    deriveInvites(exported, DEFAULT_SETTINGS);
    expect(exported.tables.users[1]!.invitedBy).toBeNull();
    const none = dataset([user('u1')], (events) => event(events, 0, 'u1', 'invite_accepted'));
    deriveInvites(none, DEFAULT_SETTINGS);
    expect(none.derivedUserFields).toBeUndefined();
    expect(none.unusableFields).toBeUndefined();
  });

  it('derives over an invited-by column blank in every row (BLANK_COLUMN: it says nothing)', () => {
    const d = dataset([user('u1'), user('u2')], (events) => invite(events, 0, 'u2', 'invite_accepted', 'inviter', 'inviter_id', 'u1'), ['userId', 'signupAt', 'invitedBy']);
    d.blankFields = { 'users.invitedBy': 'blank in all 2 rows' };
    deriveInvites(d, DEFAULT_SETTINGS);
    expect(d.tables.users[1]!.invitedBy).toBe('u1');
  });

  it('honours configured accepted-invite names', () => {
    const d = dataset([user('u1'), user('u2')], (events) => invite(events, 0, 'u2', 'Teammate Joined', 'inviter', 'inviter_id', 'u1'));
    deriveInvites(d, { ...DEFAULT_SETTINGS, inviteAcceptedEvents: ['teammate_joined'] });
    expect(d.tables.users[1]!.invitedBy).toBe('u1');
  });
});
