import type { Dataset, TableName, Tables, Timestamp } from '../core/model.js';
import type { AnalysisSettings } from '../core/settings.js';
import type { BootstrapThread } from '../stats/bootstrap-thread.js';
import type { Derived } from './derived.js';
import type { DataNeed, MetricUnit, Series } from '../report/contract/measures.js';
import type { Evidence } from '../report/contract/evidence.js';
import { noEvidence, type EvidenceBuilder } from './evidence.js';

export type { DataNeed, MetricUnit, Series } from '../report/contract/measures.js';

/** Typed evidence (report contract): counts with units, exclusions with reasons, example tables. Built with `evidence()` (evidence.ts). */
export type { Evidence } from '../report/contract/evidence.js';

export interface MetricContext {
  /**
   * Analysis instant T: the exclusive end of the as-of day (next day 00:00 UTC), so data
   * stamped on the as-of day counts. Every window is relative to T.
   */
  asOf: Timestamp;
  settings: AnalysisSettings;
  /** Memoised derived data shared between metrics (active accounts, core set, touches...). */
  derived: Derived;
  dataset: Dataset;
  /**
   * Where large bootstraps run (src/stats/bootstrap-thread.ts): buildReport's thread, which decides
   * from each kernel's size whether to queue it for a worker; absent (tests calling a metric
   * directly), they run in this thread.
   */
  bootstrap?: BootstrapThread | null;
  /**
   * false: skip bootstrap intervals (`bootstrap()` gives none). For `--trend` points, which keep
   * only scores: a value's score never depends on its interval.
   */
  intervals?: boolean;
}

export interface MeasuredResult {
  kind: 'measured';
  value: number;
  /** Sample size behind the value (e.g. won deals, signups, features). */
  n: number;
  /** What n counts, e.g. "won deals". */
  nLabel: string;
  /** 95% interval when one is defined (Wilson for proportions). */
  interval?: [number, number];
  /**
   * A bootstrap interval queued for the bootstrap thread (set instead of `interval`;
   * buildReport awaits it). See `withInterval`.
   */
  pendingInterval?: Promise<[number, number] | undefined>;
  evidence: Evidence;
  /** Caveats worth showing: survivorship, low coverage, segment disagreement. */
  notes?: string[];
  /** Series behind the value that a chart shows better than numbers (docs/report-format.md, "Series"). */
  series?: Series[];
}

export interface InsufficientResult {
  kind: 'insufficient';
  reason: string;
  n: number;
  nLabel: string;
  evidence?: Evidence;
  /** What data would resolve it, when the metric knows (table, column or link). */
  needs?: DataNeed[];
}

export type MetricResult = MeasuredResult | InsufficientResult;

export interface MetricDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  /** One line: what is measured, exactly. Shown in reports and docs. */
  description: string;
  unit: MetricUnit;
  /** Tables without which the metric cannot be computed (reported as insufficient data). */
  requires: TableName[];
  /**
   * Groups of alternative tables, in order of preference (`[['subscriptions', 'deals']]`: billing
   * rows when there are any, else deals): the first table of a group with rows is the one read;
   * with none, the check is insufficient data. `requiresFields` of the other tables of the group
   * are not checked (the metric does not read them). See `tablesRead`.
   */
  requiresOneOf?: TableName[][];
  /**
   * Columns without which the value would be meaningless rather than small, as
   * `table.field` (one of several: `users.title|role`). A table present without such a column
   * makes the check insufficient data, never a 0 (e.g. no lead-source column is not "no
   * sales-sourced deals").
   */
  requiresFields?: string[];
  defaultParams: P;
  /**
   * Method version (default 1): bump it when a change to the definition can move the value on
   * the same data. A baseline saved with another version does not compare this metric's checks
   * (the gate says "method changed: re-baseline" instead of counting a drop; docs/ci.md).
   */
  method?: number;
  compute(tables: Tables, params: P, ctx: MetricContext): MetricResult;
}

export function defineMetric<P extends Record<string, unknown>>(def: MetricDefinition<P>): MetricDefinition<P> {
  return def;
}

export function measured(
  value: number,
  n: number,
  nLabel: string,
  evidence: Evidence | EvidenceBuilder = noEvidence(),
  extra: { interval?: [number, number]; pendingInterval?: Promise<[number, number] | undefined>; notes?: string[]; series?: Series[] } = {},
): MeasuredResult {
  return { kind: 'measured', value, n, nLabel, evidence: built(evidence), ...extra };
}

export function insufficient(reason: string, n: number, nLabel: string, evidence?: Evidence | EvidenceBuilder): InsufficientResult {
  return evidence ? { kind: 'insufficient', reason, n, nLabel, evidence: built(evidence) } : { kind: 'insufficient', reason, n, nLabel };
}

function built(evidence: Evidence | EvidenceBuilder): Evidence {
  return 'build' in evidence ? evidence.build() : evidence;
}

/**
 * The `interval` (or, still being drawn, `pendingInterval`) part of a measured result's extras,
 * from a `bootstrap(...)` (src/stats/bootstrap-thread.ts): nothing when there is no interval.
 */
export function withInterval(
  interval: [number, number] | undefined | Promise<[number, number] | undefined>,
): { interval?: [number, number]; pendingInterval?: Promise<[number, number] | undefined> } {
  if (interval instanceof Promise) return { pendingInterval: interval };
  return interval ? { interval } : {};
}

/**
 * The tables a metric reads given the data: its `requires`, and of each `requiresOneOf` group the
 * first table with rows. `missingGroups`: groups without a table with rows; `unread`: the group
 * tables not read (their required fields are not checked).
 */
export function tablesRead(
  metric: Pick<MetricDefinition<Record<string, unknown>>, 'requires' | 'requiresOneOf'>,
  tables: Tables,
): { read: TableName[]; missingGroups: TableName[][]; unread: Set<TableName> } {
  const read = [...metric.requires];
  const missingGroups: TableName[][] = [];
  const unread = new Set<TableName>();
  for (const group of metric.requiresOneOf ?? []) {
    const chosen = group.find((t) => tables[t].length > 0);
    if (chosen === undefined) missingGroups.push(group);
    else read.push(chosen);
    for (const t of group) if (t !== chosen) unread.add(t);
  }
  return { read, missingGroups, unread };
}
