/**
 * `--format html` through the built CLI: the file it writes (--output, --output-dir, stdout),
 * the report embedded in it, and its size for every sample company. The page in a real browser
 * is test/e2e/html-browser.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './ci-data.js';
import { ROOT, runCli } from './run-cli.js';

const env = { CI: '' };

function embedded(page: string): unknown {
  return JSON.parse(/<script type="application\/json" id="pullcheck-report">([^]*?)<\/script>/.exec(page)![1]!);
}

describe('pullcheck analyze --format html', () => {
  it('writes one self-contained page with --output, the same report as --format json embedded', () => {
    const out = join(tempDir(), 'report.html');
    const r = runCli(['analyze', 'fixtures/sales-led', '--format', 'html', '--output', out], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`report written to ${out}`);
    const page = readFileSync(out, 'utf8');
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    const json = runCli(['analyze', 'fixtures/sales-led', '--format', 'json'], { env });
    expect(embedded(page)).toEqual(JSON.parse(json.stdout));
    expect(page).toContain('id="headline-score"><span class="big">18</span>');
  });

  it('writes report.html with --output-dir next to the other formats, and prints to stdout without a file', () => {
    const dir = tempDir();
    const r = runCli(['analyze', 'fixtures/tiny', '--format', 'json,html', '--output-dir', dir], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json']);
    expect(embedded(readFileSync(join(dir, 'report.html'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
    const stdout = runCli(['analyze', 'fixtures/tiny', '--format', 'html'], { env });
    expect(stdout.code, stdout.stderr).toBe(0);
    expect(stdout.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('stays under 1 MB for every sample company', () => {
    const dirs = ['fixtures/sales-led', 'fixtures/product-led', ...readdirSync(join(ROOT, 'fixtures/vendors')).map((d) => `fixtures/vendors/${d}`)].filter((d) => statSync(join(ROOT, d)).isDirectory());
    const out = tempDir();
    const sizes: Record<string, number> = {};
    for (const dir of dirs) {
      const file = join(out, `${dir.replace(/\W+/g, '-')}.html`);
      const r = runCli(['analyze', dir, '--format', 'html', '--output', file], { env });
      expect(r.code, `${dir}: ${r.stderr}`).toBe(0);
      sizes[dir] = statSync(file).size;
    }
    for (const [dir, size] of Object.entries(sizes)) expect(size, dir).toBeLessThan(1_000_000);
    expect(Object.keys(sizes).length).toBeGreaterThan(10);
  }, 120_000);

  it("draws the drift fixture's trend going the right way: the chart says the same points as the JSON", () => {
    const out = join(tempDir(), 'drift.html');
    const r = runCli(['analyze', 'fixtures/drift', '--trend', 'quarterly', '--format', 'html', '--output', out], { env });
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    const report = embedded(page) as { trend: { asOf: string; score: number | null }[] };
    const scored = report.trend.filter((p) => p.score !== null);
    expect(scored.length).toBeGreaterThan(2);
    expect(scored.at(-1)!.score!).toBeLessThan(scored[0]!.score!); // sliding towards sales-driven
    const label = /<section id="trend"[^]*?<svg class="chart time"[^>]*aria-label="([^"]*)"/.exec(page)![1]!;
    for (const p of scored) expect(label).toContain(`${p.asOf} ${Math.round(p.score!)} (coverage`);
    expect(page.match(/<section id="trend"[^]*?<\/section>/)![0].match(/<circle /g)).toHaveLength(scored.length);
  });

  it('refuses to write the page over an input', () => {
    const r = runCli(['analyze', 'fixtures/tiny', '--format', 'html', '--output', 'fixtures/tiny/deals.csv'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--output fixtures\/tiny\/deals.csv would overwrite/);
  });
});
