/** The unit rule and unit formatting of src/renderers/format.ts (issue 17, item 10). */
import { describe, expect, it } from 'vitest';
import { evidenceLines, evidenceUnit, formatUnit, noiseText } from '../../src/renderers/format.js';

describe('evidenceUnit', () => {
  it.each([
    ['discountCoverage', 'share'],
    ['activatedShare', 'share'],
    ['rate', 'share'],
    ['medianDiscount', 'share'],
    ['contactRoleMix', 'share'],
    ['upperBoundIfUnknownWereProduct', 'share'],
    ['wonAmount', 'money'],
    ['amount', 'money'],
    ['laterAmountByType', 'money'],
    ['earlier', 'money'],
    ['p25Days', 'days'],
    ['medianDaysToConvert', 'days'],
    ['gap', 'points'],
    // counts of rows that lack or left something out, whatever the noun at the end
    ['excludedMissingAmount', 'count'],
    ['excludedMissingDiscount', 'count'],
    ['dealsWithoutAmount', 'count'],
    ['activatedAfter14Days', 'count'],
    ['activatedWithin1Day', 'count'],
    ['amountWeightedRatio', 'plain'],
    ['touches', 'plain'],
    ['winRateBySource', 'share'],
  ] as const)('%s is %s', (key, unit) => {
    expect(evidenceUnit(key)).toBe(unit);
  });

  it('an interval brackets the value it names, a bare one the key before it', () => {
    expect(evidenceUnit('zeroTouchShareInterval')).toBe('share');
    expect(evidenceUnit('interval', 'rate')).toBe('share');
    expect(evidenceUnit('interval', 'touches')).toBe('plain');
    expect(evidenceUnit('interval')).toBe('plain');
  });
});

describe('formatUnit', () => {
  it('prints each unit one way', () => {
    expect(formatUnit(0.8917, 'share')).toBe('89.2%');
    expect(formatUnit(0, 'share')).toBe('0%');
    expect(formatUnit(1, 'share')).toBe('100%');
    expect(formatUnit(-0.3009, 'points')).toBe('-30.1 pp');
    expect(formatUnit(3505710, 'money', 'EUR')).toBe('3,505,710 EUR');
    expect(formatUnit(3505710, 'money', null)).toBe('3,505,710');
    expect(formatUnit(12.5, 'money', 'USD')).toBe('12.5 USD');
    expect(formatUnit(6.43, 'days')).toBe('6.43 d');
    expect(formatUnit(1428, 'count')).toBe('1,428');
    expect(formatUnit(1234567, 'plain')).toBe('1,234,567');
    expect(formatUnit(0.03691234, 'plain')).toBe('0.0369');
  });
});

describe('noiseText', () => {
  it('a noise within the scale is ±points, one that spans it is said in words', () => {
    expect(noiseText(4.24)).toBe('±4.2');
    expect(noiseText(0)).toBe('±0');
    expect(noiseText(99.9)).toBe('±99.9');
    expect(noiseText(100)).toBe('more than the 0–100 scale');
    expect(noiseText(113.4)).toBe('more than the 0–100 scale');
    expect(noiseText(113.4, true)).toBe('> scale');
    expect(noiseText(null)).toBe('—');
  });
});

describe('evidenceLines units', () => {
  it('no evidence gives no lines', () => {
    expect(evidenceLines({})).toEqual([]);
  });

  it('one scalar of each unit, an interval and a currency', () => {
    const lines = evidenceLines(
      { wonDeals: 1500, discountCoverage: 0.8917, wonAmount: 2500000, activatedShareInterval: [0.5047, 0.5583], p25Days: 3.06 },
      {},
      { currency: 'GBP' },
    );
    expect(lines).toEqual(['won deals 1,500 · discount coverage 89.2% · won amount 2,500,000 GBP · activated share interval 50.5%–55.8% · p25 days 3.06 d']);
  });

  it('a container lends its unit to bare numbers, not to the fields of list items or nested records', () => {
    const lines = evidenceLines({
      contactRoleMix: { exec: 0.3245, it: 0.2057 },
      buyerRolesMissingAmongUsers: { exec: 1092 },
      lowestRetention: [{ feature: 'budgets', earlyUsers: 8, retention: 0 }],
      winRateBySource: { sales: { won: 73, lost: 51, rate: 0.5887, interval: [0.5007, 0.6714] } },
    });
    expect(lines).toEqual([
      'contact role mix: exec=32.5% it=20.6%',
      'buyer roles missing among users: exec=1,092',
      'lowest retention: (feature=budgets earlyUsers=8 retention=0%)',
      'win rate by source: sales won=73 lost=51 rate=58.9% interval 50.1%–67.1%',
    ]);
  });
});
