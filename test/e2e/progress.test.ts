/** The spinner appears on stderr only on a terminal, and never pollutes the report. */
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { generateCompany } from '../../scripts/generate-fixtures.mjs';
import { ROOT, runCli } from './run-cli.js';

/** Run the CLI inside a pseudo-terminal of a known size, using util-linux `script`. */
function runInTerminal(args: string, env: Record<string, string> = {}): string {
  const result = spawnSync('script', ['-qec', `stty cols 100 rows 30; node bin/pullcheck.js ${args}`, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    // ora keeps still under CI (is-interactive checks CI); this test is about a person's terminal.
    env: { ...process.env, NO_COLOR: '1', CI: undefined, ...env } as NodeJS.ProcessEnv,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('progress spinner', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'pullcheck-tty-')), 'report.json');

  // Large enough (400 k events, ~25 MB) that reading the events file spans several updates.
  const company = join(mkdtempSync(join(tmpdir(), 'pullcheck-tty-company-')), 'company');
  beforeAll(async () => {
    await generateCompany({ profile: 'product-led', seed: 3, events: 400_000, outDir: company, log: () => {} });
  }, 60_000);

  it('shows the file being read on a terminal, and the report file is unaffected', () => {
    // Read row by row on one thread, so that the events file takes several updates on any machine
    // (DuckDB's grouping shows one line, once every other file is read: test/ingest/progress.test.ts).
    const screen = runInTerminal(`analyze ${company} --format json --output ${out}`, { PULLCHECK_READ_THREADS: '1', PULLCHECK_DUCKDB_EVENTS: '0' });
    const shown = company.replaceAll('/', '\\/');
    expect(screen).toMatch(new RegExp(`reading ${shown}/events\\.csv: [\\d,]+ rows`));
    // rows/s once the file has been read for a moment; always the share of its bytes read
    expect(screen).toMatch(new RegExp(`reading ${shown}/events\\.csv: [\\d,]+ rows( · [\\d,]+ rows/s)? · \\d{1,3}%`));
    const percents = [...screen.matchAll(/events\.csv: [\d,]+ rows(?: · [\d,]+ rows\/s)? · (\d{1,3})%/g)].map((m) => Number(m[1]));
    expect(percents.length).toBeGreaterThan(0);
    expect(percents.every((p) => p <= 100)).toBe(true);
    expect(screen).toContain(`report written to ${out}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.schemaVersion).toBe(2);
  });

  it('stays silent with --quiet, and when stderr is not a terminal', () => {
    const quiet = runInTerminal(`analyze fixtures/tiny --format json --output ${out} --quiet`);
    expect(quiet).not.toContain('reading');
    const piped = runCli(['analyze', 'fixtures/tiny', '--format', 'json']);
    expect(piped.stderr).toBe('');
  });
});
