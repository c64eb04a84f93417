import { describe, expect, it } from 'vitest';
import { checksLine, progressLine, throttledChecks, throttledProgress } from '../../src/ingest/progress.js';

describe('reading progress', () => {
  it('names the file, rows, rows/s and percent of bytes', () => {
    expect(progressLine({ file: 'x/events.csv', rows: 1_234_567, bytes: 50, totalBytes: 200 }, 812_345.6)).toBe(
      'reading x/events.csv: 1,234,567 rows · 812,346 rows/s · 25%',
    );
    expect(progressLine({ file: 'a.csv', rows: 0, bytes: 0, totalBytes: 0 }, null)).toBe('reading a.csv: 0 rows');
    // The second read of a folder whose checks met times inside DuckDB's day summaries.
    expect(progressLine({ file: 'a.csv', rows: 10, bytes: 0, totalBytes: 0, again: true }, null)).toBe('reading again, events row by row: a.csv: 10 rows');
    // A hostile file name cannot drive the terminal.
    expect(progressLine({ file: 'x/ev\u001b[31mil\u202e.csv', rows: 1, bytes: 0, totalBytes: 0 }, null)).toBe('reading x/ev\uFFFD[31mil\uFFFD.csv: 1 rows');
    expect(progressLine({ file: 'x/\u001b]0;t\u0007.csv', rows: 0, bytes: 0, totalBytes: 0, grouping: true }, null)).toBe('reading x/\uFFFD]0;t\uFFFD.csv: DuckDB is grouping its events');
  });

  it('updates at most once per interval, rate measured per file', () => {
    let clock = 0;
    const shown: string[] = [];
    const report = throttledProgress((l) => shown.push(l), 100, () => clock);
    const at = (ms: number, file: string, rows: number): void => {
      clock = ms;
      report({ file, rows, bytes: rows, totalBytes: 1000 });
    };
    at(0, 'a.csv', 0);
    at(50, 'a.csv', 100); // throttled
    at(100, 'a.csv', 200); // too early for a rate
    at(1000, 'a.csv', 900);
    at(1010, 'b.csv', 0); // throttled even for a new file
    at(1500, 'b.csv', 250);
    expect(shown).toEqual([
      'reading a.csv: 0 rows · 0%',
      'reading a.csv: 200 rows · 20%',
      'reading a.csv: 900 rows · 900 rows/s · 90%',
      'reading b.csv: 250 rows · 510 rows/s · 25%',
    ]);
  });

  it("says DuckDB is grouping an events file, at once, and the file's rows at once when they join", () => {
    let clock = 0;
    const shown: string[] = [];
    const report = throttledProgress((l) => shown.push(l), 100, () => clock);
    report({ file: 'users.csv', rows: 10, bytes: 10, totalBytes: 10 });
    clock = 20;
    report({ file: 'events.csv', rows: 0, bytes: 0, totalBytes: 500, grouping: true });
    clock = 40;
    report({ file: 'events.csv', rows: 5000, bytes: 500, totalBytes: 500 });
    clock = 60;
    report({ file: 'events.csv', rows: 5000, bytes: 500, totalBytes: 500 }); // throttled again
    expect(shown).toEqual(['reading users.csv: 10 rows · 100%', 'reading events.csv: DuckDB is grouping its events', 'reading events.csv: 5,000 rows · 100%']);
  });
});

describe('checks progress', () => {
  it('says how many checks are done and which metric is computed, at most once per interval', () => {
    let clock = 0;
    const shown: string[] = [];
    const report = throttledChecks((l) => shown.push(l), 100, () => clock);
    for (const [ms, done] of [[0, 0], [40, 1], [120, 2], [150, 3], [260, 4]] as const) {
      clock = ms;
      report({ done, total: 24, metric: `m${done}` });
    }
    expect(shown).toEqual(['computing checks: 0 of 24 done · m0', 'computing checks: 2 of 24 done · m2', 'computing checks: 4 of 24 done · m4']);
  });
  it('names the period end of a --trend point', () => {
    expect(checksLine({ done: 3, total: 24, metric: 'm3', asOf: '2025-03-31' })).toBe('computing checks as of 2025-03-31: 3 of 24 done · m3');
  });
});
