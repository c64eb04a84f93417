/**
 * Recognising a file by its header: which table it holds and under which layout. A layout
 * applies when all its required fields (and, for vendor layouts, one of its signature headers)
 * are present; among those, the one explaining the most of the header wins (file name only
 * breaks ties).
 */
import { basename, extname } from 'node:path';
import type { TableName } from '../model.js';
import { headerKey, normaliseHeader, type Layout } from './layouts.js';

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

export function mapHeader(header: string[], layout: Layout): Record<string, number> {
  const columns: Record<string, number> = {};
  for (const [field, found] of Object.entries(mapHeaderAll(header, layout))) columns[field] = found[0]!;
  return columns;
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
  if (!(layout.requireOneOf ?? []).every((group) => group.some((f) => present.has(f)))) return false;
  return !layout.signature || layout.signature.some((s) => keys.has(headerKey(s)));
}

export function recognise(header: string[], filePath: string, layouts: readonly Layout[]): Recognition | null {
  const stem = normaliseHeader(basename(filePath, extname(filePath)));
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

/** What each table needs, for error messages about unrecognised files. */
export function expectedHeaders(layouts: readonly Layout[]): string[] {
  return layouts.map((l) => {
    const required = l.required.map((f) => l.fields[f]![0]);
    const oneOf = (l.requireOneOf ?? []).map((g) => `one of ${g.map((f) => l.fields[f]?.[0] ?? f).join('/')}`);
    return `${l.table} (${l.id}): ${[...required, ...oneOf].join(', ')}`;
  });
}
