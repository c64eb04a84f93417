import { describe, expect, it } from 'vitest';
import { dealNameCompany, NameIndex, resolveLinks } from '../../src/ingest/links.js';
import { recognise } from '../../src/ingest/recognise.js';
import { ALL_LAYOUTS } from '../../src/ingest/vendor-layouts.js';
import type { Association, LinkSummary } from '../../src/core/model.js';
import { account, activity, contact, deal, event, release, request, tables, user } from '../helpers/factories.js';

const link = (links: LinkSummary[], id: string): LinkSummary => {
  const found = links.find((l) => l.id === id);
  if (!found) throw new Error(`no link ${id} in ${links.map((l) => l.id).join(', ')}`);
  return found;
};

const assoc = (from: Association['from'], fromId: string, to: Association['to'], toId: string): Association => ({ from, fromId, to, toId });

describe('deal names', () => {
  it.each([
    ['Acme - New Business', 'Acme'],
    ['Acme – Renewal 2025', 'Acme'],
    ['Acme — Upsell', 'Acme'],
    ['Acme: Expansion', 'Acme'],
    ['Acme Inc. | Add-on seats', 'Acme Inc.'],
  ])('%s → company %s', (name, company) => {
    expect(dealNameCompany(name)).toBe(company);
  });

  it('has no company part without a separator (a hyphenated word is not one)', () => {
    expect(dealNameCompany('Acme')).toBeNull();
    expect(dealNameCompany('Hewlett-Packard renewal')).toBeNull();
    expect(dealNameCompany(' - Renewal')).toBeNull();
  });

  it('indexes names normalised (case, punctuation, legal suffixes) and flags a shared name as ambiguous', () => {
    const index = new NameIndex();
    index.add('Acme, Inc. - New Business', 'D1');
    index.add('Globex: Renewal', 'D2');
    index.add('Globex Renewal', 'D3');
    expect(index.find('ACME INC - new business')).toBe('D1');
    expect(index.find('acme, inc. – new business')).toBe('D1');
    expect(index.find('globex renewal')).toBe('ambiguous');
    expect(index.find('Initech')).toBeUndefined();
    expect(index.find('')).toBeUndefined();
  });
});

describe('resolveLinks', () => {
  it('gives no links for empty tables', () => {
    expect(resolveLinks(tables()).links).toEqual([]);
  });

  it('links activities by deal id, counting blank references', () => {
    const t = tables({ deals: [deal({ dealId: 'D1' })], activities: [activity({ dealId: 'D1' }), activity({ dealId: null })] });
    const l = link(resolveLinks(t).links, 'activity→deal');
    expect(l).toMatchObject({ rows: 2, linked: 1, noKey: 1, rate: 0.5, by: { id: 1, name: 0 } });
  });

  it('links activities that carry a deal name to that deal, and rewrites them to its id', () => {
    const t = tables({
      deals: [deal({ dealId: 'D1', name: 'Acme - New Business' }), deal({ dealId: 'D2', name: 'Globex – Renewal 2025' })],
      activities: [activity({ dealId: 'acme – new business' }), activity({ dealId: 'Globex - Renewal 2025' }), activity({ dealId: 'Initech - Pilot' })],
    });
    const l = link(resolveLinks(t).links, 'activity→deal');
    expect(l).toMatchObject({ rows: 3, linked: 2, by: { name: 2 }, unlinkedExamples: ['Initech - Pilot'], rate: 0.667 });
    expect([...t.activities].map((a) => a.dealId)).toEqual(['D1', 'D2', 'Initech - Pilot']);
  });

  it('leaves an activity whose deal name matches two deals unlinked, as ambiguous', () => {
    const t = tables({
      deals: [deal({ dealId: 'D1', name: 'Acme - Renewal' }), deal({ dealId: 'D2', name: 'ACME: renewal' })],
      activities: [activity({ dealId: 'Acme - Renewal' })],
    });
    const l = link(resolveLinks(t).links, 'activity→deal');
    expect(l).toMatchObject({ linked: 0, ambiguous: 1, ambiguousExamples: ['Acme - Renewal'], rate: 0 });
    expect([...t.activities][0]!.dealId).toBe('Acme - Renewal');
  });

  it('links an activity to a deal through an association table', () => {
    const t = tables({
      deals: [deal({ dealId: '42' })],
      activities: [activity({ activityId: 'E1', dealId: null }), activity({ activityId: 'E2', dealId: null })],
      associations: [assoc('activity', 'E1', 'deal', '42')],
    });
    const l = link(resolveLinks(t).links, 'activity→deal');
    expect(l).toMatchObject({ rows: 2, linked: 1, by: { association: 1 }, noKey: 1 });
    expect([...t.activities][0]!.dealId).toBe('42');
  });

  it('reads a multi-valued deal id cell ("Associated Deal IDs")', () => {
    const t = tables({ deals: [deal({ dealId: '456' })], activities: [activity({ dealId: '123;456' })] });
    expect(link(resolveLinks(t).links, 'activity→deal').by.id).toBe(1);
    expect([...t.activities][0]!.dealId).toBe('456');
  });

  it('takes a "Related To" account name as the activity account, and an activity account through its deal', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme Inc.' }), account({ accountId: 'A2', name: 'Globex' })],
      deals: [deal({ dealId: 'D2', accountId: 'A2', name: 'Globex - New' })],
      activities: [activity({ dealId: 'ACME' }), activity({ dealId: 'D2' })],
    });
    const { links } = resolveLinks(t);
    expect(link(links, 'activity→account')).toMatchObject({ linked: 2, by: { name: 1, via: 1 } });
    expect(link(links, 'activity→deal')).toMatchObject({ linked: 1, noKey: 1 });
    expect([...t.activities].map((a) => [a.dealId, a.accountId])).toEqual([[null, 'A1'], ['D2', 'A2']]);
  });

  it('gives an activity logged against a person only the account of that contact', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme' })],
      contacts: [{ ...contact({ contactId: 'C1', accountId: null }), emailDomain: null }, contact({ contactId: 'C2', accountId: 'Acme' })],
      activities: [activity({ dealId: null, contactId: 'C2' }), activity({ dealId: null, contactId: 'C1' })],
    });
    expect(link(resolveLinks(t).links, 'activity→account')).toMatchObject({ rows: 2, linked: 1, by: { via: 1 }, noKey: 1 });
    expect([...t.activities].map((a) => a.accountId)).toEqual(['A1', null]);
  });

  describe('activity→account through a contact that is not found (a failed reference, never "no key")', () => {
    const accounts = [account({ accountId: 'A1', name: 'Acme' }), account({ accountId: 'A2', name: 'Globex' })];

    it('counts an activity whose only reference is a contact id naming no contact as unlinked, with the id as example', () => {
      const t = tables({
        accounts,
        contacts: [contact({ contactId: 'C1', accountId: 'A1' }), { ...contact({ contactId: 'C2', accountId: null }), emailDomain: null }],
        activities: [
          activity({ dealId: null, contactId: 'C1' }), // found, with an account: linked via the contact
          activity({ dealId: null, contactId: 'C2' }), // found, without an account: the data names none (no key)
          activity({ dealId: null, contactId: 'C9' }), // names no contact: unlinked
          activity({ dealId: null, contactId: 'C9' }),
          activity({ dealId: null, contactId: '0035e00000AbCd1' }),
          activity({ dealId: null, contactId: null }), // nothing to link on
        ],
      });
      // Before: { linked: 1, noKey: 5, unlinkedExamples: [] }.
      expect(link(resolveLinks(t).links, 'activity→account')).toMatchObject({
        rows: 6, linked: 1, by: { via: 1 }, noKey: 2, ambiguous: 0, rate: 0.167, unlinkedExamples: ['contact 0035e00000AbCd1', 'contact C9'],
      });
      expect([...t.activities].map((a) => a.accountId)).toEqual(['A1', null, null, null, null, null]);
    });

    it('counts it unlinked without a contacts table too; an account of its own, or an association, still comes first', () => {
      const t = tables({
        accounts,
        activities: [
          activity({ activityId: 'E1', dealId: null, contactId: '77' }),
          activity({ activityId: 'E2', dealId: null, contactId: '78', accountId: 'Globex' }), // its own account reference links by name
          activity({ activityId: 'E3', dealId: null, contactId: '79', accountId: 'Initech' }), // its own reference failed: that is the example
          activity({ activityId: 'E4', dealId: null, contactId: '80' }), // the engagement↔company association links it
        ],
        associations: [assoc('activity', 'E4', 'account', 'A1')],
      });
      expect(link(resolveLinks(t).links, 'activity→account')).toMatchObject({
        rows: 4, linked: 2, by: { name: 1, association: 1 }, noKey: 0, unlinkedExamples: ['Initech', 'contact 77'],
      });
    });

    it("shows a contact reference that is a person's name or an e-mail as `contact (name)`, never the name", () => {
      const t = tables({
        accounts,
        contacts: [contact({ contactId: '201', accountId: 'A1' })],
        activities: [activity({ dealId: null, contactId: 'Erik Fischer' }), activity({ dealId: null, contactId: 'erik@acme.example' }), activity({ dealId: null, contactId: 'Erik' })],
      });
      const l = link(resolveLinks(t).links, 'activity→account');
      expect(l).toMatchObject({ rows: 3, linked: 0, noKey: 0, unlinkedExamples: ['contact (name)'] });
      expect(JSON.stringify(l)).not.toMatch(/Erik|erik/);
    });

    it('counts an activity whose contact id is the whole number of two contacts (8 and 8.0) as ambiguous', () => {
      const t = tables({
        accounts,
        contacts: [contact({ contactId: '8', accountId: 'A1' }), contact({ contactId: '8.0', accountId: 'A2' })],
        activities: [activity({ dealId: null, contactId: '8.00' }), activity({ dealId: null, contactId: '8.0' })],
      });
      expect(link(resolveLinks(t).links, 'activity→account')).toMatchObject({
        rows: 2, linked: 1, by: { via: 1 }, noKey: 0, ambiguous: 1, ambiguousExamples: ['contact 8.00'], unlinkedExamples: [],
      });
    });
  });

  it('links deals to accounts by id, association, account name and the deal name company part', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme GmbH' }), account({ accountId: 'A2', name: 'Globex' }), account({ accountId: 'A3', name: 'Initech' })],
      deals: [
        deal({ dealId: 'D1', accountId: 'A1' }),
        deal({ dealId: 'D2', accountId: null }),
        deal({ dealId: 'D3', accountId: 'GLOBEX' }),
        deal({ dealId: 'D4', accountId: null, name: 'Initech: Expansion' }),
        deal({ dealId: 'D5', accountId: null, name: 'Umbrella - New Business' }),
        deal({ dealId: 'D6', accountId: null, name: 'no separator' }),
      ],
      associations: [assoc('deal', 'D2', 'account', 'A1')],
    });
    const l = link(resolveLinks(t).links, 'deal→account');
    expect(l).toMatchObject({ rows: 6, linked: 4, by: { id: 1, association: 1, name: 2 }, noKey: 1, unlinkedExamples: ['Umbrella'] });
    expect(t.deals.map((d) => d.accountId)).toEqual(['A1', 'A1', 'A2', 'A3', null, null]);
  });

  it('links contacts by e-mail domain to the account website, but not by a webmail domain', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme', domain: 'https://www.acme.com' })],
      deals: [deal({ dealId: 'D1', accountId: 'A1' })],
      contacts: [
        { ...contact({ contactId: 'C1', accountId: null }), emailDomain: 'acme.com' },
        { ...contact({ contactId: 'C2', accountId: null }), emailDomain: 'gmail.com' },
        contact({ contactId: 'C3', accountId: null }),
      ],
    });
    const l = link(resolveLinks(t).links, 'contact→account');
    expect(l).toMatchObject({ rows: 3, linked: 1, by: { domain: 1 }, noKey: 1, unlinkedExamples: ['gmail.com'] });
    expect(t.contacts[0]!.accountId).toBe('A1');
  });

  it('links contacts through a deal↔contact association (Salesforce OpportunityContactRole)', () => {
    const t = tables({
      deals: [deal({ dealId: 'D1', accountId: 'A9' })],
      contacts: [contact({ contactId: 'C1', accountId: null })],
      associations: [assoc('deal', 'D1', 'contact', 'C1')],
    });
    expect(link(resolveLinks(t).links, 'contact→account')).toMatchObject({ linked: 1, by: { association: 1 } });
    expect(t.contacts[0]!.accountId).toBe('A9');
  });

  it('without an accounts table, takes the accounts the deals name as the accounts', () => {
    const t = tables({
      deals: [deal({ dealId: 'D1', accountId: 'Acme' }), deal({ dealId: 'D2', accountId: null, name: 'ACME - Renewal' })],
      contacts: [contact({ contactId: 'C1', accountId: 'Acme' }), contact({ contactId: 'C2', accountId: 'Hooli' })],
    });
    const { links } = resolveLinks(t);
    expect(link(links, 'deal→account')).toMatchObject({ linked: 2, by: { id: 1, name: 1 } });
    expect(t.deals[1]!.accountId).toBe('Acme');
    expect(link(links, 'contact→account')).toMatchObject({ rows: 2, linked: 2 });
  });

  it('counts events and users per CRM account match, an event without account through its user', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme', domain: 'acme.com' })],
      users: [user({ userId: 'u1', accountId: 'acme.com' }), user({ userId: 'u2', accountId: 'other.io' })],
      events: [event({ userId: 'u1', accountId: 'A1' }), event({ userId: 'u1', accountId: null }), event({ userId: 'u2', accountId: null }), event({ userId: 'u9', accountId: null })],
    });
    const { links, accountMatch } = resolveLinks(t);
    expect(accountMatch).toBeDefined();
    expect(link(links, 'event→account')).toMatchObject({ rows: 4, linked: 2, by: { id: 1, via: 1 }, noKey: 1, unlinkedExamples: ['other.io'] });
    expect(link(links, 'user→account')).toMatchObject({ rows: 2, linked: 1, by: { domain: 1 } });
  });

  it('links a user without an account id by its company, else its work e-mail domain, never a webmail one', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme Inc', domain: 'acme.com' }), account({ accountId: 'A2', name: 'Globex', domain: 'globex.io' })],
      users: [
        user({ userId: 'u1', accountId: null, company: 'ACME, Inc.' }),
        user({ userId: 'u2', accountId: null, domain: 'globex.io' }),
        user({ userId: 'u3', accountId: null, domain: 'gmail.com' }),
        user({ userId: 'u4', accountId: 'A2', company: 'Acme' }),
      ],
    });
    const { links } = resolveLinks(t);
    expect(link(links, 'user→account')).toMatchObject({ rows: 4, linked: 3, by: { id: 1, name: 1, domain: 1 }, noKey: 1 });
    expect(t.users.map((u) => u.accountId)).toEqual(['A1', 'A2', null, 'A2']);
  });

  it('links releases to event features by id, else by name ignoring case and punctuation', () => {
    const t = tables({
      events: [event({ feature: 'bulk_export' }), event({ feature: 'sso' })],
      releases: [release({ feature: 'Bulk Export' }), release({ feature: 'sso' }), release({ feature: 'audit_log' })],
    });
    const l = link(resolveLinks(t).links, 'release→feature');
    expect(l).toMatchObject({ rows: 3, linked: 2, by: { id: 1, name: 1 }, unlinkedExamples: ['audit_log'] });
    expect(t.releases.map((r) => r.feature)).toEqual(['bulk_export', 'sso', 'audit_log']);
  });

  it('links requests to deals by name and to accounts through the deal', () => {
    const t = tables({
      accounts: [account({ accountId: 'A1', name: 'Acme' })],
      deals: [deal({ dealId: 'D1', accountId: 'A1', name: 'Acme - New Business' })],
      feature_requests: [request({ accountId: null, dealId: 'Acme - New Business' }), request({ accountId: 'Nobody', dealId: null })],
    });
    const { links } = resolveLinks(t);
    expect(link(links, 'request→deal')).toMatchObject({ linked: 1, by: { name: 1 }, noKey: 1 });
    expect(link(links, 'request→account')).toMatchObject({ linked: 1, by: { via: 1 }, unlinkedExamples: ['Nobody'] });
  });
});

describe('association tables are recognised as associations, never as deals or contacts', () => {
  it.each([
    ['engagement_deal_data.csv', ['deal_id', 'engagement_id', 'engagement_type', 'type_id', '_fivetran_synced', 'category'], 'hubspot-association', 'activity', 'deal'],
    ['deal_company_data.csv', ['company_id', 'deal_id', 'type_id', 'category'], 'hubspot-association', 'deal', 'account'],
    ['deal_contact_data.csv', ['contact_id', 'deal_id', '_fivetran_synced', 'type_id', 'category'], 'hubspot-association', 'deal', 'contact'],
    ['engagement_company_data.csv', ['company_id', 'engagement_id', 'engagement_type', 'type_id', '_fivetran_synced', 'category'], 'hubspot-association', 'activity', 'account'],
    ['OpportunityContactRole.csv', ['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary'], 'salesforce-association', 'deal', 'contact'],
    ['links.csv', ['from_type', 'from_id', 'to_type', 'to_id'], 'pullcheck', undefined, undefined],
  ])('%s', (file, header, layout, from, to) => {
    const r = recognise(header, file, ALL_LAYOUTS);
    expect(r).toMatchObject({ table: 'associations', layout: { id: layout } });
    if (from) expect(r!.layout.defaults).toEqual({ from, to });
  });

  it('leaves a contacts file with an account id column to the contacts table', () => {
    expect(recognise(['Contact ID', 'Account ID', 'Title', 'Email'], 'contacts.csv', ALL_LAYOUTS)?.table).toBe('contacts');
  });
});

describe('numbers are not names or domains', () => {
  it('a reference of digits does not link by name to an id whose digits it shares, nor a decimal by "domain"', () => {
    // Account ids 1.0 and 1 (a float-written id beside another); references 10 and 1.5 name neither.
    const t = tables({
      accounts: [account({ accountId: '1.0', name: 'Acme' }), account({ accountId: '7', name: 'Globex' })],
      deals: [deal({ dealId: 'd1', accountId: '10' }), deal({ dealId: 'd2', accountId: '7.5' }), deal({ dealId: 'd3', accountId: 'acme' }), deal({ dealId: 'd4', accountId: '1' })],
    });
    const l = link(resolveLinks(t).links, 'deal→account');
    // d3 by name, d4 by whole-number id; 10 and 7.5 link to nothing.
    expect(l).toMatchObject({ rows: 4, linked: 2, by: { id: 1, name: 1 } });
    expect(t.deals.map((d) => d.accountId)).toEqual(['10', '7.5', '1.0', '1.0']);
  });

  it('NameIndex keeps and finds names with a letter only', () => {
    const index = new NameIndex();
    index.add('1.0', 'A1');
    index.add('3M', 'A2');
    expect(index.find('10')).toBeUndefined();
    expect(index.find('1 0')).toBeUndefined();
    expect(index.find('3m')).toBe('A2');
  });
});
