import { describe, expect, it } from 'vitest';
import { checkPoints, exportNext, needLabel } from '../../src/report/export-next.js';
import { EXPORT_HINTS, hintsFor } from '../../src/report/export-hints.js';
import type { CategoryResult, CheckResult } from '../../src/report/types.js';
import type { DataNeed } from '../../src/metrics/types.js';
import { TABLE_NAMES } from '../../src/core/model.js';

const check = (id: string, weight: number, needs?: DataNeed[]) => ({ id, weight, score: needs ? null : 50, ...(needs ? { needs } : {}) }) as CheckResult;
const category = (id: string, weight: number, checks: CheckResult[]) => ({ id, weight, checks }) as CategoryResult;

describe('checkPoints', () => {
  it("is each check's share of the overall score in points; weight-0 checks and categories get 0", () => {
    const points = checkPoints([
      category('a', 1, [check('a1', 1), check('a2', 3)]),
      category('b', 1, [check('b1', 2), check('b0', 0)]),
      category('z', 0, [check('z1', 1)]),
    ]);
    expect(Object.fromEntries(points)).toEqual({ a1: 12.5, a2: 37.5, b1: 50, b0: 0, z1: 0 });
  });
});

describe('exportNext', () => {
  it('is empty when no check says what it needs', () => {
    expect(exportNext([category('a', 1, [check('a1', 1)])])).toEqual([]);
    expect(exportNext([])).toEqual([]);
  });

  it('merges needs across checks, adds their points, and ranks by points, then checks unblocked, then key', () => {
    const events: DataNeed = { kind: 'table', table: 'events' };
    const source: DataNeed = { kind: 'column', table: 'deals', field: 'source' };
    const link: DataNeed = { kind: 'link', table: 'activities', link: 'activity→deal' };
    const list = exportNext([
      category('a', 1, [check('a1', 1, [events]), check('a2', 1, [events, source]), check('a3', 2)]),
      category('b', 1, [check('b1', 1, [link, link]), check('b2', 1, [source])]),
    ]);
    // a1, a2: 12.5 each; b1, b2: 25 each.
    expect(list.map((n) => [n.key, n.weight, n.checks])).toEqual([
      ['deals.source', 37.5, ['a2', 'b2']],
      ['events', 25, ['a1', 'a2']],
      ['activity→deal', 25, ['b1']],
    ]);
    expect(list[0]).toMatchObject({ kind: 'column', table: 'deals', field: 'source', label: 'the source column of deals' });
    expect(list[0]!.where[0]).toEqual({ vendor: 'HubSpot', where: expect.stringContaining('Original Source') });
    expect(list[2]).toMatchObject({ kind: 'link', link: 'activity→deal', label: 'the activity→deal link' });
  });

  it('keeps a table without a file apart from a file without usable rows', () => {
    const list = exportNext([
      category('a', 1, [check('a1', 1, [{ kind: 'table', table: 'users' }]), check('a2', 1, [{ kind: 'rows', table: 'users' }])]),
    ]);
    // Equal points, checks and key: rubric order.
    expect(list.map((n) => [n.kind, n.label])).toEqual([
      ['table', 'a users table'],
      ['rows', 'more usable rows of users'],
    ]);
  });
});

describe('labels and hints', () => {
  it('words alternatives and articles', () => {
    expect(needLabel({ kind: 'column', table: 'users', field: 'title|role' })).toBe('the title or role column of users');
    expect(needLabel({ kind: 'column', table: 'deals', field: 'promisedFeatures' })).toBe('the promised features column of deals');
    expect(needLabel({ kind: 'table', table: 'events' })).toBe('an events table');
    expect(needLabel({ kind: 'table', table: 'feature_requests' })).toBe('a feature_requests table');
  });

  it('has hints for every table, and for each alternative of a column', () => {
    for (const table of TABLE_NAMES) expect(EXPORT_HINTS[table]?.length, table).toBeGreaterThan(0);
    // One hint per vendor: title's vendors first, then role's new ones; PostHog and Segment have both.
    const both = hintsFor('users.title|role');
    expect(both.map((h) => h.vendor)).toEqual(['PostHog', 'Segment', 'Mixpanel', 'Amplitude', 'Pendo']);
    expect(both[0]!.where).toBe(`${hintsFor('users.title')[0]!.where}; or ${hintsFor('users.role')[0]!.where}`);
    expect(hintsFor('no.such')).toEqual([]);
  });
});
