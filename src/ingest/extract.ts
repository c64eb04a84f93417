/**
 * From a row's cells to its fields (field → cell text), as a file's header was mapped: the first
 * non-blank of a field's columns, then JSON properties (PostHog's `properties`, Amplitude's
 * `event_properties`...), then the layout's defaults. One place for these rules, used by the
 * loader and by the thread that reads the second part of a large events file (events-split.ts).
 */
import { isBlank } from './coerce.js';
import { COLUMN_TEXT, COLUMN_VALUE, jsonDepth, MAX_JSON_DEPTH } from './read-csv.js';

/** How a file's fields are read from its cells: plain data, so it can be posted to a worker. */
export interface ExtractSpec {
  /** field → every column it may be read from, in order (a row takes the first non-blank). */
  sources: Record<string, number[]>;
  /** field → JSON columns and the property keys looked up in them. */
  json: Record<string, { columns: number[]; keys: string[] }>;
  /** field → the value when every source is blank. */
  defaults: Record<string, string>;
}

/**
 * A row's fields; `into` is reused (its fields live only while the row is handled). `values`:
 * the objects already parsed from JSON lines, by column (CsvRecord.values), taken as the parse of
 * their cells.
 */
export interface Extractor {
  (cells: string[], line: number, into?: Record<string, string | undefined>, values?: readonly unknown[]): Record<string, string | undefined>;
  /**
   * The JSON value of a column (one of the spec's JSON columns or `extraJson`) in the row whose
   * `cells` were last extracted: parsed at most once per row, shared with the fields. For other
   * cells (rows extracted ahead, as the loader's sample), parsed anew, warned only for `extraJson`.
   */
  json(column: number, cells: string[], line: number, values?: readonly unknown[]): unknown;
}

/**
 * How each of a JSON-lines header's columns is read (ReadOptions.columnUse): the extractor's
 * columns, and `also` the other columns rows are read by (an exclusion's flag, person and invite
 * properties: as text, or as the JSON value of a property bag). A column left out reads blank.
 */
export function jsonLinesColumnUse(spec: ExtractSpec, width: number, also: { text: Iterable<number>; value: Iterable<number> } = { text: [], value: [] }): Uint8Array {
  const use = new Uint8Array(width);
  for (const columns of Object.values(spec.sources)) for (const c of columns) if (c < width) use[c]! |= COLUMN_TEXT;
  for (const { columns } of Object.values(spec.json)) for (const c of columns) if (c < width) use[c]! |= COLUMN_VALUE;
  for (const c of also.text) if (c >= 0 && c < width) use[c]! |= COLUMN_TEXT;
  for (const c of also.value) if (c >= 0 && c < width) use[c]! |= COLUMN_VALUE;
  return use;
}

/**
 * Compile the header mapping once per file: a function from a row's cells to field → cell
 * text, taking the first non-blank of a field's columns, then JSON properties, then defaults.
 */
export function compileExtractor(
  spec: ExtractSpec,
  onBadJson: (line: number, column: number, message: string) => void,
  extraJson: readonly number[] = [],
): Extractor {
  const plain = Object.entries(spec.sources);
  const defaults = Object.entries(spec.defaults);
  const plainFields = plain.map(([field]) => field);
  const plainFirst = plain.map(([, indexes]) => indexes[0]!);
  const single = plain.every(([, indexes]) => indexes.length === 1);
  // Per JSON field, its columns as slots of the row's parse cache, and its keys split once.
  const jsonColumns: number[] = [];
  const json = Object.entries(spec.json).map(([field, { columns, keys }]) => ({
    field,
    slots: columns.map((column) => {
      const slot = jsonColumns.indexOf(column);
      return slot >= 0 ? slot : jsonColumns.push(column) - 1;
    }),
    keys: keys.map(compileKey),
  }));
  const fieldColumns = jsonColumns.length;
  for (const column of extraJson) if (!jsonColumns.includes(column)) jsonColumns.push(column);
  const parsed: unknown[] = new Array(jsonColumns.length);
  const parsedDone = new Uint8Array(jsonColumns.length);
  const otherFields = [...json.map(({ field }) => field), ...defaults.map(([field]) => field)].filter((f) => !plainFields.includes(f));
  let rowCells: string[] | null = null;
  const extractor = ((cells: string[], line: number, into?: Record<string, string | undefined>, values?: readonly unknown[]) => {
    rowCells = cells;
    // Each JSON cell is parsed at most once per row, and only when a field (or `json`) needs it.
    if (jsonColumns.length > 0) parsedDone.fill(0);
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
      for (const { field, slots, keys } of json) {
        if (!isBlank(out[field])) continue;
        for (const slot of slots) {
          if (parsedDone[slot] === 0) {
            const column = jsonColumns[slot]!;
            // An object from JSON lines is what its JSON text would parse to.
            const given = values?.[column];
            parsed[slot] = given !== undefined ? given : parseJsonCell(cells[column], line, column, onBadJson);
            parsedDone[slot] = 1;
          }
          const found = lookup(parsed[slot], keys);
          if (found !== undefined) {
            out[field] = found;
            break;
          }
        }
      }
    }
    for (const [field, value] of defaults) if (isBlank(out[field])) out[field] = value;
    return out;
  }) as Extractor;
  extractor.json = (column, cells, line, values) => {
    const slot = jsonColumns.indexOf(column);
    const given = values?.[column];
    if (slot < 0 || cells !== rowCells) {
      if (given !== undefined) return given;
      const quiet = slot >= 0 && slot < fieldColumns; // the fields' own parse warned of it, if it ran
      return parseJsonCell(cells[column], line, column, quiet ? () => {} : onBadJson);
    }
    if (parsedDone[slot] === 0) {
      parsed[slot] = given !== undefined ? given : parseJsonCell(cells[column], line, column, onBadJson);
      parsedDone[slot] = 1;
    }
    return parsed[slot];
  };
  return extractor;
}

/** The JSON value of a cell that holds an object or array; undefined for any other cell. */
function parseJsonCell(
  text: string | undefined,
  line: number,
  column: number,
  onBadJson: (line: number, column: number, message: string) => void,
): unknown {
  if (text === undefined || !startsLikeJson(text)) return undefined;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    onBadJson(line, column, `JSON text in a cell nested more than ${MAX_JSON_DEPTH} levels deep is not read; its properties are treated as blank`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    onBadJson(line, column, `JSON text in a cell could not be read (${(error as Error).message}); its properties are treated as blank`);
    return undefined;
  }
}

/** Whether the first character that is not white space (as `\s` means it) is `{` or `[`. */
function startsLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return true;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    // Unicode white space is rare here: let the regular expression decide.
    return c >= 0x80 && /^\s*[{[]/.test(text.slice(i));
  }
  return false;
}

/** A property key, and its parts when it is a dotted path (split once per file, not per row). */
interface PropertyKey {
  key: string;
  parts: string[] | null;
}

function compileKey(key: string): PropertyKey {
  return { key, parts: key.includes('.') ? key.split('.') : null };
}

/** The first of `keys` (dotted paths allowed) with a scalar value in `value`; arrays give their first element. */
function lookup(value: unknown, keys: readonly PropertyKey[]): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  for (let k = 0; k < keys.length; k++) {
    const { key, parts } = keys[k]!;
    let v: unknown = (value as Record<string, unknown>)[key];
    if (v === undefined && parts !== null) {
      v = value;
      for (const part of parts) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}
