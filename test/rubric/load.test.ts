import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInputIssue, InputError, type InputIssue } from '../../src/inputs/read-input.js';
import { loadRubric, parseRubric, validateRubric } from '../../src/rubric/load.js';

/** A fake registry: only id and defaultParams matter to the loader. */
const METRICS = [
  { id: 'unused-feature-share', defaultParams: { windowDays: 90, minAccountShare: 0.05, minN: 10 } },
  { id: 'core-feature-share', defaultParams: { windowDays: 90, minN: 10 } },
  { id: 'touches-per-won-deal', defaultParams: { minAmount: null, maxAmount: null, minN: 30 } },
];

const fixture = (name: string) => join('test/rubric/fixtures', name);

/** Load a fixture that must fail; return its issues as [code, line, path]. */
function issuesOf(name: string): Array<[string, number | null, string]> {
  const error = catchInputError(() => loadRubric(fixture(name), METRICS));
  expect(error.code).toBe('RUBRIC_INVALID');
  return error.issues.map((i) => [i.code, i.line, i.path]);
}

function catchInputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected a InputError');
}

describe('loadRubric: a valid rubric', () => {
  it('normalises: default verdicts, merged params, category id and line on checks, hash and file', () => {
    const file = fixture('good.yaml');
    const rubric = loadRubric(file, METRICS);
    expect(rubric).toMatchObject({ id: 'small', name: 'Small test rubric', version: 2, file });
    expect(rubric.verdicts).toEqual({ productDriven: 70, salesDriven: 40 });
    expect(rubric.hash).toBe(createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex').slice(0, 16));
    expect(rubric.hash).toMatch(/^[0-9a-f]{16}$/);

    const [ca, push] = rubric.categories;
    expect(ca).toMatchObject({ id: 'curb-appeal', item: 'CA', weight: 1, line: 6 });
    expect(ca?.checks[0]).toEqual({
      id: 'unused-feature-share',
      category: 'curb-appeal',
      metric: 'unused-feature-share',
      paramOverrides: { windowDays: 60 },
      params: { windowDays: 60, minAccountShare: 0.05, minN: 10 },
      weight: 2,
      threshold: { better: 'lower', pass: 0.6, fail: 0.8 },
      basis: 'anchored',
      source: 'Pendo 2019',
      title: 'Released features keep being used',
      failureTitle: 'Most released features go unused',
      recommendation: 'Retire unused features.',
      format: 'percent',
      line: 11,
    });
    // free-form item label, fractional category weight, null param where the default is null, weight 0
    expect(push).toMatchObject({ id: 'sales-push', item: 'custom-label', weight: 0.5 });
    expect(push?.checks[0]).toMatchObject({
      paramOverrides: { minAmount: 50000, maxAmount: null },
      params: { minAmount: 50000, maxAmount: null, minN: 30 },
      weight: 0,
    });
    expect(push?.checks[0]?.source).toBeUndefined();
    expect(push?.checks[0]?.format).toBeUndefined();
  });

  it('parseRubric works on text; the hash depends only on the text', () => {
    const text = readFileSync(fixture('good.yaml'), 'utf8');
    const a = parseRubric(text, 'a.yaml', METRICS);
    const b = parseRubric(text, 'b.yaml', METRICS);
    expect(a.hash).toBe(b.hash);
    expect(a.file).toBe('a.yaml');
    expect(parseRubric(text.replace('version: 2', 'version: 3'), 'a.yaml', METRICS).hash).not.toBe(a.hash);
  });

  it('validateRubric returns issues instead of throwing', () => {
    const result = validateRubric('id: x\n', 'x.yaml', METRICS);
    expect(result.rubric).toBeNull();
    expect(result.issues.map((i) => i.code)).toEqual(['MISSING_FIELD', 'MISSING_FIELD', 'MISSING_FIELD']);
  });
});

describe('loadRubric: each issue code, with path and line', () => {
  it('YAML_SYNTAX points at the line of the mistake', () => {
    expect(issuesOf('syntax.yaml')).toEqual([['YAML_SYNTAX', 6, '']]);
  });

  it('YAML_SYNTAX for other syntax errors too', () => {
    const error = catchInputError(() => parseRubric('id: x\nname: [a, b\nversion: 1\n', 'x.yaml', METRICS));
    expect(error.issues[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 3 });
    const tab = catchInputError(() => parseRubric('id: x\ncategories:\n\t- id: y\n', 'x.yaml', METRICS));
    expect(tab.issues[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 3 });
  });

  it('DUPLICATE_KEY names the key; validation still runs', () => {
    const error = catchInputError(() => loadRubric(fixture('duplicate-key.yaml'), METRICS));
    expect(error.issues).toEqual([
      { code: 'DUPLICATE_KEY', path: '', line: 12, column: 9, message: "'weight' appears twice in the same mapping; keep one" },
    ]);
  });

  it('MISSING_FIELD: absent and empty required fields', () => {
    expect(issuesOf('missing-field.yaml')).toEqual([
      ['MISSING_FIELD', 1, 'version'],
      ['MISSING_FIELD', 4, 'categories[0].title'],
      ['MISSING_FIELD', 7, 'categories[0].checks[0].recommendation'],
      ['MISSING_FIELD', 10, 'categories[0].checks[0].threshold.fail'],
      ['MISSING_FIELD', 13, 'categories[0].checks[0].failureTitle'],
    ]);
  });

  it('WRONG_TYPE: text, numbers, lists and mappings in the wrong place', () => {
    expect(issuesOf('wrong-type.yaml')).toEqual([
      ['WRONG_TYPE', 2, 'name'],
      ['WRONG_TYPE', 3, 'version'],
      ['WRONG_TYPE', 8, 'categories[0].checks'],
      ['WRONG_TYPE', 10, 'categories[1]'],
    ]);
  });

  it('UNKNOWN_FIELD suggests the nearest field, including common synonyms', () => {
    const error = catchInputError(() => loadRubric(fixture('unknown-field.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['UNKNOWN_FIELD', 8, 'categories[0].colour'],
      ['UNKNOWN_FIELD', 13, 'categories[0].checks[0].threshhold'],
      ['UNKNOWN_FIELD', 17, 'categories[0].checks[0].remediation'],
    ]);
    // no extra MISSING_FIELD for 'threshold' or 'recommendation': one issue per mistake
    expect(error.issues[0]?.message).toContain('allowed: id, title, weight, checks');
    expect(error.issues[1]?.message).toContain("did you mean 'threshold'?");
    expect(error.issues[2]?.message).toContain("did you mean 'recommendation'?");
  });

  it('UNKNOWN_METRIC suggests a close metric id, else lists the known ones', () => {
    const error = catchInputError(() => loadRubric(fixture('unknown-metric.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['UNKNOWN_METRIC', 10, 'categories[0].checks[0].metric'],
      ['UNKNOWN_METRIC', 18, 'categories[0].checks[1].metric'],
    ]);
    expect(error.issues[0]?.message).toContain("did you mean 'unused-feature-share'?");
    expect(error.issues[1]?.message).toContain('known metrics: unused-feature-share, core-feature-share, touches-per-won-deal');
  });

  it('UNKNOWN_PARAM and mistyped params (WRONG_TYPE); null is fine where the default is null', () => {
    const error = catchInputError(() => loadRubric(fixture('unknown-param.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['UNKNOWN_PARAM', 13, 'categories[0].checks[0].params.maxAmmount'],
      ['WRONG_TYPE', 14, 'categories[0].checks[0].params.minN'],
      ['UNKNOWN_PARAM', 15, 'categories[0].checks[0].params.colour'],
    ]);
    expect(error.issues[0]?.message).toContain("did you mean 'maxAmount'?");
    expect(error.issues[1]?.message).toBe('must be a number like the default (30), got text');
    expect(error.issues[2]?.message).toContain('its params: minAmount, maxAmount, minN');
  });

  it('params: a null default accepts number, text, true/false or null; others keep their type', () => {
    const text = readFileSync(fixture('good.yaml'), 'utf8');
    for (const value of ['1', '"10k"', 'true', 'null']) {
      expect(() => parseRubric(text.replace('maxAmount: null', `maxAmount: ${value}`), 'x.yaml', METRICS)).not.toThrow();
    }
    const bad = catchInputError(() => parseRubric(text.replace('windowDays: 60', 'windowDays: null'), 'x.yaml', METRICS));
    expect(bad.issues.map((i) => [i.code, i.line, i.path])).toEqual([['WRONG_TYPE', 13, 'categories[0].checks[0].params.windowDays']]);
  });

  it('BAD_THRESHOLD: pass on the wrong side of fail, and percentages written as whole numbers', () => {
    const error = catchInputError(() => loadRubric(fixture('bad-threshold.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path, i.message])).toEqual([
      ['BAD_THRESHOLD', 22, 'categories[0].checks[1].threshold.pass', 'must be below fail (better: lower)'],
      ['BAD_THRESHOLD', 31, 'categories[0].checks[2].threshold.pass', 'must be above fail (better: higher)'],
      ['BAD_THRESHOLD', 39, 'categories[0].checks[3].threshold.pass', expect.stringContaining('0.15 for 15%')],
    ]);
  });

  it('DUPLICATE_ID: category ids, and check ids across categories', () => {
    const error = catchInputError(() => loadRubric(fixture('duplicate-id.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['DUPLICATE_ID', 17, 'categories[1].id'],
      ['DUPLICATE_ID', 21, 'categories[1].checks[0].id'],
    ]);
    expect(error.issues[1]?.message).toContain('first at categories[0].checks[0], line 9');
  });

  it('BAD_ID: ids must be kebab-case, with a suggestion', () => {
    const error = catchInputError(() => loadRubric(fixture('bad-id.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['BAD_ID', 1, 'id'],
      ['BAD_ID', 5, 'categories[0].id'],
      ['BAD_ID', 9, 'categories[0].checks[0].id'],
    ]);
    expect(error.issues[1]?.message).toContain("e.g. 'curb-appeal'");
  });

  it('BAD_WEIGHT: negative weights', () => {
    expect(issuesOf('bad-weight.yaml')).toEqual([
      ['BAD_WEIGHT', 7, 'categories[0].weight'],
      ['BAD_WEIGHT', 11, 'categories[0].checks[0].weight'],
    ]);
  });

  it('MISSING_SOURCE: sourced/anchored without a (non-blank) source; judgement needs none', () => {
    expect(issuesOf('missing-source.yaml')).toEqual([
      ['MISSING_SOURCE', 13, 'categories[0].checks[0].source'],
      ['MISSING_SOURCE', 22, 'categories[0].checks[1].source'],
    ]);
  });

  it('BAD_VALUE: enums and ranges, with suggestions when close', () => {
    const error = catchInputError(() => loadRubric(fixture('bad-value.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['BAD_VALUE', 3, 'version'],
      ['BAD_VALUE', 4, 'verdicts.productDriven'],
      ['BAD_VALUE', 13, 'categories[0].checks[0].threshold.better'],
      ['BAD_VALUE', 14, 'categories[0].checks[0].basis'],
      ['BAD_VALUE', 15, 'categories[0].checks[0].format'],
    ]);
    expect(error.issues[4]?.message).toContain("did you mean 'percent'?");
  });

  it('BAD_VERDICTS: salesDriven above productDriven', () => {
    expect(issuesOf('bad-verdicts.yaml')).toEqual([['BAD_VERDICTS', 6, 'verdicts.salesDriven']]);
  });

  it('EMPTY_CATEGORY: a category without checks', () => {
    expect(issuesOf('empty-category.yaml')).toEqual([['EMPTY_CATEGORY', 8, 'categories[0].checks']]);
  });

  it('EMPTY_RUBRIC: no categories, an empty file, or nothing scored', () => {
    expect(issuesOf('empty-rubric.yaml')).toEqual([['EMPTY_RUBRIC', 4, 'categories']]);
    expect(issuesOf('comment-only.yaml')).toEqual([['EMPTY_RUBRIC', 1, '']]);
    expect(catchInputError(() => parseRubric('', 'empty.yaml', METRICS)).issues.map((i) => i.code)).toEqual(['EMPTY_RUBRIC']);
    expect(issuesOf('nothing-scored.yaml')).toEqual([['EMPTY_RUBRIC', 4, 'categories']]);
  });

  it('YAML anchors and aliases resolve; an alias without an anchor is YAML_SYNTAX', () => {
    const text = readFileSync(fixture('good.yaml'), 'utf8');
    const anchored = text
      .replace('threshold: { better: lower, pass: 0.6, fail: 0.8 }', 'threshold: &t { better: lower, pass: 0.6, fail: 0.8 }')
      .replace('threshold: { better: lower, pass: 15, fail: 40 }', 'threshold: *t');
    expect(parseRubric(anchored, 'x.yaml', METRICS).categories[1]?.checks[0]?.threshold).toEqual({ better: 'lower', pass: 0.6, fail: 0.8 });
    const dangling = text.replace('threshold: { better: lower, pass: 15, fail: 40 }', 'threshold: *nope');
    expect(catchInputError(() => parseRubric(dangling, 'x.yaml', METRICS)).issues.map((i) => [i.code, i.line])).toEqual([
      ['YAML_SYNTAX', 31],
      ['MISSING_FIELD', 31],
    ]);
  });

  it('a non-mapping document is WRONG_TYPE', () => {
    expect(catchInputError(() => parseRubric('just text\n', 'x.yaml', METRICS)).issues).toEqual([
      { code: 'WRONG_TYPE', path: '', line: 1, column: 1, message: "the rubric must be a mapping (key: value lines), got text 'just text'" },
    ]);
  });
});

describe('loadRubric: reporting', () => {
  it('reports every issue in a file with several mistakes, ordered by line', () => {
    const error = catchInputError(() => loadRubric(fixture('many-errors.yaml'), METRICS));
    expect(error.issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['BAD_ID', 1, 'id'],
      ['BAD_VALUE', 3, 'version'],
      ['BAD_VERDICTS', 4, 'verdicts.salesDriven'],
      ['BAD_WEIGHT', 8, 'categories[0].weight'],
      ['UNKNOWN_METRIC', 11, 'categories[0].checks[0].metric'],
      ['WRONG_TYPE', 12, 'categories[0].checks[0].weight'],
      ['UNKNOWN_FIELD', 13, 'categories[0].checks[0].threshhold'],
      ['MISSING_SOURCE', 14, 'categories[0].checks[0].source'],
      ['UNKNOWN_FIELD', 17, 'categories[0].checks[0].remediation'],
      ['DUPLICATE_ID', 18, 'categories[1].id'],
      ['DUPLICATE_ID', 22, 'categories[1].checks[0].id'],
      ['UNKNOWN_PARAM', 24, 'categories[1].checks[0].params.windowDay'],
      ['WRONG_TYPE', 24, 'categories[1].checks[0].params.minN'],
      ['BAD_VALUE', 26, 'categories[1].checks[0].threshold.better'],
      ['WRONG_TYPE', 26, 'categories[1].checks[0].threshold.pass'],
      ['BAD_VALUE', 27, 'categories[1].checks[0].basis'],
      ['MISSING_FIELD', 28, 'categories[1].checks[0].title'],
      ['UNKNOWN_FIELD', 31, 'categories[1].checks[0].colour'],
      ['EMPTY_CATEGORY', 35, 'categories[2].checks'],
    ]);
    expect(error.issues.find((i) => i.path.endsWith('threshold.pass'))?.message).toContain('write percentages as fractions');
  });

  it('the message has one `file:line: path: message` line per issue; exitCode 2 and a hint', () => {
    const file = fixture('bad-threshold.yaml');
    const error = catchInputError(() => loadRubric(file, METRICS));
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(error.issues.length);
    expect(lines[0]).toBe(`${file}:22: categories[0].checks[1].threshold.pass: must be below fail (better: lower)`);
    expect(error).toMatchObject({ name: 'InputError', code: 'RUBRIC_INVALID', file, exitCode: 2 });
    expect(error.hint).toContain('docs/rubric.md');
  });

  it('formatInputIssue omits an unknown line and an empty path', () => {
    const issue: InputIssue = { code: 'YAML_SYNTAX', path: '', line: 3, message: 'bad' };
    expect(formatInputIssue('r.yaml', issue)).toBe('r.yaml:3: bad');
    expect(formatInputIssue('r.yaml', { ...issue, line: null, path: 'id' })).toBe('r.yaml: id: bad');
  });

  it('a missing file is RUBRIC_UNREADABLE / FILE_NOT_FOUND', () => {
    const error = catchInputError(() => loadRubric('test/rubric/fixtures/no-such-rubric.yaml', METRICS));
    expect(error).toMatchObject({ code: 'RUBRIC_UNREADABLE', exitCode: 2, file: 'test/rubric/fixtures/no-such-rubric.yaml' });
    expect(error.issues).toEqual([{ code: 'FILE_NOT_FOUND', path: '', line: null, column: null, message: 'rubric file not found' }]);
    expect(error.message).toBe('test/rubric/fixtures/no-such-rubric.yaml: rubric file not found');
    expect(error.hint).toContain('--rubric');
  });

  it('a directory is RUBRIC_UNREADABLE / FILE_UNREADABLE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-rubric-'));
    const error = catchInputError(() => loadRubric(dir, METRICS));
    expect(error.code).toBe('RUBRIC_UNREADABLE');
    expect(error.issues.map((i) => i.code)).toEqual(['FILE_UNREADABLE']);
  });
});

describe('coverageFloor', () => {
  const good = readFileSync(fixture('good.yaml'), 'utf8');
  /** good.yaml with a `coverageFloor:` line after its version. */
  const withFloor = (value: string) => good.replace(/^(version: .*)$/m, `$1\ncoverageFloor: ${value}`);
  const floorIssues = (value: string) =>
    validateRubric(withFloor(value), 'x.yaml', METRICS).issues.map((i) => [i.code, i.path, i.line, i.message]);

  it('defaults to 0.5 and takes a fraction from 0 to 1', () => {
    expect(validateRubric(good, 'x.yaml', METRICS).rubric?.coverageFloor).toBe(0.5);
    expect(validateRubric(withFloor('0.3'), 'x.yaml', METRICS).rubric?.coverageFloor).toBe(0.3);
    expect(validateRubric(withFloor('0'), 'x.yaml', METRICS).rubric?.coverageFloor).toBe(0);
    expect(validateRubric(withFloor('1'), 'x.yaml', METRICS).rubric?.coverageFloor).toBe(1);
  });

  it('rejects values outside 0..1 (with a hint for percentages) and text, with file line', () => {
    const line = withFloor('50').split('\n').findIndex((l) => l.startsWith('coverageFloor')) + 1;
    expect(floorIssues('50')).toEqual([
      ['BAD_VALUE', 'coverageFloor', line, "must be a share of the rubric's weight between 0 and 1, got 50; write it as a fraction, e.g. 0.5 for 50%"],
    ]);
    expect(floorIssues('-0.1')[0]?.slice(0, 2)).toEqual(['BAD_VALUE', 'coverageFloor']);
    expect(floorIssues('"half"')[0]?.slice(0, 2)).toEqual(['WRONG_TYPE', 'coverageFloor']);
    expect(validateRubric(withFloor('2'), 'x.yaml', METRICS).rubric).toBeNull();
  });

  it('is a known field: a misspelling gets a suggestion', () => {
    const text = good.replace(/^(version: .*)$/m, '$1\ncoverageFlor: 0.4');
    const issues = validateRubric(text, 'x.yaml', METRICS).issues;
    expect(issues[0]).toMatchObject({ code: 'UNKNOWN_FIELD', path: 'coverageFlor' });
    expect(issues[0]?.message).toContain("did you mean 'coverageFloor'?");
  });
});
