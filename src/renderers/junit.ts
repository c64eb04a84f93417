/**
 * JUnit XML for CI systems that display test reports (GitLab's `artifacts:reports:junit`,
 * GitHub test-report actions, Jenkins). One test suite per category with one test case per
 * check, and a first suite "pullcheck" for the overall score (and, against a baseline, the
 * category scores).
 *
 * When a gate ran, a test case fails exactly when it fails the gate, so the test report agrees
 * with the exit code, and when the gate failed a check that regressed fails too (it is among the
 * causes, whatever its level); warnings are printed in <system-out>. Without a gate, a check fails when
 * it is at or beyond its rubric's fail threshold. Checks without data are <skipped>.
 * Failures carry the value, the threshold, the change and the recommendation.
 */
import type { GateFinding, GateReport } from '../report/contract/gate.js';
import type { CategoryResult, CheckResult, Report } from '../report/types.js';
import { categoryCaveat, categoryScoreText, coverageText, evidenceContext, evidenceLines, formatValue, headlineIsRange, headlineScore, notApplicableText } from './format.js';
import { points, score1, thresholdText } from './gate-text.js';
import { guardXmlOutput, sanitiseValues } from './sanitise.js';

interface Case {
  name: string;
  classname: string;
  failure?: { type: string; message: string; body: string };
  error?: { type: string; message: string; body: string };
  skipped?: string;
  out?: string;
}

interface Suite {
  name: string;
  id: string;
  cases: Case[];
  properties?: Array<[string, string]>;
}

/** The report as test suites; with `gate` (when a gate ran), test cases fail as the gate does. */
export function renderJunit(data: Report, gateData?: GateReport): string {
  // Every data value made safe (sanitise.ts); attr() and textNode() escape them for XML.
  const report = sanitiseValues(data);
  const gate = gateData && sanitiseValues(gateData);
  const findingsFor = (scope: GateFinding['scope'], id: string): GateFinding[] => gate?.findings.filter((f) => f.scope === scope && f.id === id) ?? [];

  const summary: Suite = {
    name: 'pullcheck',
    id: 'pullcheck',
    properties: [
      ['score', report.score === null ? '' : String(report.score)],
      ['range', report.range ? `${report.range[0]}-${report.range[1]}` : ''],
      ['verdict', report.verdict],
      ['coverage', String(report.coverage)],
      ['coverageFloor', report.coverageFloor === undefined ? '' : String(report.coverageFloor)],
      ['asOf', report.asOf],
      ['rubric', `${report.rubric.id} v${report.rubric.version} (${report.rubric.hash})`],
      ...(gate ? ([['gate', gate.passed ? 'passed' : 'failed'], ['gateSummary', gate.summary]] as Array<[string, string]>) : []),
      ...(gate?.baseline ? ([['baseline', gate.baseline.file], ['baselineAsOf', gate.baseline.asOf]] as Array<[string, string]>) : []),
    ],
    cases: [],
  };
  const overall: Case = { name: 'overall score', classname: 'pullcheck' };
  const overallLines = headlineIsRange(report)
    ? [`score: ${headlineScore(report)} / 100 (${report.verdict}); ${coverageText(report)}: no single score`]
    : [`score: ${score1(report.score)} / 100 (${report.verdict}); ${coverageText(report)}`];
  if (gate?.overall) overallLines.push(`baseline: ${score1(gate.overall.before)}; change ${points(gate.overall.change)}: ${gate.overall.why}`);
  applyFindings(overall, findingsFor('overall', 'overall'), overallLines.join('\n'));
  // Below the coverage floor there is no score to pass: without a gate to fail it, it is skipped.
  if (!gate && headlineIsRange(report)) overall.skipped = overallLines[0]!;
  else if (!overall.failure && overall.out === undefined) overall.out = overallLines.join('\n');
  summary.cases.push(overall);
  for (const k of gate?.categories ?? []) {
    const c: Case = { name: `category ${k.id}`, classname: 'pullcheck.categories' };
    const body = `${k.title}\nscore: ${score1(k.score.before)} → ${score1(k.score.after)} (${points(k.score.change)})\n${k.score.why}`;
    applyFindings(c, findingsFor('category', k.id), body);
    if (!c.failure) c.out = body;
    summary.cases.push(c);
  }

  const suites: Suite[] = [summary];
  for (const category of report.categories) {
    suites.push({
      name: category.title,
      id: category.id,
      properties: [
        ['score', categoryScoreText(category, report.coverageFloor)],
        ['range', category.range ? `${category.range[0]}-${category.range[1]}` : ''],
        ['coverage', String(category.coverage)],
        ...(categoryCaveat(category) ? ([['note', categoryCaveat(category)!]] as Array<[string, string]>) : []),
      ],
      cases: category.checks.map((check) => checkCase(report, gate, category, check, gate ? findingsFor('check', check.id) : null)),
    });
  }

  const count = (s: Suite, what: 'failure' | 'error' | 'skipped'): number => s.cases.filter((c) => c[what] !== undefined).length;
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const s of suites) {
    totals.tests += s.cases.length;
    totals.failures += count(s, 'failure');
    totals.errors += count(s, 'error');
    totals.skipped += count(s, 'skipped');
  }

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="pullcheck" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="0">`);
  for (const s of suites) {
    out.push(
      `  <testsuite name="${attr(s.name)}" id="${attr(s.id)}" tests="${s.cases.length}" failures="${count(s, 'failure')}" errors="${count(s, 'error')}" skipped="${count(s, 'skipped')}" time="0">`,
    );
    if (s.properties?.length) {
      out.push('    <properties>');
      for (const [name, value] of s.properties) out.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
      out.push('    </properties>');
    }
    for (const c of s.cases) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="0"`;
      const inner: string[] = [];
      if (c.failure) inner.push(`      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${textNode(c.failure.body)}</failure>`);
      if (c.error) inner.push(`      <error message="${attr(c.error.message)}" type="${attr(c.error.type)}">${textNode(c.error.body)}</error>`);
      if (c.skipped !== undefined) inner.push(`      <skipped message="${attr(c.skipped)}"/>`);
      if (c.out) inner.push(`      <system-out>${textNode(c.out)}</system-out>`);
      out.push(inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return guardXmlOutput(`${out.join('\n')}\n`);
}

function checkCase(report: Report, gate: GateReport | undefined, category: CategoryResult, check: CheckResult, findings: GateFinding[] | null): Case {
  // Names stay the same from run to run (CI systems track tests by name); the title, which
  // follows the check's status, is in the body.
  const c: Case = { name: check.id, classname: `pullcheck.${category.id}` };
  const comparison = gate?.checks.find((k) => k.id === check.id);
  const lines: string[] = [];
  lines.push(check.title);
  if (check.value !== null) {
    lines.push(`value: ${formatValue(check.value, check.format)}${comparison ? ` (baseline ${formatValue(comparison.before.value, check.format)})` : ''}`);
    if (check.interval) lines.push(`95% interval: ${formatValue(check.interval[0], check.format)} to ${formatValue(check.interval[1], check.format)}`);
    lines.push(`n: ${check.n.toLocaleString('en-US')} ${check.nLabel}`);
  } else {
    lines.push(check.status === 'not-applicable' ? notApplicableText(check) : `no value: ${check.reason ?? 'no data'}`);
  }
  lines.push(`threshold: ${thresholdText(check.threshold, check.format)}`);
  lines.push(`status: ${check.status}; score: ${score1(check.score)}${comparison ? ` (baseline ${score1(comparison.score.before)}, ${points(comparison.score.change)})` : ''}`);
  if (comparison) lines.push(`change: ${comparison.score.why}`);
  lines.push(`recommendation: ${check.recommendation}`);
  const evidence = check.value === null ? [] : evidenceLines(check.evidence, { scalars: 5, lists: 3 }, evidenceContext(report));
  if (evidence.length) lines.push(`evidence: ${evidence.join('; ')}`);
  const body = lines.join('\n');

  // A check the company's motions rule out is skipped, with or without a gate: never a failure.
  if (check.status === 'not-applicable') {
    c.skipped = notApplicableText(check);
    c.out = body;
    return c;
  }
  if (findings) {
    applyFindings(c, findings, body);
    // A failed gate: the checks that regressed are among its causes, whatever their own level.
    if (!c.failure && gate && !gate.passed && comparison?.score.outcome === 'regressed') {
      c.failure = { type: 'regressed', message: `${check.title} [${check.id}] regressed: ${comparison.score.why}`, body };
    }
    if (!c.failure && c.skipped === undefined && check.score === null) c.skipped = `${check.status}: ${check.reason ?? 'no value'}`;
    if (!c.failure && c.out === undefined) c.out = body;
    return c;
  }
  // No gate: the rubric's own thresholds.
  if (check.status === 'fail') c.failure = { type: 'fail', message: `${check.title}: ${formatValue(check.value, check.format)} (${thresholdText(check.threshold, check.format)})`, body };
  else if (check.status === 'error') c.error = { type: 'error', message: check.reason ?? 'metric error', body };
  else if (check.status === 'insufficient-data') c.skipped = `insufficient data: ${check.reason ?? 'no value'}`;
  else c.out = body;
  return c;
}

/** Failing findings make a failure; others are written to system-out. */
function applyFindings(c: Case, findings: GateFinding[], body: string): void {
  const failing = findings.filter((f) => f.fails);
  const rest = findings.filter((f) => !f.fails);
  if (failing.length) {
    c.failure = { type: failing[0]!.kind, message: failing.map((f) => f.message).join('; '), body };
  }
  const notes = rest.map((f) => `${f.severity === 'warn' ? 'warning' : f.severity}: ${f.message}`);
  if (rest.some((f) => f.kind === 'insufficient-data') && !c.failure) c.skipped = rest.find((f) => f.kind === 'insufficient-data')!.message;
  if (notes.length) c.out = `${notes.join('\n')}\n${body}`;
}

/** Characters XML 1.0 cannot hold at all. */
function clean(s: string): string {
  return s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

function attr(s: string): string {
  return clean(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function textNode(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
