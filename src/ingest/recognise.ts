/**
 * Recognising a file by its header: which table it holds and under which layout. A layout
 * applies when all its required fields (and, for vendor layouts, one of its signature headers)
 * are present; among those, the one explaining the most of the header wins (file name only
 * breaks ties).
 */
import { basename, extname } from 'node:path';
import type { TableName } from '../core/model.js';
import { headerKey, RESEMBLANCE, type Layout, type LookupLayout, type NotATableShape, type Resemblance } from './layouts.js';

export interface Recognition {
  layout: Layout;
  table: TableName;
  /** 0..1: how much of the layout was found, and how much of the header it explains. */
  confidence: number;
  /** field → the first header column it is read from. */
  columns: Record<string, number>;
  /** field → every header column it may be read from, in order (a row takes the first non-blank). */
  sources: Record<string, number[]>;
  /** field → JSON columns and the property keys looked up in them. */
  json: Record<string, { columns: number[]; keys: string[] }>;
  unmappedColumns: string[];
}

export function mapHeaderAll(header: string[], layout: Layout): Record<string, number[]> {
  const keys = header.map(headerKey);
  const sources: Record<string, number[]> = {};
  for (const [field, aliases] of Object.entries(layout.fields)) {
    const found: number[] = [];
    for (const alias of aliases) {
      const key = headerKey(alias);
      keys.forEach((k, i) => {
        if (k === key && !found.includes(i)) found.push(i);
      });
    }
    if (found.length > 0) sources[field] = found;
  }
  return sources;
}

function mapJson(header: string[], layout: Layout): Recognition['json'] {
  const keys = header.map(headerKey);
  const json: Recognition['json'] = {};
  for (const [field, spec] of Object.entries(layout.json ?? {})) {
    const columns = spec.columns.map((c) => keys.indexOf(headerKey(c))).filter((i) => i !== -1);
    if (columns.length > 0) json[field] = { columns, keys: spec.keys };
  }
  return json;
}

function applies(layout: Layout, present: Set<string>, keys: Set<string>): boolean {
  if (!layout.required.every((f) => present.has(f))) return false;
  if ((layout.forbid ?? []).some((h) => keys.has(headerKey(h)))) return false;
  if (!(layout.requireOneOf ?? []).every((group) => group.some((f) => present.has(f)))) return false;
  return !layout.signature || layout.signature.some((s) => keys.has(headerKey(s)));
}

export function recognise(header: string[], filePath: string, layouts: readonly Layout[]): Recognition | null {
  const stem = fileStem(filePath);
  const headerKeys = new Set(header.map(headerKey));
  let best: (Recognition & { score: number }) | null = null;
  for (const layout of layouts) {
    const sources = mapHeaderAll(header, layout);
    const json = mapJson(header, layout);
    const present = new Set([...Object.keys(sources), ...Object.keys(json), ...Object.keys(layout.defaults ?? {})]);
    if (!applies(layout, present, headerKeys)) continue;
    const used = new Set(Object.values(sources).flat());
    for (const j of Object.values(json)) for (const c of j.columns) used.add(c);
    const fieldCount = Object.keys(layout.fields).length;
    const layoutShare = Object.keys(sources).length / fieldCount;
    const headerShare = header.length ? Math.min(1, used.size / Math.min(header.length, fieldCount)) : 0;
    const signed = layout.signature !== undefined;
    const confidence = Math.min(1, (layoutShare + headerShare) / 2 + (signed ? 0.1 : 0));
    const hinted = layout.fileHints.some((h) => stem === h || stem.endsWith(`_${h}`) || stem.startsWith(`${h}_`));
    // Most header columns explained wins; a vendor signature, then the file name, break ties.
    const score = used.size + confidence / 2 + (signed ? 0.25 : 0) + (hinted ? 0.1 : 0);
    if (!best || score > best.score) {
      const columns: Record<string, number> = {};
      for (const [field, found] of Object.entries(sources)) columns[field] = found[0]!;
      best = {
        layout,
        table: layout.table,
        confidence: Math.round(confidence * 100) / 100,
        columns,
        sources,
        json,
        unmappedColumns: header.filter((_, i) => !used.has(i)),
        score,
      };
    }
  }
  if (!best) return null;
  const { score: _score, ...recognition } = best;
  return recognition;
}

/**
 * A file-name stem as compared with hints, its words joined by `_`: "Deal Stage.csv" →
 * "deal_stage" (headers are compared by headerKey, which drops the separators hints need).
 */
export function fileStem(filePath: string): string {
  return basename(filePath, extname(filePath))
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-]+/g, '_');
}

/** The not-a-table shape (history, staff, page views) a header has, if any: the first that applies. */
export function recogniseNotATable(header: string[], filePath: string, shapes: readonly NotATableShape[]): NotATableShape | null {
  const keys = new Set(header.map(headerKey));
  const stem = fileStem(filePath);
  return (
    shapes.find(
      (shape) =>
        shape.anyOf.some((group) => group.every((h) => keys.has(headerKey(h)))) &&
        !(shape.noneOf ?? []).some((h) => keys.has(headerKey(h))) &&
        (!shape.nameHints || shape.nameHints.some((h) => stem === h || stem.endsWith(`_${h}`) || stem.startsWith(`${h}_`))),
    ) ?? null
  );
}

export interface LookupRecognition {
  layout: LookupLayout;
  /** field (key, label, won, closed, updatedAt) → header column. */
  columns: Record<string, number>;
}

/** The lookup table a header is, if any: required fields and a signature present; most fields found wins. */
export function recogniseLookup(header: string[], lookups: readonly LookupLayout[]): LookupRecognition | null {
  const keys = header.map(headerKey);
  const keySet = new Set(keys);
  let best: (LookupRecognition & { found: number }) | null = null;
  for (const layout of lookups) {
    if (!layout.signature.some((h) => keySet.has(headerKey(h)))) continue;
    const columns: Record<string, number> = {};
    for (const [field, aliases] of Object.entries(layout.fields)) {
      const index = aliases.map((a) => keys.indexOf(headerKey(a))).find((i) => i !== -1);
      if (index !== undefined) columns[field] = index;
    }
    if (!layout.required.every((f) => f in columns)) continue;
    const found = Object.keys(columns).length;
    if (!best || found > best.found) best = { layout, columns, found };
  }
  if (!best) return null;
  return { layout: best.layout, columns: best.columns };
}

/** A config entry that would read a file no layout recognised: its most plausible table and columns. */
export interface Suggestion {
  table: TableName;
  /** field → header column. */
  columns: Record<string, string>;
}

/** "createdAt" / "Deal ID" / "usage_date" → its lower-case words. */
function wordsOf(header: string): string[] {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Number lists compared element by element, the first difference deciding. */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

/**
 * The table a header most plausibly holds (RESEMBLANCE), with a column for each field it
 * resembles; null when no table is plausible. Fields take distinct columns, in header order.
 */
export function suggestMapping(header: string[], resemblance: readonly Resemblance[] = RESEMBLANCE): Suggestion | null {
  const words = header.map(wordsOf);
  let best: (Suggestion & { found: number }) | null = null;
  for (const r of resemblance) {
    if (words.some((ws) => ws.some((w) => r.avoid.includes(w)))) continue;
    const used = new Set<number>();
    const columns: Record<string, string> = {};
    // Needed fields first, so an optional one does not take their column.
    const order = [...new Set([...r.needs.flat(), ...Object.keys(r.fields)])];
    for (const field of order) {
      const tokens = r.fields[field]!;
      // Words that name another field of the table (`date` in event_date, for the event's column).
      const others = new Set(Object.entries(r.fields).flatMap(([f, t]) => (f === field ? [] : t.filter((w) => !tokens.includes(w)))));
      const resembles = (i: number): boolean => !used.has(i) && words[i]!.some((w) => tokens.includes(w));
      // An id field prefers a column named …id; any other field never takes one (an event is not named by its id).
      const isId = (i: number): boolean => words[i]!.includes('id');
      // Among the columns that resemble the field, the best: fewest words of other fields
      // (event_name, not event_date, for the event), then the field's earliest token
      // (event_timestamp before event_date), then fewest other words (user_id before
      // user_pseudo_id), then header order.
      const rank = (i: number): number[] => [
        field.endsWith('Id') ? Number(!isId(i)) : 0,
        words[i]!.filter((w) => others.has(w)).length,
        Math.min(...words[i]!.map((w) => tokens.indexOf(w)).filter((k) => k >= 0)),
        words[i]!.filter((w) => w !== 'id' && !tokens.includes(w)).length,
        i,
      ];
      const candidates = [...words.keys()].filter((i) => resembles(i) && (field.endsWith('Id') || !isId(i)));
      const index = candidates.map((i) => ({ i, key: rank(i) })).sort((a, b) => lexicographic(a.key, b.key))[0]?.i;
      if (index === undefined) continue;
      used.add(index);
      columns[field] = header[index]!;
    }
    if (!r.needs.every((group) => group.some((f) => f in columns))) continue;
    const found = Object.keys(columns).length;
    if (!best || found > best.found) best = { table: r.table, columns, found };
  }
  if (!best) return null;
  return { table: best.table, columns: best.columns };
}

/** A suggestion as the pullcheck.config.yaml entry that would apply it (`inline`: as one line of flow YAML). */
export function suggestionYaml(fileName: string, suggestion: Suggestion, inline = false): string {
  const columns = Object.entries(suggestion.columns).map(([field, column]) => `${field}: ${JSON.stringify(column)}`).join(', ');
  if (inline) return `files: { ${JSON.stringify(fileName)}: { table: ${suggestion.table}, columns: { ${columns} } } }`;
  return `files:\n  ${JSON.stringify(fileName)}:\n    table: ${suggestion.table}\n    columns: { ${columns} }`;
}
