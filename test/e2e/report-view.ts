/**
 * The parts of `analyze --format json` the end-to-end tests of joins read, and the dates their
 * companies are written with: one place instead of a copy in each test.
 */
export interface ReportRow {
  id: string;
  values: Record<string, number | null>;
}
export interface ReportCheck {
  id: string;
  status: string;
  value: number | null;
  reason: string | null;
  n: number;
  needs?: unknown[];
  evidence: { examples?: Array<{ key: string; rows: ReportRow[] }> };
}
export interface ReportLink {
  id: string;
  rows: number;
  linked: number;
  by: Record<string, number>;
  noKey: number;
  ambiguous: number;
  rate: number | null;
  unlinkedExamples: string[];
}
export interface ReportView {
  inputs: { links: ReportLink[] };
  categories: Array<{ checks: ReportCheck[] }>;
}

export const DAY = 86_400_000;
/** The first day of the test companies' calendars (a Monday). */
export const START = Date.UTC(2025, 0, 6);
/** `2025-01-06` */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** `2025-01-06T00:00:00Z` */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace('.000', '');

/** A check of the report by id. */
export const checkOf = (report: ReportView, id: string): ReportCheck => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;

/** A check's linkCoverage evidence rows (one per link it floors). */
export const linkCoverageOf = (check: ReportCheck): ReportRow[] | undefined => check.evidence.examples?.find((e) => e.key === 'linkCoverage')?.rows;

/** Every check of the report, in rubric order. */
export const checksOf = (report: ReportView): ReportCheck[] => report.categories.flatMap((c) => c.checks);

/** A link of the report's link table by id (`event→account`), if it has one. */
export const linkOf = (report: ReportView, id: string): ReportLink | undefined => report.inputs.links.find((l) => l.id === id);
