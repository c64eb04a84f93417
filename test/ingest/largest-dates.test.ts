/**
 * LargestDates (src/ingest/date-lines.ts): the 21 largest values of a column with their lines,
 * largest first and in line order among equals: the same as sorting every value, whatever the
 * order they are read in (a file sorted by time makes every row a new largest).
 */
import { describe, expect, it } from 'vitest';
import { LargestDates } from '../../src/ingest/date-lines.js';

/** The plain rule: sort all (value desc, line asc), keep 21. */
function expected(values: number[]): Array<{ value: number; line: number }> {
  return values
    .map((value, i) => ({ value, line: i + 2 }))
    .filter((e) => Number.isFinite(e.value))
    .sort((a, b) => b.value - a.value || a.line - b.line)
    .slice(0, 21);
}

function kept(values: number[]): Array<{ value: number; line: number }> {
  const largest = new LargestDates();
  values.forEach((v, i) => largest.note(v, i + 2));
  return largest.entries;
}

describe('LargestDates', () => {
  it('keeps nothing from no rows and one value from one row', () => {
    expect(kept([])).toEqual([]);
    expect(kept([5])).toEqual([{ value: 5, line: 2 }]);
  });

  it('ascending, descending, equal and random columns give the sorted top 21', () => {
    const ascending = Array.from({ length: 500 }, (_, i) => i);
    const descending = [...ascending].reverse();
    const equal = Array.from({ length: 60 }, () => 7);
    let seed = 42;
    const random = Array.from({ length: 2000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 97));
    for (const column of [ascending, descending, equal, random, [3, Number.NaN, 9, Number.POSITIVE_INFINITY, 1]]) {
      expect(kept(column)).toEqual(expected(column));
    }
  });

  it('returns the value a later one must exceed once full', () => {
    const largest = new LargestDates();
    let floor = 0;
    for (let i = 0; i < 21; i++) floor = largest.note(100 + i, i);
    expect(floor).toBe(100);
    expect(largest.note(50, 99)).toBe(100);
    expect(largest.note(200, 100)).toBe(101);
  });
});
