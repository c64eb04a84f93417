import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headlineScore } from '../../src/renderers/format.js';
import { renderHtml } from '../../src/renderers/html.js';
import { escapeHtml, html, raw, scriptJson } from '../../src/renderers/html-kit.js';
import type { HistoryEntry, PerceptionGap, Report, TrendPoint } from '../../src/report/types.js';
import { evaluateGate } from '../../src/ci/gate.js';

const golden = (name: string): Report => JSON.parse(readFileSync(new URL(`../golden/${name}.json`, import.meta.url), 'utf8')) as Report;

/** The embedded report, parsed back from the page. */
function embedded(page: string): unknown {
  const m = /<script type="application\/json" id="pullcheck-report">([^]*?)<\/script>/.exec(page);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

/** The page without its script elements (the embedded JSON and the script): what a reader sees as markup. */
function markupOf(page: string): string {
  return page.replace(/<script type="application\/json" id="pullcheck-(report|gate)">[^]*?<\/script>/g, '').replace(/<script>[^]*?<\/script>/, '');
}

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', 'A & B', 'line one\nline two', 'javascript:alert(3)', "it's </script><!--", '##[error]boom'];

/** The sales-led report with hostile text in every kind of place a data value reaches. */
function hostileReport(): Report {
  const r = golden('sales-led');
  const [a, b, c, d, e, f, g] = HOSTILE;
  const check = r.categories[0]!.checks[0]!;
  check.title = a!;
  check.recommendation = b!;
  check.evidence = {
    ...check.evidence,
    facts: [{ key: 'source', label: 'source', value: f! }],
    examples: [
      { key: 'leastUsed', label: 'least used', rowKind: 'feature', columns: [{ key: 'accounts', label: 'accounts', unit: 'count' }], rows: [c, d, e].map((id, i) => ({ id: id!, values: { accounts: i } })) },
      ...check.evidence.examples,
    ],
  };
  check.notes = [g!];
  r.categories[0]!.title = f!;
  r.topRecommendations[0]!.title = a!;
  r.topRecommendations[0]!.recommendation = e!;
  r.topRecommendations[0]!.check = b!;
  r.inputs.files[0]!.path = `data/${a}.csv`;
  r.warnings = [{ code: 'MISSING_VALUE', file: `x${b}`, line: 3, column: 'c', message: d! }];
  r.exportNext = [{ ...r.exportNext[0]!, label: a!, where: [{ vendor: c!, where: e! }] }].filter((x) => x.key !== undefined);
  return r;
}

describe('renderHtml', () => {
  it('is one self-contained page: CSP without network, no external resource, the report embedded', () => {
    const report = golden('sales-led');
    const page = renderHtml(report);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'/);
    const markup = markupOf(page);
    expect(markup).not.toMatch(/\b(src|href|action)="(?!#)/); // only in-page anchors
    expect(markup).not.toMatch(/url\(|@import|https?:\/\//);
    expect(embedded(page)).toEqual(report);
  });

  it('escapes every data value: no markup, no script, no URL from the data', () => {
    const report = hostileReport();
    const page = renderHtml(report);
    const markup = markupOf(page);
    expect(markup).not.toContain('<script>alert');
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('onerror=alert(2)>');
    expect(markup).not.toMatch(/href="javascript:/i);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(markup).toContain('A &amp; B');
    expect(markup).toContain('line one line two'); // one line, like every text format
    expect(markup).toContain('it&#39;s &lt;/script&gt;&lt;!--');
    // A CI log printing the file reads no command.
    expect(page).not.toMatch(/##\[/);
    expect(page).not.toMatch(/^\s*::/m);
    // The embedded JSON keeps the raw values, and nothing in it closes or comments the element.
    const block = /id="pullcheck-report">([^]*?)<\/script>/.exec(page)![1]!;
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(embedded(page)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('shows the range, not the score, below the coverage floor', () => {
    const report = golden('vendors-maven');
    expect(report.coverage).toBeLessThan(report.coverageFloor);
    const page = renderHtml(report);
    const headline = /<p class="score[^"]*" id="headline-score">([^]*?)<\/p>/.exec(page)![1]!;
    expect(headline).toContain(`range ${Math.round(report.range![0])}–${Math.round(report.range![1])}`);
    expect(headline).not.toContain(`>${Math.round(report.score!)}<`);
    expect(page).toContain('id="below-floor"');
    expect(page).toContain('What would raise the low bound of the range most');
    // no score dot on the overall scale
    expect(/<svg class="overall-scale"[^]*?<\/svg>/.exec(page)![0]).not.toContain('<circle');
  });

  it('shows the score above the floor, with its verdict and coverage', () => {
    const report = golden('sales-led');
    const page = renderHtml(report);
    expect(page).toMatch(new RegExp(`id="headline-score"><span class="big">${Math.round(report.score!)}</span>`));
    expect(page).toContain(`id="verdict">${report.verdict}</p>`);
    expect(page).toContain(`id="coverage">coverage ${Math.round(report.coverage * 100)}% of rubric weight</p>`);
    const checks = report.categories.flatMap((c) => c.checks);
    expect(page.match(/<article class="check /g)).toHaveLength(checks.length);
  });

  it('renders nothing for an absent trend or history, and both when present', () => {
    const plain = renderHtml(golden('sales-led'));
    expect(plain).not.toContain('id="trend"');
    expect(plain).not.toContain('id="history"');
    const cats = (score: number | null) => [{ id: 'curb-appeal', score, coverage: 1 }];
    const trend: TrendPoint[] = [
      { asOf: '2026-03-31', score: 30, range: [25, 40], coverage: 0.3, verdict: 'insufficient-data', categories: cats(null) },
      { asOf: '2026-06-30', score: 18.4, range: [17, 19], coverage: 0.98, verdict: 'sales-driven', categories: cats(0) },
    ];
    const history: HistoryEntry[] = [{ runAt: '2026-07-01T08:00:00Z', asOf: '2026-06-30', score: 18.4, range: [17, 19], coverage: 0.98, verdict: 'sales-driven', categories: [], commit: 'abc123' }];
    const page = renderHtml({ ...golden('sales-led'), trend, history });
    expect(page).toContain('id="trend"');
    expect(page).toContain('id="history"');
    // The point below the floor shows its range and has no dot; the other its score.
    const chart = /<section id="trend"[^]*?<\/section>/.exec(page)![0];
    expect(chart).toContain('2026-03-31 range 25–40 (coverage 30%)');
    expect(chart).toContain('2026-06-30 18 (coverage 98%)');
    expect(chart.match(/<circle /g)).toHaveLength(1);
    expect(/<section id="history"[^]*?<\/section>/.exec(page)![0]).toContain('abc123');
  });

  it('renders the perception gap and the gate when present, nothing otherwise', () => {
    const plain = renderHtml(golden('sales-led'));
    expect(plain).not.toContain('id="perception-gap"');
    expect(plain).not.toContain('id="gate"');
    const report = golden('sales-led');
    const gate = evaluateGate(report, { baseline: null, minScore: 50 });
    const perceptionGap: PerceptionGap = {
      compared: 1, disagree: 1, optimistic: 1, pessimistic: 0,
      checks: [{
        check: 'unused-feature-share', category: 'curb-appeal', question: 'How many features go unused?',
        answered: { value: 0.3, label: 'Few <30%', status: 'pass', score: 100 },
        measured: { value: 0.875, n: 48, nLabel: 'released features', status: 'fail', score: 0, borderline: true },
        agreement: 'disagree', direction: 'optimistic', scoreGap: 100, statement: 'You said "Few", but the data shows 87.5%.',
      }],
    };
    const page = renderHtml({ ...report, perceptionGap }, gate);
    const gateHtml = /<section id="gate"[^]*?<\/section>/.exec(page)![0];
    // The gate embedded beside the report, as the JSON outputs keep them; the report has no gate.
    expect(JSON.parse(/<script type="application\/json" id="pullcheck-gate">([^]*?)<\/script>/.exec(page)![1]!)).toEqual(gate);
    expect(embedded(page)).not.toHaveProperty('gate');
    expect(plain).not.toContain('id="pullcheck-gate"');
    expect(gate.passed).toBe(false);
    expect(gateHtml).toContain('failed');
    expect(gateHtml).toContain(escapeHtml(gate.findings[0]!.message));
    const gapHtml = /<section id="perception-gap"[^]*?<\/section>/.exec(page)![0];
    expect(gapHtml).toContain('Few &lt;30%');
    expect(gapHtml).toContain('87.5%');
    expect(gapHtml).toContain('team more optimistic');
  });
});

describe('every golden report', () => {
  it('renders with one card per check, its headline and its JSON, whatever the data had', () => {
    const names = readdirSync(new URL('../golden/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const report = golden(name);
      const page = renderHtml(report);
      const checks = report.categories.flatMap((c) => c.checks).length;
      expect(page.match(/<article class="check /g)?.length ?? 0, name).toBe(checks);
      expect(page, name).toContain(`<span class="big">${headlineScore(report)}</span>`);
      expect(embedded(page), name).toEqual(report);
    }
  });
});

describe('charts of measured series', () => {
  it('draws each series the report carries on its check card, and none where it carries none', () => {
    const report = golden('sales-led');
    const withSeries = report.categories.flatMap((c) => c.checks).filter((k) => k.series?.length);
    expect(withSeries.map((k) => k.id).sort()).toEqual([
      'quarter-end-close-concentration', 'sales-sourced-won-share', 'touches-per-won-deal-large', 'touches-per-won-deal-mid', 'touches-per-won-deal-small', 'unused-feature-share',
    ]);
    const page = renderHtml(report);
    expect(page.match(/<figure class="series">/g)).toHaveLength(withSeries.length);
    const card = /<article class="check [a-z-]+" id="check-quarter-end-close-concentration"[^]*?<\/article>/.exec(page)![0];
    const series = withSeries.find((k) => k.id === 'quarter-end-close-concentration')!.series![0]!;
    expect(card.match(/<rect class="fill neutral"/g)).toHaveLength(series.points.length);
    expect(card).toContain(`0: ${series.points.at(-1)!.y}`); // the last week's bar, labelled with its count
    const none = structuredClone(report);
    for (const c of none.categories) for (const k of c.checks) delete k.series;
    expect(renderHtml(none)).not.toContain('<figure class="series">');
  });
});

describe('html-kit', () => {
  it('escapes once, and only data', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<b>'}${raw('<i>')}${['&', null, false, 3]}</p>`.text).toBe('<p>&lt;b&gt;<i>&amp;3</p>');
  });

  it('embeds JSON that parses to the same value and cannot end its element', () => {
    const value = { s: '</script><!-- & \u2028\u2029 \u0085 ##[x]' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029\u0085]|##\[/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
