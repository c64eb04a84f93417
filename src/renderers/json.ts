import type { Report } from '../report/types.js';

/** The report as JSON: stable key order (as built), two-space indent, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
