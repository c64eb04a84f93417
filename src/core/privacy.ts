/**
 * Personal data in reports. CRM and usage exports hold e-mail addresses and people's names;
 * reports must not repeat them (docs/ci.md, "Privacy").
 *
 * - `scrubPersonalData` runs on every report as it is built: e-mail addresses become `[email]`,
 *   the names of people the data names (deal owners) become `[person]`, and line breaks in data
 *   values become spaces (so no data value can start a line of a CI log, where a line such as
 *   `::error::` would be read as a command).
 * - `pseudonymiseReport` is for reports that leave the machine (the CI formats, and every format
 *   when running in CI): company and deal names in evidence become stable pseudonyms such as
 *   `deal-3f9a2c`, a hash of the name (keyed with PULLCHECK_PSEUDONYM_KEY when it is set), so
 *   the same deal has the same pseudonym in every run and every format.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Dataset, LinkSummary } from './model.js';
import type { Evidence, EvidenceRowKind } from '../report/contract/evidence.js';
import type { CheckResult, Report } from '../report/contract/report.js';

export const EMAIL_MARK = '[email]';
export const PERSON_MARK = '[person]';

/**
 * E-mail addresses in a text, as [start, end) spans, found in linear time: a backtracking regular
 * expression for "local@domain" retries every start position of a long token without `@` and
 * takes quadratic time (docs/performance.md). Here each `@` is looked at once; the local part
 * is walked back from it and the domain forward, and as neither contains `@`, every character is
 * walked at most twice.
 *
 * An address is the longest run of local-part characters (letters and digits of any script,
 * ASCII `.!#$%&*+/=?^_`{|}~-`; an apostrophe, legal but rare, is taken as a quote) before an
 * `@`, then a domain of two or more dot-separated labels of letters, digits (any script) and inner
 * hyphens (`josé.garcía@empresa.es`, `a@b.co.uk`).
 */
export function emailSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let from = 0; // no address starts before the end of the previous one
  let at = text.indexOf('@', from);
  while (at !== -1) {
    let start = at;
    while (start > from && isLocalChar(text.charCodeAt(start - 1))) start--;
    const end = start < at ? domainEnd(text, at + 1) : -1;
    if (end !== -1) {
      spans.push([start, end]);
      from = end;
      at = text.indexOf('@', end);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
  return spans;
}

/** The end of the domain starting at `i` (two or more labels), or -1. */
function domainEnd(text: string, i: number): number {
  let end = -1;
  let labels = 0;
  let pos = i;
  while (pos < text.length && isWordChar(text.charCodeAt(pos))) {
    let j = pos;
    let labelEnd = pos;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (isWordChar(c)) labelEnd = j + 1;
      else if (c !== 0x2d /* - */) break;
      j++;
    }
    labels++;
    if (labels >= 2) end = labelEnd;
    // a label ending in hyphens ends the domain; so does anything but a dot
    if (labelEnd !== j || text.charCodeAt(j) !== 0x2e /* . */) break;
    pos = j + 1;
  }
  return end;
}

const LOCAL_ASCII = new Uint8Array(128);
for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&*+/=?^_`{|}~-") LOCAL_ASCII[ch.charCodeAt(0)] = 1;
const WORD_NON_ASCII = /^[\p{L}\p{N}\p{M}]$/u;

/** A letter or digit of any script (BMP; an astral character is not taken as part of an address). */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return WORD_NON_ASCII.test(String.fromCharCode(c));
}

function isLocalChar(c: number): boolean {
  return c < 128 ? LOCAL_ASCII[c] === 1 : WORD_NON_ASCII.test(String.fromCharCode(c));
}

/** The text with every e-mail address replaced by `mark`. */
export function replaceEmails(text: string, mark = EMAIL_MARK): string {
  if (!text.includes('@')) return text;
  const spans = emailSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, end] of spans) {
    out += text.slice(last, start) + mark;
    last = end;
  }
  return out + text.slice(last);
}

export function containsEmail(text: string): boolean {
  return text.includes('@') && emailSpans(text).length > 0;
}

/** Longer "names" are not people's names (and would make the name pattern too large to compile). */
export const MAX_PERSON_NAME = 100;
/** Names up to this length are found with one pattern; longer ones (rare) one by one. */
const MAX_PATTERN_NAME = 200;

/** The people the dataset names: deal owners and contacts (contact e-mails are never read into the tables). */
export function knownPeople(dataset: Dataset): string[] {
  const names = new Set<string>();
  const add = (value: string | null | undefined): void => {
    const name = value?.trim();
    if (name && name.length >= 3 && name.length <= MAX_PERSON_NAME && !containsEmail(name)) names.add(name);
  };
  for (const deal of dataset.tables.deals) add(deal.owner);
  for (const contact of dataset.tables.contacts) add(contact.name);
  return [...names].sort();
}

/** Replaces e-mail addresses, the given people's names and line breaks in one text. */
export class Scrubber {
  private readonly people: RegExp | null;

  constructor(people: readonly string[] = []) {
    const names = [...new Set(people.map((p) => p.trim()).filter((p) => p.length >= 3 && p.length <= MAX_PERSON_NAME))].sort((a, b) => b.length - a.length);
    this.people = names.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  }

  text(value: string): string {
    let out = replaceEmails(value.replace(/[\r\n\u2028\u2029]+/g, ' '));
    if (this.people) out = out.replace(this.people, PERSON_MARK);
    return out;
  }

  /** A deep copy of a JSON value with every string scrubbed. */
  value<T>(value: T): T {
    return mapStrings(value, (s) => this.text(s));
  }
}

/**
 * The report with personal data removed from everything that comes from the data: evidence,
 * notes, reasons and ingest warnings. Rubric texts (titles, recommendations) are left alone.
 */
export function scrubPersonalData<R extends Report>(report: R, people: readonly string[] = []): R {
  const s = new Scrubber(people);
  return {
    ...report,
    categories: report.categories.map((category) => ({
      ...category,
      checks: category.checks.map((check) => scrubCheck(check, s)),
    })),
    warnings: report.warnings.map((w) => ({ ...w, message: s.text(w.message) })),
  };
}

/** One check with personal data removed from its data-derived texts. */
export function scrubCheck(check: CheckResult, s: Scrubber): CheckResult {
  return {
    ...check,
    reason: check.reason === null ? null : s.text(check.reason),
    evidence: s.value(check.evidence),
    notes: check.notes.map((n) => s.text(n)),
  };
}

export type PseudonymKind = 'deal' | 'account' | 'name';

/** A stable pseudonym for a name: `deal-3f9a2c`. Case and surrounding spaces do not matter. */
export function pseudonym(kind: PseudonymKind, value: string, key?: string): string {
  const normalised = value.trim().toLowerCase();
  const hash = key ? createHmac('sha256', key).update(normalised).digest('hex') : createHash('sha256').update(normalised).digest('hex');
  return `${kind}-${hash.slice(0, 6)}`;
}

/**
 * The report with company and deal names in evidence replaced by pseudonyms. Names are found by
 * the kind of an evidence table's rows (`rowKind` deal or account, whatever the metric): a row's
 * `name`, and its id when the id reads like a name or a domain (some CRMs key accounts by name),
 * become pseudonyms of that kind; so do such ids in the account-match examples. Any other
 * occurrence of the same names in evidence, notes, reasons or warnings is replaced as well.
 */
export function pseudonymiseReport<R extends Report>(report: R, options: { key?: string } = {}): R {
  const found = new Map<string, string>();
  const hide = (kind: PseudonymKind, value: string): string => {
    const p = pseudonym(kind, value, options.key);
    found.set(value, p);
    return p;
  };
  const withRows = (evidence: Evidence): Evidence => ({
    ...evidence,
    examples: evidence.examples.map((table) => {
      const kind = ROW_KINDS[table.rowKind];
      if (!kind) return table;
      return {
        ...table,
        rows: table.rows.map((row) => ({
          ...row,
          id: looksLikeName(row.id) ? hide(kind, row.id) : row.id,
          ...(typeof row.name === 'string' && row.name.trim() !== '' ? { name: hide(kind, row.name) } : {}),
        })),
      };
    }),
  });
  const first = report.categories.map((category) => ({
    ...category,
    checks: category.checks.map((check) => ({ ...check, evidence: withRows(check.evidence) })),
  }));
  const match = report.inputs.accountMatch;
  const accountMatch = match
    ? {
        ...match,
        unmatchedExamples: {
          product: match.unmatchedExamples.product.map((a) => (looksLikeName(a) ? hide('account', a) : a)),
          crm: match.unmatchedExamples.crm.map((a) => (looksLikeName(a) ? hide('account', a) : a)),
        },
      }
    : match;
  // Values that did not link are account or deal names as exported (feature names may stay);
  // `contact C9` (activity→account: an activity's contact id that names no contact) keeps its
  // prefix, and the id is hidden as a name when it reads like one.
  const hideRef = (link: LinkSummary, v: string): string => {
    const contact = link.id === 'activity→account' ? /^contact (.+)$/s.exec(v) : null;
    if (contact) return `contact ${looksLikeName(contact[1]!) ? hide('name', contact[1]!) : contact[1]!}`;
    // Feature names (links to events or to the release log) may stay.
    return link.to !== 'events' && link.to !== 'releases' && looksLikeName(v) ? hide(link.to === 'deals' ? 'deal' : 'account', v) : v;
  };
  const links = (report.inputs.links ?? []).map((l) => ({
    ...l,
    unlinkedExamples: l.unlinkedExamples.map((v) => hideRef(l, v)),
    ambiguousExamples: l.ambiguousExamples.map((v) => hideRef(l, v)),
  }));
  // Second pass: the same names wherever else they appear in data-derived text.
  const names = [...found.keys()].filter((n) => n.trim().length >= 3).sort((a, b) => b.length - a.length);
  const short = names.filter((n) => n.length <= MAX_PATTERN_NAME);
  const long = names.filter((n) => n.length > MAX_PATTERN_NAME);
  const pattern = short.length === 0 ? null : new RegExp(short.map(escapeRegExp).join('|'), 'g');
  const replace = (s: string): string => {
    for (const n of long) if (s.includes(n)) s = s.split(n).join(found.get(n)!);
    return pattern ? s.replace(pattern, (m) => found.get(m) ?? m) : s;
  };
  return {
    ...report,
    inputs: { ...report.inputs, accountMatch, links, files: report.inputs.files.map((f) => ({ ...f, values: f.values && mapStrings(f.values, replace) })) },
    categories: first.map((category) => ({
      ...category,
      checks: category.checks.map((check) => ({
        ...check,
        evidence: mapStrings(check.evidence, replace),
        notes: check.notes.map(replace),
        reason: check.reason === null ? null : replace(check.reason),
      })),
    })),
    warnings: report.warnings.map((w) => ({ ...w, message: replace(w.message) })),
  };
}

/** Evidence rows that name companies or deals (their ids too, when a CRM keys them by name). */
const ROW_KINDS: Partial<Record<EvidenceRowKind, PseudonymKind>> = { account: 'account', deal: 'deal' };

/**
 * An id that reads like a name or a domain ("Umbra Dental", "umbra-dental.com", "umbra_dental"),
 * not an opaque key ("A0017", "0015g00000XyZ12AAB", "12345", "D-001").
 */
export function looksLikeName(id: string): boolean {
  const v = id.trim();
  // Patterns start only where a run of letters starts: linear on a long token (no retry at each letter).
  return /\s/.test(v) || /(?<![A-Za-z])[A-Za-z]{2,}\.[A-Za-z]{2,}/.test(v) || /(?<![A-Za-z])[A-Za-z]{3,}[-_][A-Za-z]{3,}/.test(v);
}

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
