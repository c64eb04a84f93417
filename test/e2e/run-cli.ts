/** Spawn the built CLI as a user would: `node bin/pullcheck.js …`, no colour, captured output. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { GateDocument } from '../../src/report/contract/gate.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [`${ROOT}/bin/pullcheck.js`, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env } as NodeJS.ProcessEnv,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `runCli` with `--gate-output` to a temp file: the result with the gate document parsed (null
 * when none was written, e.g. no gate ran or the run failed first).
 */
export function runCliWithGate(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult & { gate: GateDocument | null } {
  const file = join(mkdtempSync(join(tmpdir(), 'pullcheck-gate-')), 'gate.json');
  const result = runCli([...args, '--gate-output', file], options);
  return { ...result, gate: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GateDocument) : null };
}

let workerPreload: string | null = null;

/**
 * NODE_OPTIONS that make the CLI write `[worker started <file>]` to stderr for each worker thread
 * it starts (a preload wrapping worker_threads.Worker), so a test can tell that a worker ran.
 */
export function reportWorkersOption(): string {
  if (workerPreload === null) {
    workerPreload = join(mkdtempSync(join(tmpdir(), 'pullcheck-workers-')), 'report-workers.mjs');
    writeFileSync(
      workerPreload,
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
  }
  return `--import=${pathToFileURL(workerPreload).href}`;
}

/** An analyze JSON report's note on which engine read its events file (load-dataset.ts), if any. */
export function engineNote(json: string): string | undefined {
  const r = JSON.parse(json) as { inputs: { files: Array<{ table: string | null; notes?: string[] }> } };
  return r.inputs.files.find((f) => f.table === 'events')?.notes?.find((n) => n.startsWith('events '));
}

/** The report without those notes: what must be the same whichever engine read the events. */
export function withoutEngineNotes(json: string): string {
  const r = JSON.parse(json) as { inputs: { files: Array<{ notes?: string[] }> } };
  for (const f of r.inputs.files) {
    if (!f.notes) continue;
    f.notes = f.notes.filter((n) => !/^events (grouped by DuckDB|read row by row)/.test(n));
    if (f.notes.length === 0) delete f.notes;
  }
  return JSON.stringify(r);
}

/** `pullcheck analyze DIR --format json -q` (exit 0 expected), its folder written DIR. */
export function analyzeJson(dir: string, env: Record<string, string> = {}): string {
  const run = runCli(['analyze', dir, '--format', 'json', '-q'], { env: { CI: '', ...env } });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.replaceAll(dir, 'DIR');
}

/** A company folder written by a test: each table's CSV lines (header first) as `<table>.csv` in a new temp folder. */
export function writeCompany(prefix: string, tables: Record<string, readonly string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), `pullcheck-${prefix}-`));
  for (const [name, rows] of Object.entries(tables)) writeFileSync(join(dir, `${name}.csv`), `${rows.join('\n')}\n`);
  return dir;
}
