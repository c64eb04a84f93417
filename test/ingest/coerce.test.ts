import { describe, expect, it } from 'vitest';
import {
  decideDateFormat, makeDateParser, numberProblem, parseActivityType, parseDate, parseDealType, parseFraction, parseList, parseNumber, parseReleaseKind, parseStage,
} from '../../src/ingest/coerce.js';

describe('parseDate', () => {
  it.each([
    ['2024-03-01', Date.UTC(2024, 2, 1)],
    ['2024-03-01T10:20:30Z', Date.UTC(2024, 2, 1, 10, 20, 30)],
    ['2024-03-01 10:20:30.270000', Date.UTC(2024, 2, 1, 10, 20, 30, 270)],
    ['2021-04-02 11:16:05 UTC', Date.UTC(2021, 3, 2, 11, 16, 5)],
    ['2024-03-01T10:00:00+02:00', Date.UTC(2024, 2, 1, 8, 0, 0)],
    ['2024-03-01T10:00:00-0530', Date.UTC(2024, 2, 1, 15, 30, 0)],
    // PostgreSQL's text of a timestamptz: an offset of whole hours right after the time.
    ['2024-03-01 10:00:00.123+00', Date.UTC(2024, 2, 1, 10, 0, 0, 123)],
    ['2024-03-01 10:00:00-05', Date.UTC(2024, 2, 1, 15, 0, 0)],
  ])('reads %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it('returns null for blanks and undefined for unreadable values', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate('  ')).toBeNull();
    expect(parseDate(undefined)).toBeNull();
    expect(parseDate('yesterday')).toBeUndefined();
    expect(parseDate('2024-02-31')).toBeUndefined();
    expect(parseDate('2024-13-01')).toBeUndefined();
    // An offset of hours alone only right after a time: not after a date, a space or three digits.
    expect(parseDate('2024-03-01+05')).toBeUndefined();
    expect(parseDate('2024-03-01 10:00:00 +05')).toBeUndefined();
    expect(parseDate('2024-03-01T10:00:00+053')).toBeUndefined();
  });
});

describe('parseNumber', () => {
  it.each([
    ['12500', 12500],
    ['12,500.00', 12500],
    ['$12,500', 12500],
    ['-3.5', -3.5],
    ['1.2e3', 1200],
    ['900 USD', 900],
  ])('reads %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it('rejects text that is not a number', () => {
    expect(parseNumber('lots')).toBeUndefined();
    expect(parseNumber('1,2,3')).toBeUndefined();
    expect(parseNumber('.')).toBeUndefined();
    expect(parseNumber('')).toBeNull();
  });
});

describe('parseFraction', () => {
  it('reads fractions and percentages', () => {
    expect(parseFraction('0.15')).toBe(0.15);
    expect(parseFraction('15%')).toBe(0.15);
    expect(parseFraction('15')).toBe(0.15);
    expect(parseFraction('')).toBeNull();
    expect(parseFraction('150%')).toBeUndefined();
    expect(parseFraction('-5%')).toBeUndefined();
  });
});

describe('enumerations', () => {
  it('maps CRM stage labels to won/lost/open', () => {
    for (const won of ['won', 'Closed Won', 'closedwon', 'CLOSED_WON', 'Closed & Won']) expect(parseStage(won)).toBe('won');
    for (const lost of ['lost', 'Closed Lost', 'closedlost']) expect(parseStage(lost)).toBe('lost');
    expect(parseStage('Negotiation')).toBe('open');
    expect(parseStage('')).toBeNull();
  });

  it('maps deal types, activity types and release kinds', () => {
    expect(parseDealType('Renewal')).toBe('renewal');
    expect(parseDealType('Upsell')).toBe('expansion');
    expect(parseDealType('New Business')).toBe('new');
    expect(parseDealType('mystery')).toBeUndefined();
    expect(parseActivityType('Phone call')).toBe('call');
    expect(parseActivityType('Product demo')).toBe('demo');
    expect(parseActivityType('EMAIL')).toBe('email');
    expect(parseActivityType('lunch')).toBe('other');
    expect(parseReleaseKind('Bug fix')).toBe('fix');
    expect(parseReleaseKind('improvement')).toBe('improvement');
    expect(parseReleaseKind('new')).toBe('new');
    expect(parseReleaseKind('???')).toBeUndefined();
  });

  it('splits lists on ; and |', () => {
    expect(parseList('sso; audit-log|exports')).toEqual(['sso', 'audit-log', 'exports']);
    expect(parseList('')).toEqual([]);
  });
});

describe('numbers and dates at the edges', () => {
  it('refuses two signs and magnitudes beyond 10^15, with a reason; keeps a sign after a currency', () => {
    expect(parseNumber('--12000')).toBeUndefined();
    expect(parseNumber('+-5')).toBeUndefined();
    expect(parseNumber('1e308')).toBeUndefined();
    expect(parseNumber('2e15')).toBeUndefined();
    expect(parseNumber('1e15')).toBe(1e15);
    expect(parseNumber('$-5')).toBe(-5);
    expect(parseNumber('-$5')).toBe(-5);
    expect(numberProblem('--12000')).toBe('two signs in a row');
    expect(numberProblem('1e308')).toMatch(/beyond ±10\^15/);
    expect(numberProblem('TBD')).toBeNull();
    expect(numberProblem('12')).toBeNull();
  });

  it('reads epoch microseconds and nanoseconds by magnitude', () => {
    const ms = Date.UTC(2026, 0, 15);
    for (const [factor, numeric] of [[1, 'epoch-ms'], [1e3, 'epoch-us'], [1e6, 'epoch-ns']] as const) {
      const decision = decideDateFormat([String(ms * factor)]);
      expect(decision.numeric).toBe(numeric);
      expect(makeDateParser(decision)(String(ms * factor))).toBe(ms);
    }
  });

  it('a UTC offset no clock uses makes the date unreadable', () => {
    const parse = makeDateParser({ order: 'mdy', numeric: null });
    expect(parse('2026-01-01T10:00:00+99:99')).toBeUndefined();
    expect(parse('2026-01-01T10:00:00+14:00')).toBe(Date.UTC(2025, 11, 31, 20));
    expect(parse('2026-01-01T10:00:00-05:30')).toBe(Date.UTC(2026, 0, 1, 15, 30));
  });
});
