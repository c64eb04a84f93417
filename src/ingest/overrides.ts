/**
 * What a config file (src/config/) can tell ingest: per-file overrides (which table a file is,
 * column → field, how dates and numbers are written, encoding, delimiter) and value maps.
 * Kept here as plain data so ingest does not depend on how the config is loaded.
 */
import type { FeatureRule, TableName } from '../core/model.js';
import type { DateOrder, DecimalMark, NumericDate } from './coerce.js';
import { headerKey, type Layout } from './layouts.js';
import type { CurrencySettings } from './currency.js';
import type { PipelineScope } from './pipelines.js';
import type { Encoding } from './read-csv.js';
import { DEFAULT_VALUE_SETTINGS, type ValueSettings } from './rows.js';

export interface FileOverride {
  /** File name or glob (`*` and `?`), matched against the file name and its path. */
  match: string;
  skip?: boolean;
  table?: TableName;
  /** field → header column(s), e.g. `{ dealId: "Opp #", stage: "Phase" }`. */
  columns?: Record<string, string[]>;
  dateOrder?: DateOrder;
  dateNumeric?: NumericDate;
  decimal?: DecimalMark;
  encoding?: Encoding;
  delimiter?: string;
  /** Where the entry is in the config file (its key's line; each column's line), for error messages. */
  line?: number;
  columnLines?: Record<string, number>;
}

export interface IngestOverrides {
  files: FileOverride[];
  values: ValueSettings;
  /** Config `currency:`: analysis currency and conversion rates (src/ingest/currency.ts). */
  currency?: CurrencySettings;
  /** Config `pipelines:`: which CRM pipelines count (src/ingest/pipelines.ts). */
  pipelines?: PipelineScope;
  /** Config `features.map`: event-name patterns → feature (src/ingest/derive-features.ts). */
  featureRules?: FeatureRule[];
  /** Config `staff.domains`: the company's own e-mail domains (src/ingest/staff.ts). */
  staffDomains?: string[];
  /** The config file these came from, for error messages. */
  configFile?: string;
}

export const NO_OVERRIDES: IngestOverrides = { files: [], values: DEFAULT_VALUE_SETTINGS };

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Whether a config entry's pattern matches a file, by its name or its path. */
export function overrideMatches(o: FileOverride, file: string, name: string): boolean {
  const re = globToRegExp(o.match);
  return re.test(name) || re.test(file) || file.endsWith(`/${o.match}`);
}

/** The override for a file: the first entry whose pattern matches its name or its path. */
export function overrideFor(overrides: IngestOverrides, file: string, name: string): FileOverride | undefined {
  return overrides.files.find((o) => overrideMatches(o, file, name));
}

/**
 * A configured column that is not in the header but names a property inside one of its columns
 * (`properties.workspace_id`: the key `workspace_id` of the JSON column `properties`; a nested
 * key is dotted on, `properties.$groups.company`): that column's header name and the key. Null
 * when the header has the name itself, or no column the name starts with.
 */
export function jsonPropertyColumn(configured: string, header: readonly string[]): { column: string; key: string } | null {
  const keys = header.map(headerKey);
  if (keys.includes(headerKey(configured))) return null;
  for (let dot = configured.indexOf('.'); dot > 0; dot = configured.indexOf('.', dot + 1)) {
    const at = keys.indexOf(headerKey(configured.slice(0, dot)));
    const key = configured.slice(dot + 1);
    if (at !== -1 && key !== '') return { column: header[at]!, key };
  }
  return null;
}

/**
 * Layouts a file is recognised against once its override applies. A configured column that names
 * a property inside a JSON column (jsonPropertyColumn) makes the field read from that property
 * only: the layout's own columns and keys for the field are not read.
 */
export function layoutsFor(layouts: readonly Layout[], override: FileOverride | undefined, canonical: readonly Layout[], header: readonly string[] = []): Layout[] {
  if (!override) return [...layouts];
  let candidates = override.table ? layouts.filter((l) => l.table === override.table) : [...layouts];
  if (override.columns) {
    const columns = override.columns;
    const withColumns = (l: Layout): Layout => {
      const fields = { ...l.fields };
      const json = { ...l.json };
      const propertyColumns: string[] = [];
      for (const [field, headers] of Object.entries(columns)) {
        const properties = headers.map((h) => jsonPropertyColumn(h, header)).filter((p) => p !== null);
        if (properties.length === 0) {
          fields[field] = [...headers, ...(fields[field] ?? [])];
          continue;
        }
        fields[field] = headers.filter((h) => jsonPropertyColumn(h, header) === null);
        json[field] = { columns: [...new Set(properties.map((p) => p.column))], keys: [...new Set(properties.map((p) => p.key))] };
        propertyColumns.push(...json[field].columns);
      }
      // Configured columns stand for the vendor's signature.
      return { ...l, fields, json, signature: l.signature ? [...l.signature, ...Object.values(columns).flat(), ...propertyColumns] : undefined };
    };
    const base = override.table ? canonical.find((l) => l.table === override.table) : undefined;
    // A table and its columns in the config say exactly what the file is.
    candidates = base ? [{ ...withColumns(base), id: 'config', vendor: 'pullcheck.config.yaml', signature: undefined }] : candidates.map(withColumns);
  }
  return candidates;
}
