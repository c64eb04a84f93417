import { describe, expect, it } from 'vitest';
import type { BusinessContext } from '../../src/core/model.js';
import { contextLine } from '../../src/renderers/format.js';

const defaults: BusinessContext = { fiscalYearStart: 1, quarters: 'calendar quarters', currency: null, pipelines: null };

describe('contextLine', () => {
  it('says nothing when everything is the default and the data names no currency or pipeline', () => {
    expect(contextLine(defaults)).toBeNull();
    expect(contextLine(undefined)).toBeNull();
  });

  it('names a fiscal year, the analysis currency with what was excluded or converted, and the pipelines', () => {
    expect(contextLine({ ...defaults, fiscalYearStart: 2, quarters: 'fiscal quarters of a year starting in February' })).toBe('fiscal quarters of a year starting in February');
    const currency: BusinessContext['currency'] = {
      analysisCurrency: 'EUR', mode: 'main', basis: '…', excluded: { USD: 8, GBP: 4 },
      byCurrency: [{ currency: 'EUR', deals: 47, wonDeals: 41, wonAmount: 1, rate: null, use: 'analysed' }],
    };
    const pipelines: BusinessContext['pipelines'] = {
      rule: 'exclude: Onboarding', excludedDeals: 5, unmatchedConfig: [],
      byPipeline: [{ pipeline: 'Sales', deals: 50, wonDeals: 44, counted: true }, { pipeline: 'Onboarding', deals: 5, wonDeals: 5, counted: false }],
    };
    expect(contextLine({ ...defaults, currency, pipelines })).toBe('calendar quarters · amounts in EUR, 12 deals in other currencies excluded · pipelines: Sales (5 deals in others left out)');
    const converted = { ...currency, mode: 'converted' as const, excluded: {}, byCurrency: [...currency.byCurrency, { currency: 'USD', deals: 8, wonDeals: 8, wonAmount: 1, rate: 0.9, use: 'converted' as const }] };
    expect(contextLine({ ...defaults, currency: converted, pipelines: { ...pipelines, excludedDeals: 0 } })).toBe('calendar quarters · amounts in EUR, converted from USD · pipelines: all (2)');
  });
});
