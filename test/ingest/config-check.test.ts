import { describe, expect, it } from 'vitest';
import { configMismatchError, missingConfigColumns, unmatchedConfigEntries } from '../../src/ingest/config-check.js';
import { NO_OVERRIDES, type IngestOverrides } from '../../src/ingest/overrides.js';

const overrides = (files: IngestOverrides['files']): IngestOverrides => ({ ...NO_OVERRIDES, files, configFile: 'c.yaml' });

describe('config entries against the folder', () => {
  it('an entry matching no file is reported with its line and the closest name', () => {
    const o = overrides([
      { match: 'deals.csv', line: 2 },
      { match: 'opp.csv', line: 4 },
      { match: 'Opportunity*.csv', line: 6 },
      { match: 'zzz.csv' },
    ]);
    const found = unmatchedConfigEntries(o, ['/d/deals.csv', '/d/Opportunity_2024.csv', '/d/opps.csv']);
    expect(found.map((m) => [m.path, m.line])).toEqual([['files."opp.csv"', 4], ['files."zzz.csv"', null]]);
    expect(found[0]!.message).toMatch(/did you mean "opps\.csv"\?/);
    expect(found[1]!.message).not.toMatch(/did you mean/);
  });

  it('no entries, or no files: nothing to match / every entry unmatched', () => {
    expect(unmatchedConfigEntries(overrides([]), [])).toEqual([]);
    expect(unmatchedConfigEntries(overrides([{ match: 'a.csv' }]), [])[0]!.message).toMatch(/files: none/);
  });

  it('a configured column missing from the header, compared as headers are (case, spaces, punctuation ignored)', () => {
    const header = ['Opp #', 'Phase', 'Close Date'];
    const ok = missingConfigColumns({ match: 'x', columns: { dealId: ['opp#'], closedAt: ['close_date'] } }, header, 'x.csv');
    expect(ok).toEqual([]);
    const fallback = missingConfigColumns({ match: 'x', columns: { stage: ['Stage', 'PHASE'] } }, header, 'x.csv');
    expect(fallback).toEqual([]);
    const missing = missingConfigColumns({ match: 'x', line: 3, columnLines: { stage: 5 }, columns: { stage: ['Phsae'], amount: ['Revenue'] } }, header, 'x.csv');
    expect(missing.map((m) => [m.code, m.line, m.path])).toEqual([
      ['CONFIG_COLUMN_NOT_FOUND', 5, 'files."x".columns.stage'],
      ['CONFIG_COLUMN_NOT_FOUND', 3, 'files."x".columns.amount'],
    ]);
    expect(missing[0]!.message).toMatch(/"Phsae" is not a column of x\.csv; did you mean "Phase"\?/);
    expect(missing[1]!.message).not.toMatch(/did you mean/);
    expect(missingConfigColumns({ match: 'x', columns: { stage: ['A'] } }, [], 'x.csv')).toHaveLength(1);
  });

  it('one exit-2 error lists every mismatch in line order', () => {
    const error = configMismatchError('c.yaml', [
      { code: 'CONFIG_COLUMN_NOT_FOUND', line: 9, path: 'p2', message: 'm2' },
      { code: 'CONFIG_FILE_NOT_MATCHED', line: 2, path: 'p1', message: 'm1' },
    ]);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('CONFIG_FILE_NOT_MATCHED');
    expect(error.message).toBe('c.yaml:2: p1: m1 [CONFIG_FILE_NOT_MATCHED]\nc.yaml:9: p2: m2 [CONFIG_COLUMN_NOT_FOUND]');
  });
});
