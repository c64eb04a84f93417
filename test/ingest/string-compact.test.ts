import { describe, expect, it } from 'vitest';
import { StringCompactor } from '../../src/ingest/rows.js';

describe('StringCompactor', () => {
  it('keeps every value and shares one string per repeated value of a column', () => {
    const compactor = new StringCompactor();
    const text = 'x'.repeat(100) + 'Software Engineer' + 'y'.repeat(100);
    const rows = [0, 1, 2].map((k) => compactor.compact({ id: `U${k}`, title: text.slice(100, 117), n: k, none: null }));
    expect(rows.map((r) => r.title)).toEqual(['Software Engineer', 'Software Engineer', 'Software Engineer']);
    expect(rows.map((r) => r.id)).toEqual(['U0', 'U1', 'U2']);
    expect(rows.map((r) => [r.n, r.none])).toEqual([[0, null], [1, null], [2, null]]);
  });

  it('stops deduplicating a column of distinct ids but still returns equal values', () => {
    const compactor = new StringCompactor();
    for (let k = 0; k < 20_000; k++) {
      const id = `ACTIVITY-ID-${String(k).padStart(8, '0')}`;
      expect(compactor.compact({ id }).id).toBe(id);
    }
  });
});
