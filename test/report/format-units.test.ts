import { describe, expect, it } from 'vitest';
import { countOf, evidenceLines } from '../../src/renderers/format.js';

describe('units in evidence and counts', () => {
  it('countOf is singular for one, with thousands separators', () => {
    expect(countOf(0, 'row')).toBe('0 rows');
    expect(countOf(1, 'row')).toBe('1 row');
    expect(countOf(12500, 'row')).toBe('12,500 rows');
    expect(countOf(2, 'category', 'categories')).toBe('2 categories');
  });

  it('a pair of numbers under an interval key, or inside an object, is a range', () => {
    expect(evidenceLines({ wonDeals: 3, shareInterval: [0.5007, 0.6714] })).toEqual(['won deals 3 · share interval 50.1%–67.1%']);
    expect(evidenceLines({ bySource: { sales: { rate: 0.6, interval: [0.5, 0.7] } } })).toEqual(['by source: sales rate=60% interval 50%–70%']);
    expect(evidenceLines({ ids: ['a', 'b'] })).toEqual(['ids: a, b']); // other lists stay lists
    expect(evidenceLines({})).toEqual([]);
  });
});
