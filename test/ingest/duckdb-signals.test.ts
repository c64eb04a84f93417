/**
 * DuckDB's temporary folder is removed when a signal stops the process (Ctrl-C, SIGTERM, SIGHUP),
 * not only on a normal exit: Node's default for those signals skips the `exit` event. The child
 * opens the engine as the loader does, prints the folder, and waits to be stopped.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const engine = pathToFileURL(join(__dirname, '../../dist/ingest/duckdb-engine.js')).href;

function openAndWait(): { child: ReturnType<typeof spawn>; folder: Promise<string> } {
  const script = `const { openDuckDb } = await import(${JSON.stringify(engine)}); const db = await openDuckDb([]); process.stdout.write(db.tempDirectory + '\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: mkdtempSync(join(tmpdir(), 'pullcheck-signal-')) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const folder = new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
  });
  return { child, folder };
}

describe('DuckDB temporary folder and signals', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} removes the folder and still stops the process by that signal`, async () => {
      const { child, folder } = openAndWait();
      const temp = await folder;
      expect(existsSync(temp)).toBe(true);
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, by) => resolve(by)));
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(existsSync(temp)).toBe(false);
    }, 30_000);
  }
});
