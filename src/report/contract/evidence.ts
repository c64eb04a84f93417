/**
 * A check's evidence in the versioned JSON (docs/report-format.md, "Evidence"): the numbers behind
 * its value, each with a unit and a label; the rows left out, one entry per reason; facts in words;
 * and example rows as small tables. Every renderer formats it through one function
 * (src/renderers/format.ts), so a unit prints the same way everywhere. Imports nothing.
 */

/**
 * How a number is read. JSON keeps raw numbers; the text formats print each unit one way:
 * - `count`: a whole number of things, with thousands separators ("1,428");
 * - `share`: a fraction of one, printed as a percent ("89.2%");
 * - `points`: a difference of two shares, in percentage points ("-30.1 pp");
 * - `multiple`: one amount over another of the same kind ("1.4×");
 * - `days`: a duration in days ("6.43 d");
 * - `money`: an amount, with the analysis currency when the report names one ("3,505,710 EUR");
 * - `number`: any other number (a divergence, invites per user), up to four decimals.
 */
export type EvidenceUnit = 'count' | 'share' | 'points' | 'multiple' | 'days' | 'money' | 'number';

/** A named number behind the value. */
export interface EvidenceCount {
  /** Stable name for machine readers (camelCase): `wonDeals`. */
  key: string;
  /** In words: "won deals". */
  label: string;
  /** null when it has no value (a rate over nothing). */
  value: number | null;
  unit: EvidenceUnit;
  /** 95% interval of the value, when one is defined (in the same unit). */
  interval?: [number, number];
}

/** A fact in words that qualifies the numbers: the scope, the source of paid dates, the band. */
export interface EvidenceFact {
  key: string;
  label: string;
  value: string;
}

/** Rows the metric left out (or could not use) for one reason; one entry per reason, zeros included. */
export interface EvidenceExclusion {
  key: string;
  /** What was left out and why, as a noun phrase: "won deals without a close date". */
  reason: string;
  count: number;
}

/** A column of an example table: a value of each row. */
export interface EvidenceColumn {
  key: string;
  label: string;
  /** `text` for words, `list` for a list of words, `date` for YYYY-MM-DD; a number unit for numbers and intervals (pairs). */
  unit: EvidenceUnit | 'text' | 'list' | 'date';
}

/** One value of an example row: a number in its column's unit, words, a list of words, or an interval. */
export type EvidenceValue = number | string | string[] | [number, number] | null;

/**
 * What the rows of an example table are. Deal and account names (and ids that read like names)
 * are pseudonymised in reports that leave the machine (src/privacy.ts); the other kinds are not
 * personal data.
 */
export type EvidenceRowKind = 'deal' | 'account' | 'feature' | 'role' | 'source' | 'type' | 'link' | 'month';

export interface EvidenceRow {
  /** The row's id: a deal or account id, a feature, a role family, a link id, a month. */
  id: string;
  /** A name for people beside the id (a deal's name), when the data has one. */
  name?: string | null;
  /** By column key. */
  values: Record<string, EvidenceValue>;
}

/** Rows that produced the number (top or bottom examples) or a breakdown of it, as a small table. */
export interface EvidenceTable {
  key: string;
  /** In words: "least used features". */
  label: string;
  rowKind: EvidenceRowKind;
  columns: EvidenceColumn[];
  /** In the metric's order (examples: by value, ties by id; at most a handful). */
  rows: EvidenceRow[];
}

export interface Evidence {
  counts: EvidenceCount[];
  facts: EvidenceFact[];
  exclusions: EvidenceExclusion[];
  examples: EvidenceTable[];
}

/** Evidence with nothing in it: a check without a measured value (not applicable, answered, no data). */
export function noEvidence(): Evidence {
  return { counts: [], facts: [], exclusions: [], examples: [] };
}
