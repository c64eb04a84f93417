/** Terminal rendering: a scannable diagnosis, colour only when the caller says so. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckResult, CheckStatus, Report } from '../report/types.js';
import { evidenceLines, formatThreshold, formatValue, wrap } from './format.js';
import { answersInputLine, answerValueLine, perceptionGapLines } from './survey-text.js';
import { renderGateLines } from './gate-text.js';
import { guardTextOutput, plainText, sanitiseValues } from './sanitise.js';

export interface TerminalOptions {
  /** chalk colour level: 0 = none. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Width of terminal lines (wrapping of long text). */
  width?: number;
  /** The data folder, shown in the heading. */
  dataDir?: string;
}

const BAR_WIDTH = 20;

export function renderTerminal(data: Report, options: TerminalOptions): string {
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
  const score = report.score === null ? '—' : String(Math.round(report.score));
  out.push(
    `  ${c.bold('Score')}  ${scoreColor(c, report.score).bold(`${score} / 100`)}   ${verdictLabel(c, report.verdict)}   ${c.dim(`coverage ${Math.round(report.coverage * 100)}% of rubric weight`)}`,
  );
  out.push(c.dim('  100 = product-driven, 0 = sales-driven'));
  if (report.score !== null && report.verdict === 'insufficient-data') {
    out.push(c.yellow(`  Only ${Math.round(report.coverage * 100)}% of the rubric had data: too little for a verdict. Export more tables (see docs/data-model.md).`));
  }
  if (report.inputs.answers && report.inputs.files.length === 0) {
    out.push(c.dim("  Scored from the team's answers, not measured data."));
    out.push(c.dim('  Test them against your exports: pullcheck analyze DIR --answers FILE'));
  }
  out.push('');

  out.push(c.bold('  Categories'));
  const titleWidth = Math.max(...report.categories.map((cat) => cat.title.length), 10);
  for (const cat of report.categories) {
    const s = cat.score === null ? c.dim('  no data') : scoreColor(c, cat.score)(String(Math.round(cat.score)).padStart(3));
    const coverage = cat.coverage < 1 ? c.dim(`  (${Math.round(cat.coverage * 100)}% of checks had data)`) : '';
    out.push(`  ${cat.title.padEnd(titleWidth)}  ${bar(c, cat.score)} ${s}${coverage}`);
  }
  out.push('');

  out.push(c.bold('  Findings'));
  for (const cat of report.categories) {
    out.push('');
    out.push(`  ${c.bold.underline(cat.title)}${cat.item ? c.dim(` (${cat.item})`) : ''}`);
    for (const check of cat.checks) out.push(...renderCheck(c, check, width));
  }
  out.push('');

  out.push(...perceptionGapLines(report, c, width));

  if (report.topRecommendations.length > 0) {
    out.push(c.bold('  What would move the score most'));
    report.topRecommendations.forEach((r, i) => {
      out.push(`  ${i + 1}. ${c.bold(r.title)} ${c.green(`(+${r.potentialGain} points)`)}`);
      out.push(...wrap(r.recommendation, width - 5).map((l) => `     ${l}`));
    });
    out.push('');
  }

  out.push(...renderInputs(c, report));
  // The CI gate last, where a CI log ends (docs/ci.md).
  if (report.gate) out.push('', ...renderGateLines(report, c, width));
  return guardTextOutput(`${out.join('\n')}\n`);
}

function renderCheck(c: ChalkInstance, check: CheckResult, width: number): string[] {
  const lines: string[] = [];
  lines.push(`  ${statusBadge(c, check.status)} ${check.title} ${c.dim(`[${check.id}]`)}`);
  const indent = '         ';
  if (check.value !== null && check.valueSource === 'answer') {
    lines.push(`${indent}${answerValueLine(c, check)}`);
  } else if (check.value !== null) {
    const interval = check.interval ? c.dim(` (95% interval ${formatValue(check.interval[0], check.format)}–${formatValue(check.interval[1], check.format)})`) : '';
    const flags = check.flags.length ? c.yellow(` ${check.flags.join(', ')}`) : '';
    lines.push(`${indent}${c.bold(formatValue(check.value, check.format))}${interval} · n = ${check.n.toLocaleString('en-US')} ${check.nLabel} · ${formatThreshold(check)} · score ${Math.round(check.score ?? 0)}${flags}`);
  } else {
    lines.push(`${indent}${c.dim(`${check.reason ?? 'no value'}${check.n ? ` (n = ${check.n} ${check.nLabel})` : ''}`)}`);
  }
  // The full evidence is in the JSON; the terminal shows the first counts and examples.
  const evidence = check.value === null ? [] : evidenceLines(check.evidence, { scalars: 5, lists: 2 });
  for (const line of evidence) {
    lines.push(...wrap(line, width - indent.length).map((l) => `${indent}${c.dim(l)}`));
  }
  for (const note of check.notes) lines.push(...wrap(`note: ${note}`, width - indent.length).map((l) => `${indent}${c.yellow(l)}`));
  if (check.status === 'warn' || check.status === 'fail') {
    lines.push(...wrap(`→ ${check.recommendation}`, width - indent.length).map((l) => `${indent}${l}`));
  }
  return lines;
}

function renderInputs(c: ChalkInstance, report: Report): string[] {
  const lines = [c.bold('  Inputs')];
  for (const f of report.inputs.files) {
    if (f.kind === 'lookup') {
      // Read aside: it translates another file's ids.
      const left = Object.values(f.excluded ?? {}).reduce((a, b) => a + b, 0);
      lines.push(`  ${f.path}: lookup (${f.lookup?.describes ?? 'ids'}), ${f.rows.toLocaleString('en-US')} rows${left ? `, ${left.toLocaleString('en-US')} excluded` : ''}`);
      continue;
    }
    if (!f.table) {
      lines.push(`  ${f.path}: ${c.yellow('skipped')}${f.reason ? ` — ${f.reason}` : ''}`);
      continue;
    }
    const table = `${f.table}${f.layout && f.layout !== 'pullcheck' ? ` (${f.layout})` : ''}`;
    const rejected = f.rejected ? c.yellow(`, ${f.rejected.toLocaleString('en-US')} rejected`) : '';
    const left = Object.values(f.excluded ?? {}).reduce((a, b) => a + b, 0);
    const excluded = left ? `, ${left.toLocaleString('en-US')} excluded (${Object.keys(f.excluded!).join(', ')})` : '';
    lines.push(`  ${f.path}: ${table}, ${f.rows.toLocaleString('en-US')} rows${rejected}${excluded}`);
  }
  const answers = answersInputLine(report);
  if (answers) lines.push(answers);
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
      return c.dim('○ N/A ');
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

