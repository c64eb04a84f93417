/**
 * The bootstrap thread through the built CLI (the worker only exists compiled, in dist/):
 * reports with every bootstrap on the worker (PULLCHECK_BOOTSTRAP_THREAD=always) and with none
 * (never) are byte-identical to the goldens. A preload counts the workers started, so the test
 * knows which path ran.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const preload = join(mkdtempSync(join(tmpdir(), 'pullcheck-bootstrap-e2e-')), 'count-workers.mjs');
writeFileSync(
  preload,
  `import threads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
if (threads.isMainThread) {
  const Worker = threads.Worker;
  threads.Worker = class extends Worker {
    constructor(...args) {
      super(...args);
      process.stderr.write('[worker started ' + String(args[0]).split('/').pop() + ']\\n');
    }
  };
  syncBuiltinESMExports();
}
`,
);

const analyzeJson = (folder: string, mode: string) =>
  runCli(['analyze', `fixtures/${folder}`, '--format', 'json'], {
    // CI cleared: under CI every format pseudonymises names, and the goldens are made without it.
    env: { PULLCHECK_BOOTSTRAP_THREAD: mode, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, CI: '' },
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
