import { describe, expect, it } from 'vitest';
import { evidence } from '../../src/metrics/evidence.js';
import { countOf, evidenceLines } from '../../src/renderers/format.js';

describe('units in evidence and counts', () => {
  it('countOf is singular for one, with thousands separators', () => {
    expect(countOf(0, 'row')).toBe('0 rows');
    expect(countOf(1, 'row')).toBe('1 row');
    expect(countOf(12500, 'row')).toBe('12,500 rows');
    expect(countOf(2, 'category', 'categories')).toBe('2 categories');
  });

  it('an interval prints as a range in the unit of its value; a table without columns lists its ids', () => {
    expect(evidenceLines(evidence().count('wonDeals', 'won deals', 3).share('share', 'share', 0.6, [0.5007, 0.6714]).build())).toEqual(['won deals: 3 · share: 60% (95% 50.1%–67.1%)']);
    expect(evidenceLines(evidence().table('ids', 'ids', 'feature', [], [{ id: 'a', values: {} }, { id: 'b', values: {} }]).build())).toEqual(['ids: a; b']);
  });
});
