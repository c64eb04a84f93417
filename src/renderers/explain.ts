/** `pullcheck explain` as text: the Explanation (src/report/explain.ts) in sections, wrapped for a terminal. */
import type { Explanation } from '../report/explain.js';
import type { CheckFormat } from '../rubric/types.js';
import { formatValue, wrap } from './format.js';

const WIDTH = 88;

export function renderExplanation(e: Explanation): string {
  const out: string[] = [];
  const para = (text: string, indent = '  '): void => {
    for (const line of text.split('\n')) out.push(...(line.trim() === '' ? [''] : wrap(line, WIDTH - indent.length).map((l) => `${indent}${l}`)));
  };
  const f = (v: number) => formatValue(v, e.format as CheckFormat | null as CheckFormat);
  out.push(`${e.check}  (metric ${e.metric}; ${e.rubric.file})`);
  para(`${e.title}. When it fails: ${e.failureTitle}.`);
  out.push('', 'Measures');
  para(e.description);
  if (e.definition) {
    out.push('', 'Definition');
    para(reflow(e.definition));
  }
  out.push('', 'Scoring');
  const { better, pass, fail } = e.threshold;
  para(better === 'lower' ? `pass ≤ ${f(pass)}, fail ≥ ${f(fail)} (lower is better), linear in between` : `pass ≥ ${f(pass)}, fail ≤ ${f(fail)} (higher is better), linear in between`);
  para(`basis: ${e.basis}${e.source ? ` — ${e.source}` : ''}`);
  para(`weight ${e.weight} in category "${e.category.title}"${e.category.item ? ` (${e.category.item})` : ''}, weight ${e.category.weight}`);
  const overrides = Object.keys(e.paramOverrides);
  para(`parameters: ${Object.entries(e.params).map(([k, v]) => `${k} ${JSON.stringify(v)}${overrides.includes(k) ? ' (set by the rubric)' : ''}`).join(', ')}`);
  if (e.presumes.length) para(`presumes: ${e.presumes.join('; ')} (not applicable without: docs/rubric.md)`);
  out.push('', 'Needs');
  para(`tables: ${e.needs.tables.map((t) => t.table).join(', ')}`);
  for (const c of e.needs.columns) para(`column: ${c.label}${c.where ? ` (${c.where})` : ''}`);
  const minimums = Object.entries(e.needs.minimums);
  if (minimums.length) para(`minimum sample: ${minimums.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}; below it the check is insufficient data, never a score`);
  const hints = [...e.needs.tables.flatMap((t) => t.hints.map((h) => ({ what: t.table, ...h }))), ...e.needs.columns.flatMap((c) => c.hints.map((h) => ({ what: c.label, ...h })))];
  if (hints.length) {
    out.push('', 'Where to export it');
    for (const h of hints) para(`${h.what} — ${h.vendor}: ${h.where}`);
  }
  out.push('', 'Recommendation when it does not pass');
  para(e.recommendation);
  return `${out.join('\n')}\n`;
}

/**
 * A doc comment's text with its hard line breaks undone: lines of a paragraph joined, paragraphs
 * (blank lines) and list items (`-`, `*`, `1.`) kept apart, so the text wraps to the terminal.
 */
export function reflow(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const startsItem = /^([-*•]|\d+\.)\s/.test(line);
    const last = lines.length ? lines[lines.length - 1]! : '';
    if (line === '' || startsItem || last === '') lines.push(line);
    else lines[lines.length - 1] = `${last} ${line}`;
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
