/**
 * Recognising a file by its header: which table it holds and under which layout. A layout
 * applies when all its required fields are present; among those, the one explaining the most
 * of the header wins (file name only breaks ties).
 */
import { basename, extname } from 'node:path';
import type { TableName } from '../model.js';
import { normaliseHeader, type Layout } from './layouts.js';

export interface Recognition {
  layout: Layout;
  table: TableName;
  /** 0..1: how much of the header this layout explains, and how much of the layout was found. */
  confidence: number;
  /** field → column index in the header. */
  columns: Record<string, number>;
  unmappedColumns: string[];
}

export function mapHeader(header: string[], layout: Layout): Record<string, number> {
  const normalised = header.map(normaliseHeader);
  const columns: Record<string, number> = {};
  for (const [field, aliases] of Object.entries(layout.fields)) {
    for (const alias of aliases) {
      const index = normalised.indexOf(normaliseHeader(alias));
      if (index !== -1) {
        columns[field] = index;
        break;
      }
    }
  }
  return columns;
}

function applies(layout: Layout, columns: Record<string, number>): boolean {
  if (!layout.required.every((f) => f in columns)) return false;
  return (layout.requireOneOf ?? []).every((group) => group.some((f) => f in columns));
}

export function recognise(header: string[], filePath: string, layouts: readonly Layout[]): Recognition | null {
  const stem = normaliseHeader(basename(filePath, extname(filePath)));
  let best: (Recognition & { score: number }) | null = null;
  for (const layout of layouts) {
    const columns = mapHeader(header, layout);
    if (!applies(layout, columns)) continue;
    const mapped = Object.keys(columns).length;
    const headerShare = header.length ? mapped / header.length : 0;
    const layoutShare = mapped / Object.keys(layout.fields).length;
    const confidence = (headerShare + layoutShare) / 2;
    const hinted = layout.fileHints.some((h) => stem === h || stem.endsWith(`_${h}`) || stem.startsWith(`${h}_`));
    const score = confidence + (hinted ? 0.05 : 0);
    if (!best || score > best.score) {
      const used = new Set(Object.values(columns));
      best = {
        layout,
        table: layout.table,
        confidence: Math.round(confidence * 100) / 100,
        columns,
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
    const oneOf = (l.requireOneOf ?? []).map((g) => `one of ${g.map((f) => l.fields[f]![0]).join('/')}`);
    return `${l.table} (${l.id}): ${[...required, ...oneOf].join(', ')}`;
  });
}
