/**
 * Cell coercion: text from a CSV cell → typed value, or a reason it cannot be read.
 * Every function returns `null` for a blank cell and `undefined` for an unreadable one,
 * so callers can tell "absent" from "broken" and count the latter.
 *
 * Formats that depend on the column (day order, decimal mark, what a bare number in a date
 * column means) are decided once per column from a bounded sample (`decideDateFormat`,
 * `decideDecimalMark`); rows are then parsed with the chosen parser.
 */
import type { ActivityType, DealStage, DealType, ReleaseKind } from '../core/model.js';
import { memoByString } from '../core/memo.js';
import { normaliseLabel } from '../core/settings.js';

export type Coerced<T> = T | null | undefined;

export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || BLANK_WORD.test(value.trim());
}

/** Words and marks that stand for "no value" (all of 4 characters or fewer: parseText relies on it). */
const BLANK_WORD = /^(null|n\/a|na|none|-|\u2014|\u2013|#n\/a)$/i;

/**
 * A cell someone filled in to say there is no value (`N/A`, `none`, `-`, `—`, Excel's `#N/A`):
 * read as blank, but worth counting, unlike an empty cell or a database `NULL` (how warehouse
 * exports write every absent value).
 */
export function isDeclaredBlank(value: string | undefined): boolean {
  const v = value?.trim();
  return v !== undefined && v !== '' && BLANK_WORD.test(v) && v.toLowerCase() !== 'null';
}

// An offset of whole hours (PostgreSQL writes `2024-01-04 13:04:31.123+00`) only right after a time.
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|(?<=\d:\d{2}(?:[.,]\d{1,9})?)[+-]\d{2})?$/i;
const DMY_LIKE = /^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:(?:[ T]|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const YMD_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTH_FIRST = /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?)?$/i;
const DAY_FIRST = /^(\d{1,2})[\s\-]([a-z]{3,9})\.?[\s\-,]+(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUMERIC = /^-?\d+(\.\d+)?$/;
/**
 * The epoch milliseconds a bare number may give: the years 1000–9999, those the ISO pattern
 * reads (and Excel's serial days span). Beyond is a unit mistake (microseconds in a column of
 * milliseconds: the year 56302) or an overflow, which no as-of date can be written for.
 */
export const EPOCH_DATE_MIN = Date.UTC(1000, 0, 1);
export const EPOCH_DATE_END = Date.UTC(10000, 0, 1);

/** Day order of `1/2/2024`-style dates; ISO dates are always year-month-day. */
export type DateOrder = 'mdy' | 'dmy';
/** How a bare number in a date column is read. */
export type NumericDate = 'epoch-s' | 'epoch-ms' | 'epoch-us' | 'epoch-ns' | 'excel';

export interface DateFormat {
  order: DateOrder;
  numeric: NumericDate | null;
}

/** Two-digit years: 00–69 → 2000s, 70–99 → 1900s. */
export function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/** A UTC offset in ms; undefined for one no clock uses (`+99:99`: real offsets run from -12:00 to +14:00). */
function zoneOffsetMs(zone: string): number | undefined {
  const z = zone.toUpperCase();
  if (!z || z === 'Z' || z === 'UTC' || z === 'GMT') return 0;
  const sign = z.startsWith('-') ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 14 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** A local time minus its zone's offset, or undefined when either is not real. */
function inUtc(ms: number | undefined, zone: string): number | undefined {
  const offset = zoneOffsetMs(zone);
  return ms === undefined || offset === undefined ? undefined : ms - offset;
}

/** Epoch ms of a calendar date and time (UTC), or undefined when a part is out of range (2024-02-31). */
export function civil(year: number, month: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day) return undefined;
  d.setUTCHours(h, mi, s, ms);
  return d.getTime();
}

function hour12(h: number, meridiem: string | undefined): number | undefined {
  if (!meridiem) return h;
  if (h < 1 || h > 12) return undefined;
  return (h % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/**
 * A date parser for one column. Reads ISO 8601 (with or without time and zone; no zone = UTC),
 * `M/D/YYYY` or `D/M/YYYY` (by `format.order`; also `-` separators, two-digit years and
 * 12-hour times), `DD.MM.YYYY` (always day-first), `YYYY/MM/DD`, `Mar 1, 2024`, `1 Mar 2024`,
 * and bare numbers as epoch seconds, epoch milliseconds or Excel serial days when
 * `format.numeric` says so.
 */
export function makeDateParser(format: DateFormat): DateParser {
  const days: DayCache = { days: new Map(), lastKey: -1, lastStart: undefined };
  return (value: string | undefined): Coerced<number> => {
    if (value !== undefined && value.length >= 19 && value.length <= 24) {
      const fast = isoFast(value, 0, value.length, days);
      if (fast !== FAST_MISS) return fast;
    }
    return general(value);
  };

  function general(value: string | undefined): Coerced<number> {
    // Epoch numbers (Mixpanel's `time`): digits alone match none of the date shapes below.
    if (format.numeric && value !== undefined && allDigits(value)) return fromNumber(Number(value));
    if (isBlank(value)) return null;
    const v = value!.trim();
    let m = ISO_DATE.exec(v);
    if (m) {
      const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = ''] = m;
      const ms = civil(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number((frac + '000').slice(0, 3)));
      return inUtc(ms, zone);
    }
    m = DMY_LIKE.exec(v);
    if (m) {
      const [, a, sep, b, y, h = '0', mi = '0', s = '0', frac = '', meridiem, zone = ''] = m;
      const dayFirst = sep === '.' || format.order === 'dmy';
      const hh = hour12(Number(h), meridiem);
      if (hh === undefined) return undefined;
      const ms = civil(fullYear(y!), Number(dayFirst ? b : a), Number(dayFirst ? a : b), hh, Number(mi), Number(s), Number((frac + '000').slice(0, 3)));
      return inUtc(ms, zone);
    }
    m = YMD_SLASH.exec(v);
    if (m) return civil(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
    m = MONTH_FIRST.exec(v);
    if (m) {
      const month = monthIndex(m[1]!);
      const hh = hour12(Number(m[4] ?? 0), m[7]);
      return month && hh !== undefined ? civil(Number(m[3]), month, Number(m[2]), hh, Number(m[5] ?? 0), Number(m[6] ?? 0)) : undefined;
    }
    m = DAY_FIRST.exec(v);
    if (m) {
      const month = monthIndex(m[2]!);
      return month ? civil(fullYear(m[3]!), month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) : undefined;
    }
    if (format.numeric && NUMERIC.test(v)) return fromNumber(Number(v));
    return undefined;
  }

  function fromNumber(n: number): Coerced<number> {
    if (format.numeric !== 'excel') {
      const ms = format.numeric === 'epoch-ns' ? Math.round(n / 1e6) : format.numeric === 'epoch-us' ? Math.round(n / 1e3) : format.numeric === 'epoch-ms' ? Math.round(n) : Math.round(n * 1000);
      return ms >= EPOCH_DATE_MIN && ms < EPOCH_DATE_END ? ms : undefined;
    }
    // Excel serial days: 25569 is 1970-01-01 (Excel's 1900 leap-year bug is inside the offset).
    if (n < 1 || n > 2_958_465) return undefined;
    return Math.round((n - 25_569) * 86_400_000);
  }
}

/** Whether `text` is one or more ASCII digits and nothing else. */
function allDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A column's date parser. */
export type DateParser = (value: string | undefined) => Coerced<number>;

/** Each day's start (epoch ms, or undefined for an impossible date), with the last day looked up kept at hand. */
interface DayCache {
  days: Map<number, number | undefined>;
  lastKey: number;
  lastStart: number | undefined;
}

const FAST_MISS = -0.5;
const DIGIT0 = 48;

/** The digit at i, or -1. */
function digit(v: string, i: number): number {
  const d = v.charCodeAt(i) - DIGIT0;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * `YYYY-MM-DDTHH:MM:SS` (or a space for T), optionally `.fff` and `Z`: the shape of nearly every
 * analytics timestamp, read without a regular expression and with each day's start cached.
 * Reads the n characters of v from o. Gives exactly what the ISO_DATE branch gives, or FAST_MISS
 * for anything else.
 */
function isoFast(v: string, o: number, n: number, cache: DayCache): number | undefined | typeof FAST_MISS {
  let end = n;
  if (v.charCodeAt(o + n - 1) === 90 /* Z */) end--;
  if (v.charCodeAt(o + 4) !== 45 || v.charCodeAt(o + 7) !== 45 || v.charCodeAt(o + 13) !== 58 || v.charCodeAt(o + 16) !== 58) return FAST_MISS;
  const t = v.charCodeAt(o + 10);
  if (t !== 84 /* T */ && t !== 32) return FAST_MISS;
  let ms = 0;
  if (end === 23) {
    if (v.charCodeAt(o + 19) !== 46) return FAST_MISS;
    const a = digit(v, o + 20);
    const b = digit(v, o + 21);
    const c = digit(v, o + 22);
    if ((a | b | c) < 0) return FAST_MISS;
    ms = a * 100 + b * 10 + c;
  } else if (end !== 19) return FAST_MISS;
  const y0 = digit(v, o), y1 = digit(v, o + 1), y2 = digit(v, o + 2), y3 = digit(v, o + 3);
  const m0 = digit(v, o + 5), m1 = digit(v, o + 6), d0 = digit(v, o + 8), d1 = digit(v, o + 9);
  const h0 = digit(v, o + 11), h1 = digit(v, o + 12), i0 = digit(v, o + 14), i1 = digit(v, o + 15), s0 = digit(v, o + 17), s1 = digit(v, o + 18);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | h0 | h1 | i0 | i1 | s0 | s1) < 0) return FAST_MISS;
  const h = h0 * 10 + h1;
  const mi = i0 * 10 + i1;
  const s = s0 * 10 + s1;
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const key = (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 10000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1;
  let start: number | undefined;
  if (key === cache.lastKey) start = cache.lastStart;
  else {
    start = cache.days.get(key);
    if (start === undefined && !cache.days.has(key)) {
      start = civil(Math.floor(key / 10000), Math.floor(key / 100) % 100, key % 100);
      cache.days.set(key, start);
    }
    cache.lastKey = key;
    cache.lastStart = start;
  }
  if (start === undefined) return undefined;
  return start + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** ISO dates, and `1/2/2024` read month-first (the default when a column gives no evidence). */
export const parseDate = makeDateParser({ order: 'mdy', numeric: null });

export interface DateDecision extends DateFormat {
  /** Formats seen, e.g. "D/M/YYYY" or "ISO 8601 + epoch seconds". */
  label: string;
  /** Why: "values (e.g. 13/02/2024 has a day over 12 first)", "assumed …", "set in config". */
  basis: string;
  /** True when the day order could not be told from the values. */
  ambiguous: boolean;
}

/**
 * Decide how a date column is written from a bounded sample of its values: the day order of
 * slashed dates (a first part over 12 means day-first; a second part over 12 means month-first),
 * and what bare numbers are (epoch s, ms, µs or ns, or Excel serials, by magnitude).
 */
export function decideDateFormat(values: readonly string[], preset: Partial<DateFormat> = {}): DateDecision {
  let dayFirstEvidence: string | null = null;
  let monthFirstEvidence: string | null = null;
  let dayFirstCount = 0;
  let monthFirstCount = 0;
  let slashed = 0;
  /** How the first day-month-year value is written: its separator and year digits, for the label. */
  let slashedShape: { sep: string; year: string } | null = null;
  let dotted = 0;
  let iso = 0;
  let named = 0;
  let numeric = 0;
  let numericMax = Number.NEGATIVE_INFINITY;
  let numericMin = Number.POSITIVE_INFINITY;
  for (const raw of values) {
    if (isBlank(raw)) continue;
    const v = raw.trim();
    if (ISO_DATE.test(v) || YMD_SLASH.test(v)) {
      iso++;
      continue;
    }
    const m = DMY_LIKE.exec(v);
    if (m) {
      if (m[2] === '.') {
        dotted++;
        continue;
      }
      slashed++;
      slashedShape ??= { sep: m[2]!, year: m[4]!.length === 2 ? 'YY' : 'YYYY' };
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a > 12 && b <= 12) {
        dayFirstCount++;
        dayFirstEvidence ??= v;
      } else if (b > 12 && a <= 12) {
        monthFirstCount++;
        monthFirstEvidence ??= v;
      }
      continue;
    }
    if (MONTH_FIRST.test(v) || DAY_FIRST.test(v)) {
      named++;
      continue;
    }
    if (NUMERIC.test(v)) {
      const n = Number(v);
      numeric++;
      numericMax = Math.max(numericMax, n);
      numericMin = Math.min(numericMin, n);
    }
  }
  let order: DateOrder = preset.order ?? 'mdy';
  let basis = '';
  let ambiguous = false;
  if (preset.order) basis = 'set in config';
  else if (dayFirstCount && monthFirstCount) {
    order = dayFirstCount >= monthFirstCount ? 'dmy' : 'mdy';
    ambiguous = true;
    basis = `mixed: ${dayFirstCount} values day-first (e.g. ${dayFirstEvidence}), ${monthFirstCount} month-first (e.g. ${monthFirstEvidence}); read as the majority`;
  } else if (dayFirstCount) {
    order = 'dmy';
    basis = `values (e.g. ${dayFirstEvidence} has a day over 12 first)`;
  } else if (monthFirstCount) {
    order = 'mdy';
    basis = `values (e.g. ${monthFirstEvidence} has a day over 12 second)`;
  } else if (slashed) {
    ambiguous = true;
    basis = 'assumed month-first: no value in the sample has a part over 12 (set dateOrder in pullcheck.config.yaml)';
  }
  let numericMode: NumericDate | null = preset.numeric ?? null;
  if (!numericMode && numeric > 0) {
    // By magnitude, for dates after 1973: seconds ~1.7e9, ms ~1.7e12, µs ~1.7e15, ns ~1.7e18.
    if (numericMax >= 1e17) numericMode = 'epoch-ns';
    else if (numericMax >= 1e14) numericMode = 'epoch-us';
    else if (numericMax >= 1e11) numericMode = 'epoch-ms';
    else if (numericMin >= 1e8) numericMode = 'epoch-s';
    else if (numericMin >= 1 && numericMax <= 2_958_465) numericMode = 'excel';
  }
  const labels: string[] = [];
  if (iso) labels.push('ISO 8601');
  if (slashed) {
    // labelled as written: 20-10-16 is D-M-YY, not D/M/YYYY
    const { sep, year } = slashedShape ?? { sep: '/', year: 'YYYY' };
    labels.push(order === 'dmy' ? `D${sep}M${sep}${year}` : `M${sep}D${sep}${year}`);
  }
  if (dotted) labels.push('DD.MM.YYYY');
  if (named) labels.push('month name');
  if (numericMode) labels.push({ 'epoch-ns': 'epoch nanoseconds', 'epoch-us': 'epoch microseconds', 'epoch-ms': 'epoch milliseconds', 'epoch-s': 'epoch seconds', excel: 'Excel serial days' }[numericMode]);
  if (numericMode && !basis) basis = preset.numeric ? 'set in config' : `values (numbers from ${numericMin} to ${numericMax})`;
  return { order, numeric: numericMode, label: labels.join(' + ') || 'none seen', basis: basis || 'values', ambiguous };
}

/** The decimal mark of a number column: `.` (12,500.00) or `,` (12.500,00). */
export type DecimalMark = '.' | ',';

const CURRENCY_AFFIX = /^(?:US\$|[A-Z]{3}|[$€£¥₹])\s*|\s*(?:[A-Z]{3}|[$€£¥₹])$/i;
const MULTIPLIER: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };
const GROUPED: Record<DecimalMark, RegExp> = { '.': /^\d{1,3}(,\d{3})+$/, ',': /^\d{1,3}(\.\d{3})+$/ };

/**
 * Numbers and money: `12500`, `12,500.00`, `$12,500`, `12.500,00 €`, `1 200,50`, `900 USD`,
 * `(1,200)` (negative), `-$5`, `250k`, `1.2M`, `1.2e3`. When a value has both `,` and `.`, the
 * last is the decimal mark; with only one kind, `decimal` (the column's mark) decides, and the
 * other kind must group thousands (`1,234`).
 */
export function parseNumber(value: string | undefined, decimal: DecimalMark = '.'): Coerced<number> {
  // Most cells are plain digits, or digits, a point and digits under a "." mark: the rules below
  // give Number(value) for those, without the regular expressions.
  if (value !== undefined && value.length > 0 && value.length <= 15) {
    let points = 0;
    let ok = true;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x2e && decimal === '.' && i > 0 && i < value.length - 1) points++;
      else if (c < 0x30 || c > 0x39) {
        ok = false;
        break;
      }
    }
    if (ok && points <= 1) return Number(value);
  }
  if (isBlank(value)) return null;
  let v = value!.trim();
  let sign = 1;
  if (v.startsWith('(') && v.endsWith(')')) {
    sign = -1;
    v = v.slice(1, -1).trim();
  }
  if (v.startsWith('-')) {
    sign = -sign;
    v = v.slice(1).trim();
  } else if (v.startsWith('+')) v = v.slice(1).trim();
  const beforeCurrency = v;
  for (let i = 0; i < 2; i++) v = v.replace(CURRENCY_AFFIX, '');
  // a sign after a currency symbol ($-5) is a sign; a second sign in a row (--12000) is not a number
  if (v.startsWith('-') && v !== beforeCurrency) {
    sign = -sign;
    v = v.slice(1);
  }
  let factor = 1;
  const suffix = /^(.*\d)\s*(k|mm|m|bn|b)$/i.exec(v);
  if (suffix) {
    v = suffix[1]!;
    factor = MULTIPLIER[suffix[2]!.toLowerCase()]!;
  }
  v = v.replace(/[\s\u00a0\u202f']/g, '');
  let exponent = '';
  const e = /^(.*\d)[eE]([-+]?\d+)$/.exec(v);
  if (e) {
    v = e[1]!;
    exponent = `e${e[2]}`;
  }
  if (!/^[\d.,]*\d[\d.,]*$/.test(v)) return undefined;
  const lastComma = v.lastIndexOf(',');
  const lastDot = v.lastIndexOf('.');
  let mark: DecimalMark = decimal;
  if (lastComma !== -1 && lastDot !== -1) mark = lastComma > lastDot ? ',' : '.';
  const parts = v.split(mark);
  if (parts.length > 2) return undefined;
  const [intPart, fracPart] = parts as [string, string | undefined];
  const group = mark === '.' ? ',' : '.';
  if (intPart.includes(group) && !GROUPED[mark].test(intPart)) return undefined;
  if (fracPart !== undefined && !/^\d*$/.test(fracPart)) return undefined;
  if (intPart === '' && !fracPart) return undefined;
  const n = Number(`${intPart.split(group).join('') || '0'}${fracPart ? `.${fracPart}` : ''}${exponent}`) * factor;
  return Number.isFinite(n) && n <= MAX_NUMBER ? sign * n : undefined;
}

/**
 * No amount, count or rate in an export comes near 10^15 (a quadrillion); `1e308` is an overflow
 * or a typo, and summed with others it would be Infinity.
 */
export const MAX_NUMBER = 1e15;

/** Why `value` is not read as a number, for values that look numeric but are refused; null otherwise. */
export function numberProblem(value: string): string | null {
  const v = value.trim();
  if (/^[-+]\s*[-+]/.test(v)) return 'two signs in a row';
  const n = Number(v.replace(/[\s,]/g, ''));
  if (!Number.isNaN(n) && (!Number.isFinite(n) || Math.abs(n) > MAX_NUMBER)) return 'beyond ±10^15 (an overflow or a typo?)';
  return null;
}

/**
 * The decimal mark of a column from a bounded sample: `,` when values read as `12,5` or
 * `12.500,00` and none as `12.5`, else `.` (also when no value tells).
 */
export function decideDecimalMark(values: readonly string[]): { mark: DecimalMark; basis: string } {
  let comma: string | null = null;
  let dot: string | null = null;
  for (const raw of values) {
    if (isBlank(raw)) continue;
    const v = raw.replace(/[^\d.,]/g, '');
    const lc = v.lastIndexOf(',');
    const ld = v.lastIndexOf('.');
    if (lc > ld && (ld !== -1 || !GROUPED['.'].test(v))) comma ??= raw.trim();
    else if (ld > lc && (lc !== -1 || !GROUPED[','].test(v))) dot ??= raw.trim();
  }
  if (comma && !dot) return { mark: ',', basis: `values (e.g. ${comma})` };
  if (dot) return { mark: '.', basis: `values (e.g. ${dot})` };
  return { mark: '.', basis: 'assumed' };
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', 'x', 'checked', 'on']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', 'unchecked', 'off']);

/** Booleans as exports write them: true/TRUE/Yes/Y/1/x; false/No/0. */
export function parseBool(value: string | undefined): Coerced<boolean> {
  if (isBlank(value)) return null;
  const v = value!.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return undefined;
}

/** A discount as a fraction of list price: `0.15`, `15%`. Values above 1 without `%` are read as percent. */
export function parseFraction(value: string | undefined, decimal: DecimalMark = '.'): Coerced<number> {
  if (isBlank(value)) return null;
  const v = value!.trim();
  const percent = v.endsWith('%');
  const n = parseNumber(percent ? v.slice(0, -1) : v, decimal);
  if (n === null || n === undefined) return n;
  const fraction = percent || n > 1 ? n / 100 : n;
  return fraction < 0 || fraction > 1 ? undefined : fraction;
}

const WON = new Set(['won', 'closed won', 'closedwon', 'closed/won', 'win', 'closed & won', 'closed and won', 'true', 'yes']);
const LOST = new Set(['lost', 'closed lost', 'closedlost', 'closed/lost', 'loss', 'closed & lost', 'closed and lost', 'disqualified', 'false', 'no']);

/**
 * The label inside what CRMs put around it: the stage number Salesforce orgs prefix ("6 - Closed
 * Won", "7. Closed Lost"), a probability after it ("Closed Won (100%)"), a reason after a dash
 * behind a closed label ("Closed Lost - No Decision").
 */
function stageLabel(value: string): string {
  return value
    .trim()
    .replace(/^\d+\s*[-.):]?\s+/, '')
    .replace(/\s*\(\d+\s*%\)$/, '')
    .replace(/^(closed[\s_-]*(?:won|lost))\s+[-–:]\s+.*$/i, '$1');
}

/** Deal stages: won/lost labels as CRMs spell them; every other stage is an open deal. */
export function parseStage(value: string | undefined): Coerced<DealStage> {
  if (isBlank(value)) return null;
  const v = normaliseLabel(stageLabel(value!));
  if (WON.has(v) || WON.has(v.replace(/\s/g, ''))) return 'won';
  if (LOST.has(v) || LOST.has(v.replace(/\s/g, ''))) return 'lost';
  return 'open';
}

export function parseDealType(value: string | undefined): Coerced<DealType> {
  if (isBlank(value)) return null;
  const v = value!.trim().toLowerCase();
  if (/renew/.test(v)) return 'renewal';
  if (/(expan|upsell|up-sell|upgrade|add-on|addon|cross|existing)/.test(v)) return 'expansion';
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
  return isBlank(value) ? null : activityTypeOf(value!);
}

// Activity types are a short vocabulary: each distinct cell is matched once.
const activityTypeOf = memoByString((value: string): ActivityType => {
  const v = value.trim().toLowerCase();
  for (const [type, pattern] of ACTIVITY_TYPES) if (pattern.test(v)) return type;
  return 'other';
});

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
  if (value === undefined) return null;
  // Fast path: printable ASCII at both ends cannot be trimmed, and over 4 characters cannot be a blank word.
  const n = value.length;
  if (n > 4) {
    const a = value.charCodeAt(0);
    const b = value.charCodeAt(n - 1);
    if (a > 32 && a < 127 && b > 32 && b < 127) return value;
  }
  return isBlank(value) ? null : value.trim();
}
