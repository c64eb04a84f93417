/**
 * blankColumns (src/ingest/blank-columns.ts): a mapped column with no value in any row counts as
 * absent; one value anywhere makes it the export's word.
 */
import { describe, expect, it } from 'vitest';
import { blankColumns } from '../../src/ingest/blank-columns.js';
import { TABLE_NAMES, type Dataset, type FileSummary, type Tables } from '../../src/core/model.js';
import { missingFieldsOf } from '../../src/report/build.js';
import { deal, tables, user } from '../helpers/factories.js';

function dataset(t: Tables, files: Array<[string, string[]]>): Dataset {
  const summaries = files.map(([table, fields]) => ({ path: `${table}.csv`, table, status: 'read', rows: 0, mapping: Object.fromEntries(fields.map((f) => [f, `${f}_col`])) }) as unknown as FileSummary);
  return { tables: t, present: new Set(TABLE_NAMES.filter((n) => t[n].length > 0)), files: summaries, issues: [] };
}

describe('blankColumns', () => {
  it('finds nothing in a table without rows or without files', () => {
    expect(blankColumns(dataset(tables({}), [['users', ['userId', 'invitedBy']]]))).toEqual({});
    expect(blankColumns(dataset(tables({ users: [user({ userId: 'u1' })] }), []))).toEqual({});
  });

  it('a column blank in the one row there is counts as absent, with the column and row count', () => {
    const d = dataset(tables({ users: [user({ userId: 'u1', invitedBy: null })] }), [['users', ['userId', 'invitedBy']]]);
    expect(blankColumns(d)).toEqual({ 'users.invitedBy': 'the users export\'s "invitedBy_col" column is blank in its only row, so it cannot tell none from not exported' });
  });

  it('one value in any row keeps the column; white space and empty lists are blank', () => {
    const users = [user({ userId: 'u1', invitedBy: null }), user({ userId: 'u2', invitedBy: 'u1' })];
    expect(blankColumns(dataset(tables({ users }), [['users', ['userId', 'invitedBy']]]))).toEqual({});
    const deals = [deal({ dealId: 'D1', promisedFeatures: [] }), deal({ dealId: 'D2', promisedFeatures: [] })];
    expect(Object.keys(blankColumns(dataset(tables({ deals }), [['deals', ['dealId', 'promisedFeatures']]])))).toEqual(['deals.promisedFeatures']);
  });

  it('a check requiring a blank column is insufficient data naming it, unless the field is derived', () => {
    const d = dataset(tables({ users: [user({ userId: 'u1', invitedBy: null })] }), [['users', ['userId', 'invitedBy']]]);
    d.blankFields = blankColumns(d);
    expect(missingFieldsOf(['users.invitedBy'], d)).toEqual({ reason: expect.stringMatching(/"invitedBy_col" column is blank in its only row/), needs: [{ kind: 'column', table: 'users', field: 'invitedBy' }] });
    d.derivedFields = { 'users.invitedBy': 'from invite events' };
    expect(missingFieldsOf(['users.invitedBy'], d)).toBeNull();
  });
});
