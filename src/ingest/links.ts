/**
 * The link table: every cross-table link the metrics use, resolved and measured once after
 * loading. Exports rarely share clean ids, so each reference is tried, in order:
 *
 * 1. by **id**: the value is the target's id;
 * 2. through an **association** table (HubSpot engagement↔deal, deal↔company, deal↔contact;
 *    Salesforce OpportunityContactRole, AccountContactRelation);
 * 3. by normalised **name** (normaliseCompanyName: case, accents, punctuation, legal suffixes);
 *    activities that carry a deal *name* (HubSpot "Associated Deal", Salesforce "Related To")
 *    link to the deal of that name, and a deal named "Acme - New Business" / "Acme: Expansion"
 *    links to the account "Acme". A name that matches two or more records is **ambiguous** and
 *    stays unlinked;
 * 4. by **domain**: a contact's e-mail domain (not a webmail one) or an account id that is a
 *    domain ↔ the account's website;
 * 5. **via** another link: an activity's account through its deal or its contact, a request's
 *    through its deal. An activity with no account reference whose contact id names no contact
 *    counts as unlinked (example `contact C9`; a name is shown as `contact (name)`), not as
 *    blank: the reference it had failed.
 *
 * An id not found as written whose whole-number form is one target's id (`17.0` ↔ `17`: pandas
 * writes integer columns with blanks as floats) links **by id**, counted apart for the report
 * (whole-number-ids.ts); right after the id is tried, before associations, names and domains (a
 * name or domain never stands in for an id of that form). The same rule first gives association
 * rows' ids and activities' contact ids the spelling of their records, and, without a CRM, the
 * events' account ids the users' spelling (one product account, not two).
 *
 * Resolved references are written back (the activity carries the deal's id, the contact its
 * account's id), so every metric uses the links; what did not link keeps its value and joins
 * nothing. CRM ↔ product accounts are matched by match.ts (kept as `accountMatch`), whose result
 * becomes the event→account and user→account rows here. A link that joins nothing is never
 * read as zero: metrics check their own link rate against a floor (metrics/link-floor.ts).
 * Requested and promised features are measured against the release log (request→release,
 * promise→release) as the feature checks join them; a request for a feature never built is
 * unlinked here, and the checks' floors leave it out (metrics/feature-links.ts).
 */
import type { AccountMatch, AssociationKind, LinkId, LinkKey, LinkSummary, TableName, Tables, User, WholeNumberJoin } from '../core/model.js';
import { looksLikeName } from '../core/privacy.js';
import { domainOf, matchAccounts, namesCompany, normaliseCompanyName } from './match.js';
import { AMBIGUOUS, joinProductAccounts, WholeNumberIndex, WholeNumberTally } from './whole-number-ids.js';

/** E-mail domains of webmail providers: a contact at gmail.com says nothing about their company. */
export const WEBMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'hotmail.com', 'hotmail.co.uk', 'outlook.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'mail.ru',
  'yandex.com', 'yandex.ru', 'zoho.com', 'fastmail.com', 'hey.com', 'qq.com', '163.com', 'free.fr', 'orange.fr', 'laposte.net',
]);

/** Separators between a company and the rest of a deal name: "Acme - New Business", "Acme – Renewal 2025", "Acme: Expansion", "Acme | Upsell". */
const DEAL_NAME_SEPARATOR = /\s+[-–—|]\s+|:\s+/;

/** The company part of a deal name ("Acme – Renewal 2025" → "Acme"); null when the name has no separator. */
export function dealNameCompany(dealName: string): string | null {
  const parts = dealName.split(DEAL_NAME_SEPARATOR);
  const company = parts[0]!.trim();
  return parts.length > 1 && company !== '' ? company : null;
}

/** Normalised names → record id; a name given to two or more records is ambiguous (null). */
export class NameIndex {
  private readonly ids = new Map<string, string | null>();

  add(name: string | null, id: string): void {
    if (!name) return;
    const key = normaliseCompanyName(name);
    if (!namesCompany(key)) return;
    this.put(key, id);
    const compact = key.replace(/ /g, '');
    if (compact !== key) this.put(compact, id);
  }

  private put(key: string, id: string): void {
    const prev = this.ids.get(key);
    if (prev === undefined) this.ids.set(key, id);
    else if (prev !== id) this.ids.set(key, null);
  }

  /** The id named `name`, 'ambiguous', or undefined when no record has that name. */
  find(name: string): string | 'ambiguous' | undefined {
    const key = normaliseCompanyName(name);
    if (!namesCompany(key)) return undefined;
    const id = this.ids.has(key) ? this.ids.get(key) : this.ids.get(key.replace(/ /g, ''));
    return id === null ? 'ambiguous' : id;
  }

  get size(): number {
    return this.ids.size;
  }
}

/**
 * How one reference resolved; `wholeNumber` when by the whole-number form of its id (linked to
 * the one target of that form, or ambiguous: two targets share it).
 */
type Resolution = { id: string; key: LinkKey; wholeNumber?: true } | { ambiguous: true; wholeNumber?: true } | null;

/** A reference's whole-number match as a Resolution (null: none, try the other keys). */
function byWholeNumber(index: WholeNumberIndex, value: string): Resolution {
  const match = index.find(value);
  if (match === null) return null;
  return match === AMBIGUOUS ? { ambiguous: true, wholeNumber: true } : { id: match, key: 'id', wholeNumber: true };
}

/**
 * A reference to a person (a contact, a user) as an unlinked example: as written when it reads
 * like an id (a digit, no space, e-mail or domain), else `(name)`: HubSpot's "Associated Contact"
 * holds people's names, an invited-by column may hold e-mails, and no report shows a person's name.
 */
function personExample(ref: string): string {
  return /\d/.test(ref) && !ref.includes('@') && !looksLikeName(ref) ? ref : '(name)';
}

/** An activity's contact reference as an unlinked example of activity→account: `contact C9`, `contact (name)`. */
function contactExample(ref: string): string {
  return `contact ${personExample(ref)}`;
}

/** Tallies one link's rows as they are resolved. */
class LinkTally {
  readonly by: Record<LinkKey, number> = { id: 0, association: 0, name: 0, domain: 0, via: 0 };
  rows = 0;
  noKey = 0;
  ambiguous = 0;
  private readonly unlinked = new Set<string>();
  private readonly ambiguousValues = new Set<string>();
  /** References resolved by the whole-number form of their id. */
  readonly wholeNumber: WholeNumberTally;

  constructor(
    readonly id: LinkId,
    readonly from: TableName,
    readonly to: TableName,
  ) {
    this.wholeNumber = new WholeNumberTally(id, from, to);
  }

  /** One row: its resolution, and the value it tried to link on (null: nothing to link on). */
  add(resolution: Resolution, value: string | null, rows = 1): void {
    this.rows += rows;
    if (resolution?.wholeNumber && value !== null) this.wholeNumber.add(value, 'id' in resolution ? resolution.id : AMBIGUOUS, rows);
    if (resolution !== null && 'id' in resolution) this.by[resolution.key] += rows;
    else if (resolution !== null) {
      this.ambiguous += rows;
      if (value !== null && this.ambiguousValues.size < 50) this.ambiguousValues.add(value);
    } else if (value === null) this.noKey += rows;
    else if (this.unlinked.size < 50) this.unlinked.add(value);
  }

  summary(): LinkSummary {
    const linked = Object.values(this.by).reduce((a, b) => a + b, 0);
    const first5 = (values: Set<string>): string[] => [...values].sort().slice(0, 5);
    return {
      id: this.id,
      from: this.from,
      to: this.to,
      rows: this.rows,
      linked,
      by: { ...this.by },
      noKey: this.noKey,
      ambiguous: this.ambiguous,
      rate: this.rows === 0 ? null : Math.round((linked / this.rows) * 1000) / 1000,
      unlinkedExamples: first5(this.unlinked),
      ambiguousExamples: first5(this.ambiguousValues),
    };
  }
}

/** The table that holds the records of an association kind. */
const ASSOCIATION_TABLES: Record<AssociationKind, TableName> = { activity: 'activities', deal: 'deals', contact: 'contacts', account: 'accounts' };

/**
 * Association rows' ids not found as written among the records of their kind (activities, deals,
 * contacts, and the accounts links resolve to: `accountIds`), joined by whole-number form and
 * rewritten in place, before the rows are indexed; a tally per kind, in a fixed order.
 */
function joinAssociationIds(tables: Tables, accountIds: ReadonlySet<string>): WholeNumberTally[] {
  if (tables.associations.length === 0) return [];
  const idsOf: Record<AssociationKind, () => Iterable<string>> = {
    activity: () => tables.activities.activityIds.values,
    deal: () => tables.deals.map((d) => d.dealId),
    contact: () => tables.contacts.map((c) => c.contactId),
    account: () => accountIds,
  };
  const indexes = new Map<AssociationKind, WholeNumberIndex>();
  const tallies = new Map<AssociationKind, WholeNumberTally>();
  const join = (kind: AssociationKind, id: string): string => {
    let index = indexes.get(kind);
    if (index === undefined) indexes.set(kind, (index = new WholeNumberIndex(idsOf[kind]())));
    const match = index.find(id);
    if (match === null) return id;
    let tally = tallies.get(kind);
    if (tally === undefined) tallies.set(kind, (tally = new WholeNumberTally(`association→${kind}`, 'associations', ASSOCIATION_TABLES[kind])));
    tally.add(id, match);
    return match === AMBIGUOUS ? id : match;
  };
  for (const a of tables.associations) {
    a.fromId = join(a.from, a.fromId);
    a.toId = join(a.to, a.toId);
  }
  return (['deal', 'contact', 'account', 'activity'] as const).map((k) => tallies.get(k)).filter((t) => t !== undefined);
}

/** Association rows by direction: `from>to` → from id → associated ids (both directions stored). */
class AssociationIndex {
  private readonly pairs = new Map<string, Map<string, string[]>>();

  constructor(tables: Tables) {
    for (const a of tables.associations) {
      this.add(a.from, a.fromId, a.to, a.toId);
      this.add(a.to, a.toId, a.from, a.fromId);
    }
  }

  private add(from: AssociationKind, fromId: string, to: AssociationKind, toId: string): void {
    const pair = `${from}>${to}`;
    let byId = this.pairs.get(pair);
    if (!byId) this.pairs.set(pair, (byId = new Map()));
    const list = byId.get(fromId);
    if (!list) byId.set(fromId, [toId]);
    else if (!list.includes(toId)) list.push(toId);
  }

  /** The `to` records associated with record `id` of kind `from`. */
  get(from: AssociationKind, id: string | null, to: AssociationKind): readonly string[] {
    if (id === null) return [];
    return this.pairs.get(`${from}>${to}`)?.get(id) ?? [];
  }
}

/** Values of a multi-valued reference cell ("123;456", "123, 456"), when the whole cell is not one. */
function splitValues(value: string): string[] {
  return value.split(/\s*[;,]\s*/).filter((v) => v !== '');
}

/** The CRM's accounts as links see them: ids, and indexes by name and domain. */
class AccountResolver {
  readonly ids = new Set<string>();
  /** Whether an accounts table defines the accounts (else the deals' account column does). */
  readonly fromTable: boolean;
  private readonly byName = new NameIndex();
  private readonly byDomain = new Map<string, string | null>();

  /**
   * The accounts table when it has rows; else the accounts deals name (a folder without an
   * accounts file still knows its buyers by the deals' account column).
   */
  constructor(tables: Tables) {
    const addDomain = (domain: string | null, id: string): void => {
      if (!domain) return;
      const prev = this.byDomain.get(domain);
      this.byDomain.set(domain, prev === undefined || prev === id ? id : null);
    };
    this.fromTable = tables.accounts.length > 0;
    if (this.fromTable) {
      for (const a of tables.accounts) {
        this.ids.add(a.accountId);
        this.byName.add(a.name, a.accountId);
        this.byName.add(a.accountId, a.accountId);
        addDomain(a.domain ? domainOf(a.domain) : null, a.accountId);
        addDomain(domainOf(a.accountId), a.accountId);
      }
    } else {
      for (const d of tables.deals) {
        if (d.accountId === null || this.ids.has(d.accountId)) continue;
        this.ids.add(d.accountId);
        this.byName.add(d.accountId, d.accountId);
        addDomain(domainOf(d.accountId), d.accountId);
      }
    }
  }

  get empty(): boolean {
    return this.ids.size === 0;
  }

  private readonly cache = new Map<string, Resolution>();
  private wholeNumbers: WholeNumberIndex | null = null;

  /**
   * An account reference (id, name or domain) → the account. Without an accounts table, a value
   * that names none of the deals' accounts is still an account id (there is nothing to check it
   * against), linked by id.
   */
  resolve(value: string): Resolution {
    let r = this.cache.get(value);
    if (r === undefined) {
      r = this.lookup(value);
      if (r === null && !this.fromTable) r = { id: value, key: 'id' };
      this.cache.set(value, r);
    }
    return r;
  }

  /** Like resolve, without taking an unknown value as an id: for a value that may not be an account at all. */
  known(value: string): Resolution {
    const r = this.resolve(value);
    return r !== null && 'id' in r && r.key === 'id' && !this.ids.has(r.id) ? null : r;
  }

  private lookup(value: string): Resolution {
    if (this.ids.has(value)) return { id: value, key: 'id' };
    const whole = byWholeNumber((this.wholeNumbers ??= new WholeNumberIndex(this.ids)), value);
    if (whole !== null) return whole;
    const domain = domainOf(value);
    if (domain !== null) {
      const byDomain = this.byDomain.get(domain);
      if (byDomain === null) return { ambiguous: true };
      if (byDomain !== undefined) return { id: byDomain, key: 'domain' };
    }
    return this.byNameOnly(domain !== null ? domain.split('.')[0]! : value);
  }

  /** By normalised name only (deal-name company parts, account names). */
  byNameOnly(name: string): Resolution {
    const found = this.byName.find(name);
    if (found === 'ambiguous') return { ambiguous: true };
    return found === undefined ? null : { id: found, key: 'name' };
  }

  /** By e-mail domain (webmail domains say nothing). */
  byEmailDomain(domain: string | null): Resolution {
    if (domain === null || WEBMAIL_DOMAINS.has(domain)) return null;
    const id = this.byDomain.get(domain);
    if (id === null) return { ambiguous: true };
    return id === undefined ? null : { id, key: 'domain' };
  }
}

/**
 * Resolves every link of `tables` in place (references rewritten to the ids they resolved to)
 * and measures each. Returns the link table (only links whose source table has rows) and the
 * CRM ↔ product account match (undefined when the data has only one side).
 */
export function resolveLinks(tables: Tables): { links: LinkSummary[]; accountMatch: AccountMatch | undefined; wholeNumber: WholeNumberJoin[] } {
  const links: LinkSummary[] = [];
  const wholeNumber: WholeNumberJoin[] = [];
  /** The link's summary into the link table, and what it joined by whole-number form beside it. */
  const push = (tally: LinkTally): void => {
    links.push(tally.summary());
    const joined = tally.wholeNumber.summary();
    if (joined !== null) wholeNumber.push(joined);
  };
  const accounts = new AccountResolver(tables);
  for (const tally of joinAssociationIds(tables, accounts.ids)) {
    const joined = tally.summary();
    if (joined !== null) wholeNumber.push(joined);
  }
  const assoc = new AssociationIndex(tables);
  const hasDeals = tables.deals.length > 0;
  const dealIds = new Set(tables.deals.map((d) => d.dealId));
  const dealWholeNumbers = new WholeNumberIndex(dealIds);
  const dealNames = new NameIndex();
  for (const d of tables.deals) dealNames.add(d.name, d.dealId);

  const resolveDeal = (value: string): Resolution => {
    if (dealIds.has(value)) return { id: value, key: 'id' };
    const whole = byWholeNumber(dealWholeNumbers, value);
    if (whole !== null) return whole;
    const parts = splitValues(value);
    if (parts.length > 1) {
      const id = parts.find((p) => dealIds.has(p));
      if (id !== undefined) return { id, key: 'id' };
    }
    const found = dealNames.find(value);
    if (found === 'ambiguous') return { ambiguous: true };
    return found === undefined ? null : { id: found, key: 'name' };
  };
  const firstKnown = (ids: readonly string[], known: Set<string>): string | undefined => ids.find((id) => known.has(id));

  // deal→account: the account column, else a deal↔company association, else the deal name's company part.
  if (hasDeals && (!accounts.empty || tables.associations.length > 0)) {
    const tally = new LinkTally('deal→account', 'deals', 'accounts');
    for (const d of tables.deals) {
      let r: Resolution = null;
      if (d.accountId !== null) r = accounts.resolve(d.accountId);
      if (r === null || !('id' in r)) {
        const associated = assoc.get('deal', d.dealId, 'account');
        const id = accounts.empty ? associated[0] : firstKnown(associated, accounts.ids);
        if (id !== undefined) r = { id, key: 'association' };
      }
      // Without an account column value, the deal name's company part is the reference ("Acme - New Business").
      const company = d.accountId === null && d.name ? dealNameCompany(d.name) : null;
      if ((r === null || !('id' in r)) && company !== null) r = accounts.byNameOnly(company);
      tally.add(r, d.accountId ?? company);
      if (r !== null && 'id' in r) d.accountId = r.id;
    }
    push(tally);
  }
  const dealAccount = new Map(tables.deals.map((d) => [d.dealId, d.accountId]));

  // contact→account: the account column, else an association (contact↔account, or a deal's account), else the e-mail domain.
  if (tables.contacts.length > 0) {
    const tally = new LinkTally('contact→account', 'contacts', 'accounts');
    for (const c of tables.contacts) {
      let r: Resolution = null;
      if (c.accountId !== null) r = accounts.empty ? { id: c.accountId, key: 'id' } : accounts.resolve(c.accountId);
      if (r === null || !('id' in r)) {
        const direct = assoc.get('contact', c.contactId, 'account');
        const viaDeal = assoc.get('contact', c.contactId, 'deal').map((deal) => dealAccount.get(deal) ?? null).filter((a): a is string => a !== null);
        const id = accounts.empty ? (direct[0] ?? viaDeal[0]) : (firstKnown(direct, accounts.ids) ?? firstKnown(viaDeal, accounts.ids));
        if (id !== undefined) r = { id, key: 'association' };
      }
      if (r === null || !('id' in r)) {
        const byDomain = accounts.byEmailDomain(c.emailDomain ?? null);
        if (byDomain !== null) r = byDomain;
      }
      tally.add(r, c.accountId ?? c.emailDomain ?? null);
      if (r !== null && 'id' in r) c.accountId = r.id;
    }
    push(tally);
  }

  const contactIds = new Set(tables.contacts.map((c) => c.contactId));
  const contactAccount = new Map(tables.contacts.filter((c) => c.accountId !== null).map((c) => [c.contactId, c.accountId!]));
  // Activities' contact ids written 8.0 where contacts.csv has 8 (or the reverse) take the contact's spelling.
  const contactWholeNumbers = new WholeNumberIndex(tables.contacts.map((c) => c.contactId));
  const toContact = new WholeNumberTally('activity→contact', 'activities', 'contacts');

  // activity→deal and activity→account, per distinct reference value (an activity log repeats them).
  const activities = tables.activities;
  if (activities.length > 0) {
    const toDeal = new LinkTally('activity→deal', 'activities', 'deals');
    const toAccount = new LinkTally('activity→account', 'activities', 'accounts');
    const dealOf = new Map<string, Resolution>();
    const accountOf = new Map<string, Resolution>();
    const resolveAccountRef = (value: string): Resolution => {
      let r = accountOf.get(value);
      if (r === undefined) accountOf.set(value, (r = accounts.empty ? null : accounts.resolve(value)));
      return r;
    };
    const contactOf = new Map<string, string | typeof AMBIGUOUS | null>();
    const contactExamples = new Map<string, string>();
    for (let i = 0; i < activities.length; i++) {
      const contactRef = activities.contactIdAt(i);
      if (contactRef !== null) {
        let match = contactOf.get(contactRef);
        if (match === undefined) contactOf.set(contactRef, (match = contactWholeNumbers.find(contactRef)));
        if (match !== null) {
          toContact.add(contactRef, match);
          if (match !== AMBIGUOUS) activities.setContactIdAt(i, match);
        }
      }
      const dealRef = activities.dealIdAt(i);
      let deal: Resolution = null;
      if (dealRef !== null && hasDeals) {
        deal = dealOf.get(dealRef) ?? null;
        if (!dealOf.has(dealRef)) dealOf.set(dealRef, (deal = resolveDeal(dealRef)));
      }
      if (hasDeals && (deal === null || !('id' in deal))) {
        const id = firstKnown(assoc.get('activity', activities.activityIdAt(i), 'deal'), dealIds);
        if (id !== undefined) deal = { id, key: 'association' };
      }
      let accountRef = activities.accountIdAt(i);
      // "Related To" may name an account rather than a deal: then it is the activity's account.
      if (dealRef !== null && deal === null && accountRef === null && !accounts.empty) {
        const asAccount = accounts.known(dealRef);
        if (asAccount !== null && 'id' in asAccount) {
          accountRef = dealRef;
          activities.setDealIdAt(i, null);
        }
      }
      if (hasDeals) {
        toDeal.add(deal, activities.dealIdAt(i));
        if (deal !== null && 'id' in deal && deal.id !== dealRef) activities.setDealIdAt(i, deal.id);
      }
      if (accounts.empty && tables.associations.length === 0) continue;
      let account: Resolution = accountRef === null ? null : resolveAccountRef(accountRef);
      if ((account === null || !('id' in account)) && deal !== null && 'id' in deal) {
        const id = dealAccount.get(deal.id);
        if (id) account = { id, key: 'via' };
      }
      if (account === null || !('id' in account)) {
        // Logged against a person only: the account of that contact.
        const contact = activities.contactIdAt(i);
        const id = contact === null ? null : contactAccount.get(contact) ?? null;
        if (id) account = { id, key: 'via' };
      }
      if (account === null || !('id' in account)) {
        const associated = assoc.get('activity', activities.activityIdAt(i), 'account');
        const id = accounts.empty ? associated[0] : firstKnown(associated, accounts.ids);
        if (id !== undefined) account = { id, key: 'association' };
      }
      // No account reference of its own and nothing else reached one: a contact id that names no
      // contact (or two, by whole number) is a reference that failed, not a blank one. A contact
      // found without an account names no account: blank (its own link counts it, contact→account).
      let accountValue = accountRef;
      const contactId = activities.contactIdAt(i);
      if (account === null && accountRef === null && contactId !== null && !contactIds.has(contactId)) {
        accountValue = contactExamples.get(contactId) ?? contactExample(contactId);
        contactExamples.set(contactId, accountValue);
        if (contactOf.get(contactId) === AMBIGUOUS) account = { ambiguous: true };
      }
      toAccount.add(account, accountValue);
      if (account !== null && 'id' in account && account.id !== activities.accountIdAt(i)) activities.setAccountIdAt(i, account.id);
    }
    if (hasDeals) push(toDeal);
    if (!accounts.empty || tables.associations.length > 0) push(toAccount);
    const contactJoins = toContact.summary();
    if (contactJoins !== null) wholeNumber.push(contactJoins);
  }

  // request→deal and request→account.
  if (tables.feature_requests.length > 0) {
    const toDeal = new LinkTally('request→deal', 'feature_requests', 'deals');
    const toAccount = new LinkTally('request→account', 'feature_requests', 'accounts');
    const anyDealColumn = tables.feature_requests.some((r) => r.dealId !== null);
    for (const req of tables.feature_requests) {
      let deal: Resolution = null;
      if (req.dealId !== null && hasDeals) deal = resolveDeal(req.dealId);
      if (hasDeals && anyDealColumn) toDeal.add(deal, req.dealId);
      if (deal !== null && 'id' in deal) req.dealId = deal.id;
      if (accounts.empty) continue;
      let account: Resolution = req.accountId === null ? null : accounts.resolve(req.accountId);
      if ((account === null || !('id' in account)) && deal !== null && 'id' in deal) {
        const id = dealAccount.get(deal.id);
        if (id) account = { id, key: 'via' };
      }
      toAccount.add(account, req.accountId);
      if (account !== null && 'id' in account) req.accountId = account.id;
    }
    if (hasDeals && anyDealColumn) push(toDeal);
    if (!accounts.empty) push(toAccount);
  }

  // event→account and user→account: the CRM ↔ product account match (match.ts), counted per row.
  accountFromUserCompany(tables);
  const how = new Map<string, 'id' | 'domain' | 'name'>();
  const wholeNumberMatch = new Map<string, string | typeof AMBIGUOUS>();
  const before = productAccountRows(tables);
  const accountMatch = matchAccounts(tables, how, wholeNumberMatch);
  // Without a CRM side, the events' account ids take the users' spelling of their whole number.
  const productJoins = accountMatch === undefined ? joinProductAccounts(tables) : wholeNumberMatch;
  for (const link of [before.events, before.users]) {
    if (link === null) continue;
    push(productSummary(link, accountMatch === undefined ? null : how, productJoins));
  }

  // subscription→account: after the product match, so CRM and product accounts share ids.
  if (tables.subscriptions.length > 0) push(linkSubscriptions(tables, accounts));

  // release→feature: a released feature is seen in events under the same id, else the same
  // normalised name; promised and requested features take the events' spelling the same way.
  if (tables.events.length > 0 && tables.events.features.size > 0) {
    const seen = new Set(tables.events.features.values);
    const byName = new Map<string, string | null>();
    for (const f of seen) {
      const key = featureKey(f);
      byName.set(key, byName.has(key) && byName.get(key) !== f ? null : f);
    }
    const resolveFeature = (feature: string): Resolution => {
      if (seen.has(feature)) return { id: feature, key: 'id' };
      const named = byName.get(featureKey(feature));
      if (named === null) return { ambiguous: true };
      return named === undefined ? null : { id: named, key: 'name' };
    };
    const spelling = (feature: string): string => {
      const r = resolveFeature(feature);
      return r !== null && 'id' in r ? r.id : feature;
    };
    if (tables.releases.length > 0) {
      const tally = new LinkTally('release→feature', 'releases', 'events');
      for (const r of tables.releases) {
        const res = resolveFeature(r.feature);
        tally.add(res, r.feature);
        if (res !== null && 'id' in res) r.feature = res.id;
      }
      push(tally);
    }
    for (const d of tables.deals) if (d.promisedFeatures.length > 0) d.promisedFeatures = d.promisedFeatures.map(spelling);
    for (const req of tables.feature_requests) if (req.feature !== null) req.feature = spelling(req.feature);
  }

  // request→release and promise→release: a requested or promised feature is a release row's
  // feature, compared as the feature checks compare them (trimmed, after the events' spelling
  // above). Measured over every request and promise; a request for a feature never built is
  // unlinked here, so the checks floor them over the features known (feature-links.ts).
  if (tables.releases.length > 0) {
    const released = new Set(tables.releases.map((r) => r.feature.trim()));
    const named = (feature: string): Resolution => (released.has(feature) ? { id: feature, key: 'id' } : null);
    if (tables.feature_requests.length > 0) {
      const tally = new LinkTally('request→release', 'feature_requests', 'releases');
      for (const req of tables.feature_requests) {
        const feature = req.feature?.trim() || null;
        tally.add(feature === null ? null : named(feature), feature);
      }
      push(tally);
    }
    const promises = new LinkTally('promise→release', 'deals', 'releases');
    for (const d of tables.deals) for (const f of new Set(d.promisedFeatures.map((p) => p.trim()).filter((p) => p !== ''))) promises.add(named(f), f);
    if (promises.rows > 0) push(promises);
  }
  return { links, accountMatch, wholeNumber };
}

/**
 * user→inviter: users' invited-by ids → the users table's ids, joined as invite-k-factor joins
 * them (by id, once whole-number-ids.ts joinInviters has given `1.0` the users' spelling `1`, and
 * with the invites derived from events): rows = users with an invited-by value (no blank rows, so
 * noKey is 0), linked = those whose invited-by is a user id; one that is the whole number of two
 * users' ids (`1.00` with users `1` and `1.0`) is ambiguous. Over all users: invite-k-factor
 * measures its floor on the invitees who signed up in its lookback. Measured once the users table
 * is final (derive-users.ts deriveFromEvents), not in resolveLinks.
 */
export function inviterLink(users: readonly User[]): LinkSummary {
  const tally = new LinkTally('user→inviter', 'users', 'users');
  const ids = new Set(users.map((u) => u.userId));
  let wholeNumbers: WholeNumberIndex | null = null;
  for (const u of users) {
    if (u.invitedBy === null) continue;
    if (ids.has(u.invitedBy)) {
      tally.add({ id: u.invitedBy, key: 'id' }, u.invitedBy);
      continue;
    }
    const ambiguous = (wholeNumbers ??= new WholeNumberIndex(ids)).find(u.invitedBy) === AMBIGUOUS;
    tally.add(ambiguous ? { ambiguous: true } : null, personExample(u.invitedBy));
  }
  return tally.summary();
}

/**
 * A billing customer → an account: its customer/account id (an account id, or a domain or name
 * the accounts know), else its company name, else its e-mail domain (not a webmail one). The
 * accounts are the CRM's when it has any, else the product's (users' and events' account ids,
 * users' e-mail domains; an id written `17.0` joins the product's `17` by its whole number, as any
 * id does). A row that links to nothing keeps its billing customer id: it joins no
 * account and is counted as unlinked, never as an account without revenue.
 */
function linkSubscriptions(tables: Tables, accounts: AccountResolver): LinkTally {
  const tally = new LinkTally('subscription→account', 'subscriptions', 'accounts');
  const productIds = new Set<string>(tables.events.accounts.values);
  const productNames = new NameIndex();
  const productDomains = new Map<string, string | null>();
  for (const u of tables.users) {
    if (u.accountId === null) continue;
    productIds.add(u.accountId);
    if (u.domain && !WEBMAIL_DOMAINS.has(u.domain)) {
      const prev = productDomains.get(u.domain);
      productDomains.set(u.domain, prev === undefined || prev === u.accountId ? u.accountId : null);
    }
  }
  for (const id of productIds) productNames.add(id, id);
  const productWholeNumbers = new WholeNumberIndex(productIds);
  const crm = !accounts.empty;
  const byId = (value: string): Resolution => {
    if (crm) {
      const r = accounts.fromTable ? accounts.resolve(value) : accounts.known(value);
      if (r !== null) return r;
    }
    return productIds.has(value) ? { id: value, key: 'id' } : byWholeNumber(productWholeNumbers, value);
  };
  const byName = (name: string): Resolution => {
    const found = crm ? accounts.byNameOnly(name) : null;
    if (found !== null) return found;
    const p = productNames.find(name);
    return p === 'ambiguous' ? { ambiguous: true } : p === undefined ? null : { id: p, key: 'name' };
  };
  const byDomain = (domain: string | null): Resolution => {
    if (domain === null || WEBMAIL_DOMAINS.has(domain)) return null;
    const found = crm ? accounts.byEmailDomain(domain) : null;
    if (found !== null) return found;
    const p = productDomains.get(domain);
    return p === null ? { ambiguous: true } : p === undefined ? null : { id: p, key: 'domain' };
  };
  const linked = (r: Resolution): boolean => r !== null && 'id' in r;
  for (const s of tables.subscriptions) {
    let r: Resolution = s.accountId === null ? null : byId(s.accountId);
    if (!linked(r) && s.company) r = byName(s.company) ?? r;
    if (!linked(r)) r = byDomain(s.emailDomain ?? null) ?? r;
    // A customer name may be a person's: examples show ids and domains only.
    tally.add(r, s.accountId ?? s.emailDomain ?? (s.company ? '(customer name)' : null));
    if (r !== null && 'id' in r) s.accountId = r.id;
  }
  return tally;
}

/**
 * People tables (PostHog persons, Mixpanel people, Segment users) rarely carry an account id, but
 * often a company (name or domain) or a work e-mail: a user without an account id takes its
 * company, else its e-mail domain (not a webmail one), as its product account, which the CRM
 * match then resolves by domain or name like any product account id.
 */
function accountFromUserCompany(tables: Tables): void {
  for (const u of tables.users) {
    if (u.accountId !== null) continue;
    const company = u.company?.trim() || null;
    const domain = u.domain && !WEBMAIL_DOMAINS.has(u.domain) ? u.domain : null;
    u.accountId = company ?? domain;
  }
}

/** Feature names compared ignoring case, spaces and punctuation ("Bulk Export" = "bulk_export"). */
function featureKey(feature: string): string {
  return feature.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

interface ProductRows {
  id: LinkId;
  from: TableName;
  /** Product account id (before matching) → rows attributed to it; how many came through a user. */
  rows: Map<string, { own: number; viaUser: number }>;
  total: number;
  noAccount: number;
}

/** Rows of events and users per product account, counted before matching re-keys them. */
function productAccountRows(tables: Tables): { events: ProductRows | null; users: ProductRows | null } {
  const users: ProductRows | null = tables.users.length === 0 ? null : { id: 'user→account', from: 'users', rows: new Map(), total: 0, noAccount: 0 };
  const userAccount = new Map<string, string>();
  for (const u of tables.users) {
    users!.total++;
    if (u.accountId === null) {
      users!.noAccount++;
      continue;
    }
    userAccount.set(u.userId, u.accountId);
    const entry = users!.rows.get(u.accountId) ?? { own: 0, viaUser: 0 };
    entry.own++;
    users!.rows.set(u.accountId, entry);
  }
  const ev = tables.events;
  if (ev.length === 0) return { events: null, users };
  const own = new Float64Array(ev.accounts.size);
  const viaUser = new Float64Array(ev.users.size);
  let orphan = 0;
  // Events, not rows: a pre-aggregated row counts as the events it stands for.
  for (let i = 0; i < ev.length; i++) {
    const a = ev.accountAt(i);
    const n = ev.countAt(i);
    if (a >= 0) own[a]! += n;
    else {
      const u = ev.userAt(i);
      if (u >= 0) viaUser[u]! += n;
      else orphan += n;
    }
  }
  const events: ProductRows = { id: 'event→account', from: 'events', rows: new Map(), total: ev.eventCount(), noAccount: orphan };
  const bump = (account: string, key: 'own' | 'viaUser', n: number): void => {
    const entry = events.rows.get(account) ?? { own: 0, viaUser: 0 };
    entry[key] += n;
    events.rows.set(account, entry);
  };
  ev.accounts.values.forEach((account, k) => own[k]! > 0 && bump(account, 'own', own[k]!));
  ev.users.values.forEach((user, k) => {
    if (viaUser[k]! === 0) return;
    const account = userAccount.get(user);
    if (account === undefined) events.noAccount += viaUser[k]!;
    else bump(account, 'viaUser', viaUser[k]!);
  });
  return { events, users };
}

/**
 * With a CRM side (`how` given), a product row links when its account matched a CRM account, by
 * the match's key (through its user: `via`); without one, when it has an account at all. Rows
 * whose own account id matched by its whole-number form (`wholeNumber`: the CRM id, or AMBIGUOUS
 * when two CRM ids share it; without a CRM, the users' account id, joinProductAccounts) are
 * counted apart for the report.
 */
function productSummary(p: ProductRows, how: Map<string, 'id' | 'domain' | 'name'> | null, wholeNumber: ReadonlyMap<string, string | typeof AMBIGUOUS>): LinkTally {
  const tally = new LinkTally(p.id, p.from, 'accounts');
  if (p.noAccount > 0) tally.add(null, null, p.noAccount);
  for (const [account, { own, viaUser }] of [...p.rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const key = how === null ? 'id' : how.get(account);
    const whole = wholeNumber.get(account);
    // Without a CRM (how null) any account id is an account: one two users' (or events') ids share
    // the whole number of stays its own, linked as written, and is counted as left unjoined.
    if (how === null && whole === AMBIGUOUS && own > 0) tally.wholeNumber.add(account, AMBIGUOUS, own);
    const r: Resolution =
      whole === AMBIGUOUS ? (how === null ? { id: account, key: 'id' } : { ambiguous: true, wholeNumber: true }) : key === undefined ? null : whole !== undefined ? { id: whole, key, wholeNumber: true } : { id: account, key };
    if (own > 0) tally.add(r, account, own);
    if (viaUser > 0) tally.add(r === null ? null : 'id' in r ? { id: account, key: 'via' } : { ambiguous: true }, account, viaUser);
  }
  return tally;
}
