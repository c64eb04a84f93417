// Preloaded into the process being measured (`node --import ./scripts/bench-rss.mjs …`):
// on exit, report the peak resident set size to the benchmark through file descriptor 3.
// Only the main thread reports (a preload also runs in any worker thread).
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) process.on('exit', () => {
  try {
    writeSync(3, `${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // Not run by the benchmark (no fd 3): nothing to report.
  }
});
