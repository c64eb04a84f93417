/** Where the largest dates of a column were read (src/ingest/date-lines.ts). */
import { describe, expect, it } from 'vitest';
import { DateLines, LargestDates, TRACKED_DATE_FIELDS } from '../../src/ingest/date-lines.js';

describe('DateLines', () => {
  it('knows nothing before any row', () => {
    expect(new DateLines().take('deals', 'closedAt', 1)).toBeNull();
  });

  it('one row: its place', () => {
    const d = new DateLines();
    d.noteRecord('deals', { dealId: 'D1', createdAt: 10, closedAt: 20 }, 'deals.csv', 2);
    expect(d.take('deals', 'closedAt', 20)).toEqual({ file: 'deals.csv', line: 2 });
    expect(d.take('deals', 'createdAt', 10)).toEqual({ file: 'deals.csv', line: 2 });
    expect(d.take('deals', 'createdAt', 20)).toBeNull(); // another column's value
  });

  it('ignores blank and unread dates, fields it does not track and untracked tables', () => {
    const d = new DateLines();
    d.noteRecord('deals', { createdAt: null, closedAt: Number.NaN, amount: 5 }, 'deals.csv', 2);
    d.noteRecord('contacts', { createdAt: 7 }, 'contacts.csv', 2);
    expect(d.take('deals', 'amount', 5)).toBeNull();
    expect(d.take('contacts', 'createdAt', 7)).toBeNull();
  });

  it("a file's largest values kept aside and added at its end give the places row-by-row noting gives (the loader's way)", () => {
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (const shape of ['ascending', 'equal', 'random'] as const) {
      const byRow = new DateLines();
      const byFile = new DateLines();
      const asked: Array<[string, number]> = [];
      for (const file of ['users.csv', 'users (2).csv', 'users-eu.csv']) {
        const fields = TRACKED_DATE_FIELDS.users!;
        const largest = fields.map(() => new LargestDates());
        for (let line = 2; line < 400; line++) {
          const signupAt = shape === 'ascending' ? line : shape === 'equal' ? 5 : next(50);
          const record = { userId: `U${line}`, signupAt, activatedAt: next(4) === 0 ? null : next(3) === 0 ? Number.NaN : signupAt + next(30) };
          byRow.noteRecord('users', record, file, line);
          fields.forEach((field, k) => {
            const value = (record as Record<string, unknown>)[field];
            if (typeof value === 'number' && Number.isFinite(value)) largest[k]!.note(value, line);
          });
          asked.push(['signupAt', signupAt], ['activatedAt', record.activatedAt ?? 0]);
        }
        fields.forEach((field, k) => byFile.addLargest('users', field, file, largest[k]!.entries));
      }
      // Every value asked for, twice over: each place is given once, so the order of places counts too.
      for (const [field, value] of [...asked, ...asked]) expect(byFile.take('users', field, value)).toEqual(byRow.take('users', field, value));
    }
  });

  it('keeps only the largest values, bounded, and gives each place once, in file order among equals', () => {
    const d = new DateLines();
    for (let line = 2; line < 10_002; line++) d.note('users', 'signupAt', line === 500 || line === 9000 ? 1e15 : line, 'users.csv', line);
    expect(d.take('users', 'signupAt', 1e15)).toEqual({ file: 'users.csv', line: 500 });
    expect(d.take('users', 'signupAt', 1e15)).toEqual({ file: 'users.csv', line: 9000 });
    expect(d.take('users', 'signupAt', 1e15)).toBeNull();
    expect(d.take('users', 'signupAt', 10_001)).toEqual({ file: 'users.csv', line: 10_001 });
    expect(d.take('users', 'signupAt', 100)).toBeNull(); // not among the largest: not kept
  });

  it('looks up a pending file only for its column\'s outliers, and keeps equal values in file order, then line order', async () => {
    const d = new DateLines();
    const asked: number[] = [];
    // a.csv noted one value while read (an odd row); b.csv is pending, read before c.csv, which noted its own.
    d.note('events', 'timestamp', 900, 'a.csv', 7);
    d.addPending('events', 'timestamp', 'b.csv', async (from) => {
      asked.push(from);
      return [{ value: 900, line: 3 }, { value: 900, line: 5 }, { value: 800, line: 2 }].filter((e) => e.value >= from);
    });
    d.note('events', 'timestamp', 900, 'c.csv', 1);
    await d.resolve([{ table: 'deals', field: 'closedAt', value: 5 }]);
    expect(asked).toEqual([]); // no events outlier: nothing read
    await d.resolve([{ table: 'events', field: 'timestamp', value: 900 }]);
    await d.resolve([{ table: 'events', field: 'timestamp', value: 900 }]); // asked once
    expect(asked).toEqual([900]);
    expect([1, 2, 3, 4].map(() => d.take('events', 'timestamp', 900))).toEqual([
      { file: 'a.csv', line: 7 },
      { file: 'b.csv', line: 3 },
      { file: 'b.csv', line: 5 },
      { file: 'c.csv', line: 1 },
    ]);
    expect(d.take('events', 'timestamp', 900)).toBeNull();
    expect(d.take('events', 'timestamp', 800)).toBeNull(); // below the least outlier: not looked up
  });

  it('a pending file that cannot be read again leaves its outliers without a line, and the others keep theirs', async () => {
    const d = new DateLines();
    d.note('events', 'timestamp', 900, 'a.csv', 7);
    d.addPending('events', 'timestamp', 'b.csv', async () => {
      throw new Error('Out of Memory Error: failed to allocate');
    });
    await d.resolve([{ table: 'events', field: 'timestamp', value: 900 }]);
    expect(d.take('events', 'timestamp', 900)).toEqual({ file: 'a.csv', line: 7 });
    expect(d.take('events', 'timestamp', 900)).toBeNull();
  });
});
