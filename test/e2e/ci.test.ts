/**
 * CI mode end to end, with the built CLI: save a baseline, re-run on the same data, on the same
 * company made clearly more sales-driven, and on a small random perturbation of it; exit codes,
 * baseline errors, the ratchet, several formats in one run and GitHub annotations.
 * The data are copies of fixtures/product-led made in a temp folder (see ci-data.ts), so the
 * tests do not depend on exact fixture scores.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, makeSalesDriven, perturb, tempDir } from './ci-data.js';
import { ROOT, runCli, runCliWithGate } from './run-cli.js';

/** Neither CI nor GitHub Actions unless a test says so (CI itself runs the tests with CI=true). */
const env = { CI: '', GITHUB_ACTIONS: '' };
/** A copy of the default rubric, so that an edit to rubrics/default.yaml during the run changes nothing here. */
const rubric = join(tempDir(), 'default.yaml');
copyFileSync(join(ROOT, 'rubrics', 'default.yaml'), rubric);
const run = (args: string[], extra: Record<string, string> = {}) => runCli(['analyze', ...args, '--rubric', rubric], { env: { ...env, ...extra } });
/** `run` with --gate-output: the gate document parsed. */
const runGate = (args: string[], extra: Record<string, string> = {}) => runCliWithGate(['analyze', ...args, '--rubric', rubric], { env: { ...env, ...extra } });
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

let data: string;
let salesDriven: string;
let work: string;
let baseline: string;
let baselineText: string;

beforeAll(() => {
  data = copyFixture('product-led');
  salesDriven = copyFixture('product-led');
  makeSalesDriven(salesDriven);
  work = tempDir();
  baseline = join(work, '.pullcheck', 'baseline.json');
  const r = run([data, '--save-baseline', baseline, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain(`baseline saved to ${baseline}`);
  baselineText = readFileSync(baseline, 'utf8');
}, 60_000);

describe('pullcheck analyze --save-baseline / --baseline', () => {
  it('saves a versioned baseline with the rubric identity and every check', () => {
    const b = JSON.parse(baselineText);
    expect(b).toMatchObject({ baselineVersion: 1, rubric: { id: 'default', version: 1 }, asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(b.rubric.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.checks.length).toBeGreaterThanOrEqual(20);
    for (const k of b.checks) expect(Object.keys(k)).toEqual(expect.arrayContaining(['value', 'score', 'n', 'interval', 'scoreInterval', 'status']));
    expect(baselineText).not.toContain('evidence');
  });

  it('passes with exit 0 and "no change" on the same data', () => {
    const r = run([data, '--baseline', baseline, '--max-drop', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/CI gate {2}✔ PASSED {2}against .*baseline\.json/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('  ✔ gate passed: no change against the baseline');
  });

  it('fails with exit 1 on a clearly more sales-driven company, naming the regressed categories and checks with before/after values', () => {
    const r = run([salesDriven, '--baseline', baseline, '--max-drop', '5']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('CI gate  ✖ FAILED');
    const last = r.stdout.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^ {2}✖ gate failed: .*\d+ categor(y|ies) regressed \([^)]*Sales push[^)]*\)/);
    expect(r.stdout).toMatch(/✖ Sales push +[\d.]+ +[\d.]+ +-[\d.]+ +±[\d.]+ +regressed/);
    // the regressed checks, with before → after values and scores
    expect(r.stdout).toMatch(/Won revenue depends on outbound sales \[sales-sourced-won-share\][^\n]*\n +[\d.]+% → 100% · score [\d.]+ → 0 \(-[\d.]+\)/);
    expect(r.stdout).toMatch(/\[avg-discount-won\][^\n]*\n +[\d.]+% → 30% · score/);
    expect(r.stdout).toMatch(/dropped [\d.]+ points, beyond the tolerance \(5, max drop 5\) and the noise \(±[\d.]+\): a regression/);
  });

  it('passes with exit 0 on a small random perturbation of the same company (within noise)', () => {
    // with the usual tolerance, and with none at all (the noise alone keeps it from counting)
    for (const [seed, tolerance] of [[20260630, ['--max-drop', '5']], [7, []]] as const) {
      const dir = copyFixture('product-led');
      perturb(dir, seed, 0.03);
      const r = runGate([dir, '--baseline', baseline, ...tolerance, '--format', 'json']);
      expect(r.code, `seed ${seed}: ${r.stderr}`).toBe(0);
      const gate = r.gate!;
      expect(gate.passed).toBe(true);
      expect(gate.summary).toMatch(/^gate passed/);
      // the data did move: some checks changed, and none counted as a regression
      expect(gate.checks.some((c: { score: { change: number | null } }) => c.score.change !== 0)).toBe(true);
      expect(gate.categories.every((c: { score: { outcome: string } }) => c.score.outcome !== 'regressed')).toBe(true);
    }
  });

  it('--format json still applies the gate: exit 1, the report on stdout, the gate document in --gate-output, its summary on stderr', () => {
    const r = runGate([salesDriven, '--baseline', baseline, '--max-drop', '5', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(2);
    expect(report).not.toHaveProperty('gate');
    const gate = r.gate!;
    expect(gate).toMatchObject({ kind: 'pullcheck-gate', schemaVersion: 1, passed: false, failOn: ['error'], options: { maxDrop: 5, minScore: null } });
    // The gate refers to the report it judged: the one on stdout, byte for byte.
    expect(gate.report).toEqual({
      schemaVersion: 2, tool: report.tool, asOf: report.asOf, score: report.score, digest: sha256(r.stdout),
      rubric: { id: report.rubric.id, version: report.rubric.version, hash: report.rubric.hash },
    });
    expect(gate.findings.some((f) => f.scope === 'category' && f.id === 'sales-push' && f.fails)).toBe(true);
    expect(r.stderr).toMatch(/^gate failed: /m);
    expect(r.stderr).toMatch(/^gate written to .*gate\.json$/m);
  });

  it('--gate-output alone turns the gate on: it passes where the data has a score, fails (exit 1) where it has none', () => {
    const passed = runGate([data]);
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.gate).toMatchObject({ passed: true, baseline: null, overall: null, options: { minScore: null, maxDrop: null, maxDropPct: null } });
    expect(passed.stdout).toContain('CI gate  ✔ PASSED');
    const none = runGate(['fixtures/tiny']);
    expect(none.code).toBe(1);
    expect(none.gate).toMatchObject({ passed: false, report: { score: null } });
    expect(none.gate!.findings[0]).toMatchObject({ kind: 'coverage', id: 'overall', fails: true });
    // Without a gate option there is no gate and no document.
    const plain = run([data, '--format', 'json']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('gate');
  });

  it('--min-score fails below the minimum, and --fail-on insufficient-data fails on checks without data', () => {
    const score = JSON.parse(baselineText).score as number;
    if (score < 100) expect(run([data, '--min-score', String(Math.floor(score) + 1)]).code).toBe(1);
    expect(run([data, '--min-score', String(Math.floor(score))]).code).toBe(0);
    const tiny = run(['fixtures/tiny']);
    expect(tiny.code).toBe(0); // no gate asked for
    // Checks without data are listed; a gate on a folder where no check had data never passes.
    const listed = run(['fixtures/tiny', '--fail-on', 'warn']);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(/Other gate findings \(\d+\)/);
    expect(listed.stdout).toContain('✖ Overall score: no check had data');
    expect(listed.stdout).toMatch(/○ .*\[unused-feature-share\]: insufficient data/);
    expect(run(['fixtures/tiny', '--fail-on', 'insufficient-data']).code).toBe(1);
    const min = run(['fixtures/tiny', '--min-score', '10']);
    expect(min.code).toBe(1);
    expect(min.stdout).toContain('gate failed: no overall score: no check had data');
  });
});

describe('reports saved before the gate had its own document (schemaVersion 1, gate inside)', () => {
  // test/fixtures/report-v1.json: `analyze fixtures/tiny --min-score 50 --format json` by pullcheck 0.1.0 before the change.
  const v1File = join(ROOT, 'test', 'fixtures', 'report-v1.json');
  const v1 = JSON.parse(readFileSync(v1File, 'utf8'));

  it('carries in `gate` the same fields the gate document has at its top level', () => {
    expect(v1.schemaVersion).toBe(1);
    const now = runGate(['fixtures/tiny', '--min-score', '50', '--format', 'json']);
    expect(now.code).toBe(1);
    expect(Object.keys(now.gate!).filter((k) => !['kind', 'schemaVersion', 'report'].includes(k))).toEqual(Object.keys(v1.gate));
    expect(Object.keys(v1).filter((k) => k !== 'gate')).toEqual(Object.keys(JSON.parse(now.stdout)).filter((k) => k in v1));
    expect(v1.gate).toMatchObject({ passed: false, summary: now.gate!.summary });
  });

  it('is refused as a baseline like a current report (exit 2), and skipped in a data folder', () => {
    const asBaseline = run(['fixtures/tiny', '--baseline', v1File]);
    expect(asBaseline.code).toBe(2);
    expect(asBaseline.stderr).toMatch(/report-v1\.json is a pullcheck report, not a baseline\nhint: create one with: pullcheck analyze DIR --save-baseline FILE/);
    const dir = copyFixture('product-led');
    copyFileSync(v1File, join(dir, 'old-report.json'));
    const r = run([dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs.files).toContainEqual(expect.objectContaining({ path: join(dir, 'old-report.json'), status: 'skipped', reason: 'a pullcheck report (JSON), not an export' }));
  });
});

describe('--update-baseline (ratchet)', () => {
  it('keeps the baseline when the gate fails, and rewrites it when nothing dropped', () => {
    const file = join(tempDir(), 'baseline.json');
    writeFileSync(file, baselineText);
    const failed = run([salesDriven, '--baseline', file, '--update-baseline', '--format', 'json']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`baseline ${file} not updated: the gate failed`);
    expect(readFileSync(file, 'utf8')).toBe(baselineText);
    const same = run([data, '--baseline', file, '--update-baseline', '--format', 'json']);
    expect(same.code).toBe(0);
    expect(same.stderr).toContain(`baseline ${file} updated: no drop`);
    expect(readFileSync(file, 'utf8')).toBe(baselineText);
  });
});

describe('baseline and option errors exit 2', () => {
  const dir = () => tempDir();
  it('a missing, invalid, unknown-version or other-rubric baseline is a clear error, not a comparison', () => {
    const missing = run(['fixtures/tiny', '--baseline', '/no/such/baseline.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^pullcheck: baseline not found: \/no\/such\/baseline\.json\nhint: create one with/);

    const b = JSON.parse(baselineText);
    const write = (data: unknown) => {
      const f = join(dir(), 'b.json');
      writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data));
      return f;
    };
    const version = run(['fixtures/tiny', '--baseline', write({ ...b, baselineVersion: 9 })]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/baseline of version 9; this pullcheck reads version 1\nhint: upgrade pullcheck/);

    const otherRubric = run(['fixtures/tiny', '--baseline', write({ ...b, rubric: { ...b.rubric, id: 'my-rubric' } })]);
    expect(otherRubric.code).toBe(2);
    expect(otherRubric.stderr).toMatch(/was saved with rubric my-rubric v1; this run uses rubric default v1/);
    expect(otherRubric.stdout).toBe('');

    const report = run(['fixtures/tiny', '--baseline', write(JSON.parse(run(['fixtures/tiny', '--format', 'json']).stdout))]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/is a pullcheck report, not a baseline/);

    expect(run(['fixtures/tiny', '--baseline', write('{"baselineVersion": 1,')]).stderr).toMatch(/is not valid JSON/);
    for (const r of [version, otherRubric, report]) expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('bad option values and combinations', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'terminal,json'], /2 formats \(terminal, json\) need --output-dir DIR/],
      [['--format', 'markdown,pdf'], /'pdf' is not a format/],
      [['--max-drop', '5'], /--max-drop compares with a baseline; add --baseline FILE/],
      [['--update-baseline'], /--update-baseline compares with a baseline/],
      [['--min-score', '101'], /--min-score must be a number from 0 to 100/],
      [['--max-drop-pct', 'ten', '--baseline', 'x'], /--max-drop-pct must be a number/],
      [['--fail-on', 'warn,sometimes'], /'sometimes' is not a level/],
      [['--output', 'a', '--output-dir', 'b'], /--output and --output-dir cannot be used together/],
      [['--gate-output', 'g.json', '--output', 'g.json'], /--gate-output g\.json and --output name the same file/],
      [['--gate-output', 'r/gate.json', '--output-dir', 'r'], /--gate-output r\/gate\.json and --output-dir name the same file/],
      [['--gate-output', 'fixtures/tiny/deals.csv'], /--gate-output fixtures\/tiny\/deals\.csv would overwrite/],
    ];
    for (const [args, message] of cases) {
      const r = run(['fixtures/tiny', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});

describe('reports for CI', () => {
  let out: string;
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    out = join(tempDir(), 'reports');
    r = run([salesDriven, '--baseline', baseline, '--max-drop', '5', '--format', 'terminal,json,markdown,junit', '--output-dir', out]);
  }, 60_000);

  it('writes one file per format to --output-dir and the gate outcome to stdout', () => {
    expect(r.code).toBe(1);
    for (const f of ['report.txt', 'report.json', 'report.md', 'report.junit.xml']) {
      expect(existsSync(join(out, f)), f).toBe(true);
      expect(r.stderr).toContain(`report written to ${join(out, f)}`);
    }
    expect(r.stdout).toMatch(/^pullcheck .* · score \d+ \/ 100 · /);
    expect(r.stdout).toContain('CI gate  ✖ FAILED');
    expect(readFileSync(join(out, 'report.txt'), 'utf8')).toContain('CI gate  ✖ FAILED');
    // The gate document beside the reports, referring to report.json by its digest.
    const reportJson = readFileSync(join(out, 'report.json'), 'utf8');
    expect(JSON.parse(reportJson)).not.toHaveProperty('gate');
    const gate = JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8'));
    expect(gate).toMatchObject({ kind: 'pullcheck-gate', passed: false, report: { digest: sha256(reportJson) } });
    expect(r.stderr).toContain(`gate written to ${join(out, 'gate.json')}`);
  });

  it('writes JUnit XML that validates, with failing test cases for the regressions', () => {
    const xml = readFileSync(join(out, 'report.junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(/<testcase name="category sales-push" classname="pullcheck.categories" time="0">\n {6}<failure message="Sales push: [\d.]+ → [\d.]+: dropped/);
    expect(xml).toMatch(/<testcase name="sales-sourced-won-share" classname="pullcheck.sales-push"/);
  });

  it('writes a Markdown summary whose tables have a header, an alignment row and rows of equal width', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## pullcheck: ❌ gate failed');
    const tables = md.split(/\n\n/).filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const t of tables) {
      const rows = t.trim().split('\n').map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
      expect(rows[1]!.every((c) => /^-{3}:?$/.test(c))).toBe(true);
      for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
    }
    expect(md).toContain('### Regressed checks (');
    expect(md).toMatch(/\| Sales push \| [\d.]+ \| [\d.]+ \| -[\d.]+ \| ±[\d.]+ \| ❌ regressed \|/);
    expect(md).toContain('### Top recommendations');
  });

  it('colours only the terminal on stdout, honouring FORCE_COLOR; files never have colour', () => {
    const coloured = run([data, '--baseline', baseline, '--format', 'terminal,markdown', '--output-dir', join(tempDir(), 'r')], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/\u001b\[/);
    expect(readFileSync(join(out, 'report.txt'), 'utf8')).not.toMatch(/\u001b\[/);
    expect(run([data, '--baseline', baseline]).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('GitHub Actions annotations', () => {
  it('with GITHUB_ACTIONS=true, writes ::error and ::warning workflow commands to stdout', () => {
    const r = run([salesDriven, '--baseline', baseline, '--max-drop', '5'], { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands[0]).toMatch(/^::error title=pullcheck gate failed::Gate failed: /);
    expect(commands).toContainEqual(expect.stringMatching(/^::error title=pullcheck%3A Sales push::Sales push: [\d.]+ → [\d.]+: dropped/));
    expect(commands).toContainEqual(expect.stringMatching(/^::warning title=pullcheck%3A .*\[sales-sourced-won-share\]::/));
    expect(run([data, '--baseline', baseline]).stdout).not.toMatch(/^::/m);
  });

  it('keeps stdout parseable: with --format json the commands go to stderr', () => {
    const r = runGate([salesDriven, '--baseline', baseline, '--format', 'json'], { GITHUB_ACTIONS: 'true' });
    expect(JSON.parse(r.stdout).verdict).toBeDefined();
    expect(r.gate!.passed).toBe(false);
    expect(r.stderr).toMatch(/^::error title=pullcheck gate failed::/m);
  });
});
