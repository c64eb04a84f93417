/**
 * Output streams that fail (issue 17, item 7): a reader that goes away (`| head`) ends the run
 * quietly with its own exit code (0 here); a full disk under stdout is one line and exit 2
 * (1 means "gate failed"), never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const CLI = [`${ROOT}/bin/pullcheck.js`, 'analyze', `${ROOT}/fixtures/product-led`];
const env = { ...process.env, NO_COLOR: '1', CI: '' };

describe('failing output streams', () => {
  for (const format of ['terminal', 'json']) {
    it(`a closed pipe (| head -c 10): exit 0, nothing on stderr (--format ${format})`, () => {
      // as a shell runs it: head exits after 10 bytes, and pullcheck's next write gets EPIPE
      const errFile = join(mkdtempSync(join(tmpdir(), 'pullcheck-pipe-')), 'stderr');
      const r = spawnSync('bash', ['-c', '"$@" 2>"$ERR" | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"', 'bash', process.execPath, ...CLI, '--format', format], {
        env: { ...env, ERR: errFile },
        encoding: 'utf8',
      });
      expect(readFileSync(errFile, 'utf8')).toBe('');
      expect(r.stdout.trim()).toBe('0');
    });
  }

  it.runIf(existsSync('/dev/full'))('a full disk under stdout: one line, exit 2', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, CLI, { env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toBe('pullcheck: cannot write the report to stdout: ENOSPC (the disk is full)\n');
      expect(r.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});
