import { describe, expect, it } from 'vitest';
import { emptyTables, EventTable } from '../../src/core/model.js';
import { latestWithoutOutliers } from '../../src/report/date-outliers.js';
import { at, deal, event, release } from '../helpers/factories.js';

describe('latestWithoutOutliers', () => {
  it('no rows: no date, no outlier', () => {
    expect(latestWithoutOutliers(emptyTables())).toEqual({ latest: null, outliers: [] });
  });

  it('one row is its own latest date', () => {
    const t = emptyTables();
    t.deals.push(deal({ dealId: 'D1', createdAt: '2026-01-01', closedAt: '2026-01-05', stage: 'won' }));
    expect(latestWithoutOutliers(t)).toEqual({ latest: at('2026-01-05'), outliers: [] });
  });

  it('a short column: a release four months after the others is no outlier, 9999-12-31 is', () => {
    const t = emptyTables();
    for (const d of ['2025-01-01', '2025-02-01', '2025-03-01', '2025-07-15']) t.releases.push(release({ feature: d, releasedAt: d }));
    expect(latestWithoutOutliers(t)).toEqual({ latest: at('2025-07-15'), outliers: [] });
    t.releases.push(release({ feature: 'far', releasedAt: '9999-12-31' }));
    const r = latestWithoutOutliers(t);
    expect(r.latest).toBe(at('2025-07-15'));
    expect(r.outliers).toEqual([{ table: 'releases', field: 'releasedAt', value: at('9999-12-31'), id: 'far' }]);
  });

  it('a long column: dates beyond its 99.9th percentile + 90 days, not those within', () => {
    const events = Array.from({ length: 5000 }, (_, i) => event({ timestamp: new Date(at('2026-01-01') + (i % 100) * 86_400_000).toISOString() }));
    events.push(event({ timestamp: '2026-06-30T00:00:00Z' })); // 81 days after the rest: kept
    events.push(event({ timestamp: '2027-01-01T00:00:00Z' })); // an outlier
    const t = emptyTables();
    t.events = EventTable.from(events);
    const r = latestWithoutOutliers(t);
    expect(r.latest).toBe(at('2026-06-30'));
    expect(r.outliers.map((o) => o.value)).toEqual([at('2027-01-01')]);
  });

  it('open deals: a forecast close date is not a date of the data', () => {
    const t = emptyTables();
    t.deals.push(deal({ dealId: 'D1', createdAt: '2026-01-01', closedAt: '2030-01-01', stage: 'open' }));
    expect(latestWithoutOutliers(t).latest).toBe(at('2026-01-01'));
  });
});
