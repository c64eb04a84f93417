import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASELINE_VERSION, baselineFromReport, checkComparable, parseBaseline, readBaseline, renderBaseline, writeBaseline } from '../../src/ci/baseline.js';
import { PullcheckError } from '../../src/core/errors.js';
import { makeReport } from './report-factory.js';

const report = makeReport([
  {
    id: 'push',
    checks: [
      { id: 'discount', value: 0.4, interval: [0.3, 0.5], weight: 2 },
      { id: 'touches', value: 0.7, interval: null },
      { id: 'cycle', value: null },
    ],
  },
  { id: 'pull', checks: [{ id: 'self-serve', value: 0.5, interval: [0.45, 0.55] }] },
]);

function errorOf(f: () => unknown): PullcheckError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(PullcheckError);
    return error as PullcheckError;
  }
  throw new Error('expected an error');
}

describe('baselineFromReport', () => {
  it('holds the rubric identity, as-of date, every score and each check value, n, interval and score interval', () => {
    const b = baselineFromReport(report);
    expect(b).toMatchObject({
      baselineVersion: BASELINE_VERSION,
      asOf: '2026-06-30',
      rubric: { id: 'default', version: 1, hash: 'abcdef0123456789' },
      score: report.score,
    });
    expect(b.categories.map((c) => c.id)).toEqual(['push', 'pull']);
    const discount = b.checks.find((k) => k.id === 'discount')!;
    expect(discount).toMatchObject({ category: 'push', value: 0.4, n: 50, interval: [0.3, 0.5], score: 50, scoreInterval: [25, 75], status: 'warn' });
    expect(b.checks.find((k) => k.id === 'cycle')).toMatchObject({ value: null, score: null, scoreInterval: null, status: 'insufficient-data' });
    // category interval: weighted ends of discount [25,75]×2 and touches [100,100]×1
    expect(b.categories[0]!.scoreInterval).toEqual([50, 83.3]);
    // no evidence, nothing personal
    expect(renderBaseline(b)).not.toContain('evidence');
  });

  it('round-trips through a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pullcheck-baseline-')), 'nested', 'baseline.json');
    const b = baselineFromReport(report);
    writeBaseline(file, b);
    expect(readBaseline(file)).toEqual(b);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  });
});

describe('parseBaseline', () => {
  const good = JSON.parse(renderBaseline(baselineFromReport(report))) as Record<string, unknown>;
  const parse = (data: unknown) => () => parseBaseline(typeof data === 'string' ? data : JSON.stringify(data), 'b.json');

  it('refuses what is not a usable baseline, with exit code 2 and a hint', () => {
    const cases: Array<[unknown, string, RegExp]> = [
      ['{ nope', 'BASELINE_INVALID', /b\.json is not valid JSON/],
      [[1, 2], 'BASELINE_INVALID', /expected a JSON object/],
      [{ schemaVersion: 1, score: 50 }, 'BASELINE_INVALID', /is a pullcheck report, not a baseline/],
      [{ schemaVersion: 2, score: 50 }, 'BASELINE_INVALID', /is a pullcheck report, not a baseline/],
      [{ ...good, baselineVersion: 2 }, 'BASELINE_VERSION', /baseline of version 2; this pullcheck reads version 1/],
      [{ ...good, baselineVersion: '1' }, 'BASELINE_VERSION', /version "1"/],
      [{ ...good, rubric: { id: 'default' } }, 'BASELINE_INVALID', /rubric must have an id, a version and a hash/],
      [{ ...good, checks: [{ id: 'x' }] }, 'BASELINE_INVALID', /checks\[0\] must have/],
      [{ ...good, scoreInterval: [60, 50] }, 'BASELINE_INVALID', /scoreInterval/],
    ];
    for (const [data, code, message] of cases) {
      const error = errorOf(parse(data));
      expect(error.code, JSON.stringify(data).slice(0, 60)).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.exitCode).toBe(2);
      expect(error.hint).toBeTruthy();
    }
    expect(errorOf(parse({ ...good, baselineVersion: 2 })).hint).toMatch(/upgrade pullcheck/);
  });

  it('reports a missing file as BASELINE_NOT_FOUND', () => {
    expect(errorOf(() => readBaseline('/no/such/baseline.json')).code).toBe('BASELINE_NOT_FOUND');
  });
});

describe('checkComparable', () => {
  const b = baselineFromReport(report);
  it('refuses another rubric or version (exit 2)', () => {
    for (const other of [makeReport([], { rubricId: 'mine' }), makeReport([], { rubricVersion: 2 })]) {
      const error = errorOf(() => checkComparable(b, other, 'b.json'));
      expect(error.code).toBe('BASELINE_RUBRIC_MISMATCH');
      expect(error.message).toMatch(/saved with rubric default v1; this run uses rubric/);
    }
  });

  it('accepts the same rubric edited since, and says so', () => {
    expect(checkComparable(b, report, 'b.json')).toEqual({ rubricChanged: false });
    expect(checkComparable(b, makeReport([], { hash: 'ffff' }), 'b.json')).toEqual({ rubricChanged: true });
  });
});

describe('writeBaseline', () => {
  it('is a user error when the file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-baseline-'));
    writeFileSync(join(dir, 'file'), 'x');
    expect(errorOf(() => writeBaseline(join(dir, 'file', 'b.json'), baselineFromReport(report))).code).toBe('BASELINE_UNWRITABLE');
  });
});
