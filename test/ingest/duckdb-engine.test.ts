/** LazyDuckDb.close waits for work started ahead of its turn (events-duckdb.ts prepareEventsSummary). */
import { describe, expect, it } from 'vitest';
import { duckDbThreads, LazyDuckDb } from '../../src/ingest/duckdb-engine.js';

describe('LazyDuckDb.close', () => {
  it('waits for tracked work, settled either way, before closing', async () => {
    const engine = new LazyDuckDb([]);
    await engine.get();
    const order: string[] = [];
    const later = (ms: number, fail: boolean) =>
      new Promise<void>((resolve, reject) => setTimeout(() => (order.push(`work ${ms}`), fail ? reject(new Error('x')) : resolve()), ms));
    const failing = later(60, true);
    failing.catch(() => undefined);
    engine.track(later(30, false));
    engine.track(failing);
    await engine.close();
    order.push('closed');
    expect(order).toEqual(['work 30', 'work 60', 'closed']);
    expect(engine.used).toBe(false);
  });
});

describe('duckDbThreads', () => {
  it('is 2 whatever the cores (at 1 thread a large grouping ran out of the memory limit), unless PULLCHECK_DUCKDB_THREADS says 1 or 2', () => {
    expect(duckDbThreads({})).toBe(2);
    expect(duckDbThreads({ PULLCHECK_DUCKDB_THREADS: '1' })).toBe(1);
    expect(duckDbThreads({ PULLCHECK_DUCKDB_THREADS: '2' })).toBe(2);
    expect(duckDbThreads({ PULLCHECK_DUCKDB_THREADS: '8' })).toBe(2);
  });
});
