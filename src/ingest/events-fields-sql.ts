/**
 * The event fields of a row as SQL, by the rules of extract.ts (the first non-blank of a field's
 * columns, then its JSON property keys in order, dotted keys as paths, then the layout's default)
 * for DuckDB's summary of an events file (events-duckdb.ts). SQL settles a row only where it
 * provably reads it as JavaScript does; any other row is odd (the JavaScript rules read it):
 *
 * - a JSON cell is read only when it is an object from its first to its last character, holds no
 *   backslash (no escapes to decode), is valid to DuckDB without the leniencies JSON.parse refuses
 *   (a trailing comma, NaN, Infinity), nests at most MAX_JSON_DEPTH deep, repeats no key in the
 *   objects looked into (the cell itself and each object on a key's path, such as `$groups`:
 *   JSON.parse keeps the last, DuckDB the first) and holds no dotted key literally (JavaScript
 *   looks `a.b` up as a key before the path); any other non-empty cell is odd;
 * - a property's value settles the field when it is a non-empty string (its text between the
 *   quotes: no backslash, so nothing to decode), an array standing for its first element; JSON
 *   null, an object or a missing key goes on to the next key; a number or a boolean (JavaScript
 *   writes String(value)) makes the row odd;
 * - a row that may carry a person or invite property (event-properties.ts notes them) is odd;
 *   or, with `readProperties`, they are `notes` and `invites`, read as the fields' values are (a
 *   number, a boolean or a value to trim makes the row odd), from columns or property bags
 *   (PostHog's `properties` and `$set`, read by the same json_transform).
 *
 * A JSON-lines file's (or a JSON array's) JSON columns come parsed, as structs of the same keys, by DuckDB's read_json
 * (events-json-lines.ts, `read-json`): what it reads otherwise than JSON.parse fails the read or
 * is found by the byte scan, so only a value's escapes are left to test.
 *
 * Where SQL takes a value JavaScript would skip as blank (spaces, "null" in an earlier column),
 * the value reaches the summary's dictionaries, whose values are tested with parseText, and the
 * file goes to the JavaScript path (events-duckdb.ts). Names from the header never reach SQL:
 * columns are c0, c1, …; keys are string literals.
 */
import { sqlLiteral } from './duckdb-engine.js';
import type { ExtractSpec } from './extract.js';
import type { PropertyPlan } from './event-properties.js';
import { INVITE_PROPERTY_KEYS, PERSON_PROPERTY_KEYS } from './vendor-layouts.js';
import { PERSON_FIELDS, type PersonField } from '../core/event-notes.js';
import { MAX_JSON_DEPTH } from './read-csv.js';

/** The event fields SQL reads from the cells (anonymousId only for the anonymous-id pairs). */
export const SQL_EVENT_FIELDS = ['timestamp', 'event', 'userId', 'accountId', 'feature', 'anonymousId'] as const;
export type SqlEventField = (typeof SQL_EVENT_FIELDS)[number];

/** SQL of a value no cell gives (it starts with a NUL character): a field whose reading makes the row odd. */
export const ODD_VALUE = "(chr(0) || 'pullcheck:odd')";

export interface FieldsSql {
  /**
   * Projections added in turn, each stage over the one before (`SELECT *, … FROM` it): per JSON
   * column read, the cell when it is JSON SQL may read (`v<k>`, else NULL); the key lists of the
   * objects looked into (`l<k>`); those lists kept to the keys looked up (`l<k>_<i>`); the struct of
   * its keys (`j<k>`: `json_transform`, NULL when not settled), which `fields` read. Empty: no JSON column.
   */
  stages: string[][];
  /** Per field: the SQL of its text (NULL: none; ODD_VALUE: the row is odd), over c<k> and j<k>. */
  fields: Record<SqlEventField, string>;
  /** Conditions that make a row odd whatever its fields (a JSON cell not settled; unless properties are read, a property the row may carry). */
  odd: string[];
  /**
   * A pre-aggregated file's event count (`countSql`): the SQL of the settled count, a DOUBLE; a
   * row whose count cell SQL does not settle is odd (in `odd`). Absent: each row is one event.
   */
  count?: string;
  /**
   * Per person field the plan reads (event-properties.ts): the SQL of the row's value (NULL: none;
   * ODD_VALUE: the row is odd), over c<k> and j<k>, as propertyNoter notes it.
   */
  notes: Partial<Record<PersonField, string>>;
  /** SQL true when the row can give no person property (evaluated first: most rows carry none). */
  notesNone: string;
  /** The row's invite properties (event-properties.ts), each with its side and key: SQL as `notes`'. */
  invites: InviteSql[];
  /** SQL true when the row can give no invite property. */
  invitesNone: string;
}

export interface InviteSql {
  side: 'inviter' | 'invitee';
  key: string;
  sql: string;
}

/**
 * A JSON cell SQL leaves to JavaScript, found by one pattern (one pass over the text; three
 * patterns took three, the most of the grouping's time on PostHog properties of 1.6 KB): a
 * backslash (an escape to decode); the leniencies DuckDB accepts and JSON.parse refuses, a trailing
 * comma, NaN and Infinity (as text anywhere after `:`, `,` or `[`: conservative); or more opening
 * brackets than MAX_JSON_DEPTH (nesting deeper than the limit needs more).
 */
const NOT_PLAIN_JSON = `\\\\|,\\s*[}\\]]|[:,\\[]\\s*[-+]?(?i:nan|inf)|(?:[{\\[][^{\\[]*){${MAX_JSON_DEPTH + 1}}`;

/**
 * Where a file's rows are read from: CSV cells of text (`cells`: a JSON column's text is tested and
 * read by json_transform in the stages), or JSON lines or an array read by DuckDB's read_json
 * (`read-json`, events-json-lines.ts: each JSON column's `j<k>` struct comes with the row, a
 * line DuckDB reads otherwise than JSON.parse failing the read or found by the byte scan; only a
 * string's escapes are left to test).
 */
export type JsonSource = 'cells' | 'read-json';

/**
 * Per JSON column, the keys the fields look up and the property bags' keys as a tree of struct
 * fields (`trees`), the dotted keys it looks up (`dotted`: JavaScript looks each up as one key
 * before the path), and the SQL of each bag key's presence (`bagLeaves`); null when a key would
 * be both a value and an object.
 */
export function jsonKeyTrees(spec: ExtractSpec, properties: PropertyPlan | null): { trees: Map<number, KeyTree>; dotted: Map<number, Set<string>>; bagLeaves: string[] } | null {
  const trees = new Map<number, KeyTree>();
  const dotted = new Map<number, Set<string>>();
  /** Adds a key path to a column's tree; false when a key would be both a value and an object. */
  const addPath = (column: number, parts: readonly string[]): boolean => {
    if (!trees.has(column)) {
      trees.set(column, new Map());
      dotted.set(column, new Set());
    }
    let node = trees.get(column)!;
    for (let k = 0; k < parts.length; k++) {
      const leaf = k === parts.length - 1;
      const seen = node.get(parts[k]!);
      if (seen === undefined) node.set(parts[k]!, leaf ? null : new Map());
      else if ((seen === null) !== leaf) return false;
      if (!leaf) node = node.get(parts[k]!)!;
    }
    return true;
  };
  for (const { columns, keys } of Object.values(spec.json)) {
    for (const column of columns) {
      for (const key of keys) {
        const parts = key.includes('.') ? key.split('.') : [key];
        if (!addPath(column, parts)) return null;
        if (parts.length > 1) dotted.get(column)!.add(key);
      }
    }
  }
  // Property bags in JSON columns (PostHog's `properties` and its `$set`, Amplitude's
  // `user_properties`): their keys are read by the same transform. Unless the properties are read
  // (`readProperties`: `notes`, `invites`), a row carrying one is odd: JavaScript notes it.
  const bagLeaves: string[] = [];
  for (const [source, keys] of propertySources(properties)) {
    if (!('column' in source)) continue;
    for (const key of keys) {
      const parts = [...source.path, key];
      if (!addPath(source.column, parts)) return null;
      bagLeaves.push(`j${source.column}${pathSql(parts)} IS NOT NULL`);
    }
  }
  return { trees, dotted, bagLeaves };
}

/** A key as a JSON struct type's field name (json_transform matches names exactly). */
export type KeyTree = Map<string, KeyTree | null>;

/**
 * The fields' SQL, or null when the spec asks for what this does not compile (a field SQL does
 * not read, such as an event count; keys that are both a value and a path's object).
 * `readProperties`: read the rows' person and invite properties (`notes`, `invites`) instead of
 * leaving each row that carries one to JavaScript. Each read property widens every group of the
 * grouping (the 5 M PostHog grouping, whose rows carry none: 7.0 → 9.8 s), so it pays only where
 * most rows carry some (Amplitude writes the user's properties on every event).
 */
export function fieldsSql(spec: ExtractSpec, properties: PropertyPlan | null, readProperties = false, source: JsonSource = 'cells'): FieldsSql | null {
  const known = new Set<string>(SQL_EVENT_FIELDS);
  // An event count is compiled from one column (the summary layout's event_count), nothing else.
  const countColumn = spec.sources.count?.length === 1 && !('count' in spec.json) && spec.defaults.count === undefined ? spec.sources.count[0]! : null;
  for (const field of [...Object.keys(spec.sources), ...Object.keys(spec.json), ...Object.keys(spec.defaults)]) if (!known.has(field) && !(field === 'count' && countColumn !== null)) return null;
  const count: { sql?: string; odd?: string[] } = countColumn === null ? {} : countSql(countColumn);
  const keyTrees = jsonKeyTrees(spec, properties);
  if (keyTrees === null) return null;
  const { trees, dotted, bagLeaves } = keyTrees;
  const parsed = source === 'read-json';
  const property = (value: string, text?: (sql: string) => string): string => propertySql(value, text, parsed);

  const stages: string[][] = [[], [], [], []];
  const odd: string[] = [];
  for (const [column, tree] of trees) {
    if (parsed) {
      // read_json gives `j<k>` (the dotted keys written literally among its fields, as leaves).
      for (const literal of dotted.get(column)!) odd.push(`(j${column}${pathSql([literal])} IS NOT NULL)`);
      continue;
    }
    const c = `c${column}`;
    const v = `v${column}`;
    // JSON DuckDB reads as JSON.parse does, so that the key tests below, which fail on text that
    // is not JSON, only ever see JSON or NULL.
    const valid = [`left(${c}, 1) = '{'`, `right(${c}, 1) = '}'`, `json_valid(${c})`, `NOT regexp_matches(${c}, ${sqlLiteral(NOT_PLAIN_JSON)})`].join(' AND ');
    stages[0]!.push(`CASE WHEN ${valid} THEN ${c} END AS ${v}`);
    // The keys of the cell's object and of each object on a key's path (json_keys keeps repeats;
    // NULL where the path is missing), listed by one call: each JSON function parses the text
    // again and keeps buffers of its own on every thread (nine of them ran out of DuckDB's memory
    // on PostHog properties of 1.6 KB).
    const paths = objectPaths(tree);
    stages[1]!.push(`json_keys(${v}, [${paths.map((path) => sqlLiteral(jsonPath(path))).join(', ')}]) AS l${column}`);
    // Only a key looked up may not repeat (JSON.parse keeps the last, DuckDB the first): a repeat
    // of any other key changes no field, and testing every key cost a second on 1 M such rows.
    paths.forEach((path, i) => {
      const looked = [...subtree(tree, path).keys()];
      stages[2]!.push(`list_filter(l${column}[${i + 1}], lambda key: key IN (${looked.map(sqlLiteral).join(', ')})) AS l${column}_${i}`);
    });
    // No dotted key written literally.
    const literals = [...dotted.get(column)!];
    const settled = [
      ...paths.map((_, i) => `coalesce(list_unique(l${column}_${i}) = len(l${column}_${i}), true)`),
      ...(literals.length > 0 ? [`NOT coalesce(list_has_any(l${column}[1], [${literals.map(sqlLiteral).join(', ')}]), false)`] : []),
    ].join(' AND ');
    // The test inside the argument: a CASE around json_transform would be copied into every key's
    // extraction by DuckDB's optimizer.
    stages[3]!.push(`json_transform(CASE WHEN ${settled} THEN ${v} END, ${sqlLiteral(JSON.stringify(structOf(tree)))}) AS j${column}`);
    odd.push(`(${c} IS NOT NULL AND j${column} IS NULL)`);
  }

  const fields = {} as Record<SqlEventField, string>;
  for (const field of SQL_EVENT_FIELDS) {
    // The first candidate that settles it (NULL: read on): each column, then each JSON key of
    // each JSON column, then the default. One flat coalesce: each candidate nested in the one
    // before made DuckDB's planning twenty times slower (0.7 s a query for Amplitude's layout).
    const candidates = [
      ...(spec.sources[field] ?? []).map((column) => `NULLIF(c${column}, '')`),
      ...(spec.json[field]?.columns ?? []).flatMap((column) => spec.json[field]!.keys.map((key) => property(`j${column}${pathSql(key.includes('.') ? key.split('.') : [key])}`))),
      ...(spec.defaults[field] !== undefined ? [sqlLiteral(spec.defaults[field]!)] : []),
    ];
    fields[field] = candidates.length === 0 ? 'NULL' : candidates.length === 1 ? candidates[0]! : `coalesce(${candidates.join(', ')})`;
  }

  const stagesOf = trees.size > 0 && !parsed ? stages : [];
  if (!readProperties) {
    if (bagLeaves.length > 0) odd.push(`(${[...new Set(bagLeaves)].join(' OR ')})`);
    odd.push(...propertyColumnsOdd(properties));
    return { stages: stagesOf, fields, odd: [...odd, ...(count.odd ?? [])], ...(count.sql ? { count: count.sql } : {}), notes: {}, notesNone: 'true', invites: [], invitesNone: 'true' };
  }
  const notes = notesSql(properties, property);
  const invites = invitesSql(properties, property, parsed);
  return { stages: stagesOf, fields, odd: [...odd, ...(count.odd ?? [])], ...(count.sql ? { count: count.sql } : {}), notes: notes.fields, notesNone: notes.none, invites: invites.items, invitesNone: invites.none };
}

/**
 * A count cell as rows.ts's eventCountOf reads it, when SQL can prove it: digits without a leading
 * zero, at most nine of them (below the 32-bit limit), nothing to trim. Any other cell (blank, 0,
 * 1.0, 1,234, a space) makes the row odd, for JavaScript to read or reject with its message.
 */
export function countSql(column: number): { sql: string; odd: string[] } {
  const c = `c${column}`;
  // A DOUBLE (exact: whole numbers below 2^53): DuckDB sums a BIGINT into a 128-bit state, whose
  // 16 bytes a group ran 4.4 M groups (a 5 M-event company's summary) out of its 400 MB.
  return { sql: `TRY_CAST(${c} AS DOUBLE)`, odd: [`NOT coalesce(regexp_full_match(${c}, '[1-9][0-9]{0,8}'), false)`] };
}

/** A row with a non-blank property column (Segment's `context_traits_title`) may carry a person or invite property: it is odd (unless properties are read). */
function propertyColumnsOdd(plan: PropertyPlan | null): string[] {
  const columns = new Set<number>();
  for (const [source] of propertySources(plan)) {
    if ('column' in source) continue;
    for (const c of 'fields' in source ? source.fields.flatMap(([, cs]) => cs) : source.keys.map(([, , c]) => c)) columns.add(c);
  }
  return [...columns].map((c) => `(NULLIF(c${c}, '') IS NOT NULL)`);
}

/**
 * Per person field, the row's value as propertyNoter takes it: the first source of the plan that
 * gives one, within a JSON source its first key with a value (an array stands for its first
 * element), within a source of columns its first non-blank column. SQL gives a value only when it
 * is JavaScript's text: a string with nothing to trim; a number or boolean (String(value)), or a
 * value with white space at either end, makes the row odd.
 */
function notesSql(plan: PropertyPlan | null, property: PropertyReading): { fields: Partial<Record<PersonField, string>>; none: string } {
  const fields: Partial<Record<PersonField, string>> = {};
  for (const field of PERSON_FIELDS) {
    const candidates: string[] = [];
    for (const source of plan?.person ?? []) {
      if ('column' in source) for (const key of PERSON_PROPERTY_KEYS[field]) candidates.push(property(`j${source.column}${pathSql([...source.path, key])}`, plainTextSql));
      else for (const column of source.fields.find(([f]) => f === field)?.[1] ?? []) candidates.push(blankOrText(column));
    }
    if (candidates.length > 0) fields[field] = candidates.length === 1 ? candidates[0]! : `coalesce(${candidates.join(', ')})`;
  }
  // No source can give one: no bag (PostHog's `$set` on most rows), no non-blank column.
  const none = (plan?.person ?? []).map((source) => ('column' in source ? `j${source.column}${pathSql(source.path)} IS NULL` : allBlank(source.fields.flatMap(([, cs]) => cs))));
  return { fields, none: none.length > 0 ? none.join(' AND ') : 'true' };
}

/** A column's text as noted: NULL when empty, ODD_VALUE when JavaScript would trim it. */
function blankOrText(column: number): string {
  return `CASE WHEN c${column} IS NULL OR c${column} = '' THEN NULL ELSE ${plainTextSql(`c${column}`)} END`;
}

/** SQL: all these columns are empty. */
function allBlank(columns: readonly number[]): string {
  return columns.length === 0 ? 'true' : `(${[...new Set(columns)].map((c) => `coalesce(c${c}, '') = ''`).join(' AND ')})`;
}

/** White space JavaScript's trim removes (String.prototype.trim), at either end of a value. */
const EDGE_SPACE = '[\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** A non-empty text as noted, or ODD_VALUE when JavaScript would trim it. */
function plainTextSql(text: string): string {
  return `CASE WHEN regexp_matches(${text}, ${sqlLiteral(`^${EDGE_SPACE}|${EDGE_SPACE}$`)}) THEN ${ODD_VALUE} ELSE ${text} END`;
}

/** The paths of the objects a tree looks into: the cell's own ([]), then each key that holds keys. */
function objectPaths(tree: KeyTree, path: string[] = []): string[][] {
  const out = [path];
  for (const [key, child] of tree) if (child !== null) out.push(...objectPaths(child, [...path, key]));
  return out;
}

/** The keys a tree looks up in the object at `path`. */
function subtree(tree: KeyTree, path: readonly string[]): KeyTree {
  return path.reduce((node, key) => node.get(key)!, tree);
}

/** A JSON pointer (RFC 6901) to an object: `/$groups`, each key with `~` written `~0` and `/` written `~1`. */
function jsonPath(parts: readonly string[]): string {
  return parts.map((p) => `/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The value at a struct path: `j3."$groups"."company"`. */
export function pathSql(parts: readonly string[]): string {
  return parts.map((p) => `.${quoteIdentifier(p)}`).join('');
}

export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new Error('a key holding a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A JSON value (raw text, NULL when missing or null) as the field, NULL to read on to the next
 * candidate, as extract.ts's lookup reads it: an array stands for its first element (Amplitude
 * writes every group as one: `"company":["Apex Foods"]`); a non-empty string is the field; null,
 * an object, an empty string, an empty array or a nested one read on; a number or boolean
 * (JavaScript writes String(value)) makes the row odd.
 */
function propertySql(value: string, text: (sql: string) => string = (sql) => sql, escapes = false): string {
  // json_transform writes a JSON value minified, so an array's first element starts right after
  // its `[`; a string's text ends at its next quote (a CSV cell holds no backslash; a JSON line's
  // value may: `escapes`, then a value with one is odd). `text`: what becomes of the string found.
  return (
    `CASE WHEN ${value} IS NULL OR left(${value}, 1) = '{' OR ${value} = '""' OR left(${value}, 2) IN ('[]', '[{', '[[') OR left(${value}, 3) = '[""' OR left(${value}, 5) = '[null' THEN NULL` +
    (escapes ? ` WHEN contains(${value}, '\\') THEN ${ODD_VALUE}` : '') +
    ` WHEN left(${value}, 1) = '"' THEN ${text(`substr(${value}, 2, length(${value}) - 2)`)}` +
    ` WHEN left(${value}, 2) = '["' THEN ${text(`substr(${value}, 3, strpos(substr(${value}, 3), '"') - 1)`)}` +
    ` ELSE ${ODD_VALUE} END`
  );
}

/** How a JSON value at a struct path is read (propertySql with the source's escapes), `text` applied to a string found. */
type PropertyReading = (value: string, text?: (sql: string) => string) => string;

/** json_transform's structure: each key as raw JSON text, each path's object as a struct. */
function structOf(tree: KeyTree): Record<string, unknown> {
  return Object.fromEntries([...tree].map(([key, sub]) => [key, sub === null ? 'JSON' : structOf(sub)]));
}

type PropertySource = PropertyPlan['person'][number] | PropertyPlan['invite'][number];

/** The plan's sources, each with the keys it notes (event-properties.ts). */
function propertySources(plan: PropertyPlan | null): Array<[PropertySource, string[]]> {
  if (!plan) return [];
  const personKeys = [...new Set(Object.values(PERSON_PROPERTY_KEYS).flat())];
  const inviteKeys = [...new Set(Object.values(INVITE_PROPERTY_KEYS).flat())];
  return [
    ...plan.person.map((s) => [s, personKeys] as [PropertySource, string[]]),
    ...plan.invite.map((s) => [s, inviteKeys] as [PropertySource, string[]]),
  ];
}

const INVITE_KEYS = [...INVITE_PROPERTY_KEYS.inviter, ...INVITE_PROPERTY_KEYS.invitee];

/**
 * The row's invite properties as propertyNoter notes them: every key of every source with a value
 * (not the first), each its own SQL (NULL: none; ODD_VALUE: the row is odd), with its side and key.
 */
function invitesSql(plan: PropertyPlan | null, property: PropertyReading, parsed: boolean): { items: InviteSql[]; none: string } {
  const items: InviteSql[] = [];
  const none: string[] = [];
  for (const source of plan?.invite ?? []) {
    if ('keys' in source) {
      for (const [side, key, column] of source.keys) items.push({ side, key, sql: blankOrText(column) });
      none.push(allBlank(source.keys.map(([, , c]) => c)));
      continue;
    }
    for (const side of ['inviter', 'invitee'] as const) {
      for (const key of INVITE_PROPERTY_KEYS[side]) items.push({ side, key, sql: property(`j${source.column}${pathSql([...source.path, key])}`, plainTextSql) });
    }
    // Every invite key holds `invit`: a cell without it has none (one substring test a row; a JSON
    // line's object comes without its text).
    const absent = !parsed && INVITE_KEYS.every((key) => key.includes('invit')) ? ` OR NOT contains(c${source.column}, 'invit')` : '';
    none.push(`(j${source.column}${pathSql(source.path)} IS NULL${absent})`);
  }
  return { items, none: none.length > 0 ? none.join(' AND ') : 'true' };
}

/** Every column the fields and the property plan read (a Parquet file reads only those). */
export function referencedColumns(spec: ExtractSpec, plan: PropertyPlan | null): Set<number> {
  const columns = new Set<number>();
  for (const indexes of Object.values(spec.sources)) for (const c of indexes) columns.add(c);
  for (const { columns: json } of Object.values(spec.json)) for (const c of json) columns.add(c);
  for (const source of [...(plan?.person ?? []), ...(plan?.invite ?? [])]) {
    if ('column' in source) columns.add(source.column);
    else if ('fields' in source) for (const [, cs] of source.fields) for (const c of cs) columns.add(c);
    else for (const [, , c] of source.keys) columns.add(c);
  }
  return columns;
}

/** Whether the spec reads an anonymous id (the summary is then grouped per anonymous id too, for the pairs). */
export function mapsAnonymousId(spec: ExtractSpec): boolean {
  return 'anonymousId' in spec.sources || 'anonymousId' in spec.json || spec.defaults.anonymousId !== undefined;
}
