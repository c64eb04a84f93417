/**
 * Data-sanity rules applied while a folder is read (docs/data-model.md, "Sanity checks"):
 * duplicate header columns, exact duplicate rows and duplicate ids within and across the files
 * of one table, files that are copies of another, and deals closed before they were created.
 * Each finding is counted per file and shown with file:line; none changes a row silently.
 *
 * The duplicate rules, decided once for every CRM table (not events, see below):
 * - a row whose cells equal an earlier row's of the same table (same header names, any column
 *   order; surrounding spaces and blank cells ignored) is an exact duplicate (DUPLICATE_ROW):
 *   counted, and read once;
 * - a row whose id (deal, activity, contact, account, user or request id) was already read in
 *   that table, with other content (DUPLICATE_ID): reported with both lines and the fields that
 *   differ; the first row read is kept (files are read in name order, rows in file order; no
 *   export carries a reliable "last modified" for every table), never both.
 * Rows are remembered by a 64-bit hash of their content (32 bytes a row, RowHashSet) and ids by
 * a map, so the check costs memory per CRM row; events are not checked row by row (that would
 * hold millions of hashes): only a byte-identical copy of an events file is found (DUPLICATE_FILE).
 */
import { createHash, hash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { closedBeforeCreated, type Deal, type FileSummary, type TableName } from '../core/model.js';
import { headerKey } from './layouts.js';

/** The field identifying a row of each table; releases have none (a feature is released many times). */
export const ID_FIELDS: Partial<Record<TableName, string>> = {
  deals: 'dealId',
  activities: 'activityId',
  contacts: 'contactId',
  accounts: 'accountId',
  users: 'userId',
  feature_requests: 'requestId',
  subscriptions: 'id',
};

/** Header names given to two or more columns (compared as headers are matched), with their indexes. */
export function duplicateHeaders(header: readonly string[]): Array<{ name: string; columns: number[] }> {
  const byKey = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = headerKey(h);
    if (key === '') return;
    const columns = byKey.get(key);
    if (columns) columns.push(i);
    else byKey.set(key, [i]);
  });
  return [...byKey.values()].filter((c) => c.length > 1).map((columns) => ({ name: header[columns[0]!]!, columns }));
}

/** Where a row was read, for messages. */
export interface RowPlace {
  file: string;
  line: number;
}

/** A header column in rowKey's order: its header key, its index in the row, and the key followed by \u0001. */
export interface RowKeyColumn {
  key: string;
  index: number;
  prefix: string;
}

/** A row's content hash: the first 64 bits of its SHA-1, as two 32-bit halves. */
export interface RowKey {
  hi: number;
  lo: number;
}

/**
 * Remembers the rows of every CRM table read so far (by content hash, and by id) across the files
 * of a folder, to find exact duplicates and reused ids. One per folder; files register in turn.
 * Memory: 32 bytes a row for the content hashes (RowHashSet), and per id a map entry plus 8 bytes.
 */
export class DuplicateTracker {
  private readonly files: string[] = [];
  private readonly contents = new Map<TableName, RowHashSet>();
  private readonly ids = new Map<TableName, { index: Map<string, number>; places: Float64Array }>();

  /** A file's handle for the other calls. */
  addFile(shown: string): number {
    this.files.push(shown);
    return this.files.length - 1;
  }

  /**
   * A row's content key: its non-blank cells by header name (so column order does not matter),
   * hashed. `order` is rowKeyOrder(header) of the row's file.
   */
  static rowKey(order: readonly RowKeyColumn[], cells: readonly string[]): RowKey {
    let text = '';
    for (let k = 0; k < order.length; k++) {
      const column = order[k]!;
      const cell = cells[column.index]?.trim();
      // `prefix` is the key and \u0001 made once per file: one string fewer made per cell.
      if (cell) text = text + column.prefix + cell + '\u0002';
    }
    // One-shot hashing (a Hash object per row costs more, mostly in garbage collection), its
    // digest as 'binary' (latin1) text, one character a byte: a Buffer per row took four times as long.
    const d = hash('sha1', text, 'binary');
    return { hi: int32LE(d, 0), lo: int32LE(d, 4) };
  }

  /** Header columns sorted by header name, for rowKey. */
  static rowKeyOrder(header: readonly string[]): RowKeyColumn[] {
    return header
      .map((h, index) => ({ key: headerKey(h), index }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
      .map(({ key, index }) => ({ key, index, prefix: `${key}\u0001` }));
  }

  /** The earlier row with this content in `table`, or null (and the row is remembered). */
  seenRow(table: TableName, key: RowKey, file: number, line: number): RowPlace | null {
    let seen = this.contents.get(table);
    if (!seen) this.contents.set(table, (seen = new RowHashSet()));
    const before = seen.getOrAdd(key.hi, key.lo, pack(file, line));
    return before === null ? null : this.place(before);
  }

  /** The row kept with this id in `table` and its index in the table, or null. */
  idPlace(table: TableName, id: string): (RowPlace & { index: number }) | null {
    const ids = this.ids.get(table);
    const index = ids?.index.get(id);
    return index === undefined ? null : { ...this.place(ids!.places[index]!), index };
  }

  /**
   * Remember the row kept with this id, at `index` in the table. `id` should be the table's own
   * copy (a cell sliced from a read would keep the read's 64 KB alive).
   */
  addId(table: TableName, id: string, file: number, line: number, index: number): void {
    let ids = this.ids.get(table);
    if (!ids) this.ids.set(table, (ids = { index: new Map(), places: new Float64Array(256) }));
    if (index >= ids.places.length) {
      const grown = new Float64Array(Math.max(index + 1, ids.places.length * 2));
      grown.set(ids.places);
      ids.places = grown;
    }
    ids.places[index] = pack(file, line);
    ids.index.set(id, index);
  }

  private place(packed: number): RowPlace {
    return { file: this.files[Math.floor(packed / 2 ** 32)]!, line: packed % 2 ** 32 };
  }
}

const pack = (file: number, line: number): number => file * 2 ** 32 + line;

/** The signed 32-bit little-endian integer at `at` in bytes written as latin1 text (as Buffer#readInt32LE reads them). */
const int32LE = (bytes: string, at: number): number =>
  bytes.charCodeAt(at) | (bytes.charCodeAt(at + 1) << 8) | (bytes.charCodeAt(at + 2) << 16) | (bytes.charCodeAt(at + 3) << 24);

/**
 * A set of 64-bit hashes (two int32 halves), each with a number, by open addressing in typed
 * arrays: 16 bytes a slot, at most half full, so no object per row.
 */
export class RowHashSet {
  private hi = new Int32Array(1024);
  private lo = new Int32Array(1024);
  /** The value + 1 (0: an empty slot). */
  private values = new Float64Array(1024);
  private size = 0;

  /** The value stored with this hash, or null after storing `value` (≥ 0) with it. */
  getOrAdd(hi: number, lo: number, value: number): number | null {
    const mask = this.values.length - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const stored = this.values[slot]!;
      if (stored === 0) break;
      if (this.hi[slot] === hi && this.lo[slot] === lo) return stored - 1;
      slot = (slot + 1) & mask;
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.values[slot] = value + 1;
    if (++this.size * 2 > this.values.length) this.grow();
    return null;
  }

  private grow(): void {
    const { hi, lo, values } = this;
    this.hi = new Int32Array(values.length * 2);
    this.lo = new Int32Array(values.length * 2);
    this.values = new Float64Array(values.length * 2);
    this.size = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) this.getOrAdd(hi[i]!, lo[i]!, values[i]! - 1);
  }
}

/**
 * Fields named but never printed in a finding: deal owners are people, and deal and company
 * names and domains are pseudonymised in CI reports only where they appear in evidence.
 */
const UNPRINTED = new Set(['owner', 'name', 'domain']);

/** The fields in which two records of a table differ, as `field (a vs b)`, at most `max` of them. */
export function differingFields(first: Record<string, unknown>, second: Record<string, unknown>, max = 4): string[] {
  const out: string[] = [];
  for (const field of new Set([...Object.keys(first), ...Object.keys(second)])) {
    const a = shown(field, first[field]);
    const b = shown(field, second[field]);
    if (a === b) continue;
    out.push(UNPRINTED.has(field) ? field : `${field} (${a} vs ${b})`);
  }
  return out.length > max ? [...out.slice(0, max), `${out.length - max} more`] : out;
}

function shown(field: string, value: unknown): string {
  if (value === null || value === undefined) return 'blank';
  if (typeof value === 'number' && /At$/.test(field)) return new Date(value).toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.length ? value.join(';') : 'blank';
  if (typeof value === 'number') return String(Math.round(value * 1e6) / 1e6);
  return JSON.stringify(value);
}

/**
 * Which file of `files` (paths) each one is a byte-identical copy of, by size then SHA-256. Of
 * identical files the original is the one with the shortest name, then path (`deals.csv` over
 * `deals (1).csv` and `crm/deals.csv`), then the first in order.
 */
export async function identicalFiles(files: readonly string[]): Promise<Map<string, string>> {
  const bySize = new Map<number, string[]>();
  for (const file of files) {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      continue; // reported when read
    }
    if (size === 0) continue; // empty files are reported as such
    const same = bySize.get(size);
    if (same) same.push(file);
    else bySize.set(size, [file]);
  }
  const copies = new Map<string, string>();
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const firstOf = new Map<string, string>();
    const originalFirst = [...group].sort((a, b) => basename(a).length - basename(b).length || a.length - b.length);
    for (const file of originalFirst) {
      const digest = await fileHash(file).catch(() => null);
      if (digest === null) continue;
      const first = firstOf.get(digest);
      if (first) copies.set(file, first);
      else firstOf.set(digest, file);
    }
  }
  return copies;
}

function fileHash(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** A finding about one kept row, on one of its fields. */
export interface RowFinding {
  code: 'CLOSE_BEFORE_CREATE';
  field: string;
  message: string;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What is wrong with a row that is still read (the row is kept as it is). */
export function rowFindings(table: TableName, record: unknown): RowFinding[] {
  if (table !== 'deals') return [];
  const deal = record as Deal;
  if (!closedBeforeCreated(deal)) return [];
  return [{
    code: 'CLOSE_BEFORE_CREATE',
    field: 'closedAt',
    message: `close date ${day(deal.closedAt!)} is before the creation date ${day(deal.createdAt!)}; the deal is kept, but has no sales cycle (sales-cycle-ratio excludes it)`,
  }];
}

/**
 * UNKNOWN_STAGES: deals were read but none is won or lost, so won deals cannot be told from open
 * ones (custom pipeline stages, HubSpot stage ids…). Returns the finding for the deals files and
 * the reason won-deal checks give, or null when some deal is won or lost (or there are no deals).
 */
export function unknownStages(deals: readonly Deal[], files: readonly FileSummary[]): { message: string; reason: string } | null {
  if (deals.length === 0 || deals.some((d) => d.stage !== 'open')) return null;
  const counts = new Map<string, number>();
  for (const f of files) for (const v of f.values?.stage ?? []) counts.set(v.from, (counts.get(v.from) ?? 0) + v.rows);
  const stages = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shownStages = `${stages.slice(0, 6).map(([from, rows]) => `"${from}" ${rows}`).join(', ')}${stages.length > 6 ? `, … (${stages.length} values)` : ''}`;
  const example = stages.length > 1 ? `{ "${stages[0]![0]}": won, "${stages[1]![0]}": lost }` : stages.length === 1 ? `{ "${stages[0]![0]}": won }` : '{ "Closed": won }';
  const fix = `map them in pullcheck.config.yaml, e.g. values: { stage: ${example} }, or list wonStages / lostStages (docs/config.md)`;
  return {
    message: `no deal stage means won or lost: all ${deals.length} deals read as open (stages: ${shownStages || 'none'}), so won deals cannot be told from open ones and every won-deal check is insufficient data; if some of these stages mean won or lost, ${fix}`,
    reason: `no deal stage means won or lost (all ${deals.length} deals read as open), so won deals cannot be told from open ones; ${fix}`,
  };
}
