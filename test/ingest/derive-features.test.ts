import { describe, expect, it } from 'vitest';
import { deriveEventFeatures, nameWords } from '../../src/ingest/derive-features.js';
import { EventTable, type FeatureRule } from '../../src/core/model.js';

const t0 = Date.UTC(2026, 0, 1);
function events(names: string[], feature: string | null = null): EventTable {
  const table = new EventTable();
  names.forEach((name, i) => table.append(t0 + i, `U${i}`, 'A1', name, feature));
  return table;
}
const featuresOf = (table: EventTable): Array<string | null> => [...table].map((e) => e.feature);

describe('features from event names', () => {
  it('splits names into singular lower-case words (case, punctuation, _/space, camelCase, plurals)', () => {
    expect(nameWords('Report Created')).toEqual(['report', 'created']);
    expect(nameWords('dashboards_shared')).toEqual(['dashboard', 'shared']);
    expect(nameWords('forecastViewed')).toEqual(['forecast', 'viewed']);
    expect(nameWords('Categories')).toEqual(['category']);
    expect(nameWords('Access')).toEqual(['access']);
  });

  it('matches event names against release feature names', () => {
    const table = events(['Report Created', 'dashboard_shared', 'Export Downloaded', 'Report Created', 'login']);
    const d = deriveEventFeatures(table, ['Reports', 'dashboards', 'Bulk Export'], [])!;
    expect(featuresOf(table)).toEqual(['Reports', 'dashboards', null, 'Reports', null]);
    expect(d).toMatchObject({ derivedRows: 3, unmatchedRows: 2, ambiguousRows: 0, features: 2 });
    expect(d.byEvent[0]).toEqual({ event: 'Report Created', feature: 'Reports', rows: 2, how: 'release', by: 'Reports' });
  });

  it('multi-word release names match a run of words; the longest match wins', () => {
    const table = events(['bulk_export_started', 'Export Downloaded']);
    deriveEventFeatures(table, ['Export', 'Bulk Export'], []);
    expect(featuresOf(table)).toEqual(['Bulk Export', 'Export']);
  });

  it('an ambiguous match leaves the event without a feature, counted', () => {
    const table = events(['Report Dashboard Linked', 'Report Created']);
    const d = deriveEventFeatures(table, ['Reports', 'Dashboards'], [])!;
    expect(featuresOf(table)).toEqual([null, 'Reports']);
    expect(d).toMatchObject({ derivedRows: 1, ambiguousRows: 1, unmatchedRows: 0 });
    expect(d.byEvent.find((e) => e.how === 'ambiguous')?.by).toBe('Reports | Dashboards');
  });

  it('a config pattern wins over a release match, first pattern in config order', () => {
    const rules: FeatureRule[] = [{ pattern: 'Report *', feature: 'analytics' }, { pattern: '*', feature: 'other' }];
    const table = events(['report created', 'dashboard_shared']);
    const d = deriveEventFeatures(table, ['Reports', 'Dashboards'], rules)!;
    expect(featuresOf(table)).toEqual(['analytics', 'other']);
    expect(d.byEvent.map((e) => [e.event, e.how, e.by])).toEqual([['dashboard_shared', 'config', '*'], ['report created', 'config', 'Report *']]);
  });

  it('without releases or rules every event is unmatched and nothing is derived', () => {
    const table = events(['Report Created']);
    const d = deriveEventFeatures(table, [], [])!;
    expect(featuresOf(table)).toEqual([null]);
    expect(d).toMatchObject({ derivedRows: 0, unmatchedRows: 1, features: 0 });
  });

  it('does nothing when events carry features already, or there are no events', () => {
    const table = events(['Report Created'], 'reporting');
    expect(deriveEventFeatures(table, ['Reports'], [])).toBeNull();
    expect(featuresOf(table)).toEqual(['reporting']);
    expect(deriveEventFeatures(new EventTable(), ['Reports'], [])).toBeNull();
  });

  it('widens the feature column past the narrow id range', () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `f${i} used`);
    const table = events(names);
    const d = deriveEventFeatures(table, names.slice(0, 33_000).map((n) => n.replace(" used", "")), [{ pattern: "f3999* used", feature: "x" }])!;
    expect(d.features).toBe(33_000);
    const got = featuresOf(table);
    expect(got[32_999]).toBe("f32999");
    expect(got[39_999]).toBe('x');
    expect(got[35_000]).toBeNull();
  });
});
