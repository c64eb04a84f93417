/**
 * "What to export next": the data each check without a measured value says it needs (missing
 * tables, columns and links: `CheckResult.needs`), merged per need and ranked by the share of
 * the rubric's weight it would bring into the score. docs/report-format.md, "exportNext".
 */
import type { DataNeed } from '../metrics/types.js';
import type { CategoryResult, ExportNextItem } from './types.js';
import { hintsFor } from './export-hints.js';
import { counts } from '../scoring/score.js';

/** `deals`, `deals.source`, `activity→deal`: the key a need is merged and looked up by. */
export function needKey(need: DataNeed): string {
  switch (need.kind) {
    case 'column':
      return `${need.table}.${need.field ?? ''}`;
    case 'link':
      return need.link ?? need.table;
    case 'table':
    case 'rows':
      return need.table;
  }
}

/** "a deals table", "an events table", "the source column of deals", "the activity→deal link", "more usable rows of deals" (none were usable, or too few). */
export function needLabel(need: DataNeed): string {
  switch (need.kind) {
    case 'table':
      return `${withArticle(need.table)} table`;
    case 'rows':
      return `more usable rows of ${need.table}`;
    case 'column':
      return `the ${(need.field ?? '').split('|').map(fieldLabel).join(' or ')} column of ${need.table}`;
    case 'link':
      return `the ${need.link ?? need.table} link`;
  }
}

/**
 * A check's share of the overall score, in points of 100: its weight within its category times
 * its category's weight within the rubric (positive weights only; 0 for a weight-0 check; a
 * not-applicable check or category counts nowhere, as in the score).
 */
export function checkPoints(categories: readonly CategoryResult[]): Map<string, number> {
  const points = new Map<string, number>();
  const categoryWeight = categories.reduce((sum, c) => sum + (counts(c) ? c.weight : 0), 0);
  for (const category of categories) {
    const checkWeight = category.checks.reduce((sum, k) => sum + (counts(k) ? k.weight : 0), 0);
    for (const check of category.checks) {
      const share = categoryWeight > 0 && checkWeight > 0 && counts(category) && counts(check) ? (check.weight / checkWeight) * (category.weight / categoryWeight) : 0;
      points.set(check.id, 100 * share);
    }
  }
  return points;
}

/**
 * One entry per distinct need, with every check it would unblock (rubric order) and their
 * points; a check needing several things counts in full under each, so the weight is what the
 * need would add at most. Ranked by weight, then checks unblocked, then key.
 */
export function exportNext(categories: readonly CategoryResult[]): ExportNextItem[] {
  const points = checkPoints(categories);
  const byKey = new Map<string, { need: DataNeed; checks: string[]; weight: number }>();
  for (const category of categories) {
    for (const check of category.checks) {
      for (const need of check.needs ?? []) {
        const key = `${need.kind}:${needKey(need)}`;
        let entry = byKey.get(key);
        if (!entry) byKey.set(key, (entry = { need, checks: [], weight: 0 }));
        if (entry.checks.includes(check.id)) continue;
        entry.checks.push(check.id);
        entry.weight += points.get(check.id) ?? 0;
      }
    }
  }
  return [...byKey.values()]
    .map(({ need, checks, weight }): ExportNextItem => ({
      kind: need.kind,
      table: need.table,
      ...(need.field !== undefined ? { field: need.field } : {}),
      ...(need.link !== undefined ? { link: need.link } : {}),
      key: needKey(need),
      label: needLabel(need),
      weight: Math.round(weight * 10) / 10,
      checks,
      where: hintsFor(needKey(need)),
    }))
    .sort((a, b) => b.weight - a.weight || b.checks.length - a.checks.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** `promisedFeatures` → `promised features`. */
export function fieldLabel(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "an events", "a users", "an accounts": the article for a table name. */
export function withArticle(table: string): string {
  return `${/^[aeio]/.test(table) ? 'an' : 'a'} ${table}`;
}
