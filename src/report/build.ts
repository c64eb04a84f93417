/**
 * Running the rubric's checks on a dataset and assembling the Report. Measuring (metrics),
 * scoring (scoring/) and presenting (renderers/) stay separate; this file only wires them.
 */
import type { Dataset, TableName } from '../core/model.js';
import { TABLE_NAMES } from '../core/model.js';
import { Derived } from '../metrics/derived.js';
import { BootstrapThread } from '../stats/bootstrap-thread.js';
import { tablesRead, type DataNeed, type MeasuredResult, type MetricContext, type MetricDefinition, type MetricResult } from '../metrics/types.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { scoreCategories } from '../scoring/aggregate.js';
import { scoredFields } from '../scoring/check.js';
import { businessContext, type AnalysisSettings } from '../core/settings.js';
import type { CategoryResult, CheckResult, Report } from './types.js';
import { noEvidence, type Evidence } from './contract/evidence.js';
import { assembleReport, checkBase } from './assemble.js';
import type { Answers } from '../questionnaire/answers.js';
import { answersSummary, applyAnswer } from '../questionnaire/apply.js';
import { perceptionGap } from '../questionnaire/perception-gap.js';
import { knownPeople, Scrubber, scrubCheck } from '../core/privacy.js';
import type { CheckProgress } from '../ingest/progress.js';
import { WHERE_TO_FIND } from '../core/vocabularies.js';
import { tableDateSpans, windowDaysOf, windowOutsideData, type TableSpans } from './data-spans.js';
import { fieldLabel, withArticle } from './export-next.js';
import { notApplicableReason } from '../core/motions.js';

export interface BuildOptions {
  dataset: Dataset;
  rubric: Rubric;
  metrics: ReadonlyArray<MetricDefinition<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  settings: AnalysisSettings;
  /** Exclusive end of the as-of day (epoch ms). */
  asOf: number;
  asOfDate: string;
  toolVersion: string;
  /** Survey answers (docs/survey.md): used where the data has no value, and for the perception gap. */
  answers?: Answers | null;
  /** The config file the exports were read with, named in the report. */
  configFile?: string | null;
  /** Called before each check is computed (in rubric order), e.g. for a spinner. */
  onCheck?: (progress: CheckProgress) => void;
  /** false: no bootstrap intervals (MetricContext.intervals), for `--trend` points that keep only scores. */
  intervals?: boolean;
  /** Derived data that does not depend on T, shared by the period ends of one `--trend` (Derived's `carry`). */
  carry?: Map<unknown, unknown>;
}

/**
 * Runs every check and assembles the report. Each check is computed in rubric order; a large
 * bootstrap may be queued for the bootstrap thread (src/stats/bootstrap-thread.ts, which decides
 * from the kernels' sizes) and drawn while the following checks are computed, and all are awaited
 * at the end. The report is the same, byte for byte, wherever the bootstraps ran.
 */
export async function buildReport(options: BuildOptions): Promise<Report> {
  const thread = options.intervals === false ? null : new BootstrapThread();
  try {
    const started = startChecks(options, thread);
    // Every check has been computed: draw the queued bootstraps here, sharing the worker's.
    thread?.drain();
    const categories = await Promise.all(started.categories.map((checks) => Promise.all(checks)));
    return assemble(options, categories, started.scrubber);
  } finally {
    thread?.close();
  }
}

type Pending<T> = T | Promise<T>;

/** Computes each check's measurement in rubric order; a bootstrap queued for the bootstrap thread leaves the check pending. */
function startChecks(options: BuildOptions, thread: BootstrapThread | null): { categories: Array<Array<Pending<CheckResult>>>; scrubber: Scrubber } {
  const { dataset, rubric, settings, asOf } = options;
  const derived = new Derived(dataset.tables, settings, asOf, options.carry ?? null);
  const ctx = { asOf, settings, derived, dataset, bootstrap: thread, intervals: options.intervals };
  const spans = tableDateSpans(dataset.tables);
  // Evidence never holds e-mail addresses or people's names (src/core/privacy.ts).
  const scrubber = new Scrubber(knownPeople(dataset));

  // Rubric order. What runs on the bootstrap thread is decided there, from the interval kernels
  // the checks ask for; shared derived data is memoised by what computes it (Derived.memoise).
  const order = rubric.categories.flatMap((category, c) => category.checks.map((check, k) => ({ check, c, k })));
  const categories: Array<Array<Pending<CheckResult>>> = rubric.categories.map((category) => new Array<Pending<CheckResult>>(category.checks.length));
  for (const [done, { check, c, k }] of order.entries()) {
    options.onCheck?.({ done, total: order.length, metric: check.metric });
    const result = runCheck(check, options, ctx, spans);
    const finish = (r: CheckResult): CheckResult => applyAnswer(check, scrubCheck(r, scrubber), options.answers);
    categories[c]![k] = result instanceof Promise ? result.then(finish) : finish(result);
  }
  return { categories, scrubber };
}

function assemble(options: BuildOptions, checksByCategory: CheckResult[][], scrubber: Scrubber): Report {
  const { dataset, rubric } = options;
  const categories = scoreCategories(rubric, checksByCategory);
  const tables: Record<string, number> = {};
  // Events: the export's rows, whether the table holds them or DuckDB's day summaries of them.
  for (const name of TABLE_NAMES) tables[name] = name === 'events' ? dataset.tables.events.rowCount() : dataset.tables[name].length;
  return assembleReport({
    rubric,
    categories,
    asOfDate: options.asOfDate,
    toolVersion: options.toolVersion,
    inputs: {
      // values as exported (lead sources, stages…) may hold e-mails or people's names
      files: dataset.files.map((f) => ({ ...f, ...(f.values ? { values: scrubber.value(f.values) } : {}) })),
      tables,
      answers: options.answers ? answersSummary(options.answers, rubric) : null,
      accountMatch: dataset.accountMatch ?? null,
      links: scrubber.value(dataset.links ?? []),
      context: businessContext(options.settings, dataset),
      // only when something was derived, so reports of exports that carry the columns keep their shape
      ...(dataset.derivedUserFields?.length ? { derived: scrubber.value(dataset.derivedUserFields) } : {}),
      ...(dataset.identity ? { identity: dataset.identity } : {}),
      ...(dataset.wholeNumberIds?.length ? { wholeNumberIds: dataset.wholeNumberIds } : {}),
      ...(options.configFile ? { config: options.configFile } : {}),
    },
    // The as-of warning first: it concerns the whole report, and lists show the first warnings.
    warnings: [...asOfWarnings(options, categories), ...dataset.issues.map((i) => ({ ...i, message: scrubber.text(i.message) }))],
    perceptionGap: options.answers ? perceptionGap(rubric, categories) : null,
  });
}

/** The flag of a check made insufficient because its window lies outside the data, and its warning's code. */
const OUTSIDE_DATA_FLAG = 'outside-data';
const OUTSIDE_DATA = 'AS_OF_OUTSIDE_DATA';

/** One warning naming the checks whose window lies outside the data (an as-of date to check). */
function asOfWarnings(options: BuildOptions, categories: readonly CategoryResult[]): Report['warnings'] {
  const outside = categories.flatMap((c) => c.checks.filter((k) => k.flags.includes(OUTSIDE_DATA_FLAG)));
  if (outside.length === 0) return [];
  const ids = outside.map((k) => k.id);
  const list = ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
  return [
    {
      code: OUTSIDE_DATA,
      file: '--as-of',
      line: 0,
      message: `as of ${options.asOfDate}, ${ids.length === 1 ? '1 check reads' : `${ids.length} checks read`} a window outside the data, so ${ids.length === 1 ? 'it has' : 'they have'} no value: ${list}. Is the as-of date right?`,
    },
  ];
}

function runCheck(check: RubricCheck, options: BuildOptions, ctx: MetricContext, spans: TableSpans): Pending<CheckResult> {
  const metric = options.metrics.find((m) => m.id === check.metric);
  const base = checkBase(check, metric?.unit);
  const noValue = (status: 'insufficient-data' | 'error' | 'not-applicable', reason: string, n = 0, nLabel = '', evidence: Evidence = noEvidence(), needs: DataNeed[] = []): CheckResult => ({
    ...base,
    title: check.title,
    status,
    value: null,
    n,
    nLabel,
    interval: null,
    score: null,
    reason,
    evidence,
    notes: [],
    flags: [],
    ...(needs.length ? { needs } : {}),
  });

  // Before anything is measured: a motion the company does not have is not a lack of data.
  const notApplicable = notApplicableReason(check.presumes, options.settings.motions);
  if (notApplicable) return noValue('not-applicable', notApplicable);
  if (!metric) return noValue('error', `metric ${check.metric} is not in this version of pullcheck`);
  const missing = metric.requires.filter((t) => options.dataset.tables[t].length === 0);
  const reads = tablesRead(metric, options.dataset.tables);
  if (missing.length > 0 || reads.missingGroups.length > 0) {
    const tableNeed = (t: TableName): DataNeed => ({ kind: options.dataset.present.has(t) ? 'rows' : 'table', table: t });
    const needs = [...missing, ...reads.missingGroups.flat()].map(tableNeed);
    const reasons = [...(missing.length ? [missingTablesReason(missing, options.dataset)] : []), ...reads.missingGroups.map((g) => missingGroupReason(g, options.dataset))];
    return noValue('insufficient-data', reasons.join('; '), 0, '', noEvidence(), needs);
  }
  const fieldsRead = (metric.requiresFields ?? []).filter((spec) => !reads.unread.has(spec.split('.')[0] as TableName));
  const missingFields = missingFieldsOf(fieldsRead, options.dataset);
  if (missingFields) return noValue('insufficient-data', missingFields.reason, 0, '', noEvidence(), missingFields.needs);
  const outside = windowOutsideData(reads.read, windowDaysOf(check.params), ctx.asOf, spans);
  if (outside) return { ...noValue('insufficient-data', outside), flags: [OUTSIDE_DATA_FLAG] };

  let result: MetricResult;
  try {
    result = metric.compute(options.dataset.tables, check.params as Record<string, unknown>, ctx);
  } catch (error) {
    return noValue('error', `metric ${metric.id} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.kind === 'insufficient') {
    return noValue('insufficient-data', result.reason, result.n, result.nLabel, result.evidence ?? noEvidence(), result.needs ?? []);
  }
  if (!Number.isFinite(result.value)) {
    return noValue('error', `metric ${metric.id} produced a non-finite value`, result.n, result.nLabel, result.evidence);
  }
  const pending = result.pendingInterval;
  if (pending) {
    // Its bootstrap is being drawn on the bootstrap thread: finish when it is in. A failure is
    // the error the metric would have thrown drawing it here.
    return pending.then(
      (interval) => measuredCheck(check, metric, options, base, result, interval),
      (error: unknown) => noValue('error', `metric ${metric.id} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  return measuredCheck(check, metric, options, base, result, result.interval);
}

type CheckBase = ReturnType<typeof checkBase>;

function measuredCheck(
  check: RubricCheck,
  metric: MetricDefinition<Record<string, unknown>>,
  options: BuildOptions,
  base: CheckBase,
  result: MeasuredResult,
  measuredInterval: [number, number] | undefined,
): CheckResult {
  return {
    ...base,
    ...scoredFields(check, {
      source: 'data',
      value: result.value,
      n: result.n,
      nLabel: result.nLabel,
      interval: measuredInterval ?? null,
      evidence: result.evidence,
      notes: [...(result.notes ?? []), ...joinNotes(metric, options.dataset)],
      series: result.series,
    }),
  };
}

/**
 * Fields are known per file from its mapping; a table has a field when any of its files maps it.
 * Returns the reason when a required field (or every alternative of `a|b`) is absent, or mapped
 * but unusable (`Dataset.unusableFields`, e.g. no deal stage that means won or lost).
 */
export function missingFieldsReason(required: readonly string[], dataset: Dataset): string | null {
  return missingFieldsOf(required, dataset)?.reason ?? null;
}

/** The reason and the column needs (`field` as written: `title|role`) for absent required fields. */
export function missingFieldsOf(required: readonly string[], dataset: Dataset): { reason: string; needs: DataNeed[] } | null {
  const reasons: string[] = [];
  const needs: DataNeed[] = [];
  for (const spec of required) {
    const [table, alternatives] = spec.split('.') as [TableName, string];
    const fields = alternatives.split('|');
    const files = dataset.files.filter((f) => f.table === table);
    const derived = fields.some((field) => dataset.derivedFields?.[`${table}.${field}`] !== undefined);
    const mapped = files.some((f) => fields.some((field) => f.mapping === undefined || field in f.mapping));
    const blank = fields.map((field) => dataset.blankFields?.[`${table}.${field}`]);
    const has = derived || (mapped && blank.some((why) => why === undefined));
    const hint = WHERE_TO_FIND[`${table}.${fields[0]}`];
    const unusable = fields.map((field) => dataset.unusableFields?.[`${table}.${field}`]);
    if (!has && mapped) {
      // Mapped but blank in every row: as good as absent, and the export to fix is the same.
      reasons.push([...new Set(blank.filter((why): why is string => why !== undefined))].join('; '));
      needs.push({ kind: 'column', table, field: alternatives });
    } else if (!has) {
      reasons.push(`the ${table} export has no ${fields.map(fieldLabel).join(' or ')} column${hint ? ` (${hint})` : ''}`);
      needs.push({ kind: 'column', table, field: alternatives });
    } else if (unusable.every((why) => why !== undefined)) {
      // The column is there but its values say nothing usable: a mapping to fix, not an export.
      reasons.push([...new Set(unusable)].join('; '));
    }
  }
  return reasons.length ? { reason: reasons.join('; '), needs } : null;
}

const CRM_TABLES: readonly TableName[] = ['deals', 'contacts', 'activities', 'accounts'];
const PRODUCT_TABLES: readonly TableName[] = ['events', 'users'];

/**
 * A metric that joins CRM and product accounts states how well they matched: its value only
 * speaks for the matched accounts.
 */
export function joinNotes(metric: MetricDefinition<Record<string, unknown>>, dataset: Dataset): string[] {
  const match = dataset.accountMatch;
  const read = tablesRead(metric, dataset.tables).read;
  const joins = read.some((t) => CRM_TABLES.includes(t)) && read.some((t) => PRODUCT_TABLES.includes(t));
  if (!joins || !match || match.rate === null || match.rate >= 0.999) return [];
  const { id, domain, name } = match.matched;
  return [
    `joins CRM and product accounts: ${Math.round(match.rate * 100)}% of ${match.productAccounts} product accounts matched a CRM account (by id ${id}, domain ${domain}, name ${name}); unmatched accounts are not counted`,
  ];
}

/** A group of alternative tables none of which has rows: "needs a subscriptions or deals table; …". */
function missingGroupReason(group: readonly TableName[], dataset: Dataset): string {
  const found = group.filter((t) => dataset.present.has(t));
  return `needs ${withArticle(group.join(' or '))} table; ${found.length ? `the ${found.join(' and ')} file has no usable rows` : `no ${group.join(' or ')} file was found`}`;
}

function missingTablesReason(missing: TableName[], dataset: Dataset): string {
  return missing
    .map((t) =>
      dataset.present.has(t) ? `the ${t} file has no usable rows` : `needs ${withArticle(t)} table; no ${t} file was found`,
    )
    .join('; ');
}
