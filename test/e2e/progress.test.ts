/** The spinner appears on stderr only on a terminal, and never pollutes the report. */
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

/** Run the CLI inside a pseudo-terminal of a known size, using util-linux `script`. */
function runInTerminal(args: string): string {
  const result = spawnSync('script', ['-qec', `stty cols 100 rows 30; node bin/pullcheck.js ${args}`, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    // ora keeps still under CI (is-interactive checks CI); this test is about a person's terminal.
    env: { ...process.env, NO_COLOR: '1', CI: undefined } as NodeJS.ProcessEnv,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('progress spinner', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pullcheck-tty-')), 'report.json');

  it('shows the file being read on a terminal, and the report file is unaffected', () => {
    const screen = runInTerminal(`analyze fixtures/product-led --format json --output ${out}`);
    expect(screen).toMatch(/reading fixtures\/product-led\/events\.csv: [\d,]+ rows/);
    // rows/s once the file has been read for a moment; always the share of its bytes read
    expect(screen).toMatch(/reading fixtures\/product-led\/[a-z_]+\.csv: [\d,]+ rows( · [\d,]+ rows\/s)? · \d{1,3}%/);
    expect(screen).toContain(`report written to ${out}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.schemaVersion).toBe(1);
  });

  it('stays silent with --quiet, and when stderr is not a terminal', () => {
    const quiet = runInTerminal(`analyze fixtures/tiny --format json --output ${out} --quiet`);
    expect(quiet).not.toContain('reading');
    const piped = runCli(['analyze', 'fixtures/tiny', '--format', 'json']);
    expect(piped.stderr).toBe('');
  });
});
