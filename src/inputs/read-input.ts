/**
 * One way to read a YAML or JSON input (rubric, config, answers, baseline; issue 16): read the
 * file, parse it keeping each node's place, validate it with the input's zod schema, and report
 * every problem at once as an InputIssue with file:line:column, in one InputError (exit 2).
 *
 * JSON is read by the YAML parser too (JSON is YAML), so a baseline's problems get lines as well.
 * A zod issue's path is mapped to the node at that path: the key's place for a field, the
 * entry's for a list item, the enclosing mapping's for a missing field.
 */
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, newLineCounter, parseDocument, type Document, type Node } from '../core/yaml.js';
import { describeValue, didYouMean, nearest, percentHint } from './hints.js';
import type { z } from './zod.js';

export type InputIssueCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'YAML_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'MISSING_FIELD'
  | 'WRONG_TYPE'
  | 'BAD_VALUE'
  | 'UNKNOWN_FIELD'
  // rubric
  | 'UNKNOWN_METRIC'
  | 'UNKNOWN_PARAM'
  | 'BAD_THRESHOLD'
  | 'BAD_VERDICTS'
  | 'DUPLICATE_ID'
  | 'BAD_ID'
  | 'BAD_WEIGHT'
  | 'MISSING_SOURCE'
  | 'EMPTY_CATEGORY'
  | 'EMPTY_RUBRIC'
  | 'BAD_CHOICES'
  | 'BAD_DEFAULT'
  // answers
  | 'CUT_SHORT'
  | 'UNKNOWN_QUESTION'
  | 'NO_QUESTION'
  | 'BAD_ANSWER'
  // baseline
  | 'NOT_A_BASELINE'
  | 'BASELINE_VERSION';

export interface InputIssue {
  code: InputIssueCode;
  /** Dot/bracket path into the file, e.g. `categories[0].checks[1].threshold.pass`; '' = the whole file. */
  path: string;
  /** 1-based line and column, or null when unknown. */
  line: number | null;
  column: number | null;
  message: string;
}

/** What an input is called in messages and error codes, and where its format is described. */
export interface InputKind {
  /** 'rubric', 'config', 'answers', 'baseline': "rubric file not found". */
  noun: string;
  /** Error code prefix: RUBRIC → RUBRIC_UNREADABLE, RUBRIC_INVALID. */
  code: string;
  /** Printed under the problems. */
  hints: { unreadable: string; invalid: string };
  format?: 'yaml' | 'json';
}

/** An input file that is missing, unreadable or invalid. Carries every issue found; exit code 2. */
export class InputError extends Error {
  readonly exitCode = 2;

  constructor(
    readonly code: string,
    readonly file: string,
    readonly issues: InputIssue[],
    readonly hint?: string,
  ) {
    super(issues.map((issue) => formatInputIssue(file, issue)).join('\n'));
    this.name = 'InputError';
  }
}

/** `file:line: path: message` (line and path omitted when unknown/empty). */
export function formatInputIssue(file: string, issue: Pick<InputIssue, 'line' | 'path' | 'message'>): string {
  const where = issue.line === null ? file : `${file}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/** The file's text (UTF-8, BOM kept for the caller's hash), or an InputError saying why it cannot be read. */
export function readInputFile(file: string, kind: InputKind): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const notFound = errno === 'ENOENT' || errno === 'ENOTDIR';
    const reason = errno === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw unreadable(file, kind, notFound ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE', notFound ? `${kind.noun} file not found` : `cannot read ${kind.noun} file: ${reason}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw unreadable(file, kind, 'FILE_UNREADABLE', `cannot read ${kind.noun} file: it is not UTF-8 text; save it as UTF-8`);
  }
}

function unreadable(file: string, kind: InputKind, code: InputIssueCode, message: string): InputError {
  return new InputError(`${kind.code}_UNREADABLE`, file, [{ code, path: '', line: null, column: null, message }], kind.hints.unreadable);
}

/** A parsed input: its data as plain values, and the document to find each path's place in. */
export class ParsedInput {
  readonly issues: InputIssue[] = [];
  /** True after a syntax error: the document is unreliable, so schema issues would only add noise. */
  fatal = false;
  /** The document as plain values (aliases resolved; null when empty). */
  data: unknown = null;
  private readonly lc = newLineCounter();
  readonly doc: Document.Parsed;

  constructor(
    readonly text: string,
    readonly kind: InputKind,
  ) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.doc = parseDocument(body, { lineCounter: this.lc, prettyErrors: false, uniqueKeys: true });
    for (const error of this.doc.errors) {
      let offset = error.pos[0];
      let message = (error.message.split('\n')[0] ?? error.message).trim();
      const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
      if (error.code === 'MISSING_CHAR' && quote) {
        // The parser reports the end of the file; the opening quote is where the mistake is.
        const open = body.lastIndexOf(quote, offset - 1);
        if (open >= 0) {
          offset = open;
          message = `missing closing ${quote} quote for the value that starts here`;
        }
      }
      if (error.code === 'DUPLICATE_KEY') {
        const key = /^[\s-]*["']?([^"':#]+?)["']?\s*:/.exec(lineText(body, offset))?.[1];
        this.add('DUPLICATE_KEY', '', offset, `${key ? `'${key}'` : 'a key'} appears twice in the same mapping; keep one`);
      } else {
        this.fatal = true;
        this.add('YAML_SYNTAX', '', offset, `${kind.format === 'json' ? 'not valid JSON' : 'YAML syntax error'}: ${message}`);
      }
    }
    if (!this.fatal) this.data = this.toData(this.doc.contents as Node | null);
  }

  /** Adds an issue at a path of the document (placed at `at` when given). */
  addAt(code: InputIssueCode, path: readonly PropertyKey[], message: string, at: readonly PropertyKey[] = path): void {
    const place = this.placeOf(at);
    this.push({ code, path: pathText(path), ...place, message });
  }

  private add(code: InputIssueCode, path: string, offset: number, message: string): void {
    const { line, col } = this.lc.linePos(offset);
    this.push({ code, path, line: line > 0 ? line : 1, column: col > 0 ? col : 1, message });
  }

  private push(issue: InputIssue): void {
    const same = (i: InputIssue) => i.code === issue.code && i.path === issue.path && i.line === issue.line && i.message === issue.message;
    if (!this.issues.some(same)) this.issues.push(issue);
  }

  /**
   * Where a path points: a field's key (or with `value`, its value), a list entry, or, for a
   * field that is not there, its mapping. The whole file (an empty path) starts at line 1.
   */
  placeOf(path: readonly PropertyKey[], options: { value?: boolean } = {}): { line: number | null; column: number | null } {
    let node = this.deref(this.doc.contents as Node | null);
    let place: Node | null = node;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        node = this.deref(pair.value as Node | null);
        place = options.value && node ? node : (pair.key as Node);
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = this.deref(node.items[segment] as Node | null);
        if (item) place = item;
        node = item;
      } else break;
    }
    const start = place?.range?.[0];
    if (start === undefined) return path.length === 0 ? { line: 1, column: 1 } : { line: null, column: null };
    const { line, col } = this.lc.linePos(start);
    return { line: line > 0 ? line : 1, column: col > 0 ? col : 1 };
  }

  /** The line of a path (see placeOf), or null. */
  lineOf(path: readonly PropertyKey[], options: { value?: boolean } = {}): number | null {
    return this.placeOf(path, options).line;
  }

  private deref(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }

  /** Plain values of a node; a dangling alias and a key that is not a plain name are reported. */
  private toData(node: Node | null): unknown {
    if (node === null) return null;
    if (isAlias(node)) {
      const target = this.deref(node);
      if (target === null) this.add('YAML_SYNTAX', '', node.range?.[0] ?? 0, `alias *${node.source} has no anchor &${node.source} before it`);
      return this.toData(target);
    }
    if (isScalar(node)) return node.value ?? null;
    if (isSeq(node)) return node.items.map((item) => this.toData(item as Node | null));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number') {
          this.add('WRONG_TYPE', '', (pair.key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0, `keys must be plain names, got ${describeValue((pair.key as Node | null)?.toJSON())}`);
          continue;
        }
        Object.defineProperty(out, String(key), { value: this.toData(pair.value as Node | null), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return null;
  }
}

export function parseInput(text: string, kind: InputKind): ParsedInput {
  return new ParsedInput(text, kind);
}

/** How to read a schema's problems. */
export interface ValidateOptions {
  /** Names people reach for that are not close in spelling to the field they mean (remediation → recommendation). */
  synonyms?: Readonly<Record<string, string>>;
}

/**
 * Validates the parsed data with a zod schema; every problem becomes an issue of `parsed` with
 * its place. Returns the schema's output, or null when there is any issue.
 */
export function validateInput<S extends z.ZodType>(parsed: ParsedInput, schema: S, options: ValidateOptions = {}): z.output<S> | null {
  if (parsed.fatal) return null;
  const result = schema.safeParse(parsed.data, { reportInput: true, error: defaultMessage });
  if (!result.success) {
    const issues: Found[] = [];
    for (const issue of flattenUnions(result.error.issues)) issues.push(...fromZod(issue, schema, parsed.data, options));
    // `threshhold:` is reported as "did you mean 'threshold'?": no second issue for the missing 'threshold'.
    const guessed = new Set(issues.filter((i) => i.guess).map((i) => pathText([...i.path.slice(0, -1), i.guess!])));
    // A blank id is "'id' is empty", not also "not kebab-case".
    const empty = new Set(issues.filter((i) => i.code === 'MISSING_FIELD').map((i) => pathText(i.path)));
    for (const issue of issues) {
      if (issue.code === 'MISSING_FIELD' && guessed.has(pathText(issue.path))) continue;
      if (issue.code !== 'MISSING_FIELD' && empty.has(pathText(issue.path))) continue;
      parsed.addAt(issue.code, issue.path, issue.message, issue.at);
    }
  }
  return parsed.issues.length === 0 && result.success ? result.data : null;
}

/** The issues ordered by line (stable), unknown lines last. */
export function sortedIssues(issues: readonly InputIssue[]): InputIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) || a.i - b.i)
    .map(({ issue }) => issue);
}

/** The error for an input with problems: every issue in line order, with the input's hint. */
export function invalidInput(file: string, kind: InputKind, issues: readonly InputIssue[]): InputError {
  return new InputError(`${kind.code}_INVALID`, file, sortedIssues(issues), kind.hints.invalid);
}

// --- schema messages ---------------------------------------------------------------------------

/**
 * A schema-level message with its issue code: `z.number().min(0, says('BAD_WEIGHT', ...))`. Zod
 * keeps only a message for its own checks, so the code travels as a `[CODE] ` prefix that
 * fromZod takes off again. Given to a schema (not a check) it also answers for that schema's
 * checks, unless `only` names the zod issue it is for (e.g. 'invalid_type').
 */
export function says(
  code: InputIssueCode,
  message: string | ((issue: z.core.$ZodRawIssue) => string),
  only?: z.core.$ZodIssueCode,
): { error: (issue: z.core.$ZodRawIssue) => string | undefined } {
  return {
    error: (issue) => (only === undefined || issue.code === only ? `[${code}] ${typeof message === 'string' ? message : message(issue)}` : undefined),
  };
}

/**
 * An issue for a refinement: `ctx.addIssue(issue('BAD_THRESHOLD', ['pass'], 'must be below fail'))`.
 * `at` (a path relative to the same object) places it elsewhere, e.g. a missing `source` at `basis`.
 */
export function issue(code: InputIssueCode, path: PropertyKey[], message: string, at?: PropertyKey[]): z.core.$ZodRawIssue {
  return { code: 'custom', path, message, params: { code, at, depth: path.length }, input: undefined } as unknown as z.core.$ZodRawIssue;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** Messages for zod's own checks where a schema gives none. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (typeof input === 'number' && issue.expected === 'number') return `must be a finite number, got ${input}`;
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(input)}${issue.expected === 'number' ? percentHint(input) : ''}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length === 1) return `must be ${values[0]}, got ${describeValue(input)}`;
      const got = typeof input === 'string' ? `'${input}'` : describeValue(input);
      return `must be one of ${values.join(' | ')}, got ${got}${typeof input === 'string' ? didYouMean(input, values) : ''}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}`;
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${issue.minimum}, got ${String(input)}`;
    case 'too_big':
      if (issue.origin === 'array') return `takes at most ${issue.maximum} entries`;
      return `must be ${issue.inclusive ? 'at most' : 'below'} ${issue.maximum}, got ${String(input)}`;
    default:
      return undefined;
  }
}

/**
 * One branch of each union: the one the value was meant for (one whose issues lie inside the
 * value, else, for a scalar, one that got past the type check), else the union's own issue.
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const scalar = typeof issue.input !== 'object' || issue.input === null;
      const meant =
        issue.errors.find((branch) => branch.some((i) => i.path.length > 0)) ??
        (scalar ? issue.errors.find((branch) => branch.some((i) => i.code !== 'invalid_type')) : undefined);
      if (meant) {
        out.push(...flattenUnions(meant, path));
        continue;
      }
    }
    out.push({ ...issue, path } as z.core.$ZodIssue);
  }
  return out;
}

interface Found {
  code: InputIssueCode;
  path: PropertyKey[];
  message: string;
  /** The field an unknown key probably meant. */
  guess?: string;
  /** Where to place it, when not at its path. */
  at?: PropertyKey[];
}

function fromZod(issue: z.core.$ZodIssue, schema: z.ZodType, data: unknown, options: ValidateOptions): Found[] {
  const path = [...issue.path];
  const last = path[path.length - 1];
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schema, path);
    return issue.keys.map((key) => {
      const synonym = options.synonyms?.[key];
      const guess = synonym !== undefined && known.includes(synonym) ? synonym : nearest(key, known);
      const message = guess ? `unknown field '${key}'; did you mean '${guess}'?` : `unknown field '${key}'; allowed: ${known.join(', ')}`;
      return { code: 'UNKNOWN_FIELD', path: [...path, key], message, ...(guess ? { guess } : {}) };
    });
  }
  const coded = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(issue.message);
  if (coded?.[1] === 'MISSING_FIELD') return [{ code: 'MISSING_FIELD', path, message: coded[2]! }];
  // Missing or empty is told from the data: issues inside a union carry no input.
  const parent = valueAt(data, path.slice(0, -1));
  const field = typeof last === 'string' && isRecord(parent);
  const own = issue.code !== 'custom';
  if (field && own && !Object.prototype.hasOwnProperty.call(parent, last)) {
    return [{ code: 'MISSING_FIELD', path, message: `missing required field '${last}'` }];
  }
  if (field && own && (parent[last] === null || (issue.code === 'too_small' && issue.origin === 'string'))) {
    return [{ code: 'MISSING_FIELD', path, message: `'${last}' is empty` }];
  }
  if (coded) return [{ code: coded[1] as InputIssueCode, path, message: coded[2]! }];
  if (issue.code === 'custom') {
    const { code, at, depth } = (issue.params ?? {}) as { code?: InputIssueCode; at?: PropertyKey[]; depth?: number };
    const found: Found = { code: code ?? 'BAD_VALUE', path, message: issue.message };
    if (at !== undefined && depth !== undefined) found.at = [...path.slice(0, path.length - depth), ...at];
    return [found];
  }
  return [{ code: issue.code === 'invalid_type' ? 'WRONG_TYPE' : 'BAD_VALUE', path, message: issue.message }];
}

/** The field names of the object schema at a path (through lists, optionals, defaults, pipes and unions). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const objects = (s: z.core.$ZodType, rest: readonly PropertyKey[]): string[] => {
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    const inner = (key: string) => def[key] as z.core.$ZodType;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        return objects(inner('innerType'), rest);
      case 'pipe':
        return objects(inner('in'), rest);
      case 'lazy':
        return objects((def.getter as () => z.core.$ZodType)(), rest);
      case 'union':
        return (def.options as z.core.$ZodType[]).flatMap((o) => objects(o, rest));
      case 'array':
        return rest.length === 0 ? [] : objects(inner('element'), rest.slice(1));
      case 'record':
        return rest.length === 0 ? [] : objects(inner('valueType'), rest.slice(1));
      case 'object': {
        const shape = def.shape as Record<string, z.core.$ZodType>;
        if (rest.length === 0) return Object.keys(shape);
        const next = shape[String(rest[0])];
        return next ? objects(next, rest.slice(1)) : [];
      }
      default:
        return [];
    }
  };
  return [...new Set(objects(schema, path))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  return value;
}

/** `categories[0].checks[1].threshold.pass`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  return out;
}

/** The source line containing `offset`. */
function lineText(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? undefined : end);
}
