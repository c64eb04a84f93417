/**
 * JSON documents that hold one table, besides JSON lines (read-csv.ts): an array of objects
 * (`[{...}, {...}]`), and Salesforce records `{"records": [...]}` as the REST query API and
 * `sf data export tree` write them (`sf data query --json` puts them under `result`). They are
 * streamed with stream-json, one element at a time, so a large export never sits in memory as
 * text or as one parsed document. Salesforce records are flattened: `attributes` dropped (its
 * `type` kept as a hint of what the file holds), parent objects as dotted keys (`Account.Name`),
 * child relationships (`Contacts: {records: [...]}`) kept as JSON text.
 */
import { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import pick from 'stream-json/filters/pick.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import { byteStream, flattenJson, jsonLayout, recordOf, type BadRecord, type CsvRecord, type JsonLayout, type ReadOptions } from './read-csv.js';

/** How a JSON file holds its rows. `document`: one JSON value that is neither of the others. */
export type JsonShape = 'lines' | 'array' | 'records' | 'document';

/** Elements read before the header is decided (the keys seen in them, in first-seen order). */
export const HEADER_SAMPLE_RECORDS = 1000;

/** Records per batch handed to the loader. */
const BATCH = 1000;

/** Parent objects flattened to dotted keys at most this deep (`Account.Owner.Name`); deeper stays JSON. */
const MAX_FLATTEN_DEPTH = 4;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function holdsRecords(value: unknown): boolean {
  return isObject(value) && (Array.isArray(value.records) || (isObject(value.result) && Array.isArray(value.result.records)));
}

/** From the start of a JSON file (its sniffed sample): how it holds its rows. */
export function jsonShape(sample: string): JsonShape {
  const text = sample.trimStart();
  if (text.startsWith('[')) return 'array';
  if (!text.startsWith('{')) return 'lines'; // bad lines are reported one by one
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const parses = (line: string | undefined): unknown => {
    if (line === undefined) return undefined;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return undefined;
    }
  };
  const first = parses(lines[0]);
  if (isObject(first)) return holdsRecords(first) && !isObject(parses(lines[1])) ? 'records' : 'lines';
  // The first line is not a whole object: one document over many lines (or one long line).
  if (isObject(parses(lines[1]))) return 'lines';
  return /"records"\s*:\s*\[/.test(text) ? 'records' : 'document';
}

/**
 * A Salesforce record as one flat object: `attributes` dropped at every level, parent objects
 * as dotted keys, child relationships and arrays kept as they are (read as JSON text).
 */
export function flattenSalesforce(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown): void => {
    // Own property even for "__proto__": data never reaches the prototype.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  };
  const walk = (object: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const key of Object.keys(object)) {
      if (key === 'attributes') continue;
      const value = object[key];
      const name = prefix ? `${prefix}.${key}` : key;
      if (isObject(value) && !holdsRecords(value) && depth < MAX_FLATTEN_DEPTH) walk(value, name, depth + 1);
      else put(name, value);
    }
  };
  walk(record, '', 0);
  return out;
}

/**
 * What a records file says about itself (REST: `totalSize` and `done` before the records). Read
 * only before the first `"records"` key: after it, child relationships have their own totals.
 */
export function declaredTotals(sample: string): { totalSize: number | null; done: boolean | null } {
  const records = sample.search(/"records"\s*:/);
  const head = records === -1 ? sample : sample.slice(0, records);
  const total = /"totalSize"\s*:\s*(\d+)/.exec(head);
  const done = /"done"\s*:\s*(true|false)/.exec(head);
  return { totalSize: total ? Number(total[1]) : null, done: done ? done[1] === 'true' : null };
}

export interface JsonDocumentInfo {
  /** `attributes.type` of the first Salesforce record (Opportunity, Account, Contact, Task…), else null. */
  recordType: string | null;
  /** Elements in the file (known once it is read). */
  elements: number;
}

/** An array element that is not an object, as readJsonDocument reports it. */
function notAnObject(value: unknown, line: number): BadRecord {
  return { line, code: 'BAD_JSON', message: `element ${line} is ${Array.isArray(value) ? 'an array' : JSON.stringify(value)?.slice(0, 40)}, not a JSON object` };
}

/** Element `line`'s record under `layout`, or why it cannot be read. */
function elementRecord(line: number, object: Record<string, unknown>, layout: JsonLayout, use: Uint8Array | undefined): CsvRecord | BadRecord {
  try {
    return recordOf(line, object, layout, use);
  } catch (error) {
    return { line, code: 'BAD_JSON', message: `element ${line} cannot be read (${(error as Error).message})` };
  }
}

/**
 * Element `line` of a JSON array (not a records file), from its text as written, as
 * readJsonDocument takes it: its record, or why it is not one.
 */
export function arrayElementRecord(line: number, text: string, layout: JsonLayout, use: Uint8Array | undefined): CsvRecord | BadRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // DuckDB read it, and the byte scan found no leniency: not expected, but never a crash.
    return { line, code: 'BAD_JSON', message: `element ${line} cannot be read (${(error as Error).message})` };
  }
  return isObject(value) ? elementRecord(line, value, layout, use) : notAnObject(value, line);
}

/**
 * Records of a JSON array or records file, laid out under the keys of its first
 * HEADER_SAMPLE_RECORDS elements, in batches (the first batch is the header alone), or to
 * `options.sink` once set, as readJsonLines does. A record's `line` is its position in the
 * array (1 = the first element): stream-json does not count lines. An element that is not an
 * object is a BAD_JSON record; JSON that breaks off ends the file with a BAD_JSON record saying
 * the rest was not read. `onInfo` gets the record type before the header, and the element
 * count at the end. `options` is read as the file is read (the loader sets `sink` and
 * `columnUse` after the format sample).
 */
export async function* readJsonDocument(
  path: string,
  shape: 'array' | 'records',
  options: ReadOptions,
  onInfo?: (info: JsonDocumentInfo) => void,
): AsyncGenerator<CsvRecord[]> {
  let bytes = options.bomLength ?? 0;
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of byteStream(path, bytes, options.gzip)) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      yield chunk;
    }
  };
  const stages = [Readable.from(counted()), parser(), ...(shape === 'records' ? [pick({ filter: /^(result\.)?records$/ })] : []), streamArray()];
  const elements = chain(stages as never) as unknown as AsyncIterable<{ key: number; value: unknown }>;
  const salesforce = shape === 'records';
  const info: JsonDocumentInfo = { recordType: null, elements: 0 };
  const bad: BadRecord[] = [];
  const flatten = (value: unknown, line: number): Record<string, unknown> | null => {
    if (!isObject(value)) {
      bad.push(notAnObject(value, line));
      return null;
    }
    try {
      return salesforce ? flattenSalesforce(value) : value;
    } catch (error) {
      bad.push({ line, code: 'BAD_JSON', message: `element ${line} cannot be read (${(error as Error).message})` });
      return null;
    }
  };

  let layout: ReturnType<typeof jsonLayout> | null = null;
  let header: string[] = [];
  const held: Array<{ line: number; object: Record<string, unknown> | null; bad: BadRecord[] }> = [];
  let batch: CsvRecord[] = [];
  const take = (line: number, object: Record<string, unknown> | null): void => {
    if (object === null) return;
    const record = elementRecord(line, object, layout!, options.columnUse);
    if ('code' in record) {
      bad.push(record);
      return;
    }
    const sink = options.sink;
    if (sink) sink.cells(line, record.cells, record.values);
    else batch.push(record);
  };
  const startRows = (): CsvRecord[] => {
    const keys = new Set<string>();
    for (const { object } of held) {
      if (object === null) continue;
      if (salesforce) for (const k of Object.keys(object)) keys.add(k);
      else for (const k of flattenJson(object).keys()) keys.add(k);
    }
    header = [...keys];
    layout = jsonLayout(header);
    onInfo?.(info);
    return [{ line: 0, cells: header }];
  };
  /** Records before a bad element are handed over before it is reported, so problems stay in file order. */
  async function* drain(): AsyncGenerator<CsvRecord[]> {
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      yield out;
    }
    for (const b of bad.splice(0)) options.onBadRecord(b);
  }
  /** The elements held for the header, in order, each bad one reported at its place. */
  async function* replayHeld(): AsyncGenerator<CsvRecord[]> {
    for (const h of held.splice(0)) {
      take(h.line, h.object);
      bad.push(...h.bad);
      if (batch.length >= BATCH || bad.length > 0) yield* drain();
    }
  }

  let broken: string | null = null;
  try {
    for await (const { key, value } of elements) {
      const line = key + 1;
      info.elements = line;
      if (info.recordType === null && salesforce && isObject(value) && isObject(value.attributes) && typeof value.attributes.type === 'string') {
        info.recordType = value.attributes.type;
      }
      const object = flatten(value, line);
      if (layout === null) {
        held.push({ line, object, bad: bad.splice(0) });
        if (held.length < HEADER_SAMPLE_RECORDS) continue;
        yield startRows();
        yield* replayHeld();
      } else take(line, object);
      if (batch.length >= BATCH || bad.length > 0) yield* drain();
    }
  } catch (error) {
    broken = (error as Error).message;
  }
  if (broken !== null) {
    bad.push({ line: info.elements + 1, code: 'BAD_JSON', message: `the JSON breaks off after element ${info.elements} (${broken}); the rest of the file is not read` });
  }
  if (layout === null) {
    // Nothing to lay out: why comes before the (empty) header, which ends the file's reading.
    if (held.every((h) => h.object === null)) for (const b of [...held.flatMap((h) => h.bad), ...bad.splice(0)]) options.onBadRecord(b);
    else {
      const broke = bad.splice(0);
      yield startRows();
      yield* replayHeld();
      bad.push(...broke);
    }
    if (layout === null) yield startRows();
  }
  onInfo?.(info);
  yield* drain();
}
