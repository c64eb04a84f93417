/**
 * Embedded DuckDB (`@duckdb/node-api`), opened safely and only when needed (issue 14;
 * docs/engine-plan.md). The module is a 68 MB native binding whose load takes 0.1–0.4 s, so it
 * is imported at the first call of `LazyDuckDb.get()`, never at start-up: `pullcheck --help`
 * and a run without events or Parquet files do not load it (test/e2e/parquet.test.ts checks).
 *
 * Safe by construction: the instance may read only the files it is given (`allowed_paths`, with
 * external access off and the configuration locked), installs and loads no extension (json,
 * parquet and icu are built into the binding), and spills to a temporary folder of its own
 * under the OS temp folder, removed when the engine closes, the process exits, or a signal
 * (Ctrl-C, SIGTERM, SIGHUP) stops it: Node's default for those signals skips `exit`. SQL built
 * here names no column (positional `#n`) and takes file paths as parameters only, written by
 * `duckDbPath` (a name with glob characters reads that file, no other).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB's memory limit: beyond it, it spills to its temporary folder. 400 MB keeps a whole run
 * under 1 GB at 50 M events now that invites are kept at their own times (CSV 931 MB, Parquet
 * 976 MB, where 500 MB gave 1066 and 1062 MB in about the same time; 1 GB gave 1335 and 1178 MB
 * before); at 5 M events 300 MB cost about 1 s more (docs/engine-plan.md, issue 14).
 */
export const DUCKDB_MEMORY_LIMIT = '400MB';

/**
 * DuckDB's worker threads: 2, also on a 1-core machine (PULLCHECK_DUCKDB_THREADS=1 or 2 sets it,
 * for the test that reports are the same at 1 and 2). At 1 thread the grouping of 5 M events ran
 * out of the 400 MB memory limit every time (the file then falls back to the row-by-row read:
 * 30.7 s on one core, against 21.6 s with 2 threads on the same core). More than 2 would not feed
 * the one JavaScript thread that takes the results faster.
 */
export function duckDbThreads(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.PULLCHECK_DUCKDB_THREADS);
  return set === 1 || set === 2 ? set : 2;
}

export type DuckDbApi = typeof import('@duckdb/node-api');

/** Signals that stop the process without an `exit` event unless handled. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Why DuckDB could not be used, as the user sees it (the binding missing, an unsupported platform). */
export class DuckDbUnavailable extends Error {}

/** A SQL string literal: quotes doubled (only for settings, which take no parameters). */
export function sqlLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('a path holding a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A file's path as DuckDB's readers (`read_csv`, `read_json`, `read_parquet`, `parquet_schema`)
 * take it: they read a path holding `*`, `?` or `[` as a glob pattern, so `events[1].csv` would
 * read `events1.csv` and `events*.parquet` every Parquet file it matches. Each of those characters
 * is written as a one-character class (`[*]`, `[?]`, `[[]`), which matches that character only;
 * a path without them is DuckDB's as it is (a pattern is listed, not opened).
 */
export function duckDbPath(path: string): string {
  return /[*?[]/.test(path) ? path.replace(/[*?[]/g, (c) => `[${c}]`) : path;
}

/** DuckDB's message without the SQL excerpt it appends (`LINE 1: …` and a caret). */
export function duckDbMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\r?\n\s*\r?\nLINE \d+:/)[0]!.trim();
}

/** One DuckDB instance, its temporary folder and its connections. */
export interface DuckDb {
  /** The loaded module (its type ids and value classes). */
  readonly api: DuckDbApi;
  /** A new connection (one per streaming query: a connection runs one at a time). */
  connect(): Promise<DuckDBConnection>;
  /** The temporary folder DuckDB spills to (removed by `close`). */
  readonly tempDirectory: string;
  close(): void;
}

/** Opens DuckDB allowed to read `readable` (absolute paths) and nothing else. */
export async function openDuckDb(readable: readonly string[]): Promise<DuckDb> {
  let api: DuckDbApi;
  try {
    api = await import('@duckdb/node-api');
  } catch (error) {
    throw new DuckDbUnavailable(`DuckDB (@duckdb/node-api), which reads events and Parquet files, cannot be loaded here (${(error as Error).message.split('\n')[0]})`);
  }
  let tempDirectory: string;
  try {
    tempDirectory = mkdtempSync(join(tmpdir(), 'pullcheck-duckdb-'));
  } catch (error) {
    throw new DuckDbUnavailable(`DuckDB's temporary folder cannot be made in ${tmpdir()} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set TMPDIR to a folder pullcheck can write to`);
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    removeTemp();
    // Then stop as the signal would have: the shell still sees 130 for Ctrl-C.
    process.kill(process.pid, signal);
  };
  const removeTemp = (): void => {
    rmSync(tempDirectory, { recursive: true, force: true });
    process.removeListener('exit', removeTemp);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  };
  process.once('exit', removeTemp);
  // Only when nothing else handles the signal (the survey saves its answers on its own).
  for (const signal of STOP_SIGNALS) if (process.listenerCount(signal) === 0) process.once(signal, onSignal);
  let instance: DuckDBInstance | null = null;
  try {
    instance = await api.DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: DUCKDB_MEMORY_LIMIT,
      threads: String(duckDbThreads()),
      temp_directory: tempDirectory,
    });
    const setup = await instance.connect();
    // Times are read as UTC wherever DuckDB renders one (readers convert explicitly as well).
    await setup.run("SET TimeZone = 'UTC'");
    // DuckDB checks the path it is given (a file's escaped pattern, duckDbPath) and each file a pattern matches.
    const allowed = [...new Set(readable.flatMap((path) => [path, duckDbPath(path)]))];
    if (allowed.length > 0) await setup.run(`SET allowed_paths = [${allowed.map(sqlLiteral).join(', ')}]`);
    await setup.run('SET enable_external_access = false');
    await setup.run('SET lock_configuration = true');
    setup.closeSync();
  } catch (error) {
    instance?.closeSync();
    removeTemp();
    throw new DuckDbUnavailable(`DuckDB could not be opened (${duckDbMessage(error)})`);
  }
  const opened = instance;
  let closed = false;
  return {
    api,
    tempDirectory,
    connect: () => opened.connect(),
    close: () => {
      if (closed) return;
      closed = true;
      opened.closeSync();
      removeTemp();
    },
  };
}

/**
 * DuckDB opened at the first `get()` (so a folder without events or Parquet never loads it), shared by
 * the files of one load, and closed once by `close()`.
 */
export class LazyDuckDb {
  private opened: Promise<DuckDb> | null = null;

  /** @param readable the only files DuckDB may read (the data files of the folder). */
  constructor(private readonly readable: readonly string[]) {}

  get(): Promise<DuckDb> {
    this.opened ??= openDuckDb(this.readable);
    return this.opened;
  }

  /** True once `get()` was called (DuckDB loaded, or loading). */
  get used(): boolean {
    return this.opened !== null;
  }

  /** Work started ahead of its turn (a summary being made), which `close` waits for. */
  private readonly pending = new Set<Promise<unknown>>();

  /** Has `close` wait for `work` (settled either way) before closing the engine. */
  track(work: Promise<unknown>): void {
    this.pending.add(work);
    work.then(
      () => this.pending.delete(work),
      () => this.pending.delete(work),
    );
  }

  async close(): Promise<void> {
    // No query is running when the instance closes, even when a file's load failed before it
    // awaited the summary it had started.
    await Promise.allSettled([...this.pending]);
    const opened = this.opened;
    this.opened = null;
    if (!opened) return;
    try {
      (await opened).close();
    } catch {
      // It never opened: nothing to close.
    }
  }
}
