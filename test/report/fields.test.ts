import { describe, expect, it } from 'vitest';
import { missingFieldsReason } from '../../src/report/build.js';
import type { Dataset, FileSummary } from '../../src/model.js';
import { emptyTables } from '../../src/model.js';

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
    expect(missingFieldsReason(['deals.promisedFeatures', 'deals.discount|listAmount'], d)).toBe(
      'the deals export has no promised features column; the deals export has no discount or list amount column',
    );
  });
});
