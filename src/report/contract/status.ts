/**
 * A check's status, on its own so that the gate's types (src/ci/types.ts) can name it without
 * importing the report contract that contains the gate.
 *
 * `not-applicable`: the check presumes a go-to-market motion the company does not have (no free
 * tier, no self-serve signup…), declared in config (`motions`). It has no score and counts nowhere:
 * not in coverage, the range, or category and overall weights (docs/rubric.md, "Not applicable").
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'insufficient-data' | 'error' | 'not-applicable';
