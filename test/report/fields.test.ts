import { describe, expect, it } from 'vitest';
import { joinNotes, missingFieldsReason } from '../../src/report/build.js';
import { tablesRead, type MetricDefinition } from '../../src/metrics/types.js';
import type { Dataset, FileSummary } from '../../src/core/model.js';
import { emptyTables } from '../../src/core/model.js';
import { WHERE_TO_FIND } from '../../src/core/vocabularies.js';

function dataset(files: Array<Partial<FileSummary>>): Dataset {
  return { tables: emptyTables(), present: new Set(), issues: [], files: files as FileSummary[] };
}

describe('missingFieldsReason', () => {
  it('is null when any file of the table maps the field (or one of its alternatives)', () => {
    const d = dataset([{ table: 'deals', mapping: { dealId: 'Id', source: 'LeadSource' } }, { table: 'users', mapping: { role: 'Role' } }]);
    expect(missingFieldsReason(['deals.source', 'users.title|role'], d)).toBeNull();
  });

  it('names every missing column in plain words', () => {
    const d = dataset([{ table: 'deals', mapping: { dealId: 'Id', stage: 'Stage' } }]);
    expect(missingFieldsReason(['deals.promisedFeatures', 'deals.discount|listAmount', 'deals.closedAt'], d)).toBe(
      'the deals export has no promised features column; ' +
        `the deals export has no discount or list amount column (${WHERE_TO_FIND['deals.discount']}); the deals export has no closed at column`,
    );
  });
});

describe('missingFieldsReason with unusable fields', () => {
  it('gives the reason of a mapped field whose every alternative is unusable, once', () => {
    const d = { ...dataset([{ table: 'deals', mapping: { dealId: 'Id', stage: 'Stage' } }]), unusableFields: { 'deals.stage': 'no stage means won', 'deals.isWon': 'no stage means won' } };
    expect(missingFieldsReason(['deals.stage|isWon'], d)).toBe('no stage means won');
    expect(missingFieldsReason(['deals.stage'], d)).toBe('no stage means won');
    // An alternative that is usable is enough.
    expect(missingFieldsReason(['deals.stage|source'], { ...d, files: [{ table: 'deals', mapping: { source: 'S', stage: 'Stage' } } as FileSummary] })).toBeNull();
    // A missing column is reported as missing.
    expect(missingFieldsReason(['deals.stage'], { ...d, files: [] })).toBe('the deals export has no stage column');
  });
});

describe('joinNotes', () => {
  const joining = { id: 'm', requires: ['deals', 'events'] } as unknown as MetricDefinition<Record<string, unknown>>;
  const crmOnly = { id: 'c', requires: ['deals'] } as unknown as MetricDefinition<Record<string, unknown>>;
  const withMatch = (rate: number | null): Dataset => ({
    ...dataset([]),
    accountMatch: { productAccounts: 10, matched: { id: 5, domain: 1, name: 0 }, rate, unmatchedExamples: { product: [], crm: [] } },
  });

  it('states the match rate on metrics that join CRM and product accounts', () => {
    expect(joinNotes(joining, withMatch(0.6))).toEqual([
      'joins CRM and product accounts: 60% of 10 product accounts matched a CRM account (by id 5, domain 1, name 0); unmatched accounts are not counted',
    ]);
  });

  it('says nothing for CRM-only metrics, a full match, or data with one side only', () => {
    expect(joinNotes(crmOnly, withMatch(0.6))).toEqual([]);
    expect(joinNotes(joining, withMatch(1))).toEqual([]);
    expect(joinNotes(joining, dataset([]))).toEqual([]);
  });
});

describe('tablesRead (requiresOneOf: alternatives, first with rows)', () => {
  const metric = { requires: ['users'], requiresOneOf: [['subscriptions', 'deals']] } as Pick<MetricDefinition, 'requires' | 'requiresOneOf'>;

  it('reads the first table of a group that has rows, and not the others', () => {
    const t = emptyTables();
    t.deals.push({ dealId: 'd', accountId: null, name: null, amount: null, stage: 'won', createdAt: null, closedAt: null, source: null, type: 'new', discount: null, promisedFeatures: [], owner: null });
    expect(tablesRead(metric, t)).toEqual({ read: ['users', 'deals'], missingGroups: [], unread: new Set(['subscriptions']) });
    t.subscriptions.push({ kind: 'subscription', id: 's', accountId: 'a', status: null, plan: null, startAt: 0, endAt: null, trialEndAt: null, trial: false, amount: 1, free: false });
    expect(tablesRead(metric, t)).toEqual({ read: ['users', 'subscriptions'], missingGroups: [], unread: new Set(['deals']) });
  });

  it('a group without rows is missing', () => {
    expect(tablesRead(metric, emptyTables()).missingGroups).toEqual([['subscriptions', 'deals']]);
  });
});
