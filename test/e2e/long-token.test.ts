/**
 * One long token without spaces or line breaks (issue 17, item 3) must cost time in proportion to
 * its length: a backtracking scan (the e-mail pattern of the scrubber) made a 300 KB token take
 * 54 s. Timed as a ratio of two runs in the same test, never against a clock: a 1 MB token may
 * cost at most 15× a 100 KB one (linear is ~10×, less with the process start; quadratic ~100×).
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, readCsv, tempDir, writeCsv } from './ci-data.js';
import { runCli } from './run-cli.js';

/** Token shapes that make backtracking patterns retry at every character. */
function token(size: number): string {
  const parts = ['a', 'a.', 'a-', 'a@'];
  return parts.map((p) => p.repeat(Math.ceil(size / parts.length / p.length))).join('');
}

function folderWith(size: number): string {
  const dir = copyFixture('private');
  const file = join(dir, 'deals.csv');
  const [header, ...rows] = readCsv(file);
  const long = token(size);
  for (const field of ['deal_name', 'source', 'owner']) rows[0]![header!.indexOf(field)] = long;
  writeCsv(file, [header!, ...rows]);
  return dir;
}

function cost(args: string[]): number {
  const started = performance.now();
  const r = runCli(args, { env: { CI: 'true' } });
  const elapsed = performance.now() - started;
  expect(r.code, r.stderr.slice(0, 500)).toBe(0);
  return elapsed;
}

describe('a long token', () => {
  const small = folderWith(100_000);
  const large = folderWith(1_000_000);
  const out = join(tempDir(), 'report');
  // reports to a file: the token is in them more than once, beyond what a captured stdout holds
  for (const command of [['analyze', '--format', 'json', '--output', out], ['analyze', '--format', 'markdown', '--output', out], ['analyze', '--format', 'terminal', '--output', out], ['inspect', '--format', 'json']]) {
    it(`costs time in proportion to its length: ${command.join(' ')}`, () => {
      const args = (dir: string) => [command[0]!, dir, ...command.slice(1)];
      cost(args(small)); // warm the file cache
      const ratio = cost(args(large)) / cost(args(small));
      expect(ratio).toBeLessThan(15);
    }, 240_000);
  }
});
