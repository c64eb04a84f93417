import { describe, expect, it } from 'vitest';
import { isQuarterEnd, quarterEndOf, quarterLabel } from '../../src/core/calendar.js';
import closeConcentration, { quarterEndDayShare } from '../../src/metrics/checks/quarter-end-close-concentration.js';
import discountLift from '../../src/metrics/checks/quarter-end-discount-lift.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { at, context, deal, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const february = { ...DEFAULT_SETTINGS, fiscalYearStart: 2 };

describe('fiscal quarters', () => {
  it('ends calendar quarters on 31 Mar, 30 Jun, 30 Sep and 31 Dec by default', () => {
    expect(quarterEndOf(at('2024-01-01'))).toBe(at('2024-04-01'));
    expect(quarterEndOf(at('2024-03-31'))).toBe(at('2024-04-01'));
    expect(quarterEndOf(at('2024-12-31'))).toBe(at('2025-01-01'));
  });

  it('ends quarters of a February fiscal year on 30 Apr, 31 Jul, 31 Oct and 31 Jan', () => {
    expect(quarterEndOf(at('2024-02-01'), 2)).toBe(at('2024-05-01'));
    expect(quarterEndOf(at('2024-04-30'), 2)).toBe(at('2024-05-01'));
    expect(quarterEndOf(at('2024-07-15'), 2)).toBe(at('2024-08-01'));
    expect(quarterEndOf(at('2024-11-01'), 2)).toBe(at('2025-02-01'));
    // January belongs to the quarter that began in November of the year before.
    expect(quarterEndOf(at('2025-01-31'), 2)).toBe(at('2025-02-01'));
    // Starts in April, July or October give calendar quarters again.
    expect(quarterEndOf(at('2024-05-10'), 4)).toBe(quarterEndOf(at('2024-05-10'), 1));
    expect(quarterEndOf(at('2024-12-10'), 12)).toBe(at('2025-03-01'));
  });

  it('puts 25 March at quarter end for calendar quarters but not for a February year, and 25 April the other way round', () => {
    expect(isQuarterEnd(at('2024-03-25'), 14)).toBe(true);
    expect(isQuarterEnd(at('2024-03-25'), 14, 2)).toBe(false);
    expect(isQuarterEnd(at('2024-04-25'), 14)).toBe(false);
    expect(isQuarterEnd(at('2024-04-25'), 14, 2)).toBe(true);
    // The stretch starts 14 days before the exclusive end: 17 April for a quarter ending 30 April.
    expect(isQuarterEnd(at('2024-04-17'), 14, 2)).toBe(true);
    expect(isQuarterEnd(at('2024-04-16'), 14, 2)).toBe(false);
  });

  it('labels the quarters', () => {
    expect(quarterLabel(1)).toBe('calendar quarters');
    expect(quarterLabel(2)).toBe('fiscal quarters of a year starting in February');
  });

  it('counts the quarter-end days of a February year by hand', () => {
    // 2024-01-02 … 2024-12-31: stretches 18–31 Jan, 17–30 Apr, 18–31 Jul, 18–31 Oct = 56 days.
    expect(quarterEndDayShare(at('2024-01-02'), at('2025-01-01'), 14, 2)).toBeCloseTo(56 / 365, 10);
  });
});

describe('quarter-end checks on hand-built deals with a February fiscal year', () => {
  const asOf = '2024-12-31';
  const wins = (count: number, closedAt: string, from: number, discount: number) =>
    Array.from({ length: count }, (_, i) => deal({ dealId: `d${from + i}`, closedAt, createdAt: '2023-12-01', discount }));
  // 30 wins on 25 April (fiscal quarter end only), 10 on 25 March (calendar quarter end only).
  const deals = [...wins(30, '2024-04-25', 0, 0.3), ...wins(10, '2024-03-25', 100, 0.1)];

  it('concentration: 30 of 40 wins at fiscal quarter end, 10 of 40 at calendar quarter end', () => {
    const t = tables({ deals });
    const fiscal = closeConcentration.compute(t, closeConcentration.defaultParams, context(t, asOf, february));
    const calendar = closeConcentration.compute(t, closeConcentration.defaultParams, context(t, asOf));
    expect(fiscal).toMatchObject({ kind: 'measured' });
    expect(byKey(fiscal.evidence)).toMatchObject({ quarterEndWins: 30, quarters: 'fiscal quarters of a year starting in February' });
    expect(calendar).toMatchObject({ kind: 'measured' });
    expect(byKey(calendar.evidence)).toMatchObject({ quarterEndWins: 10, quarters: 'calendar quarters' });
    if (fiscal.kind === 'measured') expect(fiscal.value).toBeCloseTo(0.75 / (56 / 365), 3);
  });

  it('discount lift: 0.3 at fiscal quarter end ÷ 0.1 otherwise = 3, and the inverse by calendar quarters', () => {
    const t = tables({ deals });
    const fiscal = discountLift.compute(t, discountLift.defaultParams, context(t, asOf, february));
    const calendar = discountLift.compute(t, discountLift.defaultParams, context(t, asOf));
    expect(fiscal).toMatchObject({ kind: 'measured', value: 3 });
    expect(byKey(fiscal.evidence)).toMatchObject({ quarterEndWins: 30, otherWins: 10 });
    expect(calendar).toMatchObject({ kind: 'measured', value: 0.3333 });
    expect(byKey(calendar.evidence)).toMatchObject({ quarterEndWins: 10, otherWins: 30 });
  });
});
