/**
 * From a row's cells to its fields (field → cell text), as a file's header was mapped: the first
 * non-blank of a field's columns, then JSON properties (PostHog's `properties`, Amplitude's
 * `event_properties`...), then the layout's defaults. One place for these rules, used by the
 * loader and by the thread that reads the second part of a large events file (events-split.ts).
 */
import { isBlank } from './coerce.js';

/** How a file's fields are read from its cells: plain data, so it can be posted to a worker. */
export interface ExtractSpec {
  /** field → every column it may be read from, in order (a row takes the first non-blank). */
  sources: Record<string, number[]>;
  /** field → JSON columns and the property keys looked up in them. */
  json: Record<string, { columns: number[]; keys: string[] }>;
  /** field → the value when every source is blank. */
  defaults: Record<string, string>;
}

/** A row's fields; `into` is reused (its fields live only while the row is handled). */
export type Extractor = (cells: string[], line: number, into?: Record<string, string | undefined>) => Record<string, string | undefined>;

/**
 * Compile the header mapping once per file: a function from a row's cells to field → cell
 * text, taking the first non-blank of a field's columns, then JSON properties, then defaults.
 */
export function compileExtractor(
  spec: ExtractSpec,
  onBadJson: (line: number, column: number, message: string) => void,
): Extractor {
  const plain = Object.entries(spec.sources);
  const json = Object.entries(spec.json);
  const defaults = Object.entries(spec.defaults);
  const plainFields = plain.map(([field]) => field);
  const plainFirst = plain.map(([, indexes]) => indexes[0]!);
  const single = plain.every(([, indexes]) => indexes.length === 1);
  const otherFields = [...json.map(([field]) => field), ...defaults.map(([field]) => field)].filter((f) => !plainFields.includes(f));
  return (cells, line, into) => {
    const out: Record<string, string | undefined> = into ?? {};
    if (into) for (const field of otherFields) out[field] = undefined;
    if (single) {
      for (let k = 0; k < plainFields.length; k++) out[plainFields[k]!] = cells[plainFirst[k]!];
    } else {
      for (const [field, indexes] of plain) {
        let value = cells[indexes[0]!];
        for (let k = 1; k < indexes.length && isBlank(value); k++) {
          const next = cells[indexes[k]!];
          if (!isBlank(next)) value = next;
        }
        out[field] = value;
      }
    }
    if (json.length > 0) {
      const parsed = new Map<number, unknown>();
      for (const [field, spec] of json) {
        if (!isBlank(out[field])) continue;
        for (const column of spec.columns) {
          if (!parsed.has(column)) parsed.set(column, parseJsonCell(cells[column], (message) => onBadJson(line, column, message)));
          const found = lookup(parsed.get(column), spec.keys);
          if (found !== undefined) {
            out[field] = found;
            break;
          }
        }
      }
    }
    for (const [field, value] of defaults) if (isBlank(out[field])) out[field] = value;
    return out;
  };
}

function parseJsonCell(text: string | undefined, onError: (message: string) => void): unknown {
  if (text === undefined || text.trim() === '' || !/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    onError(`JSON text in a cell could not be read (${(error as Error).message}); its properties are treated as blank`);
    return undefined;
  }
}

/** The first of `keys` (dotted paths allowed) with a scalar value in `value`; arrays give their first element. */
function lookup(value: unknown, keys: readonly string[]): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (const key of keys) {
    let v: unknown = (value as Record<string, unknown>)[key];
    if (v === undefined && key.includes('.')) {
      v = value;
      for (const part of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}
