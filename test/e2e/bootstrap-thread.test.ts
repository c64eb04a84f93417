/**
 * The bootstrap thread through the built CLI (the worker only exists compiled, in dist/):
 * reports with every bootstrap on the worker (PULLCHECK_BOOTSTRAP_THREAD=always) and with none
 * (never) are byte-identical to the goldens. A preload counts the workers started, so the test
 * knows which path ran.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportWorkersOption, ROOT, runCli } from './run-cli.js';

const analyzeJson = (folder: string, mode: string) =>
  runCli(['analyze', `fixtures/${folder}`, '--format', 'json'], {
    // CI cleared: under CI every format pseudonymises names, and the goldens are made without it.
    env: { PULLCHECK_BOOTSTRAP_THREAD: mode, NODE_OPTIONS: reportWorkersOption(), CI: '' },
  });

describe('bootstrap thread (built CLI)', () => {
  for (const folder of ['product-led', 'sales-led']) {
    it(`${folder}: the same report with the bootstraps on the worker (always), in-thread (never) and by size (auto)`, () => {
      const golden = readFileSync(join(ROOT, 'test/golden', `${folder}.json`), 'utf8');
      const always = analyzeJson(folder, 'always');
      expect(always.code, always.stderr).toBe(0);
      expect(always.stderr).toContain('[worker started bootstrap-worker.js]');
      expect(always.stdout === golden, `always: report differs from test/golden/${folder}.json`).toBe(true);
      for (const mode of ['never', 'auto']) {
        const r = analyzeJson(folder, mode);
        expect(r.code, r.stderr).toBe(0);
        // The fixtures' bootstraps are far below the threshold: auto starts no worker.
        expect(r.stderr).not.toContain('[worker started bootstrap-worker.js]');
        expect(r.stdout === golden, `${mode}: report differs from test/golden/${folder}.json`).toBe(true);
      }
    });
  }
});
