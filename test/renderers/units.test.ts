/** Unit formatting of src/renderers/format.ts: typed evidence (issue 16, item 5) prints each unit one way. */
import { describe, expect, it } from 'vitest';
import { column, evidence } from '../../src/metrics/evidence.js';
import { noEvidence } from '../../src/report/contract/evidence.js';
import { evidenceLines, formatEvidence, formatEvidenceValue, formatUnit, noiseText } from '../../src/renderers/format.js';

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
    expect(formatUnit(1234567, 'number')).toBe('1,234,567');
    expect(formatUnit(0.03691234, 'number')).toBe('0.0369');
    expect(formatUnit(1.456, 'multiple')).toBe('1.46×');
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

describe('formatEvidenceValue', () => {
  it('a number in its unit, a pair as a range, words as they are, none as a dash', () => {
    expect(formatEvidenceValue(0.5, 'share')).toBe('50%');
    expect(formatEvidenceValue([0.5007, 0.6714], 'share')).toBe('50.1%–67.1%');
    expect(formatEvidenceValue(['exec', 'it'], 'list')).toBe('exec, it');
    expect(formatEvidenceValue([], 'list')).toBe('—');
    expect(formatEvidenceValue('2024-06-01', 'date')).toBe('2024-06-01');
    expect(formatEvidenceValue(null, 'money')).toBe('—');
    expect(formatEvidenceValue(undefined, 'count')).toBe('—');
    expect(formatEvidenceValue(12, 'text')).toBe('12'); // a number in a words column stays a plain number
  });
});

describe('evidenceLines units', () => {
  it('no evidence gives no lines', () => {
    expect(evidenceLines(noEvidence())).toEqual([]);
  });

  it('facts, then one count of each unit with its interval and the currency, on one line', () => {
    const ev = evidence()
      .count('wonDeals', 'won deals', 1500)
      .share('discountCoverage', 'discount coverage', 0.8917)
      .money('wonAmount', 'won amount', 2500000)
      .share('activatedShare', 'activated', 0.53, [0.5047, 0.5583])
      .days('p25Days', 'p25', 3.06)
      .count('ratio', 'quarter-end ratio', 1.456, 'multiple')
      .count('none', 'rate over nothing', null, 'share')
      .fact('band', 'amount band', '< 10000')
      .build();
    expect(evidenceLines(ev, {}, { currency: 'GBP' })).toEqual([
      'amount band: < 10000 · won deals: 1,500 · discount coverage: 89.2% · won amount: 2,500,000 GBP · activated: 53% (95% 50.5%–55.8%) · p25: 3.06 d · quarter-end ratio: 1.46× · rate over nothing: —',
    ]);
  });

  it('rows left out on one line, reasons that left none out omitted; `scalars` limits the counts only', () => {
    const ev = evidence()
      .count('a', 'a', 1)
      .count('b', 'b', 2)
      .excluded('excludedMissingAmount', 'won deals without an amount', 1234)
      .excluded('excludedMissingCloseDate', 'won deals without a close date', 0)
      .excluded('excludedCurrencyGBP', 'deals with amounts in GBP', 3)
      .build();
    expect(evidenceLines(ev, { scalars: 1 })).toEqual(['a: 1', 'left out: 1,234 won deals without an amount, 3 deals with amounts in GBP']);
  });

  it('example tables: each value in its column unit, a deal name beside its id, first rows only, empty tables skipped', () => {
    const ev = evidence()
      .breakdown('contactRoleMix', 'contact role mix', 'role', column('share', 'share', 'share'), { exec: 0.3245, it: 0.2057 })
      .table('none', 'nothing here', 'feature', [column('n', 'n', 'count')], [])
      .table('lowestRetention', 'lowest retention', 'feature', [column('earlyUsers', 'early users', 'count'), column('retention', 'retention', 'share')], [
        { id: 'budgets', values: { earlyUsers: 8, retention: 0 } },
      ])
      .table('winRateBySource', 'win rate by source', 'source', [column('won', 'won', 'count'), column('rate', 'rate', 'share'), column('interval', 'interval', 'share')], [
        { id: 'sales', values: { won: 73, rate: 0.5887, interval: [0.5007, 0.6714] } },
      ])
      .table('largest', 'largest discounts', 'deal', [column('discount', 'discount', 'share'), column('amount', 'amount', 'money')], [
        { id: 'D1', name: 'Acme - New', values: { discount: 0.24, amount: 36290 } },
        { id: 'D2', name: null, values: { discount: 0.2, amount: 1000 } },
        { id: 'D3', values: { discount: 0.1, amount: 10 } },
      ])
      .build();
    expect(evidenceLines(ev, { items: 2 }, { currency: 'EUR' })).toEqual([
      'contact role mix: exec 32.5%; it 20.6%',
      'lowest retention: budgets (early users 8, retention 0%)',
      'win rate by source: sales (won 73, rate 58.9%, interval 50.1%–67.1%)',
      'largest discounts: Acme - New (D1) (discount 24%, amount 36,290 EUR); D2 (discount 20%, amount 1,000 EUR); …',
    ]);
    expect(evidenceLines(ev, { lists: 1 })).toHaveLength(1);
  });

  it('a single share column is drawn as bars, clamped to 0..1; other tables have none', () => {
    const ev = evidence()
      .breakdown('mix', 'mix', 'role', column('share', 'share', 'share'), { a: 0.25, b: 1.5, c: null })
      .breakdown('missing', 'missing', 'role', column('accounts', 'accounts', 'count'), { a: 3 })
      .build();
    const [mix, missing] = formatEvidence(ev).tables;
    expect(mix!.bars).toEqual([0.25, 1, 0]);
    expect(mix!.headings).toEqual(['role', 'share']);
    expect(missing!.bars).toBeNull();
    expect(missing!.numeric).toEqual([true]);
  });
});
