/** ActivityTable: activities by column give back the rows they were given. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActivityTable, type Activity, type ActivityType } from '../src/core/model.js';

const TYPES: ActivityType[] = ['call', 'email', 'meeting', 'demo', 'note', 'task', 'other'];
const id = fc.option(fc.constantFrom('D1', 'D2', 'A00042', 'ACT000001', 'ACT000002', 'C-7', 'x'.repeat(20), 'é'), { nil: null });
const activity: fc.Arbitrary<Activity> = fc.record({
  activityId: id,
  type: fc.constantFrom(...TYPES),
  dealId: id,
  accountId: id,
  contactId: id,
  occurredAt: fc.oneof(fc.integer({ min: 0, max: 2e12 }), fc.constant(-1.5)),
});

describe('ActivityTable', () => {
  it('gives back every row, through at(), iteration and the column accessors, past its first capacity', () => {
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 700 }), (rows) => {
        const table = ActivityTable.from(rows);
        expect(table.length).toBe(rows.length);
        expect([...table]).toEqual(rows);
        rows.forEach((row, i) => {
          expect(table.at(i)).toEqual(row);
          expect([table.occurredAt(i), table.typeAt(i), table.dealIdAt(i), table.accountIdAt(i)]).toEqual([row.occurredAt, row.type, row.dealId, row.accountId]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('is empty when new', () => {
    const table = new ActivityTable();
    expect(table.length).toBe(0);
    expect([...table]).toEqual([]);
  });
});
