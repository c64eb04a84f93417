/**
 * Typed evidence (issue 16, item 5) on every fixture's report: each check's evidence has the four
 * lists, unique keys, labels in words, a unit from the contract for every number, exclusions as
 * whole non-negative counts, and example rows with a value for every column.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/report/contract/evidence.js';
import type { Report } from '../../src/report/types.js';
import { METRICS } from '../../src/metrics/index.js';

const NUMBER_UNITS = ['count', 'share', 'points', 'multiple', 'days', 'money', 'number'];
const COLUMN_UNITS = [...NUMBER_UNITS, 'text', 'list', 'date'];
const ROW_KINDS = ['deal', 'account', 'feature', 'role', 'source', 'type', 'link', 'month'];

const dir = new URL('../golden/', import.meta.url);
const goldens = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** Every problem of one check's evidence, as text (empty when well-formed). */
export function evidenceProblems(ev: Evidence): string[] {
  const problems: string[] = [];
  if (!Array.isArray(ev.counts) || !Array.isArray(ev.facts) || !Array.isArray(ev.exclusions) || !Array.isArray(ev.examples)) return ['missing one of counts, facts, exclusions, examples'];
  const keys = [...ev.counts, ...ev.facts, ...ev.exclusions, ...ev.examples].map((x) => x.key);
  const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (dup.length) problems.push(`duplicate keys ${dup.join(', ')}`);
  for (const c of ev.counts) {
    if (!c.label.trim()) problems.push(`${c.key}: no label`);
    if (!NUMBER_UNITS.includes(c.unit)) problems.push(`${c.key}: unit ${c.unit}`);
    if (c.value !== null && !Number.isFinite(c.value)) problems.push(`${c.key}: value ${c.value}`);
    if (c.unit === 'count' && c.value !== null && !Number.isInteger(c.value)) problems.push(`${c.key}: a count of ${c.value}`);
    if (c.interval && !(c.interval.length === 2 && c.interval[0] <= c.interval[1])) problems.push(`${c.key}: interval ${c.interval}`);
  }
  for (const f of ev.facts) if (!f.label.trim() || typeof f.value !== 'string') problems.push(`${f.key}: fact without label or words`);
  for (const x of ev.exclusions) {
    if (!x.reason.trim()) problems.push(`${x.key}: no reason`);
    if (!(Number.isInteger(x.count) && x.count >= 0)) problems.push(`${x.key}: count ${x.count}`);
  }
  for (const t of ev.examples) {
    if (!t.label.trim()) problems.push(`${t.key}: no label`);
    if (!ROW_KINDS.includes(t.rowKind)) problems.push(`${t.key}: row kind ${t.rowKind}`);
    for (const c of t.columns) if (!COLUMN_UNITS.includes(c.unit)) problems.push(`${t.key}.${c.key}: unit ${c.unit}`);
    for (const r of t.rows) {
      if (typeof r.id !== 'string' || r.id === '') problems.push(`${t.key}: a row without an id`);
      const missing = t.columns.filter((c) => !(c.key in r.values)).map((c) => c.key);
      const extra = Object.keys(r.values).filter((k) => !t.columns.some((c) => c.key === k));
      if (missing.length || extra.length) problems.push(`${t.key} row ${r.id}: missing ${missing.join(',')} extra ${extra.join(',')}`);
    }
  }
  return problems;
}

describe('typed evidence in every golden report', () => {
  it('finds the goldens', () => expect(goldens.length).toBeGreaterThan(10));

  it.each(goldens)('%s: every check has well-formed evidence', (file) => {
    const report = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Report;
    const problems = report.categories.flatMap((c) => c.checks.flatMap((k) => evidenceProblems(k.evidence).map((p) => `${k.id}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it('every metric that measured a value in some fixture gave counts, and most gave examples', () => {
    const measured = new Map<string, Evidence>();
    for (const file of goldens) {
      const report = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Report;
      for (const c of report.categories) for (const k of c.checks) if (k.value !== null && k.valueSource === 'data') measured.set(k.metric, k.evidence);
    }
    // Every registered metric measures in some fixture (a new metric needs data that exercises it).
    expect([...measured.keys()].sort()).toEqual(METRICS.map((m) => m.id).sort());
    for (const [metric, ev] of measured) expect(ev.counts.length + ev.facts.length, metric).toBeGreaterThan(0);
  });

  it('flags malformed evidence (the check above can fail)', () => {
    const bad = {
      counts: [{ key: 'a', label: '', value: 1.5, unit: 'count' }, { key: 'a', label: 'x', value: 1, unit: 'percent' }],
      facts: [],
      exclusions: [{ key: 'x', reason: 'rows', count: -1 }],
      examples: [{ key: 't', label: 't', rowKind: 'feature', columns: [{ key: 'n', label: 'n', unit: 'count' }], rows: [{ id: 'f', values: {} }] }],
    } as unknown as Evidence;
    expect(evidenceProblems(bad)).toEqual(['duplicate keys a', 'a: no label', 'a: a count of 1.5', 'a: unit percent', 'x: count -1', 't row f: missing n extra ']);
  });
});
