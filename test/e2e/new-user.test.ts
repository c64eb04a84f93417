/**
 * What a new user hit (issue 17, item 9): `--fail-on warn` passed with WARN findings; JUnit with a
 * baseline showed regressed checks of a failed gate as passing test cases; `--output` into a
 * missing folder failed (test/e2e/output-files.test.ts); the rubric's header told users to run
 * `pullcheck --rubric`, which is not a command; the report did not name its config file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, makeSalesDriven, tempDir } from './ci-data.js';
import { ROOT, runCli, runCliWithGate } from './run-cli.js';

const env = { CI: '', GITHUB_ACTIONS: '' };

describe('a new user', () => {
  it('--fail-on warn fails when the report shows WARN or FAIL checks, and says which', () => {
    const plain = runCli(['analyze', 'fixtures/sales-led'], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/▲ WARN|✖ FAIL/);
    const r = runCli(['analyze', 'fixtures/sales-led', '--fail-on', 'warn'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/✖ gate failed: \d+ checks at WARN or FAIL \(--fail-on warn: [a-z0-9-]+, /);
  });

  it('JUnit against a baseline: when the gate fails, the checks that regressed are failing test cases', () => {
    const data = copyFixture('product-led');
    const baseline = join(tempDir(), 'baseline.json');
    expect(runCli(['analyze', data, '--save-baseline', baseline, '--format', 'json', '--output', join(tempDir(), 'r.json')], { env }).code).toBe(0);
    const changed = copyFixture('product-led');
    makeSalesDriven(changed);
    const out = join(tempDir(), 'junit.xml');
    const r = runCli(['analyze', changed, '--baseline', baseline, '--format', 'junit', '--output', out], { env });
    expect(r.code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    const gate = runCliWithGate(['analyze', changed, '--baseline', baseline, '--format', 'json'], { env }).gate!;
    const regressed = gate.checks.filter((k) => k.score.outcome === 'regressed').map((k) => k.id);
    expect(regressed.length).toBeGreaterThan(0);
    for (const id of regressed) {
      expect(xml, id).toMatch(new RegExp(`<testcase name="${id}" classname="[^"]+" time="0">\\n\\s*<failure `));
    }
  });

  it('the default rubric and the docs name a real command; the report names the config file it used', () => {
    const header = readFileSync(join(ROOT, 'rubrics', 'default.yaml'), 'utf8').split('\n').slice(0, 5).join('\n');
    expect(header).not.toMatch(/`pullcheck --rubric/);
    expect(header).toContain('pullcheck analyze DIR --rubric');
    expect(readFileSync(join(ROOT, 'docs', 'rubric.md'), 'utf8')).not.toMatch(/^pullcheck --rubric/m);

    const data = copyFixture('tiny');
    writeFileSync(join(data, 'pullcheck.config.yaml'), 'salesSources: [outbound]\n');
    const r = runCli(['analyze', data, '--format', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inputs.config).toBe(join(data, 'pullcheck.config.yaml'));
    const t = runCli(['analyze', data], { env });
    expect(t.stdout).toContain(`read with ${join(data, 'pullcheck.config.yaml')}`);
  });
});
