/**
 * A check's status, on its own: the report's types and the gate document's (gate.ts) both name it.
 *
 * `not-applicable`: the check presumes a go-to-market motion the company does not have (no free
 * tier, no self-serve signup…), declared in config (`motions`). It has no score and counts nowhere:
 * not in coverage, the range, or category and overall weights (docs/rubric.md, "Not applicable").
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'insufficient-data' | 'error' | 'not-applicable';
