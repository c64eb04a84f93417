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
