/**
 * `--history FILE`: a JSON-lines file with one summary per run (HistoryEntry), oldest first, meant
 * to be committed next to the baseline. It holds scores, coverage, dates, category ids and the
 * commit only: no evidence, names or values from the exports, so it carries no personal data in
 * CI or anywhere. Written whole and atomically (src/core/output-files.ts); a line that is not a run
 * summary is an error with file:line, never skipped or overwritten.
 */
import { readFileSync } from 'node:fs';
import { PullcheckError } from '../core/errors.js';
import { writeFileSafely } from '../core/output-files.js';
import { trendPoint } from './trend.js';
import type { HistoryEntry, Report, Verdict } from './types.js';

const VERDICTS: readonly Verdict[] = ['product-driven', 'mixed', 'sales-driven', 'insufficient-data'];
/** A commit id as CI systems give it (GITHUB_SHA, CI_COMMIT_SHA): hex, short or full. */
const COMMIT = /^[0-9a-f]{7,64}$/i;

/** This run's line: the headline as the report shows it (score null below the coverage floor). */
export function historyEntry(report: Report, runAt: string, env: NodeJS.ProcessEnv): HistoryEntry {
  const point = trendPoint(report);
  const commit = [env.GITHUB_SHA, env.CI_COMMIT_SHA].find((c) => c !== undefined && COMMIT.test(c));
  return {
    runAt,
    asOf: point.asOf,
    score: point.score,
    range: point.range,
    coverage: point.coverage,
    verdict: point.verdict,
    categories: point.categories.map((c) => ({ id: c.id, score: c.score })),
    ...(commit ? { commit } : {}),
  };
}

/**
 * When the run happened: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) when
 * set, so a re-run can give the same file; else the clock.
 */
export function runTimestamp(env: NodeJS.ProcessEnv, now: () => number = Date.now): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const ms = epoch !== undefined && /^\d{1,12}$/.test(epoch) ? Number(epoch) * 1000 : now();
  return new Date(ms).toISOString();
}

/** The runs in an existing history file, oldest first; none when the file does not exist yet. */
export function readHistory(file: string): HistoryEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new PullcheckError('HISTORY_UNREADABLE', `cannot read the history file ${file}: ${code === 'EISDIR' ? 'it is a directory' : code ?? String(error)}`, {
      hint: '--history takes a JSON-lines file, created on the first run',
    });
  }
  return parseHistory(text, file);
}

/** Parses JSON lines (blank lines allowed, a BOM ignored); throws BAD_HISTORY with file:line for the first bad one, and how many are bad. */
export function parseHistory(text: string, file: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const bad: Array<{ line: number; why: string }> = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      bad.push({ line: i + 1, why: `not JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    const why = entryProblem(value);
    if (why) bad.push({ line: i + 1, why });
    else entries.push(value as HistoryEntry);
  });
  if (bad.length > 0) {
    const first = bad[0]!;
    const more = bad.length > 1 ? ` (${bad.length} bad lines: ${bad.slice(0, 5).map((b) => b.line).join(', ')}${bad.length > 5 ? ', …' : ''})` : '';
    throw new PullcheckError('BAD_HISTORY', `${file}:${first.line}: ${first.why}, expected one run summary per line as --history writes it${more}`, {
      hint: 'fix or remove the line; the file was left as it was',
    });
  }
  return entries;
}

/** The whole file with this run appended, one JSON object a line. */
export function historyText(entries: readonly HistoryEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** Writes the runs atomically (the temp file is renamed over the old one only once complete). */
export function writeHistory(file: string, entries: readonly HistoryEntry[]): void {
  writeFileSafely(file, historyText(entries), 'HISTORY_UNWRITABLE', `the history file ${file}`);
}

/** What is wrong with a parsed line, or null for a run summary. */
function entryProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}, not an object`;
  const e = value as Record<string, unknown>;
  const isNumberOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));
  if (typeof e.runAt !== 'string' || Number.isNaN(Date.parse(e.runAt))) return `runAt is ${show(e.runAt)}, not a timestamp`;
  if (typeof e.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.asOf)) return `asOf is ${show(e.asOf)}, not a YYYY-MM-DD date`;
  if (!isNumberOrNull(e.score)) return `score is ${show(e.score)}, not a number or null`;
  if (e.range !== null && !(Array.isArray(e.range) && e.range.length === 2 && e.range.every((x) => typeof x === 'number'))) return `range is ${show(e.range)}, not [low, high] or null`;
  if (typeof e.coverage !== 'number' || e.coverage < 0 || e.coverage > 1) return `coverage is ${show(e.coverage)}, not a number from 0 to 1`;
  if (!VERDICTS.includes(e.verdict as Verdict)) return `verdict is ${show(e.verdict)}, not one of ${VERDICTS.join(', ')}`;
  if (!Array.isArray(e.categories) || !e.categories.every((c) => typeof c === 'object' && c !== null && typeof (c as { id?: unknown }).id === 'string' && isNumberOrNull((c as { score?: unknown }).score))) {
    return 'categories is not a list of {id, score}';
  }
  if (e.commit !== undefined && typeof e.commit !== 'string') return `commit is ${show(e.commit)}, not a string`;
  return null;
}

function show(v: unknown): string {
  const text = v === undefined ? 'missing' : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
