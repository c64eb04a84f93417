/**
 * The CI gate (docs/ci.md): a report, an optional baseline and the gate options → GateReport.
 * Assertions in the manner of lighthouse-ci: each has a level (off | warn | error); errors fail
 * the job, warnings and checks without data fail it only when --fail-on says so.
 *
 * - overall: --min-score, and against a baseline --max-drop / --max-drop-pct (level error);
 * - categories: --max-drop / --max-drop-pct against the baseline (level error);
 * - checks: their rubric `gate:` (default level warn, with the command-line tolerances);
 * - checks without data are always listed (severity insufficient-data);
 * - coverage below the rubric's floor (or no score at all) fails the gate (level error): there is
 *   no score to gate on, only a range, and a gate never passes on no data.
 * A drop counts only when it exceeds both the tolerance and the noise (noise.ts).
 */
import type { CategoryResult, CheckResult, Report } from '../report/types.js';
import { formatValue, noiseText, rangeText } from '../renderers/format.js';
import type { CheckGate, GateLevel } from '../rubric/types.js';
import { metricMethods } from '../metrics/index.js';
import { checkComparable, methodChanges, reportIntervals, type Baseline, type BaselineCheck } from './baseline.js';
import { checkChangeNoise, compareScores, moverNoise, partsNoise, toleranceFor, type Part } from './noise.js';
import type { CheckComparison, FailOn, FindingSeverity, GateFinding, GateReport, ScopeComparison, ScoreChange } from './types.js';

export interface GateOptions {
  baseline?: { data: Baseline; file: string } | null;
  minScore?: number;
  maxDrop?: number;
  maxDropPct?: number;
  /** Besides errors, what fails the job. */
  failOn?: readonly FailOn[];
  /** This pullcheck's metric method versions (default: the registry's), compared with the baseline's. */
  methods?: Record<string, number>;
}

/** The level of a check's gate when the rubric gives none. */
export const DEFAULT_CHECK_GATE: CheckGate = { level: 'warn' };

/**
 * A check not applicable now or in the baseline (config `motions`) is not compared: whatever its
 * scores, the outcome is `not-applicable`, never a drop or a gain.
 */
function notApplicableChange(base: ScoreChange, check: CheckResult, before: BaselineCheck): ScoreChange {
  const had = before.score !== null ? `the baseline scored it ${num(before.score)}` : 'the baseline had no score';
  const why =
    check.status === 'not-applicable'
      ? `not applicable now (${check.reason ?? 'config motions'}); ${had}: not a drop`
      : `not applicable in the baseline; now ${check.score === null ? 'no score' : `scored ${num(check.score)}`}: not compared`;
  return { ...base, change: null, noise: null, outcome: 'not-applicable', why };
}

/**
 * A category or overall score whose checks changed applicability since the baseline weighs other
 * checks than the baseline's: its change is shown, never counted as a drop or a gain. The checks
 * themselves are compared one by one.
 */
function notCompared(base: ScoreChange, changed: readonly string[], methodChanged: readonly string[] = []): ScoreChange {
  const list = (ids: readonly string[]) => (ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', '));
  const reasons = [
    ...(changed.length ? [`${list(changed)} ${changed.length === 1 ? 'is' : 'are'} not applicable on one side only (config motions)`] : []),
    ...(methodChanged.length ? [`${list(methodChanged)} ${methodChanged.length === 1 ? 'is' : 'are'} computed by a changed method since the baseline`] : []),
  ];
  return { ...base, outcome: 'not-compared', why: `not compared: ${reasons.join('; ')}; its checks are compared one by one` };
}

/** A check whose metric's method changed since the baseline: its change is shown, never a drop or a gain. */
function methodChangedChange(base: ScoreChange, metric: string, change: { before: number; after: number }): ScoreChange {
  return { ...base, noise: null, outcome: 'method-changed', why: `method changed since the baseline (${metric} v${change.before} → v${change.after}): not a drop; re-baseline with --update-baseline or --save-baseline` };
}

export function evaluateGate(report: Report, options: GateOptions): GateReport {
  const failOn: FailOn[] = ['error', ...(options.failOn ?? []).filter((f) => f !== 'error')];
  const failsAt = (severity: FindingSeverity): boolean => severity === 'error' || failOn.includes(severity);
  const findings: GateFinding[] = [];
  const add = (f: Omit<GateFinding, 'fails'>): void => {
    findings.push({ ...f, fails: failsAt(f.severity) });
  };
  const intervals = reportIntervals(report);
  const checksById = new Map<string, { check: CheckResult; category: CategoryResult }>();
  for (const category of report.categories) for (const check of category.checks) checksById.set(check.id, { check, category });

  // Coverage floor: below it there is no score to gate on (docs/ci.md, "Coverage floor").
  const floor = report.coverageFloor ?? 0;
  const below = report.score === null || report.coverage < floor;
  const pct = (v: number): string => `${Math.round(v * 100)}%`;
  if (below) {
    const range = report.range ? `; the score could be anywhere from ${rangeText(report.range).replace('–', ' to ')}` : '';
    const why = report.score === null ? 'no check had data' : `coverage ${pct(report.coverage)} of the rubric's weight is below its floor of ${pct(floor)}${range}`;
    const min = options.minScore !== undefined ? `, so the minimum of ${num(options.minScore)} cannot be checked` : '';
    add({
      kind: 'coverage', scope: 'overall', id: 'overall', category: null, title: 'Coverage', severity: 'error',
      expected: `coverage ≥ ${pct(floor)}${options.minScore !== undefined ? ` and score ≥ ${num(options.minScore)}` : ''}`,
      actual: report.score === null ? 'no score' : `coverage ${pct(report.coverage)}, score range ${rangeText(report.range)}`,
      message: `Overall score: ${why}${min}; export the missing data (What to export next)`,
    });
  } else if (options.minScore !== undefined && report.score! < options.minScore) {
    add({
      kind: 'min-score', scope: 'overall', id: 'overall', category: null, title: 'Overall score', severity: 'error',
      expected: `≥ ${num(options.minScore)}`, actual: num(report.score!),
      message: `Overall score ${num(report.score!)} is below the minimum of ${num(options.minScore)}`,
    });
  }

  // Against the baseline.
  let overall: ScoreChange | null = null;
  const categories: ScopeComparison[] = [];
  const checks: CheckComparison[] = [];
  let baselineInfo: GateReport['baseline'] = null;
  const baselineChecks = new Map<string, BaselineCheck>();
  if (options.baseline) {
    const { data: baseline, file } = options.baseline;
    const { rubricChanged } = checkComparable(baseline, report, file);
    const changedMethods = methodChanges(baseline, options.methods ?? metricMethods());
    const methodOf = new Map(changedMethods.map((m) => [m.metric, m]));
    // A baseline below the floor has no score to compare with: say so (the current side is above).
    const baselineBelow = baseline.score === null || baseline.coverage < floor;
    if (baselineBelow && !below) {
      add({
        kind: 'coverage', scope: 'overall', id: 'baseline', category: null, title: 'Baseline coverage', severity: 'warn',
        expected: `baseline coverage ≥ ${pct(floor)}`, actual: `baseline coverage ${pct(baseline.coverage)}`,
        message: `Baseline: coverage ${pct(baseline.coverage)} of the rubric's weight was below the floor of ${pct(floor)}, so its overall score is not a measurement; changes against it are shown for the checks both runs scored, and a drop of the overall score is not a regression`,
      });
    }
    for (const k of baseline.checks) baselineChecks.set(k.id, k);
    baselineInfo = {
      file,
      asOf: baseline.asOf,
      toolVersion: baseline.tool.version,
      rubric: { ...baseline.rubric },
      rubricChanged,
      methodChanges: changedMethods,
      removedChecks: baseline.checks.filter((k) => !checksById.has(k.id)).map((k) => k.id),
      addedChecks: [...checksById.keys()].filter((id) => !baselineChecks.has(id)),
    };

    // Checks first: categories and the overall score take their noise from the parts that moved.
    const categoryFindings: Array<Omit<GateFinding, 'fails'>> = [];
    const checkFindings: Array<Omit<GateFinding, 'fails'>> = [];
    const categoryParts: Part[] = [];
    let categoriesLikeForLike = true;
    // Weighted checks not applicable on one side only: the scores around them weigh different checks.
    const applicabilityChanged: string[] = [];
    const methodChangedChecks: string[] = [];
    for (const category of report.categories) {
      const parts: Part[] = [];
      let likeForLike = true;
      const changedHere: string[] = [];
      const methodHere: string[] = [];
      for (const check of category.checks) {
        const before = baselineChecks.get(check.id);
        if (check.weight > 0 && ((before?.score ?? null) === null) !== (check.score === null)) likeForLike = false;
        if (!before) continue;
        if (check.weight > 0 && (check.status === 'not-applicable') !== (before.status === 'not-applicable')) changedHere.push(check.id);
        const gate = check.gate ?? DEFAULT_CHECK_GATE;
        const fromRubric = gate.maxDrop !== undefined || gate.maxDropPct !== undefined;
        const tolerance = fromRubric
          ? toleranceFor(before.score, gate.maxDrop, gate.maxDropPct, ' (rubric gate)')
          : toleranceFor(before.score, options.maxDrop, options.maxDropPct);
        const afterInterval = intervals.checks.get(check.id) ?? null;
        const notApplicable = check.status === 'not-applicable' || before.status === 'not-applicable';
        const method = methodOf.get(check.metric);
        if (method && !notApplicable && check.weight > 0) methodHere.push(check.id);
        const noise = notApplicable || method ? undefined : (checkChangeNoise(before, check, check.threshold) ?? undefined);
        const score = notApplicable
          ? notApplicableChange(compareScores(before.score, before.scoreInterval, check.score, afterInterval, tolerance), check, before)
          : method
            ? methodChangedChange(compareScores(before.score, before.scoreInterval, check.score, afterInterval, tolerance), check.metric, method)
            : compareScores(before.score, before.scoreInterval, check.score, afterInterval, tolerance, noise);
        if (noise) {
          score.noiseFrom = 'value';
          parts.push({ weight: check.weight, change: score.change ?? 0, noise });
        }
        const comparison: CheckComparison = {
          id: check.id,
          title: check.title,
          category: category.id,
          format: check.format,
          threshold: check.threshold,
          level: gate.level,
          before: { value: before.value, interval: before.interval, score: before.score, status: before.status, n: before.n },
          after: { value: check.value, interval: check.interval, score: check.score, status: check.status, n: check.n },
          thresholdChanged:
            before.threshold.pass !== check.threshold.pass || before.threshold.fail !== check.threshold.fail || before.threshold.better !== check.threshold.better,
          score,
        };
        checks.push(comparison);
        if (score.outcome === 'regressed' && gate.level !== 'off') {
          const values = `${formatValue(before.value, check.format)} → ${formatValue(check.value, check.format)}`;
          checkFindings.push(dropFinding('check', check.id, category.id, `${check.title} [${check.id}]`, score, gate.level, values));
        }
      }
      // Checks of this category that the baseline scored and this rubric no longer has.
      if (baseline.checks.some((k) => k.category === category.id && k.weight > 0 && k.score !== null && !checksById.has(k.id))) likeForLike = false;

      const before = baseline.categories.find((c) => c.id === category.id);
      if (!before) continue;
      const afterInterval = intervals.categories.get(category.id) ?? null;
      const noise =
        likeForLike || before.score === null || category.score === null
          ? partsNoise(parts)
          : moverNoise(before.score, before.scoreInterval, category.score, afterInterval);
      const compared = compareScores(before.score, before.scoreInterval, category.score, afterInterval, toleranceFor(before.score, options.maxDrop, options.maxDropPct), noise);
      if (!likeForLike) compared.noiseFrom = 'interval';
      if (changedHere.length && category.weight > 0) applicabilityChanged.push(...changedHere);
      if (methodHere.length && category.weight > 0) methodChangedChecks.push(...methodHere);
      const score = changedHere.length || methodHere.length ? notCompared(compared, changedHere, methodHere) : compared;
      categories.push({ id: category.id, title: category.title, score });
      if (before.score !== null && category.score !== null && category.weight > 0) {
        categoryParts.push({ weight: category.weight, change: score.change ?? 0, noise });
      } else if (category.weight > 0 && (before.score === null) !== (category.score === null)) {
        categoriesLikeForLike = false;
      }
      if (score.outcome === 'regressed') categoryFindings.push(dropFinding('category', category.id, null, category.title, score, 'error'));
    }

    const overallTolerance = toleranceFor(baseline.score, options.maxDrop, options.maxDropPct);
    const overallCompared =
      categoriesLikeForLike || baseline.score === null || report.score === null
        ? compareScores(baseline.score, baseline.scoreInterval, report.score, intervals.overall, overallTolerance, partsNoise(categoryParts))
        : compareScores(baseline.score, baseline.scoreInterval, report.score, intervals.overall, overallTolerance);
    overall = applicabilityChanged.length || methodChangedChecks.length ? notCompared(overallCompared, applicabilityChanged, methodChangedChecks) : overallCompared;
    // A score below the floor (either side) is not a measurement: the coverage findings say so.
    if (overall.outcome === 'regressed' && !baselineBelow && !below) add(dropFinding('overall', 'overall', null, 'Overall score', overall, 'error'));
    for (const f of categoryFindings) add(f);
    for (const f of checkFindings) add(f);
  }

  // Per-check minimum scores from the rubric.
  for (const { check, category } of checksById.values()) {
    const gate = check.gate;
    if (!gate || gate.level === 'off' || gate.minScore === undefined || check.score === null) continue;
    if (check.score < gate.minScore) {
      add({
        kind: 'min-score', scope: 'check', id: check.id, category: category.id, title: `${check.title} [${check.id}]`, severity: gate.level,
        expected: `score ≥ ${num(gate.minScore)}`, actual: `score ${num(check.score)} (${formatValue(check.value, check.format)})`,
        message: `${check.title} [${check.id}]: score ${num(check.score)} (${formatValue(check.value, check.format)}) is below the rubric's minimum of ${num(gate.minScore)}`,
      });
    }
  }

  // --fail-on warn: a check the report itself marks WARN or FAIL fails the job too (a new user
  // reads "warn" as the WARN in the report, not only as warn-level regressions).
  if (failOn.includes('warn')) {
    for (const { check, category } of checksById.values()) {
      const level: GateLevel = (check.gate ?? DEFAULT_CHECK_GATE).level;
      if ((check.status !== 'warn' && check.status !== 'fail') || level === 'off' || check.weight <= 0 || category.weight <= 0) continue;
      const value = `${formatValue(check.value, check.format)} (${check.threshold.better === 'lower' ? 'pass ≤' : 'pass ≥'} ${formatValue(check.threshold.pass, check.format)})`;
      add({
        kind: 'status', scope: 'check', id: check.id, category: category.id, title: `${check.title} [${check.id}]`, severity: 'warn',
        expected: 'pass', actual: `${check.status} at ${value}`,
        message: `${check.title} [${check.id}]: ${check.status.toUpperCase()} at ${value} (--fail-on warn)`,
      });
    }
  }

  // Checks without data: never silent.
  for (const { check, category } of checksById.values()) {
    const level: GateLevel = (check.gate ?? DEFAULT_CHECK_GATE).level;
    if (check.score !== null || check.status === 'not-applicable' || level === 'off' || check.weight <= 0 || category.weight <= 0) continue;
    const before = baselineChecks.get(check.id);
    const had = before && before.score !== null ? ` (the baseline had ${formatValue(before.value, before.format)}, n = ${before.n.toLocaleString('en-US')})` : '';
    const what = check.status === 'error' ? 'error' : 'insufficient data';
    add({
      kind: 'insufficient-data', scope: 'check', id: check.id, category: category.id, title: `${check.title} [${check.id}]`, severity: 'insufficient-data',
      expected: 'a value', actual: what,
      message: `${check.title} [${check.id}]: ${what}: ${check.reason ?? 'no value'}${had}`,
    });
  }

  const severityRank: Record<FindingSeverity, number> = { error: 0, warn: 1, 'insufficient-data': 2 };
  const scopeRank = { overall: 0, category: 1, check: 2 } as const;
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => Number(b.f.fails) - Number(a.f.fails) || severityRank[a.f.severity] - severityRank[b.f.severity] || scopeRank[a.f.scope] - scopeRank[b.f.scope] || a.i - b.i)
    .map(({ f }) => f);

  const scopes = [...(overall ? [overall] : []), ...categories.map((c) => c.score), ...checks.filter((c) => c.level !== 'off').map((c) => c.score)];
  const counts = {
    failing: ordered.filter((f) => f.fails).length,
    errors: ordered.filter((f) => f.severity === 'error').length,
    warnings: ordered.filter((f) => f.severity === 'warn').length,
    insufficient: ordered.filter((f) => f.severity === 'insufficient-data').length,
    regressed: scopes.filter((s) => s.outcome === 'regressed').length,
    improved: scopes.filter((s) => s.outcome === 'improved').length,
  };
  const gate: GateReport = {
    passed: counts.failing === 0,
    failOn,
    options: { minScore: options.minScore ?? null, maxDrop: options.maxDrop ?? null, maxDropPct: options.maxDropPct ?? null },
    baseline: baselineInfo,
    overall,
    categories,
    checks,
    findings: ordered,
    counts,
    summary: '',
  };
  gate.summary = summarise(gate, report);
  return gate;
}

function dropFinding(
  scope: GateFinding['scope'],
  id: string,
  category: string | null,
  title: string,
  s: ScoreChange,
  severity: Exclude<GateLevel, 'off'>,
  values?: string,
): Omit<GateFinding, 'fails'> {
  const scores = `${num(s.before!)} → ${num(s.after!)}`;
  const actual = values ? `${values} (score ${scores})` : scores;
  return {
    kind: 'max-drop',
    scope,
    id,
    category,
    title,
    severity,
    expected: `no drop beyond ${s.tolerance > 0 ? `${num(s.tolerance)} points and ` : ''}the noise (${noiseText(s.noise ?? 0)})`,
    actual: `${actual}, ${num(s.change!)} points`,
    message: `${title}: ${actual}: ${s.why}`,
  };
}

function summarise(gate: GateReport, report: Report): string {
  const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
  const failing = gate.findings.filter((f) => f.fails);
  const notes: string[] = [];
  const warnings = gate.findings.filter((f) => f.severity === 'warn' && !f.fails).length;
  const insufficient = gate.findings.filter((f) => f.severity === 'insufficient-data' && !f.fails && f.scope === 'check').length;
  if (warnings) notes.push(plural(warnings, 'warning'));
  if (insufficient) notes.push(`${plural(insufficient, 'check')} without data`);
  const tail = notes.length ? ` (${notes.join(', ')})` : '';

  if (gate.passed) {
    if (!gate.baseline) {
      const min = gate.options.minScore !== null && report.score !== null ? `: score ${num(report.score)} ≥ minimum ${num(gate.options.minScore)}` : '';
      return `gate passed${min}${tail}`;
    }
    const all = [gate.overall!, ...gate.categories.map((c) => c.score), ...gate.checks.map((c) => c.score)];
    if (all.every((s) => s.outcome === 'unchanged' || (s.outcome === 'no-data' && s.before === null && s.after === null))) {
      return `gate passed: no change against the baseline${tail}`;
    }
    const withinNoise = all.filter((s) => s.outcome === 'within-noise' || s.outcome === 'within-tolerance').length;
    const parts = ['no regression beyond the tolerance and the noise'];
    if (gate.counts.improved) parts.push(`${gate.counts.improved} improved`);
    if (withinNoise) parts.push(`${withinNoise} ${withinNoise === 1 ? 'change' : 'changes'} within the noise or tolerance`);
    return `gate passed: ${parts.join('; ')}${tail}`;
  }

  const parts: string[] = [];
  const coverage = failing.find((f) => f.kind === 'coverage' && f.id === 'overall');
  if (coverage) {
    const pct = (v: number): string => `${Math.round(v * 100)}%`;
    parts.push(
      report.score === null
        ? 'no overall score: no check had data'
        : `coverage ${pct(report.coverage)} is below the rubric's ${pct(report.coverageFloor)} floor, so there is no score to gate on (range ${rangeText(report.range)})`,
    );
  }
  const baselineCoverage = failing.find((f) => f.kind === 'coverage' && f.id === 'baseline');
  if (baselineCoverage) parts.push('the baseline\'s coverage was below the floor');
  const overallDrop = failing.find((f) => f.scope === 'overall' && f.kind === 'max-drop');
  if (overallDrop && gate.overall) parts.push(`the overall score dropped ${num(-gate.overall.change!)} points (${num(gate.overall.before!)} → ${num(gate.overall.after!)})`);
  const overallMin = failing.find((f) => f.scope === 'overall' && f.kind === 'min-score');
  if (overallMin) parts.push(report.score === null ? 'no overall score' : `the overall score ${num(report.score)} is below the minimum of ${num(gate.options.minScore!)}`);
  const cats = failing.filter((f) => f.scope === 'category');
  if (cats.length) parts.push(`${plural(cats.length, 'category', 'categories')} regressed (${cats.map((f) => f.title).join(', ')})`);
  const checkDrops = failing.filter((f) => f.scope === 'check' && f.kind === 'max-drop');
  if (checkDrops.length) parts.push(`${plural(checkDrops.length, 'check')} regressed (${checkDrops.map((f) => f.id).join(', ')})`);
  const checkMins = failing.filter((f) => f.scope === 'check' && f.kind === 'min-score');
  if (checkMins.length) parts.push(`${plural(checkMins.length, 'check')} below the rubric's minimum (${checkMins.map((f) => f.id).join(', ')})`);
  const statuses = failing.filter((f) => f.kind === 'status');
  if (statuses.length) {
    const ids = statuses.slice(0, 5).map((f) => f.id).join(', ');
    parts.push(`${plural(statuses.length, 'check')} at WARN or FAIL (--fail-on warn: ${ids}${statuses.length > 5 ? `, and ${statuses.length - 5} more` : ''})`);
  }
  const noData = failing.filter((f) => f.kind === 'insufficient-data');
  if (noData.length) parts.push(`${plural(noData.length, 'check')} without data (--fail-on insufficient-data)`);
  return `gate failed: ${parts.join('; ')}`;
}

/**
 * --update-baseline is a ratchet: the new baseline is written only when the gate passed,
 * nothing regressed (at any level), no check lost its data and the overall score did not drop.
 */
export function ratchet(gate: GateReport): { update: boolean; reason: string } {
  if (!gate.baseline) return { update: false, reason: 'no baseline to update' };
  if (!gate.passed) return { update: false, reason: 'the gate failed' };
  const regressed = gate.checks.filter((c) => c.score.outcome === 'regressed');
  if (regressed.length) return { update: false, reason: `${regressed.length === 1 ? '1 check' : `${regressed.length} checks`} regressed (${regressed.map((c) => c.id).join(', ')})` };
  const lost = gate.checks.filter((c) => c.before.score !== null && c.after.score === null);
  if (lost.length) return { update: false, reason: `${lost.map((c) => c.id).join(', ')} lost ${lost.length === 1 ? 'its' : 'their'} data` };
  const change = gate.overall?.change ?? null;
  const methods = gate.baseline.methodChanges ?? [];
  // A score moved by a changed method is not a drop: re-baselining is what the gate asked for.
  if (change !== null && change < 0 && gate.overall?.outcome !== 'not-compared') return { update: false, reason: `the overall score dropped ${num(-change)} points (within the noise or tolerance)` };
  const what = [
    change === null || change === 0 ? 'no drop' : change > 0 ? `the overall score rose ${num(change)} points` : `the overall score moved ${num(change)} points (not compared)`,
    ...methods.map((m) => `${m.metric} now computed by method v${m.after} (was v${m.before})`),
    ...(gate.baseline.rubricChanged ? ['the rubric file changed since the baseline'] : []),
  ];
  return { update: true, reason: what.join('; ') };
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}
