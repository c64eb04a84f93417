/**
 * Not applicable through the built CLI: a config declaring the company has no free tier and no
 * trial makes free-to-paid-conversion-90d not applicable, out of coverage and the range, and
 * says so in every format; a mistake in `motions:` is a config error (exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliWithGate } from './run-cli.js';

interface Check { id: string; status: string; value: number | null; score: number | null; reason: string | null }
interface Category { id: string; score: number | null; coverage: number; range: [number, number] | null; checks: Check[] }
interface Report { score: number | null; coverage: number; range: [number, number] | null; inputs: { context: Record<string, unknown> }; categories: Category[] }

const NO_FREE = 'motions:\n  freeTier: false\n  trial: false\n';

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pullcheck-motions-')), 'pullcheck.config.yaml');
  writeFileSync(path, text);
  return path;
}

function analyzeJson(extra: string[] = []): Report {
  const r = runCli(['analyze', 'fixtures/sales-led', '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
const check = (report: Report, id: string): Check => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;
const pull = (report: Report): Category => report.categories.find((c) => c.id === 'product-pull')!;

describe('motions: { freeTier: false, trial: false } on the sales-led fixture', () => {
  const config = configFile(NO_FREE);
  const before = analyzeJson();
  const after = analyzeJson(['--config', config]);

  it('makes free-to-paid not applicable, with the reason, instead of insufficient data', () => {
    expect(check(before, 'free-to-paid-conversion-90d').status).toBe('insufficient-data');
    expect(check(after, 'free-to-paid-conversion-90d')).toMatchObject({
      status: 'not-applicable', value: null, score: null,
      reason: 'presumes a free plan or a free trial; the config declares the company has neither (motions.freeTier: false, motions.trial: false)',
    });
    expect(after.inputs.context.motions).toEqual({ freeTier: false, trial: false });
    expect(before.inputs.context.motions).toBeUndefined();
  });

  it('leaves it out of coverage and the range, and leaves the score alone', () => {
    expect(pull(before).coverage).toBe(0.875);
    expect(pull(after).coverage).toBe(1);
    expect(pull(after).range).toEqual([pull(after).score, pull(after).score]);
    expect(pull(after).score).toBe(pull(before).score);
    expect(before.coverage).toBeLessThan(1);
    expect(after.coverage).toBe(1);
    expect(after.range).toEqual([after.score, after.score]);
    expect(after.score).toBe(before.score);
  });

  it('shows it as not applicable in the terminal, Markdown and JUnit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-motions-out-'));
    const r = runCli(['analyze', 'fixtures/sales-led', '--config', config, '--format', 'terminal,markdown,junit', '--output-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const files = (ext: string): string => readFileSync(join(dir, `report.${ext}`), 'utf8');
    const terminal = files('txt');
    expect(terminal).toMatch(/– N\/A .*\[free-to-paid-conversion-90d\]\n\s+not applicable: presumes a free plan or a free trial/);
    expect(terminal).toContain('1 not applicable');
    expect(terminal).toContain('no freeTier, no trial (config motions: their checks are not applicable)');
    expect(files('md')).toContain('### Not applicable (1)');
    expect(files('md')).toContain('`free-to-paid-conversion-90d`: not applicable: presumes a free plan or a free trial');
    expect(files('junit.xml')).toMatch(/<testcase name="free-to-paid-conversion-90d"[^>]*>\n\s*<skipped message="not applicable: presumes a free plan/);
  });

  it('inspect shows the declared motions', () => {
    const r = runCli(['inspect', 'fixtures/sales-led', '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Motions (config): freeTier no, trial no; checks presuming an absent one are not applicable');
  });

  it('a wrong motion is a config error with file and line, exit 2', () => {
    const bad = configFile('asOf: 2026-06-30\nmotions:\n  freetier: false\n');
    const r = runCli(['analyze', 'fixtures/sales-led', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: motions.freetier: unknown key "freetier" (did you mean "freeTier"?)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the CI gate when a measured check becomes not applicable', () => {
  it('product-led: free-to-paid (score 100 in the baseline) is not applicable, not a drop; the gate passes', () => {
    const work = mkdtempSync(join(tmpdir(), 'pullcheck-motions-ci-'));
    const baseline = join(work, 'baseline.json');
    const saved = runCli(['analyze', 'fixtures/product-led', '--save-baseline', baseline, '--format', 'json'], { env: { CI: '', GITHUB_ACTIONS: '' } });
    expect(saved.code, saved.stderr).toBe(0);
    const r = runCliWithGate(['analyze', 'fixtures/product-led', '--config', configFile(NO_FREE), '--baseline', baseline, '--max-drop', '0', '--fail-on', 'insufficient-data', '--format', 'json'], { env: { CI: '', GITHUB_ACTIONS: '' } });
    expect(r.code, r.stderr).toBe(0);
    const gate = r.gate!;
    expect(gate.passed).toBe(true);
    const k = gate.checks.find((c) => c.id === 'free-to-paid-conversion-90d')!;
    expect(k.score.outcome).toBe('not-applicable');
    expect(k.score.why).toContain('the baseline scored it 100: not a drop');
  });
});
