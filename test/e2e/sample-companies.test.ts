/** The bundled sample companies, analysed by the built CLI exactly as the README says. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Check { id: string; status: string; value: number | null; n: number; score: number | null; recommendation: string }
interface Category { id: string; score: number | null; checks: Check[] }
interface Report { schemaVersion: number; score: number; verdict: string; coverage: number; asOf: string; categories: Category[]; topRecommendations: unknown[]; inputs: { files: Array<{ table: string; rows: number; rejected: number }> } }

function analyzeJson(fixture: string, extra: string[] = []): { report: Report; stdout: string } {
  const r = runCli(['analyze', `fixtures/${fixture}`, '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return { report: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}

describe.each(['product-led', 'sales-led'])('fixtures/%s', (fixture) => {
  const { report, stdout } = analyzeJson(fixture);

  it('produces a complete report: all eight tables, every category measured', () => {
    expect(report.schemaVersion).toBe(2);
    expect(report.asOf).toBe('2026-06-30');
    expect(report.inputs.files.map((f) => f.table).sort()).toEqual(
      ['accounts', 'activities', 'contacts', 'deals', 'events', 'feature_requests', 'releases', 'users'],
    );
    for (const f of report.inputs.files) expect(f.rejected).toBe(0);
    expect(report.categories).toHaveLength(7);
    for (const category of report.categories) {
      expect(category.score, category.id).not.toBeNull();
      expect(category.checks.some((c) => c.status !== 'insufficient-data' && c.status !== 'error'), category.id).toBe(true);
    }
    expect(report.coverage).toBeGreaterThanOrEqual(0.8);
    expect(report.topRecommendations.length).toBeGreaterThan(0);
  });

  it('gives every measured check its sample size and every check a recommendation', () => {
    for (const check of report.categories.flatMap((c) => c.checks)) {
      expect(check.status).not.toBe('error');
      if (check.value !== null) expect(check.n, check.id).toBeGreaterThan(0);
      expect(check.recommendation.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic: the same data and --as-of give byte-identical JSON', () => {
    expect(analyzeJson(fixture, ['--as-of', '2026-06-30']).stdout).toBe(stdout);
  });
});

describe('product-led versus sales-led', () => {
  it('scores the product-led company at least 30 points above the sales-led one, with matching verdicts', () => {
    const product = analyzeJson('product-led').report;
    const sales = analyzeJson('sales-led').report;
    expect(product.score - sales.score).toBeGreaterThanOrEqual(30);
    expect(product.verdict).toBe('product-driven');
    expect(sales.verdict).toBe('sales-driven');
  });

  it('renders the terminal report with score, verdict, category bars, findings and top recommendations', () => {
    const r = runCli(['analyze', 'fixtures/sales-led']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // no spinner without a TTY
    expect(r.stdout).toMatch(/Score\s+\d+ \/ 100 \(range \d+–\d+\)\s+SALES-DRIVEN/);
    expect(r.stdout).toMatch(/Features over optimisation\s+[█░]{20}\s+100\s+\(rests on 1 borderline check\)/);
    expect(r.stdout).toMatch(/Curb appeal over lasting value\s+[█░]{20}\s+\d+/);
    expect(r.stdout).toMatch(/✖ FAIL .*\[unused-feature-share\]/);
    expect(r.stdout).toMatch(/n = [\d,]+ /);
    expect(r.stdout).toContain('What would move the score most');
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });
});
