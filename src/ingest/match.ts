/**
 * Matching CRM accounts to product accounts. The two tools rarely share an id, so a product
 * account matches a CRM account by id where they agree, else by e-mail / website domain, else by
 * a normalised company name (case, accents, punctuation and legal suffixes such as Inc, LLC,
 * GmbH, Ltd ignored). Matched product accounts are re-keyed to the CRM id, so every metric that
 * joins deals to usage uses the match; the match rate and unmatched examples are reported.
 * A product id written as a whole number in another form than a CRM id (`17.0` against `17`)
 * matches it by id (whole-number-ids.ts), before domains and names are tried; product ids that
 * reach the same CRM id so (`17.0` in events, `17` in users) count as one product account.
 */
import type { AccountMatch, Tables } from '../core/model.js';
import { AMBIGUOUS, WholeNumberIndex } from './whole-number-ids.js';

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'mbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'bv', 'nv', 'plc',
  'corp', 'corporation', 'co', 'company', 'pty', 'oy', 'ab', 'as', 'aps', 'srl', 'spa', 'kk', 'pte', 'pvt', 'se', 'ug', 'the',
]);

/** "The ACME, Inc." → "acme"; "Müller & Söhne GmbH" → "muller and sohne". */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  while (words.length > 1 && words[0] === 'the') words.shift();
  return words.join(' ');
}

/**
 * Whether a normalised company name can name a company: it has a letter. One of digits alone is
 * a number (an id `1.0` normalises to "1 0", compact "10", which would take a reference 10 by
 * name), so it is neither indexed nor looked up as a name.
 */
export function namesCompany(key: string): boolean {
  return /[a-z]/.test(key);
}

/** "ann@acme.com", "https://www.acme.com/x", "acme.com" → "acme.com"; null when not an address. */
export function domainOf(value: string): string | null {
  let v = value.trim().toLowerCase();
  const at = v.lastIndexOf('@');
  if (at !== -1) v = v.slice(at + 1);
  v = v.replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/[/?#:].*$/, '');
  // The last label starts with a letter, as top-level domains do: `1.5` and `10.0.0.1` are numbers, not domains.
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z][a-z0-9-]*$/.test(v) ? v : null;
}

/**
 * `how`, when given, receives each matched product account id (as it was before re-keying) and
 * how it matched, for the link table (links.ts); `wholeNumber`, the product ids matched by their
 * whole-number form and the CRM id each matched (AMBIGUOUS: two CRM ids share that form, so it
 * matched neither and no domain or name is tried for it).
 */
export function matchAccounts(tables: Tables, how?: Map<string, 'id' | 'domain' | 'name'>, wholeNumber?: Map<string, string | typeof AMBIGUOUS>): AccountMatch | undefined {
  const crmIds = new Set<string>();
  for (const a of tables.accounts) crmIds.add(a.accountId);
  for (const d of tables.deals) if (d.accountId !== null) crmIds.add(d.accountId);
  for (const c of tables.contacts) if (c.accountId !== null) crmIds.add(c.accountId);

  // Domain and name indexes, built at the first product id that no CRM id matches (often none,
  // and normalising every account and deal name is not free).
  let indexes: { byDomain: Map<string, string>; byName: Map<string, string> } | null = null;
  const crmIndexes = (): { byDomain: Map<string, string>; byName: Map<string, string> } => {
    if (indexes !== null) return indexes;
    const byDomain = new Map<string, string>();
    const byName = new Map<string, string>();
    const namesSeen = new Set<string>(); // deals repeat their account: normalise each name once
    const addName = (name: string | null, id: string): void => {
      if (!name || namesSeen.has(name)) return;
      namesSeen.add(name);
      const key = normaliseCompanyName(name);
      if (!namesCompany(key)) return;
      if (!byName.has(key)) byName.set(key, id);
      const compact = key.replace(/ /g, '');
      if (compact && !byName.has(compact)) byName.set(compact, id);
    };
    for (const a of tables.accounts) {
      const domain = a.domain ? domainOf(a.domain) : null;
      if (domain && !byDomain.has(domain)) byDomain.set(domain, a.accountId);
      addName(a.name, a.accountId);
      const idDomain = domainOf(a.accountId);
      if (idDomain && !byDomain.has(idDomain)) byDomain.set(idDomain, a.accountId);
    }
    for (const d of tables.deals) {
      if (d.accountId === null) continue;
      addName(d.accountId, d.accountId); // CRMs often export the account's name as its key
    }
    return (indexes = { byDomain, byName });
  };

  const productIds = new Set<string>();
  for (const id of tables.events.accounts.values) productIds.add(id); // first-seen order, as the rows
  for (const u of tables.users) if (u.accountId !== null) productIds.add(u.accountId);
  if (crmIds.size === 0 || productIds.size === 0) return undefined;

  const matched = { id: 0, domain: 0, name: 0 };
  const rekey = new Map<string, string>();
  const unmatched: string[] = [];
  const matchedCrm = new Set<string>();
  const crmWholeNumbers = new WholeNumberIndex(crmIds);
  // The CRM ids product ids reached by id, as written or by whole number: a product id that reaches
  // one already reached is the same account in another spelling (`17.0` in events, `17` in users),
  // re-keyed to the same id, so it is one product account, as when the product wrote it one way.
  const reachedById = new Set<string>();
  let spellings = 0;
  for (const p of [...productIds].sort()) {
    if (crmIds.has(p)) {
      if (reachedById.has(p)) spellings++;
      else matched.id++;
      reachedById.add(p);
      matchedCrm.add(p);
      how?.set(p, 'id');
      continue;
    }
    const whole = crmWholeNumbers.find(p);
    if (whole !== null) {
      wholeNumber?.set(p, whole);
      if (whole === AMBIGUOUS) unmatched.push(p);
      else {
        if (reachedById.has(whole)) spellings++;
        else matched.id++;
        reachedById.add(whole);
        how?.set(p, 'id');
        rekey.set(p, whole);
        matchedCrm.add(whole);
      }
      continue;
    }
    const { byDomain, byName } = crmIndexes();
    const domain = domainOf(p);
    let crm = domain ? byDomain.get(domain) : undefined;
    if (crm !== undefined) {
      matched.domain++;
      how?.set(p, 'domain');
    } else {
      const key = domain ? domain.split('.')[0]! : normaliseCompanyName(p);
      crm = namesCompany(key) ? (byName.get(key) ?? byName.get(key.replace(/ /g, ''))) : undefined;
      if (crm !== undefined) {
        matched.name++;
        how?.set(p, 'name');
      }
    }
    if (crm === undefined) unmatched.push(p);
    else {
      rekey.set(p, crm);
      matchedCrm.add(crm);
    }
  }
  if (rekey.size > 0) {
    tables.events.renameAccounts((id) => rekey.get(id) ?? id);
    for (const u of tables.users) if (u.accountId !== null) u.accountId = rekey.get(u.accountId) ?? u.accountId;
  }
  const total = matched.id + matched.domain + matched.name;
  const productAccounts = productIds.size - spellings;
  return {
    productAccounts,
    matched,
    rate: Math.round((total / productAccounts) * 1000) / 1000,
    unmatchedExamples: {
      product: unmatched.slice(0, 5),
      crm: [...crmIds].filter((c) => !matchedCrm.has(c)).sort().slice(0, 5),
    },
  };
}
