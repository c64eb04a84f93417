/**
 * The CI gate as text: the section the terminal report ends with, and the short summary printed
 * on stdout when the reports themselves go to files. Reads the gate document, and from the report
only its headline and checks.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckComparison, GateFinding, GateReport, ScoreChange } from '../report/contract/gate.js';
import type { Report } from '../report/types.js';
import type { CheckFormat, Threshold } from '../rubric/types.js';
import { coverageText, formatValue, headlineIsRange, headlineScore, noiseText, notApplicableText, wrap } from './format.js';
import { guardTextOutput, sanitiseValues } from './sanitise.js';

/** At most this many checks per list; the rest are counted. */
const LIST_LIMIT = 12;

export function thresholdText(threshold: Threshold, format: CheckFormat): string {
  const f = (v: number): string => formatValue(v, format);
  return threshold.better === 'lower' ? `pass ≤ ${f(threshold.pass)}, fail ≥ ${f(threshold.fail)}` : `pass ≥ ${f(threshold.pass)}, fail ≤ ${f(threshold.fail)}`;
}

export function points(n: number | null): string {
  if (n === null) return '—';
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : String(r);
}

export function score1(n: number | null): string {
  return n === null ? '—' : String(Math.round(n * 10) / 10);
}

export function outcomeLabel(s: Pick<ScoreChange, 'outcome'>): string {
  switch (s.outcome) {
    case 'regressed':
      return 'regressed';
    case 'improved':
      return 'improved';
    case 'within-noise':
      return 'within noise';
    case 'within-tolerance':
      return 'within tolerance';
    case 'unchanged':
      return 'no change';
    case 'no-data':
      return 'no data';
    case 'not-applicable':
      return 'not applicable';
    case 'not-compared':
      return 'not compared';
    case 'method-changed':
      return 'method changed';
  }
}

/** "22.9% → 100% · score 100 → 0 (-100)" */
export function checkChangeText(c: CheckComparison): string {
  return `${formatValue(c.before.value, c.format)} → ${formatValue(c.after.value, c.format)} · score ${score1(c.score.before)} → ${score1(c.score.after)} (${points(c.score.change)})`;
}

/** `report` and `gate` arrive sanitised (sanitise.ts) from the renderer that calls this. */
export function renderGateLines(report: Report, gate: GateReport, c: ChalkInstance, width = 100): string[] {
  const out: string[] = [];
  const badge = gate.passed ? c.green.bold('✔ PASSED') : c.red.bold('✖ FAILED');
  const against = gate.baseline
    ? c.dim(`against ${gate.baseline.file} (as of ${gate.baseline.asOf}, pullcheck ${gate.baseline.toolVersion})`)
    : c.dim('no baseline: minimum scores and data only');
  out.push(`  ${c.bold('CI gate')}  ${badge}  ${against}`);
  if (gate.baseline?.rubricChanged) {
    out.push(c.yellow(`  note: the rubric file changed since the baseline (hash ${gate.baseline.rubric.hash} → ${report.rubric.hash}); checks are compared by id`));
  }
  for (const m of gate.baseline?.methodChanges ?? []) {
    out.push(c.yellow(`  note: ${m.metric} is computed by a changed method since the baseline (v${m.before} → v${m.after}): its checks are not compared; re-baseline`));
  }
  if (gate.baseline && gate.baseline.removedChecks.length) out.push(c.yellow(`  note: not in this rubric any more: ${gate.baseline.removedChecks.join(', ')}`));
  if (gate.baseline && gate.baseline.addedChecks.length) out.push(c.dim(`  new since the baseline (not compared): ${gate.baseline.addedChecks.join(', ')}`));

  if (gate.overall && headlineIsRange(report)) {
    // Below the coverage floor the score is not a measurement: the range, and no change.
    out.push('');
    out.push(`  Overall score  ${score1(gate.overall.before)} → ${c.bold(headlineScore(report))}  ${c.dim('not compared: coverage below the floor')}`);
  } else if (gate.overall) {
    const o = gate.overall;
    out.push('');
    out.push(`  Overall score  ${score1(o.before)} → ${c.bold(score1(o.after))}  ${changeColor(c, o)(`${points(o.change)} points`)}  ${c.dim(`noise ${noiseText(o.noise)} · tolerance ${score1(o.tolerance)}`)}  ${outcomeBadge(c, o)}`);
  }
  if (gate.categories.length) {
    out.push('');
    const titleWidth = Math.max(...gate.categories.map((k) => k.title.length), 8);
    out.push(c.dim(`    ${'Category'.padEnd(titleWidth)}  before   after  change    noise`));
    for (const k of gate.categories) {
      const s = k.score;
      out.push(
        `  ${marker(c, s)} ${k.title.padEnd(titleWidth)}  ${score1(s.before).padStart(6)}  ${score1(s.after).padStart(6)}  ${changeColor(c, s)(points(s.change).padStart(6))}  ${noiseText(s.noise, true).padStart(7)}  ${outcomeBadge(c, s)}`,
      );
    }
  }

  const regressed = gate.checks.filter((k) => k.score.outcome === 'regressed');
  const improved = gate.checks.filter((k) => k.score.outcome === 'improved');
  const quiet = gate.checks.filter((k) => k.score.outcome === 'within-noise' || k.score.outcome === 'within-tolerance');
  if (regressed.length) {
    out.push('');
    out.push(c.bold(`  Regressed checks (${regressed.length})`));
    for (const k of regressed) out.push(...checkBlock(c, k, width));
  }
  if (improved.length) {
    out.push('');
    out.push(c.bold(`  Improved checks (${improved.length})`));
    for (const k of improved.slice(0, LIST_LIMIT)) out.push(`  ${c.green('▲')} ${k.title} ${c.dim(`[${k.id}]`)}  ${checkChangeText(k)}`);
    if (improved.length > LIST_LIMIT) out.push(c.dim(`  … ${improved.length - LIST_LIMIT} more`));
  }
  if (quiet.length) {
    out.push('');
    out.push(c.bold(`  Changes not counted (${quiet.length})`));
    for (const k of quiet.slice(0, LIST_LIMIT)) out.push(`  ${c.dim('·')} ${c.dim(`[${k.id}]`)} ${checkChangeText(k)}: ${k.score.why}`);
    if (quiet.length > LIST_LIMIT) out.push(c.dim(`  … ${quiet.length - LIST_LIMIT} more in --format json`));
  }

  // Checks the company's motions rule out: never a finding, listed so a change of config is visible.
  const notApplicable = report.categories.flatMap((cat) => cat.checks.filter((k) => k.status === 'not-applicable' && k.weight > 0 && cat.weight > 0));
  if (notApplicable.length) {
    const compared = new Map(gate.checks.map((k) => [k.id, k]));
    out.push('');
    out.push(c.bold(`  Not applicable (${notApplicable.length})`));
    for (const k of notApplicable.slice(0, LIST_LIMIT)) {
      const why = compared.get(k.id)?.score.why ?? notApplicableText(k);
      out.push(...wrap(`[${k.id}] ${why}`, width - 4).map((l, i) => `  ${i === 0 ? c.dim('–') : ' '} ${c.dim(l)}`));
    }
    if (notApplicable.length > LIST_LIMIT) out.push(c.dim(`  … ${notApplicable.length - LIST_LIMIT} more in --format json`));
  }

  const others = gate.findings.filter((f) => f.kind !== 'max-drop');
  if (others.length) {
    out.push('');
    out.push(c.bold(`  Other gate findings (${others.length})`));
    for (const f of others.slice(0, LIST_LIMIT * 2)) out.push(`  ${findingMarker(c, f)} ${f.message}`);
    if (others.length > LIST_LIMIT * 2) out.push(c.dim(`  … ${others.length - LIST_LIMIT * 2} more in --format json`));
  }
  out.push('');
  out.push(`  ${gate.passed ? c.green.bold('✔') : c.red.bold('✖')} ${c.bold(gate.summary)}`);
  return out;
}

/** The gate alone, for stdout when the reports go to files. */
export function renderGateSummary(data: Report, gateData: GateReport, options: { colorLevel: 0 | 1 | 2 | 3; width?: number }): string {
  const report = sanitiseValues(data); // sanitise.ts
  const gate = sanitiseValues(gateData);
  const c = new Chalk({ level: options.colorLevel });
  const head = `pullcheck ${report.tool.version} · as of ${report.asOf} · score ${headlineScore(report)} / 100 · ${report.verdict} · ${coverageText(report)}`;
  return guardTextOutput(`${[c.dim(head), '', ...renderGateLines(report, gate, c, Math.max(60, Math.min(options.width ?? 100, 120)))].join('\n')}\n`);
}

function checkBlock(c: ChalkInstance, k: CheckComparison, width: number): string[] {
  const indent = '       ';
  const level = k.level === 'error' ? c.red('error') : k.level === 'warn' ? c.yellow('warn') : c.dim('gate off');
  const lines = [
    `  ${k.level === 'error' ? c.red('✖') : k.level === 'warn' ? c.yellow('▲') : c.dim('·')} ${k.title} ${c.dim(`[${k.id}]`)} ${c.dim('·')} ${level}`,
    `${indent}${c.bold(checkChangeText(k))} · ${thresholdText(k.threshold, k.format)}${k.thresholdChanged ? c.yellow(' (threshold changed)') : ''}`,
  ];
  for (const l of wrap(k.score.why, width - indent.length)) lines.push(`${indent}${c.dim(l)}`);
  return lines;
}

function marker(c: ChalkInstance, s: ScoreChange): string {
  if (s.outcome === 'regressed') return c.red('✖');
  if (s.outcome === 'improved') return c.green('▲');
  return c.dim('·');
}

function findingMarker(c: ChalkInstance, f: GateFinding): string {
  if (f.severity === 'insufficient-data') return f.fails ? c.red('○') : c.dim('○');
  if (f.severity === 'warn') return f.fails ? c.red('▲') : c.yellow('▲');
  return c.red('✖');
}

function outcomeBadge(c: ChalkInstance, s: ScoreChange): string {
  const label = outcomeLabel(s);
  if (s.outcome === 'regressed') return c.red.bold(label);
  if (s.outcome === 'improved') return c.green(label);
  return c.dim(label);
}

function changeColor(c: ChalkInstance, s: ScoreChange): ChalkInstance {
  if (s.outcome === 'regressed') return c.red;
  if (s.outcome === 'improved') return c.green;
  return c.dim;
}

