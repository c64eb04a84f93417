/** Terminal rendering: a scannable diagnosis, colour only when the caller says so. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { GateReport } from '../report/contract/gate.js';
import type { CheckResult, CheckStatus, Report } from '../report/types.js';
import {
  categoryCaveat, categoryScoreText, contextLine, countOf, coverageText, evidenceContext, evidenceLines, type EvidenceContext, formatThreshold, formatValue, headlineIsRange, headlineScore, linkTableRows, notApplicableText, rangeText, sparkline, TREND_NOTE, trendChangeText, wholeNumberLine, wrap,
} from './format.js';
import { answersInputLine, answerValueLine, perceptionGapLines, surveyShortfallLine } from './survey-text.js';
import { renderGateLines } from './gate-text.js';
import { guardTextOutput, plainText, sanitiseValues } from './sanitise.js';

export interface TerminalOptions {
  /** chalk colour level: 0 = none. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Width of terminal lines (wrapping of long text). */
  width?: number;
  /** The data folder, shown in the heading. */
  dataDir?: string;
  /** false: the terminal cannot show Unicode block characters; sparklines are drawn in ASCII (default true). */
  unicode?: boolean;
}

const BAR_WIDTH = 20;

/** The report, ending with the CI gate's outcome when a gate ran (`gate`). */
export function renderTerminal(data: Report, gate: GateReport | undefined, options: TerminalOptions): string {
  // Every data value and path made safe for a terminal and a CI log (sanitise.ts).
  const report = sanitiseValues(data);
  const c = new Chalk({ level: options.colorLevel });
  const width = Math.max(60, Math.min(options.width ?? 100, 120));
  const out: string[] = [];
  const where = options.dataDir
    ? ` · ${plainText(options.dataDir)}`
    : report.inputs.answers && report.inputs.files.length === 0
      ? ' · survey answers'
      : '';
  out.push(c.dim(`pullcheck ${report.tool.version}${where} · as of ${report.asOf} · rubric ${report.rubric.id} v${report.rubric.version}`));
  out.push('');
  // Below the coverage floor the headline is the range the score could take, never one number.
  const isRange = headlineIsRange(report);
  const headline = isRange ? c.dim.bold(`${headlineScore(report)} / 100`) : scoreColor(c, report.score).bold(`${headlineScore(report)} / 100`);
  const aside = !isRange && report.range && report.range[0] !== report.range[1] ? c.dim(` (range ${rangeText(report.range)})`) : '';
  out.push(`  ${c.bold('Score')}  ${headline}${aside}   ${verdictLabel(c, report.verdict)}   ${c.dim(coverageText(report))}`);
  out.push(c.dim('  100 = product-driven, 0 = sales-driven'));
  // A survey scored from too few answers: questions are left, not exports (survey-text.ts).
  const shortfall = surveyShortfallLine(report);
  if (shortfall) {
    out.push(...wrap(shortfall.trim(), width - 2).map((l) => c.yellow(`  ${l}`)));
  } else if (isRange) {
    const floor = Math.round((report.coverageFloor ?? 0) * 100);
    const from = report.range ? `from ${Math.round(report.range[0])} to ${Math.round(report.range[1])}` : 'anywhere';
    const why = `Only ${Math.round(report.coverage * 100)}% of the rubric's weight had data, below its ${floor}% floor: no single score and no verdict. With the missing checks failing or passing, the score could be anywhere ${from}.`;
    out.push(...wrap(why, width - 2).map((l) => c.yellow(`  ${l}`)));
    if (report.exportNext?.length) out.push(c.yellow('  See "What to export next" below.'));
  }
  if (report.inputs.answers && report.inputs.files.length === 0) {
    out.push(c.dim("  Scored from the team's answers, not measured data."));
    out.push(c.dim('  Test them against your exports: pullcheck analyze DIR --answers FILE'));
  }
  out.push('');

  out.push(c.bold('  Categories'));
  const titleWidth = Math.max(...report.categories.map((cat) => cat.title.length), 10);
  for (const cat of report.categories) {
    const text = categoryScoreText(cat, report.coverageFloor);
    const ranged = text.startsWith('range') || cat.score === null;
    const s = ranged ? c.dim(`  ${text}`) : scoreColor(c, cat.score)(text.padStart(3));
    const notApplicable = cat.checks.filter((k) => k.status === 'not-applicable' && k.weight > 0).length;
    const notes = cat.status === 'not-applicable' ? [] : [
      ...(notApplicable ? [`${notApplicable} not applicable`] : []),
      ...(cat.coverage < 1 ? [`${Math.round(cat.coverage * 100)}% of checks had data`] : []),
      ...(!ranged && cat.range && cat.range[0] !== cat.range[1] ? [`range ${rangeText(cat.range)}`] : []),
      ...(categoryCaveat(cat) ? [categoryCaveat(cat)!] : []),
    ];
    const aside = notes.length ? c.dim(`  (${notes.join('; ')})`) : '';
    out.push(`  ${cat.title.padEnd(titleWidth)}  ${bar(c, ranged ? null : cat.score)} ${s}${aside}`);
  }
  out.push('');
  out.push(...trendLines(c, report, options.unicode ?? true, width));
  out.push(...historyLines(c, report, options.unicode ?? true));

  out.push(c.bold('  Findings'));
  for (const cat of report.categories) {
    out.push('');
    out.push(`  ${c.bold.underline(cat.title)}${cat.item ? c.dim(` (${cat.item})`) : ''}`);
    for (const check of cat.checks) out.push(...renderCheck(c, check, width, evidenceContext(report)));
  }
  out.push('');

  out.push(...perceptionGapLines(report, c, width));

  if (report.topRecommendations.length > 0) {
    // Below the floor the gains are on the range's low bound: the score itself is not known.
    out.push(c.bold(isRange ? '  What would raise the low bound of the range most' : '  What would move the score most'));
    report.topRecommendations.forEach((r, i) => {
      const gain = r.gainOn === 'range-low' ? `+${r.potentialGain} points to the low bound` : `+${r.potentialGain} points`;
      out.push(`  ${i + 1}. ${c.bold(r.title)} ${c.green(`(${gain})`)}`);
      out.push(...wrap(r.recommendation, width - 5).map((l) => `     ${l}`));
    });
    out.push('');
  }

  out.push(...exportNextLines(c, report, width));

  out.push(...renderInputs(c, report));
  // The CI gate last, where a CI log ends (docs/ci.md).
  if (gate) out.push('', ...renderGateLines(report, sanitiseValues(gate), c, width));
  return guardTextOutput(`${out.join('\n')}\n`);
}

/** `--trend`: a sparkline per category and overall on the 0–100 scale, first → last score. */
function trendLines(c: ChalkInstance, report: Report, unicode: boolean, width: number): string[] {
  const trend = report.trend ?? [];
  if (trend.length === 0) return [];
  const titleWidth = Math.max(...report.categories.map((cat) => cat.title.length), 10);
  const row = (label: string, scores: Array<number | null>): string =>
    `  ${label.padEnd(titleWidth)}  ${sparkline(scores, unicode)}  ${c.dim(trendChangeText(scores, unicode))}`;
  const span = trend.length === 1 ? `as of ${trend[0]!.asOf}` : `${trend.length} points from ${trend[0]!.asOf} to ${trend[trend.length - 1]!.asOf}`;
  const lines = [c.bold(`  Score over time`) + c.dim(` (${span}; 0–100 scale, blank: no score)`)];
  lines.push(row('Overall', trend.map((p) => p.score)));
  for (const cat of report.categories) {
    lines.push(row(cat.title, trend.map((p) => p.categories.find((k) => k.id === cat.id)?.score ?? null)));
  }
  const coverage = trend.map((p) => `${Math.round(p.coverage * 100)}%`);
  lines.push(c.dim(`  ${'Coverage'.padEnd(titleWidth)}  ${coverage[0]} ${unicode ? '→' : '->'} ${coverage[coverage.length - 1]}`));
  lines.push(...wrap(TREND_NOTE, width - 2).map((l) => c.dim(`  ${l}`)), '');
  return lines;
}

/** `--history`: the runs' scores as a sparkline, and the last run before this one. */
function historyLines(c: ChalkInstance, report: Report, unicode: boolean): string[] {
  const runs = report.history ?? [];
  if (runs.length === 0) return [];
  const scores = runs.map((r) => r.score);
  const previous = runs.length > 1 ? runs[runs.length - 2]! : null;
  const before = previous ? c.dim(`; before this run: ${previous.score === null ? `range ${rangeText(previous.range)}` : Math.round(previous.score)} as of ${previous.asOf} (run ${previous.runAt.slice(0, 10)})`) : c.dim('; the first run in the file');
  return [`${c.bold('  Runs')} ${c.dim(`(${runs.length})`)}  ${sparkline(scores, unicode)}  ${c.dim(trendChangeText(scores, unicode))}${before}`, ''];
}

/** At most this many needs in the terminal; the JSON has them all. */
const EXPORT_NEXT_LIMIT = 5;

function exportNextLines(c: ChalkInstance, report: Report, width: number): string[] {
  const items = report.exportNext ?? [];
  if (items.length === 0) return [];
  const lines = [c.bold('  What to export next'), c.dim('  points: the share of the rubric whose checks it would bring into the score')];
  items.slice(0, EXPORT_NEXT_LIMIT).forEach((item, i) => {
    const checks = item.checks.length > 3 ? `${item.checks.slice(0, 3).join(', ')}, …` : item.checks.join(', ');
    lines.push(`  ${i + 1}. ${c.bold(item.label)} ${c.green(`(+${item.weight} points)`)} ${c.dim(`· ${item.checks.length === 1 ? '1 check' : `${item.checks.length} checks`}: ${checks}`)}`);
    for (const hint of item.where.slice(0, 3)) {
      lines.push(...wrap(`${hint.vendor}: ${hint.where}`, width - 7).map((l, j) => `     ${j === 0 ? '' : '  '}${c.dim(l)}`));
    }
  });
  if (items.length > EXPORT_NEXT_LIMIT) lines.push(c.dim(`  … ${items.length - EXPORT_NEXT_LIMIT} more in --format json (exportNext)`));
  lines.push('');
  return lines;
}

function renderCheck(c: ChalkInstance, check: CheckResult, width: number, ctx: EvidenceContext): string[] {
  const lines: string[] = [];
  lines.push(`  ${statusBadge(c, check.status)} ${check.title} ${c.dim(`[${check.id}]`)}`);
  const indent = '         ';
  if (check.value !== null && check.valueSource === 'answer') {
    lines.push(`${indent}${answerValueLine(c, check)}`);
  } else if (check.value !== null) {
    const interval = check.interval ? c.dim(` (95% interval ${formatValue(check.interval[0], check.format)}–${formatValue(check.interval[1], check.format)})`) : '';
    const flags = check.flags.length ? c.yellow(` ${check.flags.join(', ')}`) : '';
    lines.push(`${indent}${c.bold(formatValue(check.value, check.format))}${interval} · n = ${check.n.toLocaleString('en-US')} ${check.nLabel} · ${formatThreshold(check)} · score ${Math.round(check.score ?? 0)}${flags}`);
  } else if (check.status === 'not-applicable') {
    lines.push(...wrap(notApplicableText(check), width - indent.length).map((l) => `${indent}${c.dim(l)}`));
  } else {
    lines.push(`${indent}${c.dim(`${check.reason ?? 'no value'}${check.n ? ` (n = ${check.n.toLocaleString('en-US')} ${check.nLabel})` : ''}`)}`);
  }
  // The full evidence is in the JSON; the terminal shows the first counts and examples.
  const evidence = check.value === null ? [] : evidenceLines(check.evidence, { scalars: 5, lists: 2 }, ctx);
  for (const line of evidence) {
    lines.push(...wrap(line, width - indent.length).map((l) => `${indent}${c.dim(l)}`));
  }
  for (const note of check.notes) lines.push(...wrap(`note: ${note}`, width - indent.length).map((l) => `${indent}${c.yellow(l)}`));
  if (check.status === 'warn' || check.status === 'fail') {
    lines.push(...wrap(`→ ${check.recommendation}`, width - indent.length).map((l) => `${indent}${l}`));
  }
  return lines;
}

/** Skipped files listed one per line up to this many; more are summed up per reason. */
const MAX_SKIPPED_LINES = 20;

function renderInputs(c: ChalkInstance, report: Report): string[] {
  const lines = [c.bold('  Inputs')];
  // Skipped entries one per line while few; past that, one line per reason (JSON lists them all).
  const skipped = report.inputs.files.filter((f) => !f.table);
  const grouped = skipped.length > MAX_SKIPPED_LINES;
  if (grouped) {
    const byReason = new Map<string, string[]>();
    for (const f of skipped) byReason.set(f.reason ?? 'skipped', [...(byReason.get(f.reason ?? 'skipped') ?? []), f.path]);
    for (const [reason, paths] of byReason) {
      lines.push(`  ${c.yellow(`${paths.length.toLocaleString('en-US')} skipped`)} — ${reason}: ${paths[0]}${paths.length > 1 ? ', …' : ''}`);
    }
  }
  for (const f of report.inputs.files) {
    if (f.kind === 'lookup') {
      // Read aside: it translates another file's ids.
      const left = Object.values(f.excluded ?? {}).reduce((a, b) => a + b, 0);
      lines.push(`  ${f.path}: lookup (${f.lookup?.describes ?? 'ids'}), ${f.rows.toLocaleString('en-US')} rows${left ? `, ${left.toLocaleString('en-US')} excluded` : ''}`);
      continue;
    }
    if (!f.table) {
      if (!grouped) lines.push(`  ${f.path}: ${c.yellow('skipped')}${f.reason ? ` — ${f.reason}` : ''}`);
      continue;
    }
    const table = `${f.table}${f.layout && f.layout !== 'pullcheck' ? ` (${f.layout})` : ''}`;
    const rejected = f.rejected ? c.yellow(`, ${f.rejected.toLocaleString('en-US')} rejected`) : '';
    const left = Object.values(f.excluded ?? {}).reduce((a, b) => a + b, 0);
    const excluded = left ? `, ${left.toLocaleString('en-US')} excluded (${Object.keys(f.excluded!).join(', ')})` : '';
    lines.push(`  ${f.path}: ${table}, ${countOf(f.rows, 'row')}${rejected}${excluded}`);
  }
  if (report.inputs.config) lines.push(`  read with ${report.inputs.config}`);
  const context = contextLine(report.inputs.context);
  if (context) lines.push(`  context: ${context}`);
  const answers = answersInputLine(report);
  if (answers) lines.push(answers);
  const links = report.inputs.links ?? []; // absent in reports written before links were measured
  if (links.length > 0) {
    lines.push('');
    lines.push(c.bold('  Links'));
    for (const [id, linked, rate, keys, gaps] of linkTableRows(links)) {
      lines.push(`  ${id.padEnd(20)} ${rate.padStart(4)}  ${linked.padEnd(15)} ${c.dim(`by ${keys}${gaps ? `; ${gaps}` : ''}`)}`);
    }
  }
  // Ids joined by their whole-number form (1.0 = 1), under the links they joined.
  for (const j of report.inputs.wholeNumberIds ?? []) lines.push(`  ${wholeNumberLine(j)}`);
  if (report.warnings.length > 0) {
    lines.push('');
    lines.push(c.bold(`  Warnings (${report.warnings.length})`));
    for (const w of report.warnings.slice(0, 10)) {
      const at = w.line > 0 ? `${w.file}:${w.line}` : w.file;
      lines.push(`  ${c.yellow('!')} ${at}: ${w.message}`);
    }
    if (report.warnings.length > 10) lines.push(c.dim(`  … ${report.warnings.length - 10} more in --format json`));
  }
  return lines;
}

function statusBadge(c: ChalkInstance, status: CheckStatus): string {
  switch (status) {
    case 'pass':
      return c.green('✔ PASS');
    case 'warn':
      return c.yellow('▲ WARN');
    case 'fail':
      return c.red('✖ FAIL');
    case 'insufficient-data':
      return c.dim('○ MISS');
    case 'not-applicable':
      return c.dim('– N/A ');
    case 'error':
      return c.magenta('‼ ERR ');
  }
}

function verdictLabel(c: ChalkInstance, verdict: Report['verdict']): string {
  const text = verdict.toUpperCase();
  if (verdict === 'product-driven') return c.green.bold(text);
  if (verdict === 'sales-driven') return c.red.bold(text);
  if (verdict === 'mixed') return c.yellow.bold(text);
  return c.dim(text);
}

function scoreColor(c: ChalkInstance, score: number | null): ChalkInstance {
  if (score === null) return c.dim;
  return score >= 70 ? c.green : score >= 40 ? c.yellow : c.red;
}

function bar(c: ChalkInstance, score: number | null): string {
  if (score === null) return c.dim('·'.repeat(BAR_WIDTH));
  const filled = Math.round((score / 100) * BAR_WIDTH);
  return scoreColor(c, score)('█'.repeat(filled)) + c.dim('░'.repeat(BAR_WIDTH - filled));
}

