/**
 * Cell coercion: text from a CSV cell → typed value, or a reason it cannot be read.
 * Every function returns `null` for a blank cell and `undefined` for an unreadable one,
 * so callers can tell "absent" from "broken" and count the latter.
 */
import type { ActivityType, DealStage, DealType, ReleaseKind } from '../model.js';

export type Coerced<T> = T | null | undefined;

export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^(null|n\/a|na|none|-)$/i.test(value.trim());
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/**
 * Dates: ISO 8601 calendar dates with optional time, fraction and zone
 * (`2024-03-01`, `2024-03-01T10:00:00Z`, `2024-03-01 10:00:00.270000`, `... UTC`, `+02:00`).
 * A value without a zone is taken as UTC. Returns epoch ms.
 */
export function parseDate(value: string | undefined): Coerced<number> {
  if (isBlank(value)) return null;
  const m = ISO_DATE.exec(value!.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = ''] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), Number((frac + '000').slice(0, 3)));
  // Reject dates that roll over (2024-02-31).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const z = zone.toUpperCase();
  if (z && z !== 'Z' && z !== 'UTC' && z !== 'GMT') {
    const sign = z.startsWith('-') ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return ms;
}

/**
 * Plain numbers and money: `12500`, `12,500.00`, `$12,500`, `-3.5`, `1.2e3`.
 * Thousands separators are commas; the decimal point is a dot (other locales: see docs).
 */
export function parseNumber(value: string | undefined): Coerced<number> {
  if (isBlank(value)) return null;
  const cleaned = value!.trim().replace(/^[$€£¥]\s*/, '').replace(/\s*(usd|eur|gbp|[$€£¥])$/i, '');
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$/.test(cleaned) || !/\d/.test(cleaned)) return undefined;
  const n = Number(cleaned.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** A discount as a fraction of list price: `0.15`, `15%`. Values above 1 without `%` are read as percent. */
export function parseFraction(value: string | undefined): Coerced<number> {
  if (isBlank(value)) return null;
  const v = value!.trim();
  const percent = v.endsWith('%');
  const n = parseNumber(percent ? v.slice(0, -1) : v);
  if (n === null || n === undefined) return n;
  const fraction = percent || n > 1 ? n / 100 : n;
  return fraction < 0 || fraction > 1 ? undefined : fraction;
}

const WON = new Set(['won', 'closed won', 'closedwon', 'closed/won', 'win', 'closed & won', 'true', 'yes']);
const LOST = new Set(['lost', 'closed lost', 'closedlost', 'closed/lost', 'loss', 'closed & lost', 'disqualified', 'false', 'no']);

/** Deal stages: won/lost labels as CRMs spell them; every other stage is an open deal. */
export function parseStage(value: string | undefined): Coerced<DealStage> {
  if (isBlank(value)) return null;
  const v = value!.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  if (WON.has(v) || WON.has(v.replace(/\s/g, ''))) return 'won';
  if (LOST.has(v) || LOST.has(v.replace(/\s/g, ''))) return 'lost';
  return 'open';
}

export function parseDealType(value: string | undefined): Coerced<DealType> {
  if (isBlank(value)) return null;
  const v = value!.trim().toLowerCase();
  if (/renew/.test(v)) return 'renewal';
  if (/(expan|upsell|up-sell|upgrade|add-on|addon|cross)/.test(v)) return 'expansion';
  if (/(new|first)/.test(v)) return 'new';
  return undefined;
}

const ACTIVITY_TYPES: Array<[ActivityType, RegExp]> = [
  ['demo', /demo/],
  ['meeting', /(meeting|meet|visit|call with|onsite|zoom)/],
  ['call', /(call|phone|dial)/],
  ['email', /(e-?mail|mail)/],
  ['note', /note/],
  ['task', /(task|todo|to-do)/],
];

export function parseActivityType(value: string | undefined): Coerced<ActivityType> {
  if (isBlank(value)) return null;
  const v = value!.trim().toLowerCase();
  for (const [type, pattern] of ACTIVITY_TYPES) if (pattern.test(v)) return type;
  return 'other';
}

export function parseReleaseKind(value: string | undefined): Coerced<ReleaseKind> {
  if (isBlank(value)) return null;
  const v = value!.trim().toLowerCase();
  if (/(fix|bug|patch|hotfix)/.test(v)) return 'fix';
  if (/(improv|enhanc|update|iteration|optimi)/.test(v)) return 'improvement';
  if (/(new|feature|launch|added)/.test(v)) return 'new';
  return undefined;
}

/** A list cell: `a;b;c` (also `|` separated). Blank → []. */
export function parseList(value: string | undefined): string[] {
  if (isBlank(value)) return [];
  return value!
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Trimmed text; blank → null. */
export function parseText(value: string | undefined): string | null {
  return isBlank(value) ? null : value!.trim();
}
