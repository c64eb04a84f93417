import { describe, expect, it } from 'vitest';
import { notApplicableReason } from '../../src/core/motions.js';

describe('notApplicableReason', () => {
  it('applies when nothing is declared: a missing export never rules a check out', () => {
    expect(notApplicableReason([['freeTier', 'trial']], {})).toBeNull();
    expect(notApplicableReason(undefined, { freeTier: false })).toBeNull();
    expect(notApplicableReason([], { freeTier: false })).toBeNull();
  });

  it('needs every alternative of a requirement declared absent', () => {
    expect(notApplicableReason([['freeTier', 'trial']], { freeTier: false })).toBeNull();
    expect(notApplicableReason([['freeTier', 'trial']], { freeTier: false, trial: true })).toBeNull();
    expect(notApplicableReason([['freeTier', 'trial']], { freeTier: false, trial: false })).toBe(
      'presumes a free plan or a free trial; the config declares the company has neither (motions.freeTier: false, motions.trial: false)',
    );
  });

  it('any requirement ruled out makes the check not applicable, and says which', () => {
    expect(notApplicableReason([['selfServe'], ['multiUser']], { multiUser: false, selfServe: true })).toBe(
      'presumes multi-user accounts; the config declares the company has none (motions.multiUser: false)',
    );
    expect(notApplicableReason([['selfServe']], { selfServe: true })).toBeNull();
  });
});
