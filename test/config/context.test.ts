import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

describe('config: business context', () => {
  it('reads fiscalYearStart as a month number, default 1', () => {
    expect(parseConfig('fiscalYearStart: 2\n', 'c.yaml').config!.settings.fiscalYearStart).toBe(2);
    expect(parseConfig('asOf: 2026-06-30\n', 'c.yaml').config!.settings.fiscalYearStart).toBe(1);
  });

  it.each([['0'], ['13'], ['2.5'], ['February'], ['[2]']])('rejects fiscalYearStart: %s with its line', (value) => {
    const { config, issues } = parseConfig(`asOf: 2026-06-30\nfiscalYearStart: ${value}\n`, 'c.yaml');
    expect(config).toBeNull();
    expect(issues).toEqual([expect.objectContaining({ code: 'BAD_VALUE', path: 'fiscalYearStart', line: 2 })]);
    expect(issues[0]!.message).toMatch(/month number the fiscal year starts in, 1–12/);
  });
});

describe('config: currency', () => {
  it('reads base and rates (codes upper-cased)', () => {
    const { config, issues } = parseConfig('currency:\n  base: usd\n  rates: { EUR: 1.08, gbp: 1.27 }\n', 'c.yaml');
    expect(issues).toEqual([]);
    expect(config!.overrides.currency).toEqual({ base: 'USD', rates: { EUR: 1.08, GBP: 1.27 } });
  });

  it('reports every mistake with its line', () => {
    const { config, issues } = parseConfig('currency:\n  base: dollars\n  rates: { EUR: -1, GBP: x, Euro: 2 }\n  rate: {}\n', 'c.yaml');
    expect(config).toBeNull();
    expect(issues.map((i) => [i.line, i.path, i.code])).toEqual([
      [2, 'currency.base', 'BAD_VALUE'],
      [3, 'currency.rates.EUR', 'BAD_VALUE'],
      [3, 'currency.rates.GBP', 'BAD_VALUE'],
      [3, 'currency.rates.Euro', 'BAD_VALUE'],
      [4, 'currency.rate', 'UNKNOWN_FIELD'],
    ]);
    expect(issues[0]!.message).toBe('"dollars" is not a three-letter currency code such as USD or EUR');
    expect(issues[4]!.message).toBe("unknown field 'rate'; did you mean 'rates'?");
  });

  it('rates need a base currency', () => {
    const { issues } = parseConfig('currency:\n  rates: { EUR: 1.08 }\n', 'c.yaml');
    expect(issues).toEqual([expect.objectContaining({ line: 1, path: 'currency', message: 'currency.rates needs currency.base: the currency the rates convert to' })]);
  });
});

describe('config: pipelines', () => {
  it('reads include and exclude lists', () => {
    const { config, issues } = parseConfig('pipelines:\n  include: [Sales, Partner]\n  exclude: Onboarding\n', 'c.yaml');
    expect(issues).toEqual([]);
    expect(config!.overrides.pipelines).toEqual({ include: ['Sales', 'Partner'], exclude: ['Onboarding'] });
  });

  it('rejects an empty list, an unknown key and a non-mapping with their lines', () => {
    expect(parseConfig('pipelines:\n  include: []\n  only: [x]\n', 'c.yaml').issues.map((i) => [i.line, i.path, i.code])).toEqual([
      [2, 'pipelines.include', 'BAD_VALUE'],
      [3, 'pipelines.only', 'UNKNOWN_FIELD'],
    ]);
    expect(parseConfig('pipelines: [Sales]\n', 'c.yaml').issues).toEqual([expect.objectContaining({ line: 1, path: 'pipelines', code: 'WRONG_TYPE' })]);
  });
});

describe('config: features', () => {
  it('reads features.map patterns in order, with their lines', () => {
    const { config, issues } = parseConfig('features:\n  map:\n    "Report *": reports\n    dashboard_*: dashboards\n', 'c.yaml');
    expect(issues).toEqual([]);
    expect(config!.overrides.featureRules).toEqual([
      { pattern: 'Report *', feature: 'reports', line: 3 },
      { pattern: 'dashboard_*', feature: 'dashboards', line: 4 },
    ]);
  });

  it('says where a features key is wrong', () => {
    const { issues } = parseConfig('features:\n  maps: {}\n', 'c.yaml');
    expect(issues[0]).toMatchObject({ code: 'UNKNOWN_FIELD', line: 2, path: 'features.maps' });
    const list = parseConfig('features:\n  map: [reports]\n', 'c.yaml').issues;
    expect(list[0]).toMatchObject({ code: 'WRONG_TYPE', path: 'features.map', line: 2 });
    const empty = parseConfig('features:\n  map:\n    "Report *": ""\n', 'c.yaml').issues;
    expect(empty[0]).toMatchObject({ code: 'BAD_VALUE', line: 3 });
  });
});

describe('config: staff', () => {
  it('reads staff.domains', () => {
    const { config, issues } = parseConfig('staff:\n  domains: [ourco.com, ourco.io]\n', 'c.yaml');
    expect(issues).toEqual([]);
    expect(config!.overrides.staffDomains).toEqual(['ourco.com', 'ourco.io']);
  });
  it('rejects what is not a domain, with its line', () => {
    const { issues } = parseConfig('staff:\n  domains: [ourco]\n', 'c.yaml');
    expect(issues[0]).toMatchObject({ code: 'BAD_VALUE', path: 'staff.domains', line: 2 });
  });
});
