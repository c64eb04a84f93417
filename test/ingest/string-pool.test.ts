/** StringPool.internRange (ids from a range of a text, no string per lookup) against intern. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringPool } from '../../src/core/model.js';

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

describe('StringPool numbered ids (a prefix and a number, found by the number)', () => {
  // Values near the pattern: other prefixes, padded and unpadded, leading zeros, 10+ digits,
  // numbers past the cache's bound, and no digits at all.
  const prefix = fc.constantFrom('U', 'U0', 'u', 'user_', '', 'UU', 'U-');
  const digits = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map((n) => String(n)),
    fc.integer({ min: 0, max: 300 }).map((n) => String(n).padStart(6, '0')),
    fc.integer({ min: 0, max: 300 }).map((n) => String(n).padStart(3, '0')),
    fc.constantFrom('0', '00', '007', '1234567890', '999999999', '4294967296', '65536', '65535', ''),
  );
  const value = fc.oneof({ weight: 9, arbitrary: fc.tuple(prefix, digits).map(([p, d]) => p + d) }, { weight: 1, arbitrary: fc.constantFrom('anonymous', 'U', '12a', '١٢٣') });

  it('gives the ids a Map in first-seen order would, through intern, internRange and internRangeGuess', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 0, max: 2 }), fc.integer({ min: -1, max: 5 })), { maxLength: 2000 }), (items) => {
        const pool = new StringPool();
        const model = new Map<string, number>();
        for (const [v, how, guess] of items) {
          if (!model.has(v)) model.set(v, model.size);
          const text = `«${v}»`;
          const id = how === 0 ? pool.intern(v) : how === 1 ? pool.internRange(text, 1, 1 + v.length) : pool.internRangeGuess(text, 1, 1 + v.length, Math.min(guess, pool.size - 1));
          expect(id).toBe(model.get(v));
        }
        expect(pool.values).toEqual([...model.keys()]);
        for (const [v] of items) expect(pool.idOf(v)).toBe(model.get(v));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps zero-padded and unpadded numbers apart, whichever comes first', () => {
    for (const order of [['U000042', 'U42', 'U0042', 'U000042', 'U42'], ['42', '042', '0042', '42', '042'], ['user_7', 'user_07', 'user_7', 'user_0']]) {
      const pool = new StringPool();
      const ids = order.map((v) => pool.internRange(`,${v},`, 1, 1 + v.length));
      const model = new Map<string, number>();
      expect(ids).toEqual(order.map((v) => (model.has(v) ? model.get(v)! : (model.set(v, model.size), model.size - 1))));
    }
  });

  it('a large pool of numbered ids, looked up again in random order', () => {
    const pool = new StringPool();
    const name = (i: number): string => `U${String(i).padStart(6, '0')}`;
    const wrong: number[] = [];
    for (let i = 0; i < 150_000; i++) if (pool.intern(name(i)) !== i) wrong.push(i);
    for (let k = 0; k < 150_000; k++) {
      const i = (k * 7919) % 150_000;
      if (pool.internRange(`x${name(i)}`, 1, 8) !== i) wrong.push(i);
    }
    expect(wrong).toEqual([]);
    expect(pool.size).toBe(150_000);
  });
});
