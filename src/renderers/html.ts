/**
 * HTML: one self-contained file for people to open, share and print (docs/report-format.md,
 * "HTML"). A pure function of the report and, when a gate ran, the gate document: CSS, SVG
 * charts and a small script inline, the report JSON (and the gate's) embedded, no request to any network
 * (a Content-Security-Policy forbids it). Every data value goes through `html` (html-kit.ts),
 * which escapes it; units come from format.ts like every text format.
 *
 * Charts are hand-made SVG: a few dozen lines for a scale, bars and a line, no dependency, no
 * script needed to draw them, and they print.
 */
import type { GateReport } from '../report/contract/gate.js';
import type { CategoryResult, CheckResult, CheckStatus, HistoryEntry, PerceptionGapEntry, Report, TrendPoint } from '../report/types.js';
import {
  categoryCaveat, categoryScoreText, contextLine, countOf, coverageText, evidenceContext, formatEvidence, formatThreshold,
  formatUnit, formatValue, headlineIsRange, headlineScore, linkTableRows, notApplicableText, rangeText, wholeNumberLine, wholePercent as pct, type EvidenceContext, type FormattedEvidenceTable,
} from './format.js';
import type { Series } from '../metrics/types.js';
import { outcomeLabel, points, score1 } from './gate-text.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { cspHash, html, px, scriptJson, type Markup } from './html-kit.js';
import { plainText, sanitiseValues } from './sanitise.js';

/** Rows of an evidence list shown in a card; the embedded JSON has them all. */
const EXAMPLE_ROWS = 5;
/** Warnings listed; the embedded JSON has them all. */
const WARNING_ROWS = 50;

export function renderHtml(data: Report, gateData?: GateReport): string {
  // Every data value as one line without control characters (sanitise.ts), then escaped by `html`.
  const report = sanitiseValues(data);
  const gate = gateData && sanitiseValues(gateData);
  const ctx = evidenceContext(report);
  const isRange = headlineIsRange(report);
  const title = `pullcheck report · as of ${report.asOf} · ${isRange ? headlineScore(report) : `score ${headlineScore(report)}`} · ${report.verdict}`;
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(HTML_STYLE)}`,
    `script-src ${cspHash(HTML_SCRIPT)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const body = html`
<a class="skip" href="#findings">Skip to the findings</a>
<header class="top">
${headline(report, isRange)}
${topActions(report, isRange)}
</header>
<main>
${categories(report)}
${exportNext(report)}
${gateSection(gate)}
${perceptionGap(report)}
${trendSection(report)}
${historySection(report)}
${findings(report, ctx)}
${inputs(report)}
</main>
<footer><p>pullcheck ${report.tool.version} · rubric ${report.rubric.id} v${report.rubric.version} (${report.rubric.hash}) · 100 = product-driven, 0 = sales-driven · the report's JSON is embedded in this file (script element <code>#pullcheck-report</code>)</p></footer>`;
  // The gate document beside the report, as the JSON outputs keep them (docs/ci.md).
  const embeddedGate = gateData ? `<script type="application/json" id="pullcheck-gate">${scriptJson(gateData)}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="pullcheck ${html`${report.tool.version}`}">
<title>${html`${title}`}</title>
<style>${HTML_STYLE}</style>
</head>
<body>${body}
<script type="application/json" id="pullcheck-report">${scriptJson(data)}</script>
${embeddedGate}<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

// ── headline ────────────────────────────────────────────────────────────────

function headline(report: Report, isRange: boolean): Markup {
  const aside = !isRange && report.range && report.range[0] !== report.range[1] ? html`<span class="aside">range ${rangeText(report.range)}</span>` : '';
  const why = isRange
    ? html`<p class="note" id="below-floor">Only ${pct(report.coverage)} of the rubric's weight had data, below its ${pct(report.coverageFloor)} floor: no single score and no verdict. With the missing checks failing or passing, the score could be anywhere ${report.range ? `from ${Math.round(report.range[0])} to ${Math.round(report.range[1])}` : 'from 0 to 100'}.${report.exportNext.length ? ' See “What to export next”.' : ''}</p>`
    : '';
  const files = report.inputs.files.filter((f) => f.table).length;
  const answers = report.inputs.answers;
  const source = answers && files === 0 ? `survey answers of ${answers.date}` : countOf(files, 'file') + ' read';
  return html`<div class="headline">
<p class="meta">pullcheck ${report.tool.version} · as of <span id="as-of">${report.asOf}</span> · ${source} · rubric ${report.rubric.id} v${report.rubric.version}</p>
<h1>Sales-driven or product-driven?</h1>
<div class="score-line">
<p class="score ${isRange ? 'is-range' : scoreClass(report.score)}" id="headline-score"><span class="big">${headlineScore(report)}</span> <span class="of">/ 100</span>${aside}</p>
<p class="verdict ${report.verdict}" id="verdict">${report.verdict}</p>
</div>
<p class="coverage" id="coverage">${coverageText(report)}</p>
${scoreScale(report.score, report.range, isRange, 'The overall score on the scale from 0, sales-driven, to 100, product-driven')}
${why}
</div>`;
}

/** 0–100 with the range as a band and the score as a dot (no dot below the floor). */
function scoreScale(score: number | null, range: [number, number] | null, isRange: boolean, label: string): Markup {
  const w = 400;
  const x = (v: number): string => px(8 + (v / 100) * (w - 16));
  const band = range ? html`<rect class="range" x="${x(range[0])}" y="6" width="${px(Math.max(2, ((range[1] - range[0]) / 100) * (w - 16)))}" height="12" rx="3"/>` : '';
  const dot = !isRange && score !== null ? html`<circle class="dot ${scoreClass(score)}" cx="${x(score)}" cy="12" r="6"/>` : '';
  const said = `${label}: ${isRange || score === null ? `range ${rangeText(range ?? [0, 100])}` : `score ${Math.round(score)}${range ? `, range ${rangeText(range)}` : ''}`}`;
  return html`<svg class="overall-scale" viewBox="0 0 ${w} 36" role="img" aria-label="${said}"><line class="axis" x1="8" y1="12" x2="${w - 8}" y2="12"/>${band}${dot}<text x="8" y="32">0 sales-driven</text><text x="${w - 8}" y="32" text-anchor="end">100 product-driven</text></svg>`;
}

function topActions(report: Report, isRange: boolean): Markup {
  if (report.topRecommendations.length === 0) {
    // Nothing scored to improve: the first screen shows what would bring checks into the score.
    const next = report.exportNext.slice(0, 3).map((item) => html`<li class="action"><p><a href="#export-next">${item.label}</a> <span class="gain">+${item.weight} points</span></p></li>`);
    const text = next.length ? html`<p class="muted">No scored check to improve yet. First export:</p><ol>${next}</ol>` : html`<p class="muted">Every scored check passes.</p>`;
    return html`<section class="actions" id="actions" aria-labelledby="actions-h"><h2 id="actions-h">What would move the score most</h2>${text}</section>`;
  }
  const items = report.topRecommendations.map((r) => {
    const gain = r.gainOn === 'range-low' ? `+${r.potentialGain} points to the low bound` : `+${r.potentialGain} points`;
    return html`<li class="action"><p><a href="#check-${r.check}">${r.title}</a> <span class="gain">${gain}</span></p><p class="rec">${r.recommendation}</p></li>`;
  });
  const heading = isRange ? 'What would raise the low bound of the range most' : 'What would move the score most';
  return html`<section class="actions" id="actions" aria-labelledby="actions-h"><h2 id="actions-h">${heading}</h2><ol>${items}</ol></section>`;
}

// ── categories ──────────────────────────────────────────────────────────────

function categories(report: Report): Markup {
  const rows = report.categories.map((c) => {
    const text = categoryScoreText(c, report.coverageFloor);
    const ranged = text.startsWith('range') || c.score === null || c.status === 'not-applicable';
    const notes = c.status === 'not-applicable' ? [] : [
      ...(c.coverage < 1 ? [`${pct(c.coverage)} of checks had data`] : []),
      ...(!ranged && c.range && c.range[0] !== c.range[1] ? [`range ${rangeText(c.range)}`] : []),
      ...(categoryCaveat(c) ? [categoryCaveat(c)!] : []),
    ];
    return html`<tr><th scope="row"><a href="#cat-${c.id}">${c.title}</a>${c.item ? html` <span class="muted">(${c.item})</span>` : ''}</th><td class="bar-cell">${categoryBar(c, ranged)}</td><td class="num ${ranged ? 'muted' : scoreClass(c.score)}">${text}</td><td class="muted">${notes.join('; ')}</td></tr>`;
  });
  return html`<section id="categories" aria-labelledby="categories-h"><h2 id="categories-h">Categories</h2><div class="scroll"><table class="categories"><thead><tr><th scope="col">Category</th><th scope="col"><span class="sr">Bar</span></th><th scope="col" class="num">Score</th><th scope="col">Note</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function categoryBar(c: CategoryResult, ranged: boolean): Markup {
  const band = c.range ? html`<rect class="range" x="${px(c.range[0])}" y="0" width="${px(Math.max(0.5, c.range[1] - c.range[0]))}" height="10"/>` : '';
  const fill = !ranged && c.score !== null ? html`<rect class="fill ${scoreClass(c.score)}" x="0" y="2" width="${px(c.score)}" height="6"/>` : '';
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" x="0" y="0" width="100" height="10"/>${band}${fill}</svg>`;
}

// ── what to export next ─────────────────────────────────────────────────────

function exportNext(report: Report): Markup {
  if (report.exportNext.length === 0) return html``;
  const items = report.exportNext.map((item) => {
    const where = item.where.map((h) => html`<li><strong>${h.vendor}</strong>: ${h.where}</li>`);
    return html`<li><p><strong>${item.label}</strong> <span class="gain">+${item.weight} points</span> <span class="muted">· ${countOf(item.checks.length, 'check')}: ${item.checks.join(', ')}</span></p>${where.length ? html`<ul class="where">${where}</ul>` : ''}</li>`;
  });
  return html`<section id="export-next" aria-labelledby="export-next-h"><h2 id="export-next-h">What to export next</h2><p class="muted">Points: the share of the rubric (of 100) whose checks each export would bring into the score.</p><ol class="export-next">${items}</ol></section>`;
}

// ── CI gate and perception gap ──────────────────────────────────────────────

function gateSection(gate: GateReport | undefined): Markup {
  if (!gate) return html``;
  const overall = gate.overall && gate.overall.before !== null
    ? html`<p>Overall score: ${score1(gate.overall.before)} → ${score1(gate.overall.after)} (${points(gate.overall.change)}), ${outcomeLabel(gate.overall)}: ${gate.overall.why}</p>`
    : '';
  const baseline = gate.baseline ? html`<p class="muted">Baseline ${gate.baseline.file} as of ${gate.baseline.asOf}${gate.baseline.rubricChanged ? ' (the rubric file changed since; checks compared by id)' : ''}</p>` : '';
  const findings = gate.findings.map((f) => html`<tr><td class="${f.fails ? 't-fail' : f.severity === 'warn' ? 't-warn' : 'muted'}">${f.fails ? 'fails' : f.severity}</td><td>${f.message}</td><td>${f.expected}</td><td>${f.actual}</td></tr>`);
  const table = findings.length
    ? html`<div class="scroll"><table><caption>Findings (${gate.findings.length})</caption><thead><tr><th scope="col">Level</th><th scope="col">Finding</th><th scope="col">Expected</th><th scope="col">Actual</th></tr></thead><tbody>${findings}</tbody></table></div>`
    : '';
  const cats = gate.categories.map((k) => html`<tr><th scope="row">${k.title}</th><td class="num">${score1(k.score.before)}</td><td class="num">${score1(k.score.after)}</td><td class="num">${points(k.score.change)}</td><td>${outcomeLabel(k.score)}</td></tr>`);
  const catTable = cats.length
    ? html`<div class="scroll"><table><caption>Categories against the baseline</caption><thead><tr><th scope="col">Category</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col" class="num">Change</th><th scope="col">Result</th></tr></thead><tbody>${cats}</tbody></table></div>`
    : '';
  return html`<section id="gate" aria-labelledby="gate-h"><h2 id="gate-h">CI gate: <span class="${gate.passed ? 't-pass' : 't-fail'}">${gate.passed ? 'passed' : 'failed'}</span></h2><p>${gate.summary}</p>${baseline}${overall}${catTable}${table}</section>`;
}

function perceptionGap(report: Report): Markup {
  const gap = report.perceptionGap;
  if (!gap) return html``;
  const checks = new Map(report.categories.flatMap((c) => c.checks).map((k) => [k.id, k] as const));
  const rows = gap.checks.map((e: PerceptionGapEntry) => {
    const k = checks.get(e.check);
    const f = k?.format ?? 'number';
    const verdict = e.agreement === 'agree' ? 'agree' : e.direction === 'optimistic' ? 'team more optimistic' : 'team more pessimistic';
    return html`<tr><th scope="row">${k?.title ?? e.check}</th><td>${e.answered.label} <span class="muted">(${e.answered.status})</span></td><td>${formatValue(e.measured.value, f)} <span class="muted">(n = ${e.measured.n.toLocaleString('en-US')} ${e.measured.nLabel}; ${e.measured.status})</span></td><td class="${e.agreement === 'agree' ? 't-pass' : 't-warn'}">${verdict}</td></tr>`;
  });
  const summary = gap.compared === 0
    ? 'No check has both an answer and a measured value.'
    : `${countOf(gap.compared, 'check')} with both an answer and data: ${gap.disagree} disagree (${gap.optimistic} more optimistic than the data, ${gap.pessimistic} more pessimistic), ${gap.compared - gap.disagree} agree.`;
  const statements = gap.checks.filter((e) => e.agreement === 'disagree').map((e) => html`<li>${e.statement}</li>`);
  return html`<section id="perception-gap" aria-labelledby="gap-h"><h2 id="gap-h">Perception gap: what the team said, and what the data shows</h2><p>${summary}</p>${statements.length ? html`<ul>${statements}</ul>` : ''}${rows.length ? html`<div class="scroll"><table><thead><tr><th scope="col">Check</th><th scope="col">The team said</th><th scope="col">The data shows</th><th scope="col">Agreement</th></tr></thead><tbody>${rows}</tbody></table></div>` : ''}</section>`;
}

// ── trend and history ───────────────────────────────────────────────────────

/** A point of a score-over-time chart: its label, score (null when only a range is known), range, coverage. */
interface TimePoint {
  label: string;
  score: number | null;
  range: [number, number] | null;
  coverage: number;
}

function trendSection(report: Report): Markup {
  const trend = report.trend;
  if (!trend || trend.length === 0) return html``;
  const points = trend.map((p: TrendPoint) => timePoint(p.asOf, p, report.coverageFloor));
  const titles = new Map(report.categories.map((c) => [c.id, c.title]));
  const catIds = [...new Set(trend.flatMap((p) => p.categories.map((c) => c.id)))];
  const rows = trend.map((p, i) => {
    const cells = catIds.map((id) => {
      const c = p.categories.find((x) => x.id === id);
      return html`<td class="num">${c && c.score !== null ? Math.round(c.score) : '—'}</td>`;
    });
    return html`<tr><th scope="row">${p.asOf}</th><td class="num">${pointText(points[i]!)}</td><td>${p.verdict}</td><td class="num">${pct(p.coverage)}</td>${cells}</tr>`;
  });
  const head = catIds.map((id) => html`<th scope="col" class="num">${titles.get(id) ?? id}</th>`);
  return html`<section id="trend" aria-labelledby="trend-h"><h2 id="trend-h">The score over time</h2><p class="muted">The same analysis as of each period end (${countOf(trend.length, 'point')}); the band is the range the score could take, the bars at the bottom the coverage of each point.</p>${timeChart(points, 'The overall score at each period end')}<details><summary>The trend as a table</summary><div class="scroll"><table><thead><tr><th scope="col">As of</th><th scope="col" class="num">Score</th><th scope="col">Verdict</th><th scope="col" class="num">Coverage</th>${head}</tr></thead><tbody>${rows}</tbody></table></div></details></section>`;
}

function historySection(report: Report): Markup {
  const history = report.history;
  if (!history || history.length === 0) return html``;
  const points = history.map((h: HistoryEntry) => timePoint(h.asOf, h, report.coverageFloor));
  const rows = history.map((h, i) => html`<tr><th scope="row">${h.runAt}</th><td>${h.asOf}</td><td class="num">${pointText(points[i]!)}</td><td>${h.verdict}</td><td class="num">${pct(h.coverage)}</td><td>${h.commit ?? ''}</td></tr>`);
  return html`<section id="history" aria-labelledby="history-h"><h2 id="history-h">Runs over time</h2><p class="muted">${countOf(history.length, 'run')} from the history file, oldest first, each labelled with its as-of date.</p>${timeChart(points, 'The overall score of each run')}<details><summary>The runs as a table</summary><div class="scroll"><table><thead><tr><th scope="col">Run at</th><th scope="col">As of</th><th scope="col" class="num">Score</th><th scope="col">Verdict</th><th scope="col" class="num">Coverage</th><th scope="col">Commit</th></tr></thead><tbody>${rows}</tbody></table></div></details></section>`;
}

function timePoint(label: string, p: { score: number | null; range: [number, number] | null; coverage: number }, floor: number): TimePoint {
  // Below the floor a point has no score, only its range, as in the headline.
  const ranged = headlineIsRange({ score: p.score, coverage: p.coverage, coverageFloor: floor });
  return { label, score: ranged ? null : p.score, range: p.range, coverage: p.coverage };
}

function pointText(p: TimePoint): string {
  return p.score === null ? `range ${rangeText(p.range ?? [0, 100])}` : String(Math.round(p.score));
}

/** Score 0–100 over equally spaced points: range band, score line (broken where only a range is known), coverage bars. */
function timeChart(points: TimePoint[], label: string): Markup {
  const w = 640;
  const top = 10;
  const plotH = 150;
  const covTop = top + plotH + 26;
  const covH = 30;
  const left = 40;
  const right = w - 16;
  const x = (i: number): number => (points.length === 1 ? (left + right) / 2 : left + (i * (right - left)) / (points.length - 1));
  const y = (v: number): number => top + plotH - (v / 100) * plotH;
  const grid = [0, 25, 50, 75, 100].map((v) => html`<line class="grid" x1="${left}" x2="${right}" y1="${px(y(v))}" y2="${px(y(v))}"/><text x="${left - 6}" y="${px(y(v) + 4)}" text-anchor="end">${v}</text>`);
  const ranged = points.map((p, i) => ({ p, i })).filter(({ p }) => p.range !== null);
  const band = ranged.length > 1
    ? html`<polygon class="range" points="${[...ranged.map(({ p, i }) => `${px(x(i))},${px(y(p.range![1]))}`), ...[...ranged].reverse().map(({ p, i }) => `${px(x(i))},${px(y(p.range![0]))}`)].join(' ')}"/>`
    : ranged.map(({ p, i }) => html`<line class="range-tick" x1="${px(x(i))}" x2="${px(x(i))}" y1="${px(y(p.range![1]))}" y2="${px(y(p.range![0]))}"/>`);
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.score === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${px(x(i))},${px(y(p.score))}`);
  });
  if (current.length) segments.push(current.join(' '));
  const lines = segments.map((s) => html`<polyline class="line" points="${s}"/>`);
  const dots = points.map((p, i) => (p.score === null ? '' : html`<circle class="dot ${scoreClass(p.score)}" cx="${px(x(i))}" cy="${px(y(p.score))}" r="3.5"><title>${p.label}: ${pointText(p)}, coverage ${pct(p.coverage)}</title></circle>`));
  const barW = Math.max(2, Math.min(24, ((right - left) / Math.max(1, points.length)) * 0.6));
  const cov = points.map((p, i) => html`<rect class="coverage" x="${px(x(i) - barW / 2)}" y="${px(covTop + covH - p.coverage * covH)}" width="${px(barW)}" height="${px(Math.max(0.5, p.coverage * covH))}"><title>${p.label}: coverage ${pct(p.coverage)}</title></rect>`);
  const every = Math.max(1, Math.ceil(points.length / 6));
  const edge = (i: number): string => (points.length === 1 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle');
  const last = points.length - 1;
  // every `every`-th date and the last one, without one just before the last (they would overlap)
  const labels = points.map((p, i) => (i === last || (i % every === 0 && last - i >= every) ? html`<text x="${px(x(i))}" y="${covTop - 8}" text-anchor="${edge(i)}">${p.label}</text>` : ''));
  const said = `${label}: ${points.map((p) => `${p.label} ${pointText(p)} (coverage ${pct(p.coverage)})`).join('; ')}`;
  return html`<svg class="chart time" viewBox="0 0 ${w} ${covTop + covH + 4}" role="img" aria-label="${said}">${grid}${band}${lines}${dots}${labels}<text x="${left - 6}" y="${covTop + covH / 2 + 4}" text-anchor="end">cov.</text><line class="grid" x1="${left}" x2="${right}" y1="${covTop + covH}" y2="${covTop + covH}"/>${cov}</svg>`;
}

// ── findings ────────────────────────────────────────────────────────────────

function findings(report: Report, ctx: EvidenceContext): Markup {
  const sections = report.categories.map((c) => html`<section class="category" id="cat-${c.id}" aria-labelledby="cat-${c.id}-h"><h3 id="cat-${c.id}-h">${c.title}${c.item ? html` <span class="muted">(${c.item})</span>` : ''} <span class="cat-score ${scoreClass(c.score)}">${categoryScoreText(c, report.coverageFloor)}</span></h3>${c.checks.map((k) => checkCard(k, ctx))}</section>`);
  return html`<section id="findings" aria-labelledby="findings-h" tabindex="-1"><h2 id="findings-h">Findings</h2><p class="muted">Each check: its status, the value with its 95% interval and the thresholds on one scale, the sample size, the evidence and what to do. <button type="button" id="toggle-details" class="no-print">Expand all evidence</button></p>${sections}</section>`;
}

const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: '✔ pass',
  warn: '▲ warn',
  fail: '✖ fail',
  'insufficient-data': '○ insufficient data',
  'not-applicable': '– not applicable',
  error: '‼ error',
};

function checkCard(k: CheckResult, ctx: EvidenceContext): Markup {
  const flags = k.flags.length ? html` <span class="flag">${k.flags.join(', ')}</span>` : '';
  let body: Markup;
  if (k.status === 'not-applicable') {
    body = html`<p class="muted">${notApplicableText(k)}</p>`;
  } else if (k.value === null) {
    const needs = k.needs?.length ? html`<p class="muted">Would be measured with: ${k.needs.map(needText).join('; ')}</p>` : '';
    body = html`<p class="reason">${k.reason ?? 'no value'}${k.n ? ` (n = ${k.n.toLocaleString('en-US')} ${k.nLabel})` : ''}</p>${needs}`;
  } else {
    const interval = k.interval ? ` (95% interval ${formatValue(k.interval[0], k.format)}–${formatValue(k.interval[1], k.format)})` : '';
    const answered = k.valueSource === 'answer' ? html` · answered “${k.answer?.label ?? ''}”` : '';
    body = html`<p class="value"><strong class="v">${formatValue(k.value, k.format)}</strong>${interval} · <span class="n">n = ${k.n.toLocaleString('en-US')} ${k.nLabel}</span>${answered} · ${formatThreshold(k)} · score ${Math.round(k.score ?? 0)}${flags}</p>${checkScale(k)}`;
  }
  const notes = k.notes.map((n) => html`<p class="note">note: ${n}</p>`);
  // As in the terminal: what to do where the data says something is wrong; a check without data
  // says instead what would measure it.
  const rec = k.status === 'warn' || k.status === 'fail' ? html`<p class="rec"><strong>What to do:</strong> ${k.recommendation}</p>` : '';
  const evidence = k.value !== null ? evidenceDetails(k, ctx) : '';
  const charts = k.value !== null ? (k.series ?? []).map(seriesChart) : [];
  const source = k.source ? html`<p class="muted small">Threshold basis: ${k.basis} · ${k.source}</p>` : html`<p class="muted small">Threshold basis: ${k.basis}</p>`;
  return html`<article class="check ${k.status}" id="check-${k.id}" aria-labelledby="check-${k.id}-h"><h4 id="check-${k.id}-h"><span class="badge ${k.status}">${STATUS_LABEL[k.status]}</span> ${k.title} <span class="muted id">${k.id}</span></h4>${body}${charts}${notes}${rec}${evidence}${source}</article>`;
}

function needText(n: NonNullable<CheckResult['needs']>[number]): string {
  if (n.kind === 'column') return `the ${n.field ?? 'missing'} column of ${n.table}`;
  if (n.kind === 'link') return `the link ${n.link ?? ''} (${n.table})`;
  if (n.kind === 'rows') return `usable rows of ${n.table}`;
  return `a ${n.table} table`;
}

/** The value, its interval and both thresholds on one axis, zones coloured fail / warn / pass. */
function checkScale(k: CheckResult): Markup {
  const { better, pass, fail } = k.threshold;
  const value = k.value!;
  const numbers = [value, pass, fail, ...(k.interval ?? [])];
  const share = k.format === 'percent' || k.unit === 'divergence';
  let lo = Math.min(0, ...numbers);
  let hi = share ? Math.max(1, ...numbers) : Math.max(...numbers) * 1.25;
  if (hi <= lo) hi = lo + 1;
  if (!share && lo < 0) lo *= 1.25;
  const w = 360;
  const left = 10;
  const right = w - 10;
  const x = (v: number): number => left + ((v - lo) / (hi - lo)) * (right - left);
  const [low, high] = better === 'higher' ? [fail, pass] : [pass, fail];
  const zones = better === 'higher' ? ['fail', 'warn', 'pass'] : ['pass', 'warn', 'fail'];
  const edges = [lo, Math.min(low, high), Math.max(low, high), hi];
  const zoneRects = zones.map((z, i) => html`<rect class="zone ${z}" x="${px(x(edges[i]!))}" y="14" width="${px(Math.max(0, x(edges[i + 1]!) - x(edges[i]!)))}" height="10"/>`);
  const ticks = [
    { v: pass, t: `pass ${formatValue(pass, k.format)}` },
    { v: fail, t: `fail ${formatValue(fail, k.format)}` },
  ].map(({ v, t }, i) => html`<line class="tick" x1="${px(x(v))}" x2="${px(x(v))}" y1="10" y2="28"/><text x="${px(x(v))}" y="${i === 0 === (x(pass) < x(fail)) ? 42 : 54}" text-anchor="${anchor(x(v), left, right)}">${t}</text>`);
  const interval = k.interval ? html`<line class="interval" x1="${px(x(k.interval[0]))}" x2="${px(x(k.interval[1]))}" y1="19" y2="19"/>` : '';
  const said = `${formatValue(value, k.format)}${k.interval ? `, 95% interval ${formatValue(k.interval[0], k.format)} to ${formatValue(k.interval[1], k.format)}` : ''}; ${formatThreshold(k)}`;
  return html`<svg class="check-scale" viewBox="0 0 ${w} 58" role="img" aria-label="${said}">${zoneRects}${interval}<circle class="dot" cx="${px(x(value))}" cy="19" r="5"/>${ticks}<text x="${px(x(value))}" y="8" text-anchor="${anchor(x(value), left, right)}" class="val">${formatValue(value, k.format)}</text></svg>`;
}

function anchor(at: number, left: number, right: number): string {
  return at < left + 40 ? 'start' : at > right - 40 ? 'end' : 'middle';
}

/** A series the metric measured (report contract `series`) as bars, with its reference line. */
function seriesChart(series: Series): Markup {
  const w = 480;
  const top = 8;
  const plotH = 100;
  const left = 40;
  const right = w - 8;
  const base = top + plotH;
  const fmt = (v: number): string => (series.unit === 'share' ? formatUnit(v, 'share') : Number.isInteger(v) ? formatUnit(v, 'count') : formatValue(v, 'number'));
  const max = Math.max(...series.points.map((p) => p.y), series.reference?.y ?? 0) || 1;
  const y = (v: number): number => base - (v / max) * plotH;
  const step = (right - left) / Math.max(1, series.points.length);
  const barW = Math.max(1, step * 0.75);
  const bars = series.points.map((p, i) => html`<rect class="fill neutral" x="${px(left + i * step + (step - barW) / 2)}" y="${px(y(p.y))}" width="${px(barW)}" height="${px(Math.max(0, base - y(p.y)))}"><title>${p.x}: ${fmt(p.y)}</title></rect>`);
  const every = Math.max(1, Math.ceil(series.points.length / 13));
  const labels = series.points.map((p, i) => (i % every === 0 || i === series.points.length - 1 ? html`<text x="${px(left + i * step + step / 2)}" y="${base + 14}" text-anchor="middle">${p.x}</text>` : ''));
  const ref = series.reference
    ? html`<line class="reference" x1="${left}" x2="${right}" y1="${px(y(series.reference.y))}" y2="${px(y(series.reference.y))}"/>`
    : '';
  const axis = html`<line class="grid" x1="${left}" x2="${right}" y1="${base}" y2="${base}"/><text x="${left - 6}" y="${base + 4}" text-anchor="end">0</text><text x="${left - 6}" y="${top + 8}" text-anchor="end">${fmt(max)}</text>`;
  const listed = series.points.length <= 20 ? `: ${series.points.map((p) => `${p.x} ${fmt(p.y)}`).join(', ')}` : `: ${series.points.length} points from ${fmt(series.points[0]!.y)} to ${fmt(series.points.at(-1)!.y)}`;
  const said = `${series.title} (${series.xLabel})${listed}${series.reference ? `; ${series.reference.label} ${fmt(series.reference.y)}` : ''}`;
  const caption = series.reference ? `${series.title} · dashed line: ${series.reference.label} ${fmt(series.reference.y)}` : series.title;
  return html`<figure class="series"><figcaption>${caption}</figcaption><svg class="series-chart" viewBox="0 0 ${w} ${base + 34}" role="img" aria-label="${said}">${axis}${bars}${ref}${labels}<text x="${(left + right) / 2}" y="${base + 30}" text-anchor="middle">${series.xLabel}</text></svg></figure>`;
}

/** Evidence in a closed details element: counts and rows left out as tables, each example table's first rows, share mixes as bars. */
function evidenceDetails(k: CheckResult, ctx: EvidenceContext): Markup | '' {
  const f = formatEvidence(k.evidence, ctx);
  const tables = f.tables.filter((t) => t.rows.length > 0);
  if (f.counts.length === 0 && f.exclusions.length === 0 && tables.length === 0) return '';
  const counts = f.counts.length
    ? html`<div class="scroll"><table class="kv"><caption>Counts</caption><tbody>${f.counts.map((c) => html`<tr><th scope="row">${c.label}</th><td class="num">${c.value}</td></tr>`)}</tbody></table></div>`
    : '';
  const excluded = f.exclusions.length
    ? html`<div class="scroll"><table class="kv"><caption>Left out</caption><tbody>${f.exclusions.map((x) => html`<tr><th scope="row">${x.reason}</th><td class="num">${x.count}</td></tr>`)}</tbody></table></div>`
    : '';
  return html`<details class="evidence"><summary>Evidence: counts and top examples</summary><div class="evidence-body">${counts}${excluded}${tables.map(exampleTable)}</div></details>`;
}

/** An example table's first rows; a single share column (a mix) as bars. */
function exampleTable(t: FormattedEvidenceTable): Markup {
  const shown = t.rows.slice(0, EXAMPLE_ROWS);
  const caption = `${t.label}${t.rows.length > shown.length ? ` (first ${shown.length} of ${t.rows.length})` : ''}`;
  if (t.bars) {
    const rows = shown.map(([id, value], i) => html`<tr><th scope="row">${id}</th><td class="bar-cell"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" x="0" y="0" width="100" height="10"/><rect class="fill neutral" x="0" y="1" width="${px(t.bars![i]! * 100)}" height="8"/></svg></td><td class="num">${value}</td></tr>`);
    return html`<div class="scroll"><table class="mix"><caption>${caption}</caption><tbody>${rows}</tbody></table></div>`;
  }
  const body = shown.map(([id, ...cells]) => html`<tr><td>${id}</td>${cells.map((c, i) => html`<td class="${t.numeric[i] ? 'num' : ''}">${c}</td>`)}</tr>`);
  return html`<div class="scroll"><table class="examples"><caption>${caption}</caption><thead><tr>${t.headings.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// ── inputs ──────────────────────────────────────────────────────────────────

function inputs(report: Report): Markup {
  const read = report.inputs.files.filter((f) => f.table || f.kind === 'lookup');
  const skipped = report.inputs.files.filter((f) => !f.table && f.kind !== 'lookup');
  const rows = read.map((f) => {
    const excluded = Object.values(f.excluded ?? {}).reduce((a, b) => a + b, 0);
    const what = f.kind === 'lookup' ? `lookup (${f.lookup?.describes ?? 'ids'})` : `${f.table}${f.layout && f.layout !== 'pullcheck' ? ` (${f.layout})` : ''}`;
    return html`<tr><th scope="row">${f.path}</th><td>${what}</td><td class="num">${f.rows.toLocaleString('en-US')}</td><td class="num">${f.rejected ? f.rejected.toLocaleString('en-US') : ''}</td><td class="num">${excluded ? excluded.toLocaleString('en-US') : ''}</td></tr>`;
  });
  const files = rows.length
    ? html`<div class="scroll"><table><caption>Files read (${read.length})</caption><thead><tr><th scope="col">File</th><th scope="col">Table</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Rejected</th><th scope="col" class="num">Excluded</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : '';
  const byReason = new Map<string, string[]>();
  for (const f of skipped) byReason.set(f.reason ?? 'skipped', [...(byReason.get(f.reason ?? 'skipped') ?? []), f.path]);
  const skippedList = byReason.size
    ? html`<p><strong>Skipped (${skipped.length}):</strong></p><ul>${[...byReason].map(([reason, paths]) => html`<li>${reason}: ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? `, and ${paths.length - 3} more` : ''}</li>`)}</ul>`
    : '';
  const context = contextLine(report.inputs.context);
  const a = report.inputs.answers;
  const facts = [
    ...(report.inputs.config ? [html`<li>read with ${report.inputs.config}</li>`] : []),
    ...(context ? [html`<li>context: ${context}</li>`] : []),
    ...(a ? [html`<li>answers of ${a.date}: ${a.answered} of ${a.questions} questions answered, ${a.skipped} skipped, ${a.unanswered} not answered</li>`] : []),
  ];
  const links = report.inputs.links ?? [];
  const linkTable = links.length
    ? html`<div class="scroll"><table><caption>Links between tables</caption><thead><tr><th scope="col">Link</th><th scope="col" class="num">Linked</th><th scope="col" class="num">Rate</th><th scope="col">By</th><th scope="col">Gaps</th></tr></thead><tbody>${linkTableRows(links).map(([id, linked, rate, keys, gaps]) => html`<tr><th scope="row">${id}</th><td class="num">${linked}</td><td class="num">${rate}</td><td>${keys}</td><td>${gaps}</td></tr>`)}</tbody></table></div>`
    : '';
  // Ids joined by their whole-number form (1.0 = 1), under the link table.
  const wholeNumberIds = report.inputs.wholeNumberIds ?? [];
  const wholeNumberNotes = wholeNumberIds.length ? html`<ul>${wholeNumberIds.map((j) => html`<li>${wholeNumberLine(j)}</li>`)}</ul>` : '';
  const warnings = report.warnings.length
    ? html`<details id="warnings"><summary>Warnings (${report.warnings.length})</summary><ul>${report.warnings.slice(0, WARNING_ROWS).map((w) => html`<li>${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${plainText(w.message)}</li>`)}</ul>${report.warnings.length > WARNING_ROWS ? html`<p class="muted">${report.warnings.length - WARNING_ROWS} more in the embedded JSON.</p>` : ''}</details>`
    : '';
  return html`<section id="inputs" aria-labelledby="inputs-h"><h2 id="inputs-h">Inputs</h2>${files}${skippedList}${facts.length ? html`<ul>${facts}</ul>` : ''}${linkTable}${wholeNumberNotes}${warnings}</section>`;
}

// ── small helpers ───────────────────────────────────────────────────────────

function scoreClass(score: number | null): string {
  if (score === null) return 'none';
  return score >= 70 ? 'good' : score >= 40 ? 'mid' : 'bad';
}
