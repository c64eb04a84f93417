/**
 * The analyze job, free of any process concerns: folder + rubric → Report.
 * Commands call this; tests can too.
 */
import { PullcheckError } from '../core/errors.js';
import { toolVersion } from '../core/tool.js';
import { daySummaryReason, listDataFiles, loadDataset, type LoadOptions } from '../ingest/load-dataset.js';
import type { Dataset } from '../core/model.js';
import { METRICS } from '../metrics/index.js';
import { DAY_MS } from '../core/calendar.js';
import { deriveFromEvents } from '../ingest/derive-users.js';
import { buildReport, type BuildOptions } from '../report/build.js';
import type { Report, TrendPoint } from '../report/types.js';
import { trendPlan, trendPoint, type TrendPeriod } from '../report/trend.js';
import { latestWithoutOutliers, outlierIssues, OUTLIERS_SHOWN } from '../report/date-outliers.js';
import { defaultRubricPath, loadRubric } from '../rubric/load.js';
import { loadAnswers } from '../questionnaire/answers.js';
import { findConfig, loadConfig } from '../config/load.js';
import { DEFAULT_SETTINGS, exactTimeEventLabels, type AnalysisSettings } from '../core/settings.js';


export interface AnalyzeOptions {
  dataDir: string;
  rubricPath?: string;
  /** 'YYYY-MM-DD'; default: the latest date in the data. */
  asOf?: string;
  settings?: AnalysisSettings;
  onProgress?: LoadOptions['onProgress'];
  /** Before each check is computed (after reading). */
  onCheck?: BuildOptions['onCheck'];
  /** Survey answers file (docs/survey.md): answers fill checks without data, and give the perception gap. */
  answersPath?: string;
  /** pullcheck.config.yaml to use (default: the one in the data folder, else the current folder; docs/config.md). */
  configPath?: string;
  /** `--trend`: also analyse as of each month or quarter end within the data's span (src/report/trend.ts). */
  trend?: TrendPeriod;
}

export async function analyze(options: AnalyzeOptions): Promise<Report> {
  // Cheap checks first: a missing folder or a broken rubric should fail before minutes of reading.
  listDataFiles(options.dataDir);
  const rubric = loadRubric(options.rubricPath ?? defaultRubricPath(), METRICS);
  const answers = options.answersPath === undefined ? null : loadAnswers(options.answersPath, rubric);
  const configFile = findConfig(options.configPath, options.dataDir);
  const config = configFile === null ? null : loadConfig(configFile);
  const settings = options.settings ?? config?.settings ?? DEFAULT_SETTINGS;
  const load = { onProgress: options.onProgress, overrides: config?.overrides, exactTimeEvents: exactTimeEventLabels(settings) };
  const inputs: AnalysisInputs = { options, rubric, answers, configFile, settings, configAsOf: config?.asOf ?? null };
  const first = await loadAndAnalyse(options.dataDir, load, inputs);
  // DuckDB's day summaries keep each group's earliest and latest times. When a check compared
  // event times with a time inside one of them (a signup within a day of invites, say), its
  // count could differ from the events': the folder is read again, its events row by row, so the
  // report is the one a row-by-row read gives (docs/engine-plan.md, "Exactness at sub-day times").
  if (first.split.size === 0) return first.report;
  return (await loadAndAnalyse(options.dataDir, { ...load, rowByRowBecause: daySummaryReason(first.split) }, inputs)).report;
}

/** One read of the folder and its report; `split`: what its checks could not settle from day summaries. */
async function loadAndAnalyse(dir: string, load: LoadOptions, inputs: AnalysisInputs): Promise<{ report: Report; split: ReadonlySet<string> }> {
  // Only the report and the reasons outlive this call: a second read does not hold the first dataset.
  const dataset = await loadDataset(dir, load);
  const report = await analyseLoaded(dataset, inputs);
  return { report, split: dataset.tables.events.timesSplit };
}

interface AnalysisInputs {
  options: AnalyzeOptions;
  rubric: ReturnType<typeof loadRubric>;
  answers: ReturnType<typeof loadAnswers> | null;
  configFile: string | null;
  settings: AnalysisSettings;
  configAsOf: string | null;
}

/** The report of a loaded dataset: derived fields, the as-of date, the checks (and the trend). */
async function analyseLoaded(dataset: Dataset, { options, rubric, answers, configFile, settings, configAsOf }: AnalysisInputs): Promise<Report> {
  deriveFromEvents(dataset, settings);
  let asOfDate = options.asOf ?? configAsOf;
  if (asOfDate === null) {
    // The latest date in the data, without dates far after the rest of their column (each reported).
    const { latest, outliers } = latestWithoutOutliers(dataset.tables);
    await dataset.dateLines?.resolve?.(outliers.slice(0, OUTLIERS_SHOWN));
    dataset.issues.push(...outlierIssues(dataset, outliers, latest));
    // A year past 9999 (9999-12-31 with a time zone west of UTC, a placeholder for "never") has
    // no YYYY-MM-DD: say so of the data, not of an --as-of nobody passed.
    if (latest !== null && latest >= LAST_WRITABLE_DAY_END) {
      throw new PullcheckError('DATES_PAST_9999', `the latest date in ${options.dataDir} is after the year 9999 (${new Date(latest).toISOString()}), so no as-of date can be written for it`, {
        hint: 'pass --as-of YYYY-MM-DD, or correct those dates (9999-12-31 often stands for "never")',
      });
    }
    asOfDate = latest === null ? null : new Date(latest).toISOString().slice(0, 10);
  }
  if (asOfDate === null) {
    throw new PullcheckError('NO_DATES', `no readable dates in ${options.dataDir}, so there is no as-of date`, {
      hint: 'pass --as-of YYYY-MM-DD',
    });
  }
  const build = {
    dataset,
    rubric,
    metrics: METRICS,
    settings,
    asOf: parseAsOf(asOfDate) + DAY_MS,
    asOfDate,
    toolVersion: toolVersion(),
    answers,
    configFile,
    onCheck: options.onCheck,
  };
  if (options.trend === undefined) return await buildReport(build);
  // The trend's span and its cap first: a trend that cannot be drawn fails before any check runs.
  const plan = trendPlan(dataset.tables, asOfDate, options.trend, settings.fiscalYearStart);
  const report = await buildReport(build);
  const points: TrendPoint[] = [];
  // What does not depend on the date (users by id, each feature's core events…) is built once for all points.
  const carry = new Map<unknown, unknown>();
  for (const end of plan.ends) {
    // The same dataset and checks as of each period end; answers are today's, so past points
    // measure only. A point keeps scores, never intervals, so no bootstrap is drawn.
    const past = await buildReport({
      ...build,
      asOf: parseAsOf(end) + DAY_MS,
      asOfDate: end,
      answers: null,
      intervals: false,
      carry,
      onCheck: options.onCheck && ((p) => options.onCheck!({ ...p, asOf: end })),
    });
    points.push(trendPoint(past));
  }
  points.push(trendPoint(report));
  return { ...report, warnings: [...report.warnings, ...plan.warnings], trend: points };
}

/** The end of 9999-12-31 UTC: the last day an as-of date can be written for (YYYY-MM-DD). */
const LAST_WRITABLE_DAY_END = Date.UTC(10000, 0, 1);

/** Validate a `--as-of` value: a real calendar date written YYYY-MM-DD. Returns the day's start (ms). */
export function parseAsOf(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new PullcheckError('BAD_AS_OF', `--as-of must be a date written YYYY-MM-DD, got "${value}"`, {
      hint: 'e.g. --as-of 2026-06-30',
    });
  }
  return ms;
}
