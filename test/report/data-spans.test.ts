import { describe, expect, it } from 'vitest';
import { latestRecord, tableDateSpans, windowDaysOf, windowOutsideData } from '../../src/report/data-spans.js';
import { asOfEnd, at, deal, event, release, tables } from '../helpers/factories.js';

describe('tableDateSpans', () => {
  it('has a span per dated table, none for empty tables, and leaves open deals\' forecast close dates out', () => {
    const t = tables({
      deals: [
        deal({ createdAt: '2025-03-01', closedAt: '2025-05-01', stage: 'won' }),
        deal({ createdAt: '2025-01-10', closedAt: '2027-01-01', stage: 'open' }),
      ],
      events: [event({ timestamp: '2025-02-01' }), event({ timestamp: '2025-06-30' })],
    });
    const spans = tableDateSpans(t);
    expect(spans.deals).toEqual({ first: at('2025-01-10'), last: at('2025-05-01') });
    expect(spans.events).toEqual({ first: at('2025-02-01'), last: at('2025-06-30') });
    expect(spans.releases).toBeUndefined();
    expect(latestRecord(spans)).toBe(at('2025-06-30'));
    expect(latestRecord(tableDateSpans(tables()))).toBeNull();
  });
});

describe('windowDaysOf', () => {
  it('is the largest of lookbackDays and windowDays, null without either', () => {
    expect(windowDaysOf({ lookbackDays: 365, windowDays: 90, minN: 30 })).toBe(365);
    expect(windowDaysOf({ windowDays: 90 })).toBe(90);
    expect(windowDaysOf({ adoptionDays: 90, minN: 10 })).toBeNull();
  });
});

describe('windowOutsideData', () => {
  const spans = tableDateSpans(
    tables({
      deals: [deal({ createdAt: '2025-01-01', closedAt: '2025-06-30', stage: 'won' })],
      releases: [release({ releasedAt: '2024-01-01' })],
    }),
  );
  it('is null when the window overlaps the data', () => {
    expect(windowOutsideData(['deals'], 365, asOfEnd('2025-06-30'), spans)).toBeNull();
    expect(windowOutsideData(['deals'], 365, asOfEnd('2026-06-29'), spans)).toBeNull(); // window starts 2025-06-30
    expect(windowOutsideData(['deals'], null, asOfEnd('2030-01-01'), spans)).toBeNull(); // no window: all history
  });
  it('as-of before the first record of any table read', () => {
    expect(windowOutsideData(['deals'], 365, asOfEnd('2024-12-31'), spans)).toBe(
      'the as-of date 2024-12-31 is before the first record it reads (deals from 2025-01-01): nothing to measure',
    );
    // The first day itself is inside: T is the end of the as-of day.
    expect(windowOutsideData(['deals'], 365, asOfEnd('2025-01-01'), spans)).toBeNull();
    // Releases start earlier, deals still have nothing.
    expect(windowOutsideData(['deals', 'releases'], null, asOfEnd('2024-06-01'), spans)).toContain('(deals from 2025-01-01)');
  });
  it('window starting after the last record of every table read', () => {
    expect(windowOutsideData(['deals'], 365, asOfEnd('2026-07-01'), spans)).toBe(
      'its 365-day window (2025-07-02 to 2026-07-01) starts after the last record it reads (deals until 2025-06-30): nothing to measure',
    );
    // A table still in the window keeps the check (the metric decides what it can measure).
    expect(windowOutsideData(['deals', 'releases'], 90, asOfEnd('2025-08-01'), spans)).toBeNull();
  });
  it('ignores tables without dates, and is null when none is dated', () => {
    expect(windowOutsideData(['contacts'], 365, asOfEnd('2000-01-01'), spans)).toBeNull();
  });
});
