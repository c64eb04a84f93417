/**
 * Markdown: a compact summary for `$GITHUB_STEP_SUMMARY`, merge-request notes and PR comments
 * (GitHub-flavoured tables). With a baseline: the score change, a category table, tables of
 * regressed and improved checks; always: findings and the top recommendations.
 * Data values are escaped (no raw HTML, no broken tables); names arrive pseudonymised from the
 * command (src/core/privacy.ts).
 */
import type { ChangeOutcome, CheckComparison, GateFinding, GateReport } from '../report/contract/gate.js';
import type { CheckResult, Report } from '../report/types.js';
import { categoryCaveat, categoryScoreText, coverageText, evidenceContext, evidenceLines, formatValue, headlineIsRange, headlineScore, linkTableRows, noiseText, notApplicableText, rangeText, TREND_NOTE, wholeNumberLine } from './format.js';
import { outcomeLabel, points, score1, thresholdText } from './gate-text.js';
import { guardMarkdownOutput, markdownCode, markdownText, sanitiseValues } from './sanitise.js';

export interface MarkdownOptions {
  /** Note under the report that names are pseudonymised. */
  pseudonymised?: boolean;
}

const LIST_LIMIT = 15;

/** The report, led by the CI gate's outcome when a gate ran (`gate`). */
export function renderMarkdown(data: Report, gateData?: GateReport, options: MarkdownOptions = {}): string {
  // Every data value made safe (sanitise.ts); text() and code() escape them for Markdown.
  const report = sanitiseValues(data);
  const gate = gateData && sanitiseValues(gateData);
  const out: string[] = [];
  const titleOf = new Map(report.categories.map((c) => [c.id, c.title]));
  // Below the coverage floor the headline is the range the score could take, never one number.
  const isRange = headlineIsRange(report);
  const score = isRange ? headlineScore(report) : score1(report.score);

  const status = gate ? (gate.passed ? '✅ gate passed' : '❌ gate failed') : `score ${score} / 100`;
  out.push(`## pullcheck: ${status}`);
  out.push('');
  const change =
    gate?.overall && gate.overall.before !== null ? ` (baseline ${score1(gate.overall.before)}${isRange ? '' : `, **${points(gate.overall.change)}**`})` : '';
  const range = !isRange && report.range && report.range[0] !== report.range[1] ? ` (range ${rangeText(report.range)})` : '';
  const meta = [
    `**Score ${score} / 100**${range}${change}`,
    report.verdict,
    coverageText(report),
    `as of ${report.asOf}`,
    ...(gate?.baseline ? [`baseline as of ${gate.baseline.asOf}`] : []),
    `rubric \`${code(report.rubric.id)}\` v${report.rubric.version}`,
  ];
  out.push(meta.join(' · '));
  out.push('');
  if (isRange) {
    const floor = Math.round((report.coverageFloor ?? 0) * 100);
    out.push(`> ⚠️ Only ${Math.round(report.coverage * 100)}% of the rubric's weight had data, below its ${floor}% floor: no single score and no verdict. With the missing checks failing or passing, the score could be anywhere from ${rangeText(report.range ?? [0, 100]).replace('–', ' to ')}.`);
    out.push('');
  }
  if (gate) {
    out.push(`> ${text(capitalise(gate.summary))}`);
    out.push('');
    if (gate.baseline?.rubricChanged) {
      out.push(`> ⚠️ The rubric file changed since the baseline (hash \`${gate.baseline.rubric.hash}\` → \`${report.rubric.hash}\`); checks are compared by id.`);
      out.push('');
    }
    const methods = gate.baseline?.methodChanges ?? [];
    if (methods.length) {
      out.push(`> ⚠️ Computed by a changed method since the baseline, so not compared (re-baseline): ${methods.map((m) => `\`${m.metric}\` v${m.before} → v${m.after}`).join(', ')}.`);
      out.push('');
    }
  }

  if (gate?.baseline) {
    out.push(...table(
      ['Category', 'Before', 'After', 'Change', 'Noise', 'Result'],
      ['left', 'right', 'right', 'right', 'right', 'left'],
      gate.categories.map((k) => [
        text(k.title), score1(k.score.before), score1(k.score.after), points(k.score.change), noiseText(k.score.noise, true), resultCell(k.score.outcome),
      ]),
    ));
    out.push('');
    const regressed = gate.checks.filter((k) => k.score.outcome === 'regressed');
    const improved = gate.checks.filter((k) => k.score.outcome === 'improved');
    out.push(...checkTable(`Regressed checks (${regressed.length})`, regressed, titleOf, true));
    out.push(...checkTable(`Improved checks (${improved.length})`, improved, titleOf, false));
  } else {
    out.push(...table(
      ['Category', 'Score', 'Range', 'Coverage', 'Note'],
      ['left', 'right', 'right', 'right', 'left'],
      report.categories.map((c) => [
        text(c.title), categoryScoreText(c, report.coverageFloor), rangeText(c.range), `${Math.round(c.coverage * 100)}%`, categoryCaveat(c) ?? '',
      ]),
    ));
    out.push('');
    const notPassing = report.categories.flatMap((c) => c.checks.filter((k) => k.status === 'warn' || k.status === 'fail'));
    if (notPassing.length) {
      out.push(`### Checks that do not pass (${notPassing.length})`);
      out.push('');
      out.push(...table(
        ['Check', 'Category', 'Status', 'Value', 'Threshold', 'Score'],
        ['left', 'left', 'left', 'right', 'left', 'right'],
        notPassing.slice(0, LIST_LIMIT).map((k) => [
          checkCell(k.title, k.id), text(titleOf.get(categoryOf(report, k)) ?? ''), k.status === 'fail' ? '❌ fail' : '⚠️ warn',
          text(formatValue(k.value, k.format)), text(thresholdText(k.threshold, k.format)), score1(k.score),
        ]),
      ));
      if (notPassing.length > LIST_LIMIT) out.push('', `…and ${notPassing.length - LIST_LIMIT} more in the full report.`);
      out.push('');
    }
  }

  out.push(...notApplicableLines(report, gate));
  out.push(...trendLines(report));
  out.push(...historyLines(report));

  const others = gate ? gate.findings.filter((f) => f.kind !== 'max-drop') : [];
  if (others.length) {
    out.push(`### Other findings (${others.length})`);
    out.push('');
    // Minimum scores and the like one per line; checks without data in one line, reasons folded.
    const noData = others.filter((f) => f.kind === 'insufficient-data' && f.scope === 'check');
    const listed = others.filter((f) => !noData.includes(f));
    for (const f of listed.slice(0, LIST_LIMIT)) out.push(`- ${mark(f)} ${text(f.message)}`);
    if (listed.length > LIST_LIMIT) out.push(`- …and ${listed.length - LIST_LIMIT} more in the full report`);
    if (noData.length) {
      const fails = noData.some((f) => f.fails);
      const note = fails ? 'these fail the gate (--fail-on insufficient-data)' : 'listed, not failing';
      out.push(`- ${fails ? '❌' : 'ℹ️'} ${noData.length === 1 ? '1 check has' : `${noData.length} checks have`} no data (${note}): ${noData.map((f) => `\`${code(f.id)}\``).join(', ')}`);
      out.push('');
      out.push('<details><summary>Why these checks have no data</summary>');
      out.push('');
      for (const f of noData) out.push(`- ${text(f.message)}`);
      out.push('');
      out.push('</details>');
    }
    out.push('');
  }

  if (report.topRecommendations.length) {
    out.push(isRange ? '### Top recommendations (points to the low bound of the range)' : '### Top recommendations');
    out.push('');
    report.topRecommendations.forEach((r, i) => {
      out.push(`${i + 1}. **${text(r.title)}** (+${r.potentialGain} points${r.gainOn === 'range-low' ? ' to the low bound' : ''}): ${text(r.recommendation)}`);
    });
    out.push('');
  }

  if (report.exportNext?.length) {
    out.push('### What to export next');
    out.push('');
    out.push(...table(
      ['#', 'Missing', 'Points', 'Checks', 'Where to find it'],
      ['right', 'left', 'right', 'left', 'left'],
      report.exportNext.slice(0, LIST_LIMIT).map((item, i) => [
        String(i + 1),
        text(item.label),
        `+${item.weight}`,
        item.checks.map((id) => `\`${code(id)}\``).join(', '),
        item.where.map((h) => `${text(h.vendor)}: ${text(h.where)}`).join('<br>'),
      ]),
    ));
    if (report.exportNext.length > LIST_LIMIT) out.push('', `…and ${report.exportNext.length - LIST_LIMIT} more in the full report.`);
    out.push('');
  }

  const evidenceFor = gate?.baseline ? gate.checks.filter((k) => k.score.outcome === 'regressed').map((k) => findCheck(report, k.id)) : [];
  const withEvidence = evidenceFor.filter((k): k is CheckResult => k !== undefined && evidenceLines(k.evidence).length > 0);
  if (withEvidence.length) {
    out.push('<details><summary>Evidence for the regressed checks</summary>');
    out.push('');
    for (const k of withEvidence) {
      out.push(`- \`${code(k.id)}\`: ${evidenceLines(k.evidence, { scalars: 5, lists: 2 }, evidenceContext(report)).map(text).join('; ')}`);
    }
    out.push('');
    out.push('</details>');
    out.push('');
  }

  const links = report.inputs.links ?? []; // absent in reports written before links were measured
  const wholeNumberIds = report.inputs.wholeNumberIds ?? [];
  if (links.length > 0 || wholeNumberIds.length > 0) {
    out.push('<details><summary>Links between tables</summary>');
    out.push('');
    if (links.length > 0) {
      out.push(...table(
        ['Link', 'Linked', 'Rate', 'By', 'Gaps'],
        ['left', 'right', 'right', 'left', 'left'],
        linkTableRows(links).map(([id, linked, rate, keys, gaps]) => [text(id), linked, rate, text(keys), text(gaps)]),
      ));
      out.push('');
    }
    // Ids joined by their whole-number form (1.0 = 1).
    if (wholeNumberIds.length > 0) {
      for (const j of wholeNumberIds) out.push(`- ${text(wholeNumberLine(j))}`);
      out.push('');
    }
    out.push('</details>');
    out.push('');
  }

  const foot = [
    `pullcheck ${report.tool.version}`,
    ...(gate?.baseline ? ['a change counts only beyond its tolerance and its 95% noise (docs/ci.md)'] : []),
    ...(options.pseudonymised ? ['company and deal names pseudonymised'] : []),
  ];
  out.push(`<sub>${foot.join(' · ')}</sub>`);
  return guardMarkdownOutput(`${out.join('\n')}\n`);
}

function checkTable(heading: string, checks: CheckComparison[], titleOf: Map<string, string>, showGate: boolean): string[] {
  if (checks.length === 0) return [];
  const out = [`### ${heading}`, ''];
  out.push(...table(
    ['Check', 'Category', 'Before', 'After', 'Score', 'Why', ...(showGate ? ['Gate'] : [])],
    ['left', 'left', 'right', 'right', 'left', 'left', ...(showGate ? (['left'] as const) : [])],
    checks.slice(0, LIST_LIMIT).map((k) => [
      checkCell(k.title, k.id),
      text(titleOf.get(k.category) ?? k.category),
      text(formatValue(k.before.value, k.format)),
      text(formatValue(k.after.value, k.format)),
      `${score1(k.score.before)} → ${score1(k.score.after)}`,
      text(k.score.why),
      ...(showGate ? [k.level] : []),
    ]),
  ));
  if (checks.length > LIST_LIMIT) out.push('', `…and ${checks.length - LIST_LIMIT} more in the full report.`);
  out.push('');
  return out;
}

/** Checks the company's motions rule out (config `motions`), with why; a baseline's score of them is not a drop. */
function notApplicableLines(report: Report, gate: GateReport | undefined): string[] {
  const checks = report.categories.flatMap((c) => c.checks.filter((k) => k.status === 'not-applicable' && k.weight > 0 && c.weight > 0));
  if (checks.length === 0) return [];
  const before = new Map((gate?.checks ?? []).map((k) => [k.id, k.before.score]));
  const out = [`### Not applicable (${checks.length})`, '', 'Not scored and not in coverage or the range:', ''];
  for (const k of checks) {
    const had = before.get(k.id);
    const baseline = had !== undefined && had !== null ? `; the baseline scored it ${score1(had)}, not counted as a drop` : '';
    out.push(`- \`${code(k.id)}\`: ${text(notApplicableText(k))}${text(baseline)}`);
  }
  out.push('');
  return out;
}

/** Periods of a trend, and runs of a history, shown in Markdown (the latest); the JSON has them all. */
const TREND_COLUMNS = 8;
const HISTORY_ROWS = 10;

/** `--trend`: the last periods as columns, overall and each category as rows. */
function trendLines(report: Report): string[] {
  const points = (report.trend ?? []).slice(-TREND_COLUMNS);
  if (points.length === 0) return [];
  const all = report.trend!.length;
  const out = [`### Score over time (${all === points.length ? `${all} point${all === 1 ? '' : 's'}` : `last ${points.length} of ${all} points`})`, ''];
  const cell = (score: number | null, range: [number, number] | null): string => (score === null ? (range ? `range ${rangeText(range)}` : '—') : score1(score));
  out.push(...table(
    ['', ...points.map((p) => text(p.asOf))],
    ['left', ...points.map(() => 'right' as const)],
    [
      ['**Score**', ...points.map((p) => cell(p.score, p.range))],
      ['Coverage', ...points.map((p) => `${Math.round(p.coverage * 100)}%`)],
      ['Verdict', ...points.map((p) => text(p.verdict))],
      ...report.categories.map((c) => [text(c.title), ...points.map((p) => cell(p.categories.find((k) => k.id === c.id)?.score ?? null, null))]),
    ],
  ));
  out.push('', `<sub>${text(TREND_NOTE)} Below the coverage floor a point shows its range, not a score.</sub>`, '');
  return out;
}

/** `--history`: the latest runs, this one last. */
function historyLines(report: Report): string[] {
  const runs = report.history ?? [];
  if (runs.length === 0) return [];
  const shown = runs.slice(-HISTORY_ROWS);
  const out = [`### Runs over time (${shown.length === runs.length ? runs.length : `last ${shown.length} of ${runs.length}`})`, ''];
  out.push(...table(
    ['Run', 'As of', 'Score', 'Coverage', 'Verdict', 'Commit'],
    ['left', 'left', 'right', 'right', 'left', 'left'],
    shown.map((r) => [
      text(r.runAt.replace('T', ' ').slice(0, 16)),
      text(r.asOf),
      r.score === null ? `range ${rangeText(r.range)}` : score1(r.score),
      `${Math.round(r.coverage * 100)}%`,
      text(r.verdict),
      r.commit ? `\`${code(r.commit.slice(0, 7))}\`` : '',
    ]),
  ));
  out.push('');
  return out;
}

type Align = 'left' | 'right';

function table(header: string[], align: readonly Align[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'right' ? '---:' : '---'))), ...rows.map(line)];
}

function resultCell(outcome: ChangeOutcome): string {
  const label = outcomeLabel({ outcome });
  return outcome === 'regressed' ? `❌ ${label}` : outcome === 'improved' ? `✅ ${label}` : label;
}

function mark(f: GateFinding): string {
  return f.fails ? '❌' : f.severity === 'warn' ? '⚠️' : 'ℹ️';
}

function checkCell(title: string, id: string): string {
  return `${text(title)}<br>\`${code(id)}\``;
}

function findCheck(report: Report, id: string): CheckResult | undefined {
  for (const c of report.categories) for (const k of c.checks) if (k.id === id) return k;
  return undefined;
}

function categoryOf(report: Report, check: CheckResult): string {
  return report.categories.find((c) => c.checks.includes(check))?.id ?? '';
}

/** Text for a table cell or a line: no raw HTML, links, mentions, table or line breaks (sanitise.ts). */
const text = markdownText;

/** Text inside backticks: no backticks or pipes. */
const code = markdownCode;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
