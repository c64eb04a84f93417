import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { baselineFromReport } from '../../src/ci/baseline.js';
import { evaluateGate } from '../../src/ci/gate.js';
import type { GateReport } from '../../src/report/contract/gate.js';
import type { Report } from '../../src/report/types.js';
import { ANNOTATION_LIMIT, escapeData, escapeProperty, renderAnnotations } from '../../src/renderers/annotations.js';
import { renderGateSummary } from '../../src/renderers/gate-text.js';
import { renderJunit } from '../../src/renderers/junit.js';
import { renderMarkdown } from '../../src/renderers/markdown.js';
import { column, evidence } from '../../src/metrics/evidence.js';
import { makeReport, type CategorySpec } from './report-factory.js';

function company(outbound: number, extra: Partial<Record<'discount' | 'title', string | number | null>> = {}): CategorySpec[] {
  return [
    {
      id: 'push',
      title: (extra.title as string) ?? 'Sales push',
      checks: [
        { id: 'outbound', value: outbound, interval: [outbound - 0.01, outbound + 0.01], weight: 2, evidence: evidence().table('largest', 'most touched deals', 'deal', [column('touches', 'touches', 'count')], [{ id: 'D1', name: 'Acme | <b>big</b> deal', values: { touches: 4 } }]).build() },
        { id: 'discount', value: extra.discount === undefined ? 0.5 : (extra.discount as number | null), interval: [0.3, 0.7] },
      ],
    },
    { id: 'pull', title: 'Product pull', checks: [{ id: 'self-serve', value: 0.1, interval: null }] },
  ];
}

const before = makeReport(company(0.5));
const baseline = { data: baselineFromReport(before), file: '.pullcheck/baseline.json' };
/** The report and its gate's outcome, as renderers take them: `renderMarkdown(...gated(r))`. */
function gated(report: Report, options: Parameters<typeof evaluateGate>[1] = {}): [Report, GateReport] {
  return [report, evaluateGate(report, { baseline, maxDrop: 5, ...options })];
}
const failing = gated(makeReport(company(0.3, { discount: null })));
const same = gated(before);

/** The rows of the first Markdown table after a heading line that starts with `heading`. */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  let i = heading === '' ? 0 : lines.findIndex((l) => l.startsWith(heading));
  expect(i, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  while (i < lines.length && !lines[i]!.startsWith('|')) i++;
  const rows: string[] = [];
  while (i < lines.length && lines[i]!.startsWith('|')) rows.push(lines[i++]!);
  return rows.map((r) => r.slice(2, -2).split(/(?<!\\) \| /));
}

describe('renderMarkdown', () => {
  it('renders the gate outcome, a category table, and the regressed checks as well-formed GFM tables', () => {
    const md = renderMarkdown(...failing, { pseudonymised: true });
    expect(md.split('\n')[0]).toBe('## pullcheck: ❌ gate failed');
    expect(md).toMatch(/\*\*Score [\d.]+ \/ 100\*\* \(baseline [\d.]+, \*\*-[\d.]+\*\*\)/);
    expect(md).toContain('> Gate failed: the overall score dropped');

    const categories = tableAfter(md, '**Score');
    expect(categories[0]).toEqual(['Category', 'Before', 'After', 'Change', 'Noise', 'Result']);
    expect(categories[1]).toEqual(['---', '---:', '---:', '---:', '---:', '---']);
    expect(categories.slice(2).map((r) => r[0])).toEqual(['Sales push', 'Product pull']);
    expect(categories[2]![5]).toBe('❌ regressed');
    for (const row of categories) expect(row).toHaveLength(6);

    const regressed = tableAfter(md, '### Regressed checks (1)');
    expect(regressed[0]).toEqual(['Check', 'Category', 'Before', 'After', 'Score', 'Why', 'Gate']);
    expect(regressed[2]![0]).toBe('outbound title<br>`outbound`');
    expect(regressed[2]!.slice(1, 5)).toEqual(['Sales push', '50%', '30%', '75 → 25']);
    expect(regressed[2]![5]).toMatch(/^dropped 50 points, beyond the tolerance/);
    expect(md).toContain('### Other findings (1)');
    expect(md).toContain('- ℹ️ 1 check has no data (listed, not failing): `discount`');
    expect(md).toMatch(/<details><summary>Why these checks have no data<\/summary>\n\n- discount title \\\[discount\\\]: insufficient data/); // brackets escaped: no link from data
    expect(md).toContain('company and deal names pseudonymised');
  });

  it('escapes data so a value cannot break a table or inject HTML', () => {
    const md = renderMarkdown(...failing);
    expect(md).toContain('Acme \\| &lt;b&gt;big&lt;/b&gt; deal');
    expect(md).not.toContain('<b>');
    const weird = gated(makeReport(company(0.3, { title: 'Push | <script>' })));
    const rows = tableAfter(renderMarkdown(...weird), '**Score');
    expect(rows[2]![0]).toBe('Push \\| &lt;script&gt;');
    for (const row of rows) expect(row).toHaveLength(6);
  });

  it('says "gate passed" on the same data, and without a gate shows scores and checks that do not pass', () => {
    expect(renderMarkdown(...same)).toMatch(/^## pullcheck: ✅ gate passed\n[\s\S]*> Gate passed: no change against the baseline/);
    const plain = renderMarkdown(before);
    expect(plain.split('\n')[0]).toMatch(/^## pullcheck: score [\d.]+ \/ 100$/);
    expect(tableAfter(plain, '**Score')[0]).toEqual(['Category', 'Score', 'Range', 'Coverage', 'Note']);
    const notPassing = tableAfter(plain, '### Checks that do not pass');
    expect(notPassing[0]).toEqual(['Check', 'Category', 'Status', 'Value', 'Threshold', 'Score']);
    expect(notPassing.slice(2).map((r) => r[2])).toEqual(['⚠️ warn', '⚠️ warn', '❌ fail']);
  });
});

describe('renderJunit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });
  type Case = { name: string; classname: string; failure?: { message: string; type: string; '#text': string }; skipped?: unknown; 'system-out'?: string };
  type Suite = { name: string; tests: string; failures: string; skipped: string; testcase: Case[] };
  const parse = (xml: string) => {
    expect(XMLValidator.validate(xml)).toBe(true);
    return parser.parse(xml).testsuites as { tests: string; failures: string; errors: string; skipped: string; testsuite: Suite[] };
  };

  it('is valid JUnit XML: a summary suite, a suite per category, a test case per check, consistent counts', () => {
    const xml = renderJunit(...failing);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const doc = parse(xml);
    expect(doc.testsuite.map((s) => s.name)).toEqual(['pullcheck', 'Sales push', 'Product pull']);
    const cases = doc.testsuite.flatMap((s) => s.testcase);
    expect(Number(doc.tests)).toBe(cases.length);
    expect(Number(doc.failures)).toBe(cases.filter((c) => c.failure).length);
    expect(Number(doc.skipped)).toBe(cases.filter((c) => c.skipped !== undefined).length);
    for (const s of doc.testsuite) expect(Number(s.tests)).toBe(s.testcase.length);
    expect(doc.testsuite[1]!.testcase.map((c) => c.name)).toEqual(['outbound', 'discount']);
    expect(doc.testsuite[1]!.testcase[0]!.classname).toBe('pullcheck.push');
  });

  it('fails the test cases that fail the gate, and when it failed the checks that regressed; failures carry value, threshold, change and recommendation', () => {
    const doc = parse(renderJunit(...failing));
    const failed = doc.testsuite.flatMap((s) => s.testcase).filter((c) => c.failure).map((c) => c.name);
    expect(failed).toEqual(['overall score', 'category push', 'outbound']);
    const outbound = doc.testsuite[1]!.testcase[0]!; // a warn-level regression of a failed gate: among its causes
    expect(outbound.failure!.type).toBe('regressed');
    expect(outbound['system-out']).toMatch(/^warning: outbound title \[outbound\]: 50% → 30%/);
    const category = doc.testsuite[0]!.testcase.find((c) => c.name === 'category push')!;
    expect(category.failure!.type).toBe('max-drop');
    expect(category.failure!.message).toMatch(/^Sales push: 75 → 25: dropped/);
    // a check failing its own gate (level error)
    const strict = gated(makeReport(company(0.3).map((c) => ({ ...c, checks: c.checks.map((k) => (k.id === 'outbound' ? { ...k, gate: { level: 'error' as const } } : k)) }))));
    const check = parse(renderJunit(...strict)).testsuite[1]!.testcase[0]!;
    expect(check.failure!.message).toMatch(/outbound title \[outbound\]: 50% → 30% \(score 75 → 25\)/);
    const body = check.failure!['#text'];
    expect(body).toContain('value: 30% (baseline 50%)');
    expect(body).toContain('threshold: pass ≥ 60%, fail ≤ 20%');
    expect(body).toContain('change: dropped 50 points');
    expect(body).toContain('recommendation: Fix outbound.');
    // a check without data is skipped
    expect(parse(renderJunit(...failing)).testsuite[1]!.testcase[1]!.skipped).toBeDefined();
  });

  it('without a gate, fails the checks at or beyond their fail threshold', () => {
    const doc = parse(renderJunit(before));
    const failed = doc.testsuite.flatMap((s) => s.testcase).filter((c) => c.failure).map((c) => c.name);
    expect(failed).toEqual(['self-serve']);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const xml = renderJunit(...gated(makeReport(company(0.3, { title: 'A & B <"quoted">\u0007' }))));
    const doc = parse(xml);
    expect(doc.testsuite[1]!.name).toBe('A & B <"quoted">\uFFFD');
  });
});

describe('renderAnnotations', () => {
  it('writes ::error and ::warning workflow commands, the summary first', () => {
    const lines = renderAnnotations(...failing).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error title=pullcheck gate failed::Gate failed: the overall score dropped/);
    expect(lines).toContainEqual(expect.stringMatching(/^::error title=pullcheck%3A Sales push::Sales push: 75 → 25: dropped/));
    expect(lines).toContainEqual(expect.stringMatching(/^::warning title=pullcheck%3A outbound title \[outbound\]::/));
    expect(lines).toContainEqual(expect.stringMatching(/^::notice title=pullcheck%3A discount title \[discount\]::.*insufficient data/));
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) title=[^:]*::/);
  });

  it('a passing gate is a notice; no gate is a notice with the score', () => {
    expect(renderAnnotations(...same)).toMatch(/^::notice title=pullcheck gate passed::Gate passed: no change against the baseline\. Score/);
    expect(renderAnnotations(before)).toMatch(/^::notice title=pullcheck::score [\d.]+ \/ 100/);
  });

  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a: b, c')).toBe('a%3A b%2C c');
  });

  it('keeps each kind within GitHub\'s limit of 10 per step', () => {
    const many = makeReport([{ id: 'c', checks: Array.from({ length: 15 }, (_, i) => ({ id: `k${i}`, value: null })) }]);
    const out = renderAnnotations(many, evaluateGate(many, {}));
    const notices = out.trimEnd().split('\n').filter((l) => l.startsWith('::notice'));
    expect(notices).toHaveLength(ANNOTATION_LIMIT);
    expect(notices.at(-1)).toMatch(/…and \d+ more notices/);
  });
});

describe('renderGateSummary', () => {
  it('shows the gate alone, for stdout when the reports go to files', () => {
    const text = renderGateSummary(...failing, { colorLevel: 0 });
    expect(text).toMatch(/CI gate {2}✖ FAILED {2}against \.pullcheck\/baseline\.json/);
    expect(text).toMatch(/✖ Sales push +75 +25 +-50 /);
    expect(text).toContain('Regressed checks (1)');
    expect(text).toContain('50% → 30% · score 75 → 25 (-50)');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^ {2}✖ gate failed: /);
  });
});
