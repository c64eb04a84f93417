/**
 * The HTML report in a real browser (issue 15, part 3): Debian's chromium driven by
 * playwright-core (`executablePath`: the bundled browser download cannot work here). Opens the
 * files the built CLI writes from disk, and checks: no console error, no request other than the
 * file itself, the key elements and numbers against the JSON, axe-core (WCAG 2 A and AA) without
 * violations in light and dark mode, the first screen at 1280×800, keyboard, print. Screenshots
 * and a PDF go to test-output/html/ (git-ignored) for review.
 *
 * Without chromium the tests fail when CI is set (never a silent pass in CI), and skip with a
 * message locally. PULLCHECK_CHROMIUM overrides the browser's path.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/ci/gate.js';
import { formatValue, headlineScore } from '../../src/renderers/format.js';
import { renderHtml } from '../../src/renderers/html.js';
import type { Report } from '../../src/report/types.js';
import { ROOT, runCli } from './run-cli.js';

const CHROMIUM = process.env.PULLCHECK_CHROMIUM || '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'html');
const inCi = !!process.env.CI && process.env.CI !== '0' && process.env.CI.toLowerCase() !== 'false';
const haveBrowser = existsSync(CHROMIUM);

if (!haveBrowser && !inCi) {
  console.warn(`html-browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set PULLCHECK_CHROMIUM)`);
}

describe.skipIf(!haveBrowser && !inCi)('the HTML report in chromium', () => {
  let browser: Browser;
  const reports: Record<string, { file: string; json: Report }> = {};

  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`CI is set but there is no chromium at ${CHROMIUM}: .ci/run installs it with apt (package chromium)`);
    mkdirSync(OUT, { recursive: true });
    for (const [name, dir] of [['sales-led', 'fixtures/sales-led'], ['maven', 'fixtures/vendors/maven']] as const) {
      const file = join(OUT, `${name}.html`);
      const html = runCli(['analyze', dir, '--format', 'html', '--output', file]);
      expect(html.code, html.stderr).toBe(0);
      const json = runCli(['analyze', dir, '--format', 'json']);
      expect(json.code, json.stderr).toBe(0);
      reports[name] = { file, json: JSON.parse(json.stdout) as Report };
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a file with every non-file request aborted and recorded, and console errors collected. */
  async function open(file: string, options: { width?: number; height?: number; dark?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, colorScheme: options.dark ? 'dark' : 'light' });
    const requests: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url);
    return { page, context, requests: () => requests.filter((r) => r !== url), errors };
  }

  async function axeViolations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  }

  it('shows the sample company: numbers from the JSON, no network, no console error, first screen, axe', async () => {
    const { file, json } = reports['sales-led']!;
    const { page, context, requests, errors } = await open(file);
    const embedded = JSON.parse((await page.locator('#pullcheck-report').textContent()) ?? 'null') as Report;
    expect(embedded).toEqual(json);

    expect(await page.locator('#headline-score .big').textContent()).toBe(headlineScore(json));
    expect(await page.locator('#verdict').textContent()).toBe(json.verdict);
    expect(await page.locator('#coverage').textContent()).toContain(`coverage ${Math.round(json.coverage * 100)}%`);
    expect(await page.locator('#as-of').textContent()).toBe(json.asOf);
    const actions = page.locator('#actions li.action');
    expect(await actions.count()).toBe(Math.min(3, json.topRecommendations.length));
    for (const [i, r] of json.topRecommendations.entries()) {
      expect(await actions.nth(i).locator('a').textContent()).toBe(r.title);
      expect(await actions.nth(i).locator('.gain').textContent()).toBe(`+${r.potentialGain} points`);
    }
    const checks = json.categories.flatMap((c) => c.checks);
    expect(await page.locator('article.check').count()).toBe(checks.length);
    for (const k of checks.filter((c) => c.value !== null)) {
      const card = page.locator(`[id="check-${k.id}"]`);
      expect(await card.locator('.value .v').textContent()).toBe(formatValue(k.value, k.format));
      expect(await card.locator('.value .n').textContent()).toBe(`n = ${k.n.toLocaleString('en-US')} ${k.nLabel}`);
    }

    // The first screen at 1280×800: score, verdict, coverage and the top three actions.
    for (const selector of ['#headline-score', '#verdict', '#coverage', ...[0, 1, 2].map((i) => `#actions li.action >> nth=${i}`)]) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.y, selector).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${selector} ends within the first 800 px`).toBeLessThanOrEqual(800);
      expect(box!.x + box!.width, selector).toBeLessThanOrEqual(1280);
    }
    await page.screenshot({ path: join(OUT, 'sales-led-1280.png') });
    await page.screenshot({ path: join(OUT, 'sales-led-1280-full.png'), fullPage: true });

    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: the first Tab reaches the skip link; Enter on a summary opens its details.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the findings');
    const evidence = page.locator('details.evidence').first();
    await evidence.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await evidence.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);

    // Print: every details element open, light colours; then the PDF.
    await page.emulateMedia({ media: 'print' });
    const closed = page.locator('details.evidence').nth(1);
    expect(await closed.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await closed.locator('table').first().isVisible()).toBe(true);
    await page.pdf({ path: join(OUT, 'sales-led.pdf'), format: 'A4', printBackground: true });

    expect(requests()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('in dark mode and at 390 px wide: axe passes, nothing overflows the width', async () => {
    const { file } = reports['sales-led']!;
    const dark = await open(file, { dark: true });
    expect(await axeViolations(dark.page)).toEqual([]);
    await dark.page.screenshot({ path: join(OUT, 'sales-led-1280-dark.png') });
    await dark.context.close();

    const phone = await open(file, { width: 390, height: 844 });
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: join(OUT, 'sales-led-390.png'), fullPage: true });
    expect(await axeViolations(phone.page)).toEqual([]);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 60_000);

  it('below the coverage floor: the range, not the score, and what to export next', async () => {
    const { file, json } = reports.maven!;
    expect(json.coverage).toBeLessThan(json.coverageFloor);
    const { page, context, requests, errors } = await open(file);
    expect(await page.locator('#headline-score .big').textContent()).toBe(headlineScore(json));
    expect(headlineScore(json)).toMatch(/^range /);
    expect(await page.locator('#verdict').textContent()).toBe('insufficient-data');
    expect(await page.locator('#export-next > ol > li').count()).toBe(json.exportNext.length);
    expect(await page.locator('#below-floor').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(OUT, 'maven-1280.png') });
    expect(requests()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('hostile names stay text: no script runs, no element or link comes from the data', async () => {
    const report = reports['sales-led']!.json;
    const hostile = structuredClone(report);
    const names = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', 'A & B', 'javascript:alert(3)', "it's </script><!--"];
    const check = hostile.categories[0]!.checks[0]!;
    check.title = names[0]!;
    check.evidence = {
      ...check.evidence,
      examples: check.evidence.examples.map((t) => (t.key === 'leastUsed' ? { ...t, rows: names.map((id) => ({ id, values: { accounts: 0, accountShare: 0 } })) } : t)),
    };
    hostile.topRecommendations[0]!.title = names[1]!;
    hostile.topRecommendations[0]!.check = names[3]!;
    hostile.inputs.files[0]!.path = names[4]!;
    const file = join(OUT, 'hostile.html');
    writeFileSync(file, renderHtml(hostile));
    const { page, context, requests, errors } = await open(file);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator(`[id="check-${check.id}"] h4`).textContent()).toContain(names[0]);
    expect(await page.locator('#actions li.action a').first().getAttribute('href')).toBe(`#check-${names[3]}`);
    const cells = await page.locator(`[id="check-${check.id}"] table.examples td`).allTextContents();
    for (const name of names) expect(cells).toContain(name);
    expect(requests()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('every optional section (trend, history, CI gate, perception gap): axe passes, the charts say their points', async () => {
    const report = structuredClone(reports['sales-led']!.json);
    const cats = (score: number | null) => report.categories.map((c) => ({ id: c.id, score, coverage: score === null ? 0.2 : 1 }));
    report.trend = ['2025-09-30', '2025-12-31', '2026-03-31', '2026-06-30'].map((asOf, i) => ({
      asOf,
      score: i === 0 ? null : 40 - i * 7,
      range: [i === 0 ? 10 : 35 - i * 7, i === 0 ? 90 : 45 - i * 7] as [number, number],
      coverage: i === 0 ? 0.3 : 0.9,
      verdict: i === 0 ? ('insufficient-data' as const) : ('sales-driven' as const),
      categories: cats(i === 0 ? null : 40 - i * 7),
    }));
    report.history = [
      { runAt: '2026-05-01T08:00:00Z', asOf: '2026-04-30', score: 24, range: [22, 26], coverage: 0.97, verdict: 'sales-driven', categories: [], commit: 'a1b2c3d' },
      { runAt: '2026-07-01T08:00:00Z', asOf: '2026-06-30', score: report.score, range: report.range, coverage: report.coverage, verdict: report.verdict, categories: [] },
    ];
    const gate = evaluateGate(report, { baseline: null, minScore: 50 });
    const check = report.categories[0]!.checks[0]!;
    report.perceptionGap = {
      compared: 1, disagree: 1, optimistic: 1, pessimistic: 0,
      checks: [{
        check: check.id, category: report.categories[0]!.id, question: 'How many released features go unused?',
        answered: { value: 0.3, label: 'A few (under 40%)', status: 'pass', score: 100 },
        measured: { value: check.value!, n: check.n, nLabel: check.nLabel, status: 'fail', score: 0, borderline: false },
        agreement: 'disagree', direction: 'optimistic', scoreGap: 100, statement: 'You said "A few (under 40%)", but the data shows 87.5%.',
      }],
    };
    const file = join(OUT, 'sections.html');
    writeFileSync(file, renderHtml(report, gate));
    const { page, context, requests, errors } = await open(file);
    for (const id of ['trend', 'history', 'gate', 'perception-gap']) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
    const trend = await page.locator('#trend svg').getAttribute('aria-label');
    expect(trend).toContain('2025-09-30 range 10–90 (coverage 30%)');
    expect(trend).toContain('2026-06-30 19 (coverage 90%)');
    expect(await page.locator('#gate h2').textContent()).toBe('CI gate: failed');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#trend').screenshot({ path: join(OUT, 'trend.png') });
    expect(requests()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
