/** StringPool: distinct strings ↔ dense ids in first-seen order (src/core/model.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringPool } from '../../src/core/model.js';

describe('StringPool', () => {
  it('gives the ids a Map in first-seen order would, for intern and idOf', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 30 }), (values, probes) => {
        const pool = new StringPool();
        const model = new Map<string, number>();
        for (const v of values) {
          if (!model.has(v)) model.set(v, model.size);
          expect(pool.intern(v)).toBe(model.get(v));
        }
        expect(pool.values).toEqual([...model.keys()]);
        expect(pool.size).toBe(model.size);
        for (const p of [...values, ...probes]) expect(pool.idOf(p)).toBe(model.get(p) ?? -1);
      }),
    );
  });

  it('absent values: idOf(null) is -1, valueOf(-1) is null; the empty string is a value', () => {
    const pool = new StringPool();
    expect(pool.idOf(null)).toBe(-1);
    expect(pool.idOf(undefined)).toBe(-1);
    expect(pool.valueOf(-1)).toBeNull();
    expect(pool.intern('')).toBe(0);
    expect(pool.valueOf(0)).toBe('');
    expect(pool.idOf('')).toBe(0);
  });
});
