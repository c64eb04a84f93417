/**
 * The report contract's types for what a metric hands over with a check: its unit, chart series
 * and what data would resolve insufficient data, and where to export that data. They import
 * nothing; the metrics (src/metrics/types.ts) and the export hints use them from here.
 */
import type { TableName } from './inputs.js';

export type MetricUnit = 'ratio' | 'days' | 'count' | 'multiple' | 'divergence';

/**
 * A series a metric measured, for charts (the HTML report): renderers draw it, never recompute
 * it. Points in the order to draw them; `y` in `unit` (`share`: a fraction of one; `count`).
 */
export interface Series {
  /** Stable name, like an evidence key: `winsByWeeksToQuarterEnd`. */
  id: string;
  /** What the chart shows, in words. */
  title: string;
  /** What the x labels are. */
  xLabel: string;
  unit: 'count' | 'share';
  points: { x: string; y: number }[];
  /** A horizontal line to read the points against (an even spread, a usage floor). */
  reference?: { label: string; y: number };
}

/**
 * What would turn an insufficient result into a measured one: a table, a column of a table, or
 * a link between two tables (e.g. `activity→deal`) whose link rate is below its floor. Read by
 * the report's "what to export next" list.
 */
export interface DataNeed {
  kind: 'table' | 'column' | 'link' | 'rows';
  table: TableName;
  /** For `column`: the field of `table` (e.g. `source`). */
  field?: string;
  /** For `link`: the link id (e.g. `activity→deal`). */
  link?: string;
}

/**
 * Where to find a missing table, column or link in each vendor's UI, for the report's "what to
 * export next" list. Data only: one entry per need key (`deals`, `deals.source`, `activity→deal`),
 * each a few vendors with the menu path to follow. Paths are written for the vendors' current UIs
 * and their standard exports; a key without an entry simply shows no hint.
 */

export interface ExportHint {
  vendor: string;
  /** The menu path and what to include, e.g. "CRM > Deals > Export, include Original Source". */
  where: string;
}
