import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/read-input.js';
import { defaultRubricPath, loadRubric, parseRubric } from '../../src/rubric/load.js';
import { METRICS as REGISTRY } from '../../src/metrics/index.js';

const METRICS = [{ id: 'core-feature-share', defaultParams: { windowDays: 90, minN: 10 } }];

const rubric = (presumes: string): string => `id: r
name: R
version: 1
categories:
  - id: c
    title: C
    weight: 1
    checks:
      - id: k
        metric: core-feature-share
        weight: 1
        threshold: { better: higher, pass: 0.6, fail: 0.2 }
        basis: judgement
        title: T
        failureTitle: F
        recommendation: R.
${presumes}`;

describe('rubric presumes', () => {
  it('reads a list of motions, `a|b` as alternatives', () => {
    const r = parseRubric(rubric('        presumes: ["freeTier|trial", multiUser]\n'), 'r.yaml', METRICS);
    expect(r.categories[0]!.checks[0]!.presumes).toEqual([['freeTier', 'trial'], ['multiUser']]);
  });

  it('is absent when not given', () => {
    const r = parseRubric(rubric(''), 'r.yaml', METRICS);
    expect(r.categories[0]!.checks[0]!.presumes).toBeUndefined();
  });

  it('reports an unknown motion with its line and a suggestion, and a non-text entry', () => {
    let error: unknown;
    try {
      parseRubric(rubric('        presumes:\n          - freeTeir\n          - { a: 1 }\n'), 'r.yaml', METRICS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const issues = (error as InputError).issues.map((i) => [i.code, i.line, i.path, i.message]);
    expect(issues).toEqual([
      ['BAD_VALUE', 18, 'categories[0].checks[0].presumes[0]', "unknown motion 'freeTeir'; motions: freeTier, trial, selfServe, renewals, multiUser; did you mean 'freeTier'?"],
      ['WRONG_TYPE', 19, 'categories[0].checks[0].presumes[1]', 'must be a motion name (freeTier, trial, selfServe, renewals, multiUser), or alternatives such as freeTier|trial'],
    ]);
  });

  it('the default rubric names the motion each check presumes', () => {
    const checks = loadRubric(defaultRubricPath(), REGISTRY).categories.flatMap((c) => c.checks);
    const presumes = Object.fromEntries(checks.filter((k) => k.presumes).map((k) => [k.id, k.presumes]));
    expect(presumes).toEqual({
      'unassisted-activation-rate': [['selfServe']],
      'time-to-value-days': [['selfServe']],
      'free-to-paid-conversion-90d': [['freeTier', 'trial']],
      'invite-k-factor': [['multiUser']],
      'nrr-from-deals': [['renewals']],
    });
  });
});
