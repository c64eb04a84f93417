/** StringPool.internRange (ids from a range of a text, no string per lookup) against intern. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringPool } from '../../src/model.js';

describe('StringPool.internRange', () => {
  it('gives the ids intern gives, in any mix of the two, and grows past its first table', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-cé😀]{0,4}$/), fc.boolean()), { maxLength: 3000 }), (items) => {
        const a = new StringPool();
        const b = new StringPool();
        for (const [value, ranged] of items) {
          const text = `x,${value},y`;
          const id = ranged ? b.internRange(text, 2, 2 + value.length) : b.intern(value);
          expect(id).toBe(a.intern(value));
        }
        expect(b.values).toEqual(a.values);
        for (const [value] of items) expect(b.idOf(value)).toBe(a.idOf(value));
      }),
      { numRuns: 200 },
    );
  });

  it('many distinct values', () => {
    const pool = new StringPool();
    const text = Array.from({ length: 5000 }, (_, i) => `U${String(i).padStart(6, '0')}`).join(',');
    for (let i = 0; i < 5000; i++) expect(pool.internRange(text, i * 8, i * 8 + 7)).toBe(i);
    for (let i = 0; i < 5000; i++) expect(pool.intern(`U${String(i).padStart(6, '0')}`)).toBe(i);
    expect(pool.size).toBe(5000);
  });
});
