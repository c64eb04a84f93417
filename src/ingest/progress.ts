/**
 * Progress of a run, as one line for a spinner. Reading: the file, rows read, rows per second and
 * the share of the file's bytes read, or that DuckDB is still grouping an events file once every
 * other file is read; a second read (events row by row) says so. Then computing the checks: how many are done, and which
 * metric is being computed. Both are shown at most once per `everyMs`.
 */
import { plainText } from '../renderers/sanitise.js';
import type { LoadProgress } from './load-dataset.js';

export function progressLine(p: LoadProgress, rowsPerSecond: number | null): string {
  // A file's name is data: no control character of it reaches the terminal.
  const file = plainText(p.file);
  if (p.grouping) return `reading ${file}: DuckDB is grouping its events`;
  // The second read of a folder whose checks met times inside DuckDB's day summaries (analyze.ts).
  const reading = p.again ? 'reading again, events row by row:' : 'reading';
  const parts = [`${reading} ${file}: ${p.rows.toLocaleString('en-US')} rows`];
  if (rowsPerSecond !== null) parts.push(`${Math.round(rowsPerSecond).toLocaleString('en-US')} rows/s`);
  if (p.totalBytes > 0) parts.push(`${Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100))}%`);
  return parts.join(' · ');
}

/**
 * An onProgress handler that calls `show` with the progress line at most once per `everyMs`
 * (the first report is shown at once). Rows/s is measured from the file's first report.
 */
export function throttledProgress(show: (line: string) => void, everyMs = 100, now: () => number = () => performance.now()): (p: LoadProgress) => void {
  let last = Number.NEGATIVE_INFINITY;
  let file = '';
  let fileStart = 0;
  let fileStartRows = 0;
  let shownGrouping = false;
  return (p) => {
    const t = now();
    if (p.file !== file) {
      file = p.file;
      fileStart = t;
      fileStartRows = p.rows;
    }
    // Into or out of DuckDB's grouping, the line changes at once: the wait may end at any moment.
    if (t - last < everyMs && Boolean(p.grouping) === shownGrouping) return;
    last = t;
    shownGrouping = Boolean(p.grouping);
    const seconds = (t - fileStart) / 1000;
    show(progressLine(p, seconds >= 0.2 ? (p.rows - fileStartRows) / seconds : null));
  };
}

/** Which check is being computed (MetricDefinition id), after `done` of `total`. */
export interface CheckProgress {
  done: number;
  total: number;
  metric: string;
  /** A `--trend` point's period end, while its checks are computed. */
  asOf?: string;
}

export function checksLine(p: CheckProgress): string {
  return `computing checks${p.asOf ? ` as of ${p.asOf}` : ''}: ${p.done} of ${p.total} done · ${p.metric}`;
}

/** An onCheck handler that calls `show` with the checks line at most once per `everyMs`. */
export function throttledChecks(show: (line: string) => void, everyMs = 100, now: () => number = () => performance.now()): (p: CheckProgress) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (p) => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    show(checksLine(p));
  };
}
