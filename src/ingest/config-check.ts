/**
 * Config entries checked against the data: a `files:` entry that matches no file, and a
 * `columns:` header that is not in the file it applies to, are config errors (exit 2, as for any
 * other config mistake), reported together as `config:line: path: message` with did-you-mean
 * suggestions from the folder's file names and the file's header. docs/config.md.
 */
import { basename } from 'node:path';
import { PullcheckError } from '../core/errors.js';
import { nearest } from '../inputs/hints.js';
import { headerKey } from './layouts.js';
import { jsonPropertyColumn, overrideMatches, type FileOverride, type IngestOverrides } from './overrides.js';

export interface ConfigMismatch {
  code: 'CONFIG_FILE_NOT_MATCHED' | 'CONFIG_COLUMN_NOT_FOUND';
  line: number | null;
  /** Config path, e.g. `files."opps.csv".columns.dealId`. */
  path: string;
  message: string;
}

const entryPath = (o: FileOverride): string => `files."${o.match}"`;

/** `files:` entries that match none of `files` (full paths), each with the closest file name. */
export function unmatchedConfigEntries(overrides: IngestOverrides, files: readonly string[]): ConfigMismatch[] {
  const names = files.map((f) => basename(f));
  return overrides.files
    .filter((o) => !files.some((f) => overrideMatches(o, f, basename(f))))
    .map((o) => {
      const guess = nearest(o.match, names);
      const listed = `${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length} files)` : ''}`;
      return {
        code: 'CONFIG_FILE_NOT_MATCHED' as const,
        line: o.line ?? null,
        path: entryPath(o),
        message: `matches no file in the folder${guess ? `; did you mean "${guess}"?` : ''} (files: ${listed || 'none'})`,
      };
    });
}

/** Configured columns (`columns: { field: header | [headers] }`) none of whose headers is in `header`, nor a property of one of its columns. */
export function missingConfigColumns(override: FileOverride, header: readonly string[], file: string): ConfigMismatch[] {
  const keys = new Set(header.map(headerKey));
  const shownHeader = `${header.slice(0, 12).map((h) => `"${h}"`).join(', ')}${header.length > 12 ? `, … (${header.length} columns)` : ''}`;
  const out: ConfigMismatch[] = [];
  for (const [field, headers] of Object.entries(override.columns ?? {})) {
    if (headers.some((h) => keys.has(headerKey(h)) || jsonPropertyColumn(h, header) !== null)) continue;
    const guesses = headers.map((h) => nearestHeader(h, header)).filter((g): g is string => g !== undefined);
    const wanted = headers.map((h) => `"${h}"`).join(' or ');
    out.push({
      code: 'CONFIG_COLUMN_NOT_FOUND',
      line: override.columnLines?.[field] ?? override.line ?? null,
      path: `${entryPath(override)}.columns.${field}`,
      message: `${wanted} is not a column of ${file}${guesses.length ? `; did you mean "${guesses[0]}"?` : ''} (header: ${shownHeader})`,
    });
  }
  return out;
}

/**
 * Configured JSON properties (jsonPropertyColumn) whose column holds no JSON object in the format
 * sample while it holds text: a mistyped column name (`account_id.name` for `account_id`) rather
 * than a property. `cells(i)` gives the sample's cells, or parsed values, of column `i`.
 */
export function configPropertiesWithoutJson(override: FileOverride, header: readonly string[], cells: (column: number) => unknown[], file: string): ConfigMismatch[] {
  const keys = header.map(headerKey);
  const out: ConfigMismatch[] = [];
  for (const [field, headers] of Object.entries(override.columns ?? {})) {
    if (headers.some((h) => keys.includes(headerKey(h)))) continue;
    const properties = headers.map((h) => ({ h, p: jsonPropertyColumn(h, header) })).filter((x) => x.p !== null);
    if (properties.length === 0) continue;
    const holdsJson = properties.some(({ p }) => {
      const values = cells(keys.indexOf(headerKey(p!.column)));
      const text = values.filter((v) => typeof v === 'string' && v.trim() !== '');
      const objects = values.filter((v) => (typeof v === 'object' && v !== null) || (typeof v === 'string' && v.trimStart().startsWith('{')));
      return objects.length > 0 || text.length === 0;
    });
    if (holdsJson) continue;
    const { h, p } = properties[0]!;
    out.push({
      code: 'CONFIG_COLUMN_NOT_FOUND',
      line: override.columnLines?.[field] ?? override.line ?? null,
      path: `${entryPath(override)}.columns.${field}`,
      message: `"${h}" is not a column of ${file}, and its column "${p!.column}" holds no JSON object to read "${p!.key}" from; did you mean "${p!.column}"?`,
    });
  }
  return out;
}

/** The header column closest to `wanted`, compared as headers are (case, spaces, punctuation ignored). */
function nearestHeader(wanted: string, header: readonly string[]): string | undefined {
  const keys = header.map(headerKey);
  const guess = nearest(headerKey(wanted), keys);
  return guess === undefined ? undefined : header[keys.indexOf(guess)];
}

/** One error for every mismatch found, in config line order. */
export function configMismatchError(configFile: string | undefined, mismatches: ConfigMismatch[]): PullcheckError {
  const file = configFile ?? 'pullcheck.config.yaml';
  const sorted = [...mismatches].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const lines = sorted.map((m) => `${m.line === null ? file : `${file}:${m.line}`}: ${m.path}: ${m.message} [${m.code}]`);
  return new PullcheckError(sorted[0]!.code, lines.join('\n'), {
    hint: 'fix or remove the config entry (docs/config.md); `pullcheck inspect DIR` shows each file\'s header',
  });
}
