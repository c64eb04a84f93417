/**
 * The event summary as SQL for a warehouse (`pullcheck sql`, docs/warehouse.md): the events
 * layout of the source maps the table's columns exactly as it maps a file export's header (first
 * non-blank column, then JSON properties key by key, then defaults), and the query groups the
 * events per user, anonymous id, account, event, feature and UTC day into the rows of the
 * `pullcheck-summary` layout: first_at (the first of the day's events), ..., event_count. pullcheck
 * reads that file as those events (src/core/model.ts, ProductEvent.count).
 */
import { PullcheckError } from '../core/errors.js';
import { ALL_LAYOUTS } from '../ingest/vendor-layouts.js';
import { fileExclusions } from '../ingest/exclusions.js';
import { recognise } from '../ingest/recognise.js';
import { DIALECTS, tableName, type Dialect, type DialectId, type TimestampKind } from './dialects.js';
import { WAREHOUSE_SOURCES, type SourceId } from './sources.js';

/**
 * The summary's columns, in order: the header of the file `pullcheck analyze` reads (and, before
 * event_count, the table's row-exclusion flags when it has any: `_fivetran_deleted`…).
 */
export const SUMMARY_COLUMNS = ['first_at', 'user_id', 'anonymous_id', 'account_id', 'event', 'feature', 'event_count'] as const;

/** The event fields the summary keeps, by output column. */
const FIELDS = { user_id: 'userId', anonymous_id: 'anonymousId', account_id: 'accountId', event: 'event', feature: 'feature' } as const;

export interface SummaryRequest {
  dialect: DialectId;
  source: SourceId;
  /** The events table, qualified as the warehouse names it (`analytics.events`); default: the source's. */
  table?: string;
  /** The table's columns; default: the vendor's warehouse schema (sources.ts). */
  columns?: string[];
  timestamp?: TimestampKind;
  /** pullcheck's version, for the header comment. */
  version: string;
}

export interface SummaryQuery {
  sql: string;
  /** Event field → what it is read from, as the header comment says it. */
  mapping: Record<string, string>;
}

/** Text for a `--` comment line: never a line break (a name cannot end the comment). */
function comment(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

export function summarySql(request: SummaryRequest): SummaryQuery {
  const dialect = DIALECTS[request.dialect];
  const source = WAREHOUSE_SOURCES[request.source];
  const columns = request.columns ?? source.columns;
  const table = request.table ?? source.table;
  const kind = request.timestamp ?? source.timestamp;
  const layout = ALL_LAYOUTS.find((l) => l.id === source.layout && l.table === 'events');
  if (!layout) throw new Error(`no events layout ${source.layout}`);
  // The source is named, so the vendor's signature columns are not needed to tell it apart.
  const found = recognise(columns, `${table}.csv`, [{ ...layout, signature: undefined }]);
  if (!found) {
    const missing = [...layout.required, ...(layout.requireOneOf ?? []).map((group) => group.join(' or '))];
    throw new PullcheckError('SQL_COLUMNS', `the ${request.source} table's columns (${columns.join(', ')}) lack what an event needs: ${missing.map((f) => `${f} (${(layout.fields[f] ?? []).join(' / ') || 'one of the columns'})`).join(', ')}`, {
      hint: 'list the table\'s columns with --columns "a,b,c" (information_schema.columns), or pick the --source its events come from',
    });
  }

  const mapping: Record<string, string> = {};
  /** Columns the query reads, and JSON columns parsed once per row (their alias by column index). */
  const read = new Set<number>();
  const parsed = new Map<number, string>();
  const jsonOf = (index: number): string => {
    if (!parsed.has(index)) parsed.set(index, `pc_json_${parsed.size}`);
    return parsed.get(index)!;
  };
  const fieldSql = (field: string): string => {
    const parts: string[] = [];
    const shown: string[] = [];
    for (const index of found.sources[field] ?? []) {
      read.add(index);
      parts.push(`NULLIF(TRIM(${dialect.text(dialect.ident(columns[index]!))}), '')`);
      shown.push(columns[index]!);
    }
    const json = found.json[field];
    for (const index of json?.columns ?? []) {
      for (const key of json!.keys) {
        // A key is looked up as it is, then as a dotted path ($groups.company), as ingest does.
        const paths = key.includes('.') ? [[key], key.split('.')] : [[key]];
        for (const path of paths) parts.push(`NULLIF(TRIM(${dialect.jsonScalar(jsonOf(index), path)}), '')`);
      }
      shown.push(`${columns[index]!} JSON (${json!.keys.join(', ')})`);
    }
    const fallback = layout.defaults?.[field];
    if (fallback !== undefined) {
      parts.push(dialect.literal(fallback));
      shown.push(`"${fallback}"`);
    }
    if (parts.length > 0) mapping[field] = shown.join(', then ');
    return parts.length === 0 ? 'NULL' : parts.length === 1 ? parts[0]! : `COALESCE(\n      ${parts.join(',\n      ')}\n    )`;
  };

  const timestampColumns = (found.sources.timestamp ?? []).map((i) => {
    read.add(i);
    return dialect.ident(columns[i]!);
  });
  mapping.timestamp = (found.sources.timestamp ?? []).map((i) => columns[i]!).join(', then ') + (kind === 'timestamp' ? '' : ` (${kind})`);
  const rawTime = timestampColumns.length === 1 ? timestampColumns[0]! : `COALESCE(${timestampColumns.join(', ')})`;
  const ts = dialect.utc(rawTime, kind);
  // A sync's row flags (`_fivetran_deleted`, `_fivetran_active`: layouts.ts ROW_EXCLUSIONS, the
  // first present of each): analyze leaves such rows out of a raw export, so each summary row keeps
  // its flag as text, under the table's column name, and analyze leaves it out, counted, the same way.
  const fields = Object.entries(FIELDS).map(([column, field]) => `${fieldSql(field)} AS ${column}`);
  const flags = fileExclusions(columns, null).map((e, k) => {
    read.add(e.column);
    mapping[`${e.code} flag`] = `${e.columnName}, kept per row: analyze leaves out the rows it flags, as from a raw export`;
    return { alias: `pc_flag_${k}`, name: e.columnName, sql: `NULLIF(TRIM(${dialect.text(dialect.ident(e.columnName))}), '')` };
  });
  const projections = [`${ts} AS ts`, `${dialect.day(ts)} AS event_day`, ...fields, ...flags.map((f) => `${f.sql} AS ${f.alias}`)];
  const keys = ['event_day', ...Object.keys(FIELDS), ...flags.map((f) => f.alias)];
  const rowColumns = [
    ...[...read].sort((a, b) => a - b).map((i) => dialect.ident(columns[i]!)),
    ...[...parsed].map(([i, alias]) => `${dialect.parseJson(dialect.ident(columns[i]!))} AS ${alias}`),
  ];

  const header = [
    `pullcheck ${request.version}: the event summary of ${source.origin}, for ${dialect.name}.`,
    `Table: ${tableName(dialect, table)}. Its columns, mapped as pullcheck maps a file of the layout "${layout.vendor}":`,
    ...Object.entries(mapping).map(([field, from]) => `  ${field} <- ${from}`),
    'One row per user, anonymous id, account, event, feature and UTC day: first_at is the first of',
    "the day's events, event_count how many there were (docs/warehouse.md).",
    'Run it and export the result as CSV (or Parquet) with a header:',
    ...dialect.exportSteps('event_summary.sql').map((step) => `  ${step}`),
    'Then put event_summary.csv beside the CRM exports and run: pullcheck analyze <folder>',
  ];
  const sql = [
    ...header.map((line) => `-- ${comment(line)}`),
    'SELECT',
    `  ${dialect.iso('MIN(ts)')} AS first_at,`,
    `  ${Object.keys(FIELDS).join(', ')},`,
    ...flags.map((f) => `  ${f.alias} AS ${dialect.ident(f.name)},`),
    '  COUNT(*) AS event_count',
    'FROM (',
    '  SELECT',
    `    ${projections.join(',\n    ')}`,
    '  FROM (',
    `    SELECT ${rowColumns.join(', ')}`,
    `    FROM ${tableName(dialect, table)}`,
    '  ) AS r',
    ') AS e',
    `GROUP BY ${keys.join(', ')}`,
    `ORDER BY ${keys.map((k) => `${k} NULLS FIRST`).join(', ')}`,
    '',
  ].join('\n');
  return { sql, mapping };
}
