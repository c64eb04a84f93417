import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, loadConfig, parseConfig } from '../../src/config/load.js';
import { InputError } from '../../src/inputs/read-input.js';

describe('parseConfig', () => {
  it('reads files, columns, formats, value maps and vocabularies', () => {
    const { config, issues } = parseConfig(
      `files:
  "opps*.csv":
    table: deals
    columns: { deal_id: "Opp #", stage: [Phase, Status] }
    dateOrder: dmy
    decimal: ","
    encoding: windows-1252
    delimiter: tab
values:
  stage: { "Signed": won }
wonStages: [Booked]
nonCoreEvents: [heartbeat]
asOf: 2026-06-30
`,
      'c.yaml',
    );
    expect(issues).toEqual([]);
    expect(config!.overrides.files[0]).toEqual({
      match: 'opps*.csv', table: 'deals', columns: { dealId: ['Opp #'], stage: ['Phase', 'Status'] },
      dateOrder: 'dmy', decimal: ',', encoding: 'windows-1252', delimiter: '\t',
      line: 2, columnLines: { dealId: 4, stage: 4 },
    });
    expect(config!.overrides.configFile).toBe('c.yaml');
    expect(config!.overrides.values.maps.stage).toEqual({ signed: 'won' });
    expect(config!.overrides.values.wonStages).toEqual(['Booked']);
    expect(config!.settings.nonCoreEvents).toEqual(['heartbeat']);
    expect(config!.asOf).toBe('2026-06-30');
  });

  it('collects every issue with its line', () => {
    const { config, issues } = parseConfig(
      `files:
  "x.csv":
    table: dealz
    columns: { dealIdd: A }
    dateOrder: ymd
    colums: {}
values:
  stage: { Signed: victory }
  colour: {}
asof: 2026-01-01
`,
      'c.yaml',
    );
    expect(config).toBeNull();
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['BAD_VALUE', 3], ['UNKNOWN_FIELD', 4], ['BAD_VALUE', 5], ['UNKNOWN_FIELD', 6], ['BAD_VALUE', 8], ['UNKNOWN_FIELD', 9], ['UNKNOWN_FIELD', 10],
    ]);
    expect(issues.find((i) => i.code === 'UNKNOWN_FIELD' && i.line === 10)!.message).toMatch(/did you mean 'asOf'/);
  });

  it('reads link floors (→ or ->), keeps the defaults for the others, and reports an unknown link or a bad share', () => {
    const { config } = parseConfig('linkFloors:\n  "activity→deal": 0.3\n  contact->account: 0\n', 'c.yaml');
    expect(config!.settings.linkFloors).toMatchObject({ 'activity→deal': 0.3, 'contact→account': 0, 'event→account': 0.5 });
    const bad = parseConfig('linkFloors:\n  activity→dael: 0.3\n  deal→account: 1.5\n  event→account: half\n', 'c.yaml');
    expect(bad.config).toBeNull();
    expect(bad.issues.map((i) => [i.code, i.line])).toEqual([['BAD_VALUE', 2], ['BAD_VALUE', 3], ['BAD_VALUE', 4]]);
    expect(bad.issues[0]!.message).toMatch(/"activity→dael" is not a link; expected one of activity→deal/);
  });

  it('reports YAML syntax errors with a line, and loadConfig throws a InputError naming file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-config-'));
    const file = join(dir, 'pullcheck.config.yaml');
    writeFileSync(file, 'files:\n  "a.csv": { table: deals\n');
    expect(() => loadConfig(file)).toThrow(InputError);
    try {
      loadConfig(file);
    } catch (error) {
      expect((error as InputError).message).toMatch(new RegExp(`${file}:\\d+: `));
      expect((error as InputError).exitCode).toBe(2);
    }
    expect(findConfig(undefined, dir, '/nonexistent')).toBe(file);
    expect(() => loadConfig(join(dir, 'missing.yaml'))).toThrow(/config file not found/);
  });
});
