/**
 * A JSON-lines events file, or a JSON array of events, as DuckDB reads it for the per-day summary
 * (events-duckdb.ts): its
 * read_json takes only the keys the rules read, each typed, and the rows come out as the cells a
 * CSV file's would (c0, c1, … as read-csv.ts's `recordOf` makes them) beside each JSON column's
 * struct (`j<k>`, as events-fields-sql.ts's json_transform makes it for a CSV cell).
 *
 * Exactness: DuckDB's JSON reader (yyjson) and JSON.parse differ where
 * - a line is not JSON to one of them (broken text, bytes that are not UTF-8, a lone surrogate, a
 *   byte order mark), or repeats a key read (JSON.parse keeps the last): DuckDB fails the read,
 *   and the file goes to the JavaScript path;
 * - DuckDB is lenient (a trailing comma, NaN, Infinity) or JSON.parse refuses depth beyond
 *   MAX_JSON_DEPTH: the byte scan (data-lines.ts JsonLinesCheck) finds it, and the JavaScript
 *   path reads the file;
 * - a value becomes a cell: JavaScript writes String(value). SQL settles a string without a
 *   backslash (its text between the quotes), an integer of at most 15 digits (DuckDB writes it as
 *   JavaScript does), true and false; any other value read (a fraction, an exponent, an object
 *   or array where text is read, an escaped string) makes the cell ODD_VALUE, so the field that
 *   reaches it makes the row odd, and JavaScript reads that line;
 * - a header key `p.k` names both the key `k` of the object `p` and a top-level key `p.k`
 *   (recordOf puts whichever comes later): a line with both is odd where the cell is read; a JSON
 *   column `p.k` (PostHog's `properties.$set`) is read from `p`, and a line that also writes
 *   `p.k` literally is odd.
 * A line DuckDB reads as an object of nulls (`null`, `{}`) has no event: it is odd, and the
 * JavaScript rules report it; any other line that is not an object fails the read.
 *
 * Safety: keys are SQL string literals and quoted identifiers, never SQL text.
 */
import { sqlLiteral } from './duckdb-engine.js';
import { ODD_VALUE, pathSql, quoteIdentifier, type KeyTree } from './events-fields-sql.js';

/**
 * The longest line (or array element) DuckDB takes: a longer one fails the read, and JavaScript
 * reads the file. Event lines are a few KB; DuckDB's default is 16 MB. (Its read buffers stay
 * 32 MB whatever this is: docs/engine-plan.md, "Stop 20", memory.)
 */
const MAX_LINE_BYTES = 1024 * 1024;

/** A file's JSON: one object per line, or one array of objects (DuckDB's `newline_delimited` and `array`). */
export type JsonFormat = 'lines' | 'array';

/** How DuckDB reads a JSON events file's rows. */
export interface JsonLinesRead {
  /** read_json over the path ($1): one column per top-level key read, typed. */
  source: string;
  /** The row's cells (`c<k>`, NULL where not read), JSON columns' structs (`j<k>`) and odd flags (`o<k>`), over `source`'s columns. */
  projections: string[];
  /** The columns the rows carry beside their cells: JSON columns' structs (`j<k>`) and odd flags (`o<k>`). */
  carried: string[];
  /** Conditions over those that make a row odd (`o<k>`: a JSON column's key `p.k` also written literally). */
  odd: string[];
  /**
   * Each row's text as written, one column `l`, in the rows' order (the odd rows' text), over the
   * path ($1): read_json_objects, which splits the lines (LF and CR LF, mixed too) or the array's
   * elements as read_json does.
   */
  lines: string;
}

/** Why jsonLinesReadSql gives no read, as a file's note says it. */
export const JSON_KEYS_NOT_READ = 'a key read that SQL does not name (more than one dot, a NUL character, names that differ only in case, or read both as a value and as an object)';

/**
 * The read of a JSON-lines file whose header (jsonLinesHeader) is `header`, reading the columns
 * `read`, of which those in `trees` are JSON columns (events-fields-sql.ts jsonKeyTrees: the keys
 * looked up in each, `dotted` the keys it looks up that hold a dot); null (JSON_KEYS_NOT_READ)
 * when a key read holds more than one dot or a NUL character, is read both as a value and as an
 * object, or differs from another of its object's only in case (DuckDB's names ignore case).
 */
export function jsonLinesReadSql(
  { header, format }: { header: readonly string[]; format: JsonFormat },
  read: ReadonlySet<number>,
  trees: ReadonlyMap<number, KeyTree>,
  dotted: ReadonlyMap<number, ReadonlySet<string>>,
  gzip: boolean,
): JsonLinesRead | null {
  /** Per top-level key, what is read of it: null a value, a tree an object's keys. */
  const top: KeyTree = new Map();
  const add = (node: KeyTree, parts: readonly string[], leaf: KeyTree | null): boolean => {
    const [first, ...rest] = parts;
    const seen = node.get(first!);
    if (rest.length === 0) {
      if (leaf === null) return seen === undefined ? (node.set(first!, null), true) : seen === null;
      if (seen === null) return false;
      const into = seen ?? new Map();
      node.set(first!, into);
      for (const [key, sub] of leaf) if (!add(into, [key], sub)) return false;
      return true;
    }
    if (seen === null) return false;
    const into = seen ?? new Map();
    node.set(first!, into);
    return add(into, rest, leaf);
  };
  const projections: string[] = [];
  const carried: string[] = [];
  const odd: string[] = [];
  for (let k = 0; k < header.length; k++) {
    if (!read.has(k)) {
      projections.push(`NULL AS c${k}`);
      continue;
    }
    const key = header[k]!;
    const parts = key.split('.');
    if (parts.length > 2 || key.includes('\0')) return null;
    const tree = trees.get(k);
    if (!add(top, [key], tree === undefined || parts.length > 1 ? null : withLiterals(tree, dotted.get(k)))) return null;
    if (parts.length > 1 && !add(top, parts, tree === undefined ? null : withLiterals(tree, dotted.get(k)))) return null;
    const nested = pathSql(parts).slice(1);
    const literal = quoteIdentifier(key);
    if (tree !== undefined) {
      // Its text is JSON.stringify of the object, which SQL does not make: odd where read as text.
      // A key `p.k` read as an object is `p`'s; written literally too, the row is odd (recordOf
      // takes whichever comes later).
      projections.push(`CASE WHEN ${nested} IS NULL${parts.length > 1 ? ` AND ${literal} IS NULL` : ''} THEN NULL ELSE ${ODD_VALUE} END AS c${k}`, `${nested} AS j${k}`);
      carried.push(`j${k}`);
      if (parts.length > 1) {
        projections.push(`${literal} IS NOT NULL AS o${k}`);
        carried.push(`o${k}`);
        odd.push(`o${k}`);
      }
      continue;
    }
    if (parts.length === 1) {
      projections.push(`${cellSql(nested)} AS c${k}`);
      continue;
    }
    projections.push(`CASE WHEN ${nested} IS NOT NULL AND ${literal} IS NOT NULL THEN ${ODD_VALUE} ELSE ${cellSql(`coalesce(${nested}, ${literal})`)} END AS c${k}`);
  }
  if (!namesApart(top)) return null;
  const columns = [...top].map(([key, tree]) => `${sqlLiteral(key)}: ${sqlLiteral(tree === null ? 'JSON' : structType(tree))}`);
  const compression = `compression = '${gzip ? 'gzip' : 'uncompressed'}'`;
  const duckDbFormat = format === 'lines' ? 'newline_delimited' : 'array';
  return {
    source: `read_json($1, format = '${duckDbFormat}', records = true, ${compression}, maximum_object_size = ${MAX_LINE_BYTES}, columns = {${columns.join(', ')}})`,
    projections,
    carried,
    odd,
    lines: `(SELECT CAST(json AS VARCHAR) AS l FROM read_json_objects($1, format = '${duckDbFormat}', ${compression}, maximum_object_size = ${MAX_LINE_BYTES}))`,
  };
}

/**
 * A JSON value (DuckDB's JSON text of it; NULL when missing or null) as recordOf's cell, where
 * SQL writes it as String(value) does: NULL (empty), the text of a string without a backslash,
 * an integer of at most 15 digits, true or false; else ODD_VALUE.
 */
export function cellSql(value: string): string {
  const text = `CAST(${value} AS VARCHAR)`;
  return (
    `CASE WHEN ${value} IS NULL THEN NULL` +
    ` WHEN left(${text}, 1) = '"' THEN CASE WHEN contains(${text}, '\\') THEN ${ODD_VALUE} ELSE substr(${text}, 2, length(${text}) - 2) END` +
    ` WHEN ${text} IN ('true', 'false') OR regexp_full_match(${text}, '0|-?[1-9][0-9]{0,14}') THEN ${text}` +
    ` ELSE ${ODD_VALUE} END`
  );
}

/** A JSON column's tree with the dotted keys it looks up also as written literally (JavaScript looks each up first): leaves. */
function withLiterals(tree: KeyTree, dotted: ReadonlySet<string> | undefined): KeyTree {
  const out: KeyTree = new Map(tree);
  for (const literal of dotted ?? []) if (!out.has(literal)) out.set(literal, null);
  return out;
}

/** Whether the keys of each object of the tree differ in more than case (DuckDB's column and struct field names ignore it). */
function namesApart(tree: KeyTree): boolean {
  const lower = new Set([...tree.keys()].map((key) => key.toLowerCase()));
  return lower.size === tree.size && [...tree.values()].every((sub) => sub === null || namesApart(sub));
}

/** A key tree as a DuckDB STRUCT type: each leaf JSON (its JSON text), each object a STRUCT. */
function structType(tree: KeyTree): string {
  return `STRUCT(${[...tree].map(([key, sub]) => `${quoteIdentifier(key)} ${sub === null ? 'JSON' : structType(sub)}`).join(', ')})`;
}
