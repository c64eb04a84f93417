/**
 * Ids written as whole numbers in two forms (`1.0` from pandas against `1`): the whole-number form
 * (src/ingest/whole-number-ids.ts), the events' user ids and users' inviters joined to the users
 * table, and every link of the link table that looks an id up (src/ingest/links.ts, match.ts),
 * on tiny hand-written tables.
 */
import { describe, expect, it } from 'vitest';
import { AMBIGUOUS, joinEventUsers, joinInviters, WholeNumberIndex, wholeNumberKey } from '../../src/ingest/whole-number-ids.js';
import { resolveLinks } from '../../src/ingest/links.js';
import { wholeNumberLine, wholeNumberWarning } from '../../src/renderers/format.js';
import type { LinkSummary, WholeNumberJoin } from '../../src/core/model.js';
import { account, activity, contact, deal, event, request, tables, user } from '../helpers/factories.js';

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
