/**
 * Ids written as whole numbers in two forms (`1.0` from pandas against `1`): the whole-number form
 * (src/ingest/whole-number-ids.ts), the events' user ids and users' inviters joined to the users
 * table, every link of the link table that looks an id up (src/ingest/links.ts, match.ts),
 * activities' contact ids, association rows' ids, the users invite events name
 * (derive-users.ts), and without a CRM the events' account ids against the users', on tiny
 * hand-written tables.
 */
import { describe, expect, it } from 'vitest';
import { AMBIGUOUS, joinEventUsers, joinInviters, WholeNumberIndex, wholeNumberKey } from '../../src/ingest/whole-number-ids.js';
import { resolveLinks } from '../../src/ingest/links.js';
import { deriveInvites } from '../../src/ingest/derive-users.js';
import { wholeNumberLine, wholeNumberWarning } from '../../src/renderers/format.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import type { Dataset, FileSummary, LinkSummary, WholeNumberJoin } from '../../src/core/model.js';
import { account, activity, contact, deal, event, request, subscription, tables, user } from '../helpers/factories.js';

const link = (links: LinkSummary[], id: string): LinkSummary => {
  const found = links.find((l) => l.id === id);
  if (!found) throw new Error(`no link ${id} in ${links.map((l) => l.id).join(', ')}`);
  return found;
};
const joinOf = (joins: WholeNumberJoin[], id: string): WholeNumberJoin | undefined => joins.find((j) => j.link === id);
const usersOfEvents = (t: ReturnType<typeof tables>): Array<string | null> => [...t.events].map((e) => e.userId);

describe('the whole-number form of an id', () => {
  it.each([
    ['1.0', '1'],
    ['42.0', '42'],
    ['1.00', '1'],
    ['-3.00', '-3'],
    ['0.0', '0'],
    ['17', '17'],
    ['-17', '-17'],
    ['0001.0', '0001'], // the zeros stay: 0001.0 is 0001, never 1
    ['007', '007'],
  ])('%s → %s', (id, key) => {
    expect(wholeNumberKey(id)).toBe(key);
  });

  it.each(['1.5', '1.01', '1e3', '1.0e3', '1E3', '+1.0', ' 1.0', '1.0 ', '1.', '.0', '1,0', '', 'U0123', 'acct-1.0', '-', '--1.0'])('%j has none', (id) => {
    expect(wholeNumberKey(id)).toBeNull();
  });
});

describe('WholeNumberIndex', () => {
  it('finds the one id of a reference whose whole-number form it is, both ways', () => {
    const ints = new WholeNumberIndex(['1', '2', 'U9']);
    expect(ints.find('1.0')).toBe('1');
    expect(ints.find('2.000')).toBe('2');
    const floats = new WholeNumberIndex(['1.0', '2.0']);
    expect(floats.find('1')).toBe('1.0');
    expect(floats.find('2.00')).toBe('2.0');
  });

  it('finds nothing for a reference found as written, nor for other forms', () => {
    const index = new WholeNumberIndex(['1', '7', '1000', '15']);
    expect(index.find('1')).toBeNull();
    for (const ref of ['1.5', '1e3', '007', '0007.0', '', 'U1', '-1.0']) expect(index.find(ref)).toBeNull();
  });

  it('never merges two ids that both exist as written: each keeps its own, a third form joins neither', () => {
    const index = new WholeNumberIndex(['1', '1.0', '2']);
    expect(index.find('1')).toBeNull(); // found as written
    expect(index.find('1.0')).toBeNull();
    expect(index.find('1.00')).toBe(AMBIGUOUS);
    expect(index.find('2.0')).toBe('2');
  });

  it('finds nothing in an empty table', () => {
    expect(new WholeNumberIndex([]).find('1.0')).toBeNull();
  });
});

describe('events’ user ids joined to the users table', () => {
  it('gives events of user 1.0 to the users table’s 1, counted with an example', () => {
    const t = tables({
      users: [user({ userId: '1' }), user({ userId: '2' }), user({ userId: 'U3' })],
      events: [event({ userId: '1.0' }), event({ userId: '1.0' }), event({ userId: '2.0' }), event({ userId: 'U3' }), event({ userId: '1' })],
    });
    const join = joinEventUsers(t)!;
    expect(usersOfEvents(t)).toEqual(['1', '1', '2', 'U3', '1']);
    expect(join).toEqual({ link: 'event→user', from: 'events', to: 'users', ids: 2, rows: 3, examples: [['1.0', '1'], ['2.0', '2']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] });
    expect(wholeNumberLine(join)).toBe('event→user: 3 events joined by whole-number id (2 ids, e.g. 1.0 = 1)');
  });

  it('the other way: events of user 1 to the users table’s 1.0', () => {
    const t = tables({ users: [user({ userId: '1.0' })], events: [event({ userId: '1' }), event({ userId: '1.00' })] });
    expect(joinEventUsers(t)).toMatchObject({ ids: 2, rows: 2, examples: [['1', '1.0'], ['1.00', '1.0']] });
    expect(usersOfEvents(t)).toEqual(['1.0', '1.0']);
  });

  it('counts a pre-aggregated row as the events it stands for', () => {
    const t = tables({ users: [user({ userId: '5' })], events: [{ ...event({ userId: '5.0' }), count: 7 }] });
    expect(joinEventUsers(t)).toMatchObject({ ids: 1, rows: 7 });
  });

  it('leaves ids of users 1 and 1.0 as they are, and a third form unjoined, counted', () => {
    const t = tables({
      users: [user({ userId: '1' }), user({ userId: '1.0' })],
      events: [event({ userId: '1' }), event({ userId: '1.0' }), event({ userId: '1.00' }), event({ userId: '1.00' })],
    });
    const join = joinEventUsers(t)!;
    expect(usersOfEvents(t)).toEqual(['1', '1.0', '1.00', '1.00']);
    expect(join).toMatchObject({ ids: 0, rows: 0, examples: [], leftAsWritten: 1, leftAsWrittenRows: 2, leftAsWrittenExamples: ['1.00'] });
    expect(wholeNumberLine(join)).toBe('event→user: 2 events not joined: two or more users have that whole number as id (1 id, e.g. 1.00)');
  });

  it('leaves 1.5, 1e3 and 007 as written', () => {
    const t = tables({
      users: [user({ userId: '1' }), user({ userId: '1000' }), user({ userId: '7' }), user({ userId: '15' })],
      events: [event({ userId: '1.5' }), event({ userId: '1e3' }), event({ userId: '007' })],
    });
    expect(joinEventUsers(t)).toBeNull();
    expect(usersOfEvents(t)).toEqual(['1.5', '1e3', '007']);
  });

  it('does nothing for blank user ids, without users, or without events', () => {
    const blank = tables({ users: [user({ userId: '1' })], events: [event({ userId: null, accountId: 'a1' })] });
    expect(joinEventUsers(blank)).toBeNull();
    expect(usersOfEvents(blank)).toEqual([null]);
    const noUsers = tables({ events: [event({ userId: '1.0' })] });
    expect(joinEventUsers(noUsers)).toBeNull();
    expect(usersOfEvents(noUsers)).toEqual(['1.0']);
    expect(joinEventUsers(tables({ users: [user({ userId: '1' })] }))).toBeNull();
    expect(joinEventUsers(tables())).toBeNull();
  });

  it('moves what the events noted about the user (person properties) with its events', () => {
    const t = tables({ users: [user({ userId: '3' })], events: [event({ userId: '3.0' })] });
    t.events.notes.person(t.events.users.idOf('3.0'), 'title', 'Engineer', 1);
    joinEventUsers(t);
    expect(t.events.notes.people.get(t.events.users.idOf('3'))?.title?.value).toBe('Engineer');
    expect(t.events.notes.people.has(t.events.users.idOf('3.0'))).toBe(false);
  });
});

describe('users’ inviters joined to the user ids', () => {
  it('rewrites invited-by 3.0 to user 3, and leaves other forms and collisions', () => {
    const users = [user({ userId: '3' }), user({ userId: '4', invitedBy: '3.0' }), user({ userId: '5', invitedBy: '3' }), user({ userId: '6', invitedBy: '3.5' }), user({ userId: '7' })];
    const join = joinInviters(users)!;
    expect(users.map((u) => u.invitedBy)).toEqual([null, '3', '3', '3.5', null]);
    expect(join).toMatchObject({ link: 'user→inviter', ids: 1, rows: 1, examples: [['3.0', '3']], leftAsWritten: 0 });
    expect(joinInviters([user({ userId: '1' })])).toBeNull();
    expect(joinInviters([])).toBeNull();
  });
});

describe('links by whole-number id', () => {
  it('links deals and contacts of account 17.0 to account 17, by id, and says so', () => {
    const t = tables({
      accounts: [account({ accountId: '17', name: 'Acme' }), account({ accountId: '2', name: 'Globex' })],
      deals: [deal({ dealId: 'D1', accountId: '17.0' }), deal({ dealId: 'D2', accountId: '2.0' }), deal({ dealId: 'D3', accountId: '2' })],
      contacts: [contact({ contactId: 'C1', accountId: '17.0' })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    // Before: 2.0 looked like a domain whose first label "2" named account 2 (by name); never by id.
    expect(link(links, 'deal→account')).toMatchObject({ rows: 3, linked: 3, by: { id: 3, name: 0, domain: 0 } });
    expect(t.deals.map((d) => d.accountId)).toEqual(['17', '2', '2']);
    expect(t.contacts[0]!.accountId).toBe('17');
    expect(joinOf(wholeNumber, 'deal→account')).toEqual({ link: 'deal→account', from: 'deals', to: 'accounts', ids: 2, rows: 2, examples: [['17.0', '17'], ['2.0', '2']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] });
    expect(joinOf(wholeNumber, 'contact→account')).toMatchObject({ ids: 1, rows: 1 });
    expect(wholeNumberWarning(wholeNumber)).toBe('ids joined by whole-number form (e.g. 17.0 = 17): deal→account, contact→account; counts under Links');
  });

  it('the other way: accounts 17.0, deals and requests naming 17', () => {
    const t = tables({
      accounts: [account({ accountId: '17.0' })],
      deals: [deal({ dealId: 'D1', accountId: '17' })],
      feature_requests: [request({ accountId: '17', dealId: null })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect(link(links, 'deal→account')).toMatchObject({ linked: 1, by: { id: 1 } });
    expect(link(links, 'request→account')).toMatchObject({ linked: 1, by: { id: 1 } });
    expect(t.deals[0]!.accountId).toBe('17.0');
    expect(wholeNumber.map((j) => [j.link, j.examples[0]])).toEqual([['deal→account', ['17', '17.0']], ['request→account', ['17', '17.0']]]);
  });

  it('links activities and requests to deals 123 from 123.0', () => {
    const t = tables({
      deals: [deal({ dealId: '123', accountId: null })],
      activities: [activity({ dealId: '123.0', accountId: null }), activity({ dealId: '123', accountId: null })],
      feature_requests: [request({ dealId: '123.0', accountId: null })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect(link(links, 'activity→deal')).toMatchObject({ rows: 2, linked: 2, by: { id: 2 } });
    expect(link(links, 'request→deal')).toMatchObject({ rows: 1, linked: 1, by: { id: 1 } });
    expect(t.activities.dealIdAt(0)).toBe('123');
    expect(t.feature_requests[0]!.dealId).toBe('123');
    expect(joinOf(wholeNumber, 'activity→deal')).toMatchObject({ ids: 1, rows: 1, examples: [['123.0', '123']] });
  });

  it('matches product accounts 17.0 (events, users) to CRM account 17, by id', () => {
    const t = tables({
      accounts: [account({ accountId: '17' })],
      deals: [deal({ dealId: 'D1', accountId: '17' })],
      users: [user({ userId: 'u1', accountId: '17.0' })],
      events: [event({ userId: 'u1', accountId: '17.0' }), event({ userId: 'u1', accountId: null })],
    });
    const { links, wholeNumber, accountMatch } = resolveLinks(t);
    expect(accountMatch).toMatchObject({ matched: { id: 1, domain: 0, name: 0 }, rate: 1 });
    expect(link(links, 'event→account')).toMatchObject({ rows: 2, linked: 2, by: { id: 1, via: 1 } });
    expect(link(links, 'user→account')).toMatchObject({ rows: 1, linked: 1, by: { id: 1 } });
    expect([...t.events].map((e) => e.accountId)).toEqual(['17', null]);
    expect(t.users[0]!.accountId).toBe('17');
    expect(joinOf(wholeNumber, 'event→account')).toMatchObject({ ids: 1, rows: 1, examples: [['17.0', '17']] });
    expect(joinOf(wholeNumber, 'user→account')).toMatchObject({ ids: 1, rows: 1 });
  });

  it('never merges accounts 1 and 1.0: each keeps its own references, 1.00 joins neither (ambiguous)', () => {
    const t = tables({
      accounts: [account({ accountId: '1' }), account({ accountId: '1.0' })],
      deals: [deal({ dealId: 'D1', accountId: '1' }), deal({ dealId: 'D2', accountId: '1.0' }), deal({ dealId: 'D3', accountId: '1.00' })],
      users: [user({ userId: 'u1', accountId: '1.000' })],
    });
    const { links, wholeNumber, accountMatch } = resolveLinks(t);
    expect(t.deals.map((d) => d.accountId)).toEqual(['1', '1.0', '1.00']);
    expect(link(links, 'deal→account')).toMatchObject({ rows: 3, linked: 2, by: { id: 2, name: 0, domain: 0 }, ambiguous: 1, ambiguousExamples: ['1.00'] });
    expect(joinOf(wholeNumber, 'deal→account')).toMatchObject({ ids: 0, leftAsWritten: 1, leftAsWrittenRows: 1, leftAsWrittenExamples: ['1.00'] });
    // The product side: matched neither (no domain or name tried for it).
    expect(accountMatch).toMatchObject({ matched: { id: 0, domain: 0, name: 0 }, unmatchedExamples: { product: ['1.000'] } });
    expect(t.users[0]!.accountId).toBe('1.000');
    expect(joinOf(wholeNumber, 'user→account')).toMatchObject({ ids: 0, leftAsWritten: 1 });
    expect(wholeNumberWarning(wholeNumber)).toBe('ids left unjoined as two or more records have their whole number as id: deal→account, user→account; counts under Links');
  });

  it('does not join 1e3 or 007 by whole number, counts blank references as before, and reports nothing', () => {
    const t = tables({
      accounts: [account({ accountId: '1000' }), account({ accountId: '7' })],
      deals: [deal({ dealId: 'D1', accountId: '1e3' }), deal({ dealId: 'D2', accountId: '007' }), deal({ dealId: 'D3', accountId: null })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect(link(links, 'deal→account')).toMatchObject({ rows: 3, linked: 0, noKey: 1, unlinkedExamples: ['007', '1e3'] });
    expect(wholeNumber).toEqual([]);
  });

  it('reports nothing for tables without rows, or whose ids all match as written', () => {
    expect(resolveLinks(tables()).wholeNumber).toEqual([]);
    const t = tables({ accounts: [account({ accountId: '17' })], deals: [deal({ dealId: 'D1', accountId: '17' })] });
    expect(resolveLinks(t).wholeNumber).toEqual([]);
  });
});

describe('activities’ contact ids', () => {
  it('gives an activity logged against contact 8.0 the account of contact 8, and the contact’s spelling; both ways', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1' }), account({ accountId: 'A2' })],
      contacts: [contact({ contactId: '8', accountId: 'A1' }), contact({ contactId: '9.0', accountId: 'A2' })],
      activities: [activity({ dealId: null, contactId: '8.0' }), activity({ dealId: null, contactId: '9' }), activity({ dealId: null, contactId: '8' }), activity({ dealId: null, contactId: '8.0' })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    // Before: 3 of 4 activities reached no account (their contact id was not found as written).
    expect(link(links, 'activity→account')).toMatchObject({ rows: 4, linked: 4, by: { via: 4 } });
    expect([0, 1, 2, 3].map((i) => [t.activities.contactIdAt(i), t.activities.accountIdAt(i)])).toEqual([['8', 'A1'], ['9.0', 'A2'], ['8', 'A1'], ['8', 'A1']]);
    expect(joinOf(wholeNumber, 'activity→contact')).toEqual({ link: 'activity→contact', from: 'activities', to: 'contacts', ids: 2, rows: 3, examples: [['8.0', '8'], ['9', '9.0']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] });
    expect(wholeNumberLine(joinOf(wholeNumber, 'activity→contact')!)).toBe('activity→contact: 3 activities joined by whole-number id (2 ids, e.g. 8.0 = 8)');
  });

  it('contacts 8 and 8.0: an activity of 8.00 reaches neither, counted; 8.5 and 008 are left alone', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1' })],
      contacts: [contact({ contactId: '8', accountId: 'A1' }), contact({ contactId: '8.0', accountId: 'A1' })],
      activities: [activity({ dealId: null, contactId: '8.00' }), activity({ dealId: null, contactId: '8.5' }), activity({ dealId: null, contactId: '008' })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect(link(links, 'activity→account')).toMatchObject({ rows: 3, linked: 0 });
    expect(t.activities.contactIdAt(0)).toBe('8.00');
    expect(joinOf(wholeNumber, 'activity→contact')).toMatchObject({ ids: 0, leftAsWritten: 1, leftAsWrittenRows: 1, leftAsWrittenExamples: ['8.00'] });
  });
});

describe('association tables’ ids', () => {
  it('reads association rows naming 1011.0, 5041.0, 201.0 and 301.0 as the deal, call, contact and company they name', () => {
    const t = tables({
      accounts: [account({ accountId: '301' })],
      deals: [deal({ dealId: '1011', accountId: null })],
      contacts: [contact({ contactId: '201', accountId: null })],
      activities: [activity({ activityId: '5041', dealId: null })],
      associations: [
        { from: 'deal', fromId: '1011.0', to: 'activity', toId: '5041.0' },
        { from: 'deal', fromId: '1011.0', to: 'account', toId: '301.0' },
        { from: 'contact', fromId: '201.0', to: 'account', toId: '301' },
      ],
    });
    const { links, wholeNumber } = resolveLinks(t);
    // Before: none of the three linked (the association rows' ids were not found as written).
    expect(link(links, 'activity→deal')).toMatchObject({ rows: 1, linked: 1, by: { association: 1 } });
    expect(link(links, 'deal→account')).toMatchObject({ rows: 1, linked: 1, by: { association: 1 } });
    expect(link(links, 'contact→account')).toMatchObject({ rows: 1, linked: 1, by: { association: 1 } });
    expect(t.associations.map((a) => [a.fromId, a.toId])).toEqual([['1011', '5041'], ['1011', '301'], ['201', '301']]);
    expect(wholeNumber.map((j) => [j.link, j.to, j.ids, j.rows, j.examples[0]])).toEqual([
      ['association→deal', 'deals', 1, 2, ['1011.0', '1011']],
      ['association→contact', 'contacts', 1, 1, ['201.0', '201']],
      ['association→account', 'accounts', 1, 1, ['301.0', '301']],
      ['association→activity', 'activities', 1, 1, ['5041.0', '5041']],
    ]);
    expect(wholeNumberLine(wholeNumber[0]!)).toBe('association→deal: 2 associations joined by whole-number id (1 id, e.g. 1011.0 = 1011)');
  });

  it('deals 1 and 1.0: an association row of 1.00 joins neither, counted; 1e3 is left alone', () => {
    const t = tables({
      deals: [deal({ dealId: '1', accountId: null }), deal({ dealId: '1.0', accountId: null }), deal({ dealId: '1000', accountId: null })],
      activities: [activity({ activityId: 'x1', dealId: null }), activity({ activityId: 'x2', dealId: null })],
      associations: [{ from: 'deal', fromId: '1.00', to: 'activity', toId: 'x1' }, { from: 'deal', fromId: '1e3', to: 'activity', toId: 'x2' }],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect(link(links, 'activity→deal')).toMatchObject({ rows: 2, linked: 0 });
    expect(t.associations.map((a) => a.fromId)).toEqual(['1.00', '1e3']);
    expect(wholeNumber).toEqual([{ link: 'association→deal', from: 'associations', to: 'deals', ids: 0, rows: 0, examples: [], leftAsWritten: 1, leftAsWrittenRows: 1, leftAsWrittenExamples: ['1.00'] }]);
  });
});

describe('the users invite events name', () => {
  /** Users 1, 2, 3 (from a users file without invited-by) and invite events noting `invites` (user, event, side, key, value). */
  function invited(userIds: string[], invites: Array<[string, string, 'inviter' | 'invitee', string, string]>): Dataset {
    const t = tables({ users: userIds.map((userId) => user({ userId, accountId: null })) });
    invites.forEach(([userId, name, side, key, value], day) => {
      const at = Date.UTC(2026, 2, 1 + day);
      t.events.append(at, userId, null, name, null);
      t.events.notes.invite(t.events.userAt(t.events.length - 1), t.events.nameAt(t.events.length - 1), side, key, value, at);
    });
    const file = { path: 'users.csv', table: 'users', mapping: { userId: 'user_id', signupAt: 'signup_at' } } as unknown as FileSummary;
    const events = { path: 'events.csv', table: 'events', mapping: {} } as unknown as FileSummary;
    return { tables: t, present: new Set(['users', 'events']), files: [file, events], issues: [] };
  }

  it('takes invitee 2.0 and inviter 1.0 as users 2 and 1, and says so in the dataset’s warning', () => {
    const d = invited(['1', '2', '3'], [
      ['1', 'invite_sent', 'invitee', 'invitee_id', '2.0'],
      ['3', 'invite_accepted', 'inviter', 'inviter_id', '1.0'],
    ]);
    deriveInvites(d, DEFAULT_SETTINGS);
    // Before: invitee 2.0 was "not in the users table", and user 3's inviter 1.0 no user.
    expect(d.tables.users.map((u) => u.invitedBy)).toEqual([null, '1', '1']);
    expect(d.wholeNumberIds).toEqual([{ link: 'invite→user', from: 'events', to: 'users', ids: 2, rows: 2, examples: [['1.0', '1'], ['2.0', '2']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] }]);
    expect(d.issues).toEqual([{ code: 'WHOLE_NUMBER_IDS', file: 'events.csv', line: 0, message: 'ids joined by whole-number form (e.g. 1.0 = 1): invite→user; counts under Links' }]);
  });

  it('adds to what loading joined: one warning naming every reference', () => {
    const d = invited(['1', '2'], [['2', 'invite_accepted', 'inviter', 'inviter_id', '1.0']]);
    const loaded: WholeNumberJoin = { link: 'event→user', from: 'events', to: 'users', ids: 1, rows: 4, examples: [['2.0', '2']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] };
    d.wholeNumberIds = [loaded];
    d.issues.push({ code: 'WHOLE_NUMBER_IDS', file: 'folder', line: 0, message: wholeNumberWarning([loaded]) });
    deriveInvites(d, DEFAULT_SETTINGS);
    expect(d.wholeNumberIds.map((j) => j.link)).toEqual(['event→user', 'invite→user']);
    expect(d.issues).toEqual([{ code: 'WHOLE_NUMBER_IDS', file: 'folder', line: 0, message: 'ids joined by whole-number form (e.g. 2.0 = 2): event→user, invite→user; counts under Links' }]);
  });

  it('users 4 and 4.0: an inviter 4.00 is neither (kept as the events name it, counted); 4.5 is left alone', () => {
    const d = invited(['4', '4.0', '5', '6'], [
      ['5', 'invite_accepted', 'inviter', 'inviter_id', '4.00'],
      ['6', 'invite_accepted', 'inviter', 'inviter_id', '4.5'],
    ]);
    deriveInvites(d, DEFAULT_SETTINGS);
    expect(d.tables.users.map((u) => u.invitedBy)).toEqual([null, null, '4.00', '4.5']);
    expect(d.wholeNumberIds).toEqual([{ link: 'invite→user', from: 'events', to: 'users', ids: 0, rows: 0, examples: [], leftAsWritten: 1, leftAsWrittenRows: 1, leftAsWrittenExamples: ['4.00'] }]);
  });
});

describe('product accounts without a CRM', () => {
  it('subscriptions of customer 17.0 join the product’s account 17', () => {
    const t = tables({
      users: [user({ userId: 'u1', accountId: '17' })],
      events: [event({ userId: 'u1', accountId: '17' })],
      subscriptions: [subscription({ accountId: '17.0' }), subscription({ accountId: '17' }), subscription({ accountId: '18.0' })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect(link(links, 'subscription→account')).toMatchObject({ rows: 3, linked: 2, by: { id: 2 }, unlinkedExamples: ['18.0'] });
    expect(t.subscriptions.map((s) => s.accountId)).toEqual(['17', '17', '18.0']);
    expect(joinOf(wholeNumber, 'subscription→account')).toMatchObject({ ids: 1, rows: 1, examples: [['17.0', '17']] });
  });

  it('events of account 17 (their own id) and of users of account 17.0 are one account: the users’ 17.0', () => {
    const t = tables({
      users: [user({ userId: 'u1', accountId: '17.0' }), user({ userId: 'u2', accountId: '18' })],
      events: [event({ userId: 'u1', accountId: '17' }), event({ userId: 'u1', accountId: null }), event({ userId: 'u2', accountId: '18.0' }), event({ userId: 'u2', accountId: '19.0' })],
    });
    const { links, wholeNumber, accountMatch } = resolveLinks(t);
    expect(accountMatch).toBeUndefined();
    // Before: 17 and 17.0 were two accounts (18 and 18.0 too).
    expect([...t.events].map((e) => e.accountId)).toEqual(['17.0', null, '18', '19.0']);
    expect(t.users.map((u) => u.accountId)).toEqual(['17.0', '18']);
    expect(link(links, 'event→account')).toMatchObject({ rows: 4, linked: 4, by: { id: 3, via: 1 } });
    expect(joinOf(wholeNumber, 'event→account')).toEqual({ link: 'event→account', from: 'events', to: 'accounts', ids: 2, rows: 2, examples: [['17', '17.0'], ['18.0', '18']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] });
    expect(joinOf(wholeNumber, 'user→account')).toBeUndefined();
  });

  it('never merges two spellings one side has: users 1 and 1.0, or events 2 and 2.0; each stays its own account, counted', () => {
    const t = tables({
      users: [user({ userId: 'u1', accountId: '1' }), user({ userId: 'u2', accountId: '1.0' }), user({ userId: 'u3', accountId: '2' })],
      events: [event({ userId: 'u1', accountId: '1.00' }), event({ userId: 'u3', accountId: '2' }), event({ userId: 'u3', accountId: '2.0' }), event({ userId: 'u3', accountId: '3.0' })],
    });
    const { links, wholeNumber } = resolveLinks(t);
    expect([...t.events].map((e) => e.accountId)).toEqual(['1.00', '2', '2.0', '3.0']);
    // Without a CRM any account id is an account: linked as written.
    expect(link(links, 'event→account')).toMatchObject({ rows: 4, linked: 4, by: { id: 4 }, ambiguous: 0 });
    expect(joinOf(wholeNumber, 'event→account')).toMatchObject({ ids: 0, rows: 0, leftAsWritten: 2, leftAsWrittenRows: 2, leftAsWrittenExamples: ['1.00', '2.0'] });
  });

  it('with a CRM, leaves the events’ and users’ ids to the CRM match (each to the CRM’s id)', () => {
    const t = tables({
      accounts: [account({ accountId: '17' })],
      users: [user({ userId: 'u1', accountId: '17.0' })],
      events: [event({ userId: 'u1', accountId: '17' })],
    });
    const { wholeNumber } = resolveLinks(t);
    expect([...t.events].map((e) => e.accountId)).toEqual(['17']);
    expect(t.users[0]!.accountId).toBe('17');
    expect(wholeNumber.map((j) => j.link)).toEqual(['user→account']);
  });
});
