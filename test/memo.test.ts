/** memoByString (src/core/memo.ts): the function's result, computed once per distinct value, bounded. */
import { describe, expect, it } from 'vitest';
import { memoByString } from '../src/core/memo.js';

describe('memoByString', () => {
  it('returns what the function returns, calling it once per value until full, then afresh', () => {
    const calls: string[] = [];
    const upper = memoByString((v) => {
      calls.push(v);
      return v.toUpperCase();
    }, 2);
    expect([upper('a'), upper('b'), upper('a'), upper('b')]).toEqual(['A', 'B', 'A', 'B']);
    expect(calls).toEqual(['a', 'b']);
    expect(upper('c')).toBe('C'); // full: forgets, then remembers c
    expect(upper('a')).toBe('A');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
