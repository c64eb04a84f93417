/**
 * pullcheck.config.yaml: overrides for how a folder of exports is read (which table a file is,
 * column → field, date order, decimal mark, encoding, value maps, won/lost stages) and for the
 * analysis vocabulary (non-core events, sales/product sources) and the as-of date.
 *
 * Loading = YAML with line numbers → schema → normalise, collecting every issue as
 * `file:line: path: message` (like src/rubric/). User mistakes never throw anything but a
 * ConfigError. docs/config.md documents the format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, newLineCounter, parseDocument, type Node, type YAMLMap } from '../core/yaml.js';
import { TABLE_NAMES, type FeatureRule, type TableName } from '../core/model.js';
import { headerKey } from '../ingest/layouts.js';
import { domainOf } from '../ingest/match.js';
import { ENCODINGS, type Encoding } from '../ingest/read-csv.js';
import type { FileOverride, IngestOverrides } from '../ingest/overrides.js';
import type { CurrencySettings } from '../ingest/currency.js';
import type { PipelineScope } from '../ingest/pipelines.js';
import { DEFAULT_VALUE_SETTINGS } from '../ingest/rows.js';
import { ALL_LAYOUTS } from '../ingest/vendor-layouts.js';
import { DEFAULT_SETTINGS, normaliseLabel, type AnalysisSettings } from '../core/settings.js';
import { MOTION_NAMES, type Motion } from '../core/motions.js';

export const CONFIG_FILE_NAMES = ['pullcheck.config.yaml', 'pullcheck.config.yml'];

export interface ConfigIssue {
  code: 'YAML_SYNTAX' | 'UNKNOWN_KEY' | 'BAD_TYPE' | 'BAD_VALUE' | 'UNKNOWN_FIELD' | 'FILE_NOT_FOUND' | 'FILE_UNREADABLE';
  path: string;
  line: number | null;
  message: string;
}

export interface PullcheckConfig {
  /** The file it came from. */
  path: string;
  overrides: IngestOverrides;
  settings: AnalysisSettings;
  asOf?: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = 2;
  readonly hint = 'docs/config.md describes pullcheck.config.yaml, with an example per vendor';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(issues.map((i) => `${i.line === null ? file : `${file}:${i.line}`}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The config to use: `--config FILE`, else pullcheck.config.yaml in the data folder, else in the current folder. */
export function findConfig(explicit: string | undefined, dataDir: string, cwd = process.cwd()): string | null {
  if (explicit !== undefined) return explicit;
  for (const dir of [dataDir, cwd]) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

export function loadConfig(file: string): PullcheckConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      errno === 'ENOENT'
        ? { code: 'FILE_NOT_FOUND', path: '', line: null, message: 'config file not found' }
        : { code: 'FILE_UNREADABLE', path: '', line: null, message: `cannot read the config file (${errno ?? String(error)})` },
    ]);
  }
  const { config, issues } = parseConfig(text, file);
  if (!config || issues.length > 0) throw new ConfigError(file, issues);
  return config;
}

const TOP_KEYS = ['files', 'values', 'wonStages', 'lostStages', 'nonCoreEvents', 'salesSources', 'productSources', 'touchTypes', 'signupEvents', 'inviteEvents', 'inviteAcceptedEvents', 'activation', 'linkFloors', 'asOf', 'fiscalYearStart', 'currency', 'pipelines', 'motions', 'features', 'staff'];
const FILE_KEYS = ['table', 'columns', 'dateOrder', 'dateNumeric', 'decimal', 'encoding', 'delimiter', 'skip'];
const VALUE_FIELDS: Record<string, string[] | null> = {
  stage: ['won', 'lost', 'open'],
  source: null,
  type: ['new', 'renewal', 'expansion'],
  role: ['exec', 'manager', 'practitioner', 'it', 'procurement', 'other'],
  activityType: ['call', 'email', 'meeting', 'demo', 'note', 'task', 'other'],
  kind: ['new', 'improvement', 'fix'],
};

/** Fields a file of each table can map, by header key of the field name (dealId = deal_id). */
function fieldsOf(table: TableName | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const l of ALL_LAYOUTS) {
    if (table && l.table !== table) continue;
    for (const f of Object.keys(l.fields)) if (f !== 'marker') fields.set(headerKey(f), f);
  }
  return fields;
}

export function parseConfig(text: string, file: string): { config: PullcheckConfig | null; issues: ConfigIssue[] } {
  const lc = newLineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const issues: ConfigIssue[] = [];
  const lineOf = (node: Node | null | undefined): number | null => {
    const start = node?.range?.[0];
    return start === undefined ? null : lc.linePos(start).line;
  };
  const add = (code: ConfigIssue['code'], path: string, node: Node | null | undefined, message: string): void => {
    issues.push({ code, path, line: lineOf(node), message });
  };
  for (const error of doc.errors) {
    issues.push({ code: 'YAML_SYNTAX', path: '', line: error.linePos?.[0]?.line ?? lc.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! });
  }
  if (issues.length > 0) return { config: null, issues };
  const root = doc.contents;
  const overrides: IngestOverrides = { files: [], values: { ...DEFAULT_VALUE_SETTINGS, maps: {}, wonStages: [], lostStages: [] }, configFile: file };
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS };
  const config: PullcheckConfig = { path: file, overrides, settings };
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, issues };
  if (!isMap(root)) {
    add('BAD_TYPE', '', root, 'the config must be a mapping of keys (files, values, wonStages, …)');
    return { config: null, issues };
  }

  const str = (node: unknown, path: string): string | null => {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    add('BAD_TYPE', path, node as Node, 'expected a text value');
    return null;
  };
  const strList = (node: unknown, path: string): string[] | null => {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) {
      add('BAD_TYPE', path, node as Node, 'expected a list, e.g. [a, b]');
      return null;
    }
    const out: string[] = [];
    node.items.forEach((item, i) => {
      const v = str(item, `${path}[${i}]`);
      if (v !== null) out.push(v);
    });
    return out;
  };
  const oneOf = <T extends string>(node: unknown, path: string, allowed: readonly T[]): T | null => {
    const v = str(node, path);
    if (v === null) return null;
    if (!(allowed as readonly string[]).includes(v)) {
      add('BAD_VALUE', path, node as Node, `"${v}" is not one of ${allowed.join(', ')}`);
      return null;
    }
    return v as T;
  };
  const unknownKey = (path: string, keyNode: unknown, allowed: string[]): void => {
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const near = allowed.find((a) => a.toLowerCase() === key.toLowerCase() || headerKey(a) === headerKey(key));
    add('UNKNOWN_KEY', path ? `${path}.${key}` : key, keyNode as Node, `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : `; expected one of ${allowed.join(', ')}`}`);
  };
  /**
   * A settings section that is a map of known keys: its entries with a known key, each unknown key
   * reported (did-you-mean); null, with BAD_TYPE, when it is not a map. `expected` shows its shape.
   */
  const sectionEntries = (section: string, value: unknown, keyNode: unknown, allowed: readonly string[], expected: string): Array<{ name: string; key: unknown; value: unknown }> | null => {
    if (!isMap(value)) {
      add('BAD_TYPE', section, (value ?? keyNode) as Node, expected);
      return null;
    }
    const entries: Array<{ name: string; key: unknown; value: unknown }> = [];
    for (const item of value.items) {
      const name = isScalar(item.key) ? String(item.key.value) : '';
      if (allowed.includes(name)) entries.push({ name, key: item.key, value: item.value });
      else unknownKey(section, item.key, [...allowed]);
    }
    return entries;
  };

  for (const pair of (root as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'files':
        if (!isMap(value)) {
          add('BAD_TYPE', 'files', (value ?? pair.key) as Node, 'expected a mapping of file name (or glob) → settings');
          break;
        }
        for (const filePair of value.items) {
          const match = isScalar(filePair.key) ? String(filePair.key.value) : '';
          const path = `files.${match}`;
          const fileNode = filePair.value;
          if (!isMap(fileNode)) {
            add('BAD_TYPE', path, (fileNode ?? filePair.key) as Node, 'expected settings such as table, columns, dateOrder');
            continue;
          }
          const override: FileOverride = { match };
          const entryLine = lineOf(filePair.key as Node);
          if (entryLine !== null) override.line = entryLine;
          for (const fp of fileNode.items) {
            const k = isScalar(fp.key) ? String(fp.key.value) : '';
            const at = `${path}.${k}`;
            if (k === 'table') override.table = oneOf(fp.value, at, TABLE_NAMES) ?? undefined;
            else if (k === 'dateOrder') override.dateOrder = oneOf(fp.value, at, ['mdy', 'dmy'] as const) ?? undefined;
            else if (k === 'dateNumeric') override.dateNumeric = oneOf(fp.value, at, ['epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns', 'excel'] as const) ?? undefined;
            else if (k === 'decimal') override.decimal = oneOf(fp.value, at, ['.', ','] as const) ?? undefined;
            else if (k === 'encoding') override.encoding = oneOf<Encoding>(fp.value, at, ENCODINGS) ?? undefined;
            else if (k === 'delimiter') {
              const d = str(fp.value, at);
              const delimiter = d === 'tab' || d === '\\t' ? '\t' : d;
              if (delimiter !== null && delimiter.length !== 1) add('BAD_VALUE', at, fp.value as Node, 'a delimiter is one character (or "tab")');
              else if (delimiter !== null) override.delimiter = delimiter;
            } else if (k === 'skip') {
              if (isScalar(fp.value) && typeof fp.value.value === 'boolean') override.skip = fp.value.value;
              else add('BAD_TYPE', at, fp.value as Node, 'expected true or false');
            } else if (k === 'columns') {
              if (!isMap(fp.value)) {
                add('BAD_TYPE', at, (fp.value ?? fp.key) as Node, 'expected field: "Header in the file" pairs');
                continue;
              }
              override.columns = {};
              override.columnLines = {};
              for (const cp of fp.value.items) {
                const field = isScalar(cp.key) ? String(cp.key.value) : '';
                const headers = strList(cp.value, `${at}.${field}`);
                if (headers) override.columns[field] = headers;
                const columnLine = lineOf(cp.key as Node);
                if (columnLine !== null) override.columnLines[field] = columnLine;
              }
            } else unknownKey(path, fp.key, FILE_KEYS);
          }
          // Field names are checked once the table is known (any table's fields when it is not).
          if (override.columns && fileNode.get('columns', true)) {
            const known = fieldsOf(override.table);
            const normalised: Record<string, string[]> = {};
            const normalisedLines: Record<string, number> = {};
            const columnsNode = fileNode.get('columns', true) as unknown as YAMLMap;
            for (const cp of columnsNode.items) {
              const field = isScalar(cp.key) ? String(cp.key.value) : '';
              const canonical = known.get(headerKey(field));
              if (!canonical) {
                add('UNKNOWN_FIELD', `${path}.columns.${field}`, cp.key as Node, `"${field}" is not a field of ${override.table ?? 'any table'}; fields: ${[...new Set(known.values())].sort().join(', ')}`);
              } else if (override.columns[field]) {
                normalised[canonical] = override.columns[field]!;
                if (override.columnLines?.[field] !== undefined) normalisedLines[canonical] = override.columnLines[field]!;
              }
            }
            override.columns = normalised;
            override.columnLines = normalisedLines;
          }
          overrides.files.push(override);
        }
        break;
      case 'values':
        if (!isMap(value)) {
          add('BAD_TYPE', 'values', (value ?? pair.key) as Node, 'expected a mapping of field → { exported value: pullcheck value }');
          break;
        }
        for (const vp of value.items) {
          const field = isScalar(vp.key) ? String(vp.key.value) : '';
          if (!(field in VALUE_FIELDS)) {
            unknownKey('values', vp.key, Object.keys(VALUE_FIELDS));
            continue;
          }
          if (!isMap(vp.value)) {
            add('BAD_TYPE', `values.${field}`, (vp.value ?? vp.key) as Node, 'expected "exported value": pullcheck value pairs');
            continue;
          }
          const map: Record<string, string> = {};
          for (const mp of vp.value.items) {
            const from = isScalar(mp.key) ? String(mp.key.value) : '';
            const allowed = VALUE_FIELDS[field];
            const to = allowed ? oneOf(mp.value, `values.${field}.${from}`, allowed) : str(mp.value, `values.${field}.${from}`);
            if (to !== null) map[normaliseLabel(from)] = to;
          }
          overrides.values.maps[field] = map;
        }
        break;
      case 'wonStages':
      case 'lostStages':
        overrides.values[key] = strList(value, key) ?? [];
        break;
      case 'nonCoreEvents':
      case 'salesSources':
      case 'productSources':
      case 'touchTypes':
      case 'signupEvents':
      case 'inviteEvents':
      case 'inviteAcceptedEvents': {
        const list = strList(value, key);
        if (list) settings[key] = list;
        break;
      }
      case 'linkFloors': {
        // link id (`activity→deal`, or `activity->deal`) → the least share of a metric's denominator that must link.
        if (!isMap(value)) {
          add('BAD_TYPE', key, value as Node, 'expected a mapping of link → share, e.g. { "activity→deal": 0.4 }');
          break;
        }
        const floors = { ...settings.linkFloors };
        const links = Object.keys(floors);
        for (const lp of value.items) {
          const raw = isScalar(lp.key) ? String(lp.key.value) : '';
          const link = raw.replace(/\s*->\s*/, '→').trim();
          if (!links.includes(link)) {
            add('BAD_VALUE', `${key}.${raw}`, lp.key as Node, `"${raw}" is not a link; expected one of ${links.join(', ')}`);
            continue;
          }
          const v = isScalar(lp.value) ? lp.value.value : undefined;
          if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
            add('BAD_VALUE', `${key}.${raw}`, lp.value as Node, 'expected a share between 0 and 1, e.g. 0.4');
            continue;
          }
          floors[link as keyof typeof floors] = v;
        }
        settings.linkFloors = floors;
        break;
      }
      case 'asOf': {
        const v = str(value, key);
        if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v)) add('BAD_VALUE', key, value as Node, `"${v}" is not a date written YYYY-MM-DD`);
        else if (v !== null) config.asOf = v;
        break;
      }
      case 'fiscalYearStart': {
        const month = isScalar(value) && typeof value.value === 'number' ? value.value : Number.NaN;
        if (Number.isInteger(month) && month >= 1 && month <= 12) settings.fiscalYearStart = month;
        else add('BAD_VALUE', key, (value ?? pair.key) as Node, `expected the month number the fiscal year starts in, 1–12 (2 = February), got ${isScalar(value) ? JSON.stringify(value.value) : 'a non-number'}`);
        break;
      }
      case 'currency': {
        const entries = sectionEntries(key, value, pair.key, ['base', 'rates'], 'expected { base: USD, rates: { EUR: 1.08 } }');
        if (!entries) break;
        const currency: CurrencySettings = {};
        const code = (node: unknown, path: string): string | null => {
          const v = str(node, path);
          if (v !== null && !/^[A-Za-z]{3}$/.test(v.trim())) add('BAD_VALUE', path, node as Node, `"${v}" is not a three-letter currency code such as USD or EUR`);
          else if (v !== null) return v.trim().toUpperCase();
          return null;
        };
        for (const cp of entries) {
          if (cp.name === 'base') currency.base = code(cp.value, 'currency.base') ?? undefined;
          else {
            if (!isMap(cp.value)) {
              add('BAD_TYPE', 'currency.rates', (cp.value ?? cp.key) as Node, 'expected currency: rate pairs, e.g. { EUR: 1.08, GBP: 1.27 } (value of one unit in the base currency)');
              continue;
            }
            currency.rates = {};
            for (const rp of cp.value.items) {
              const from = code(rp.key, 'currency.rates');
              const rate = isScalar(rp.value) && typeof rp.value.value === 'number' ? rp.value.value : Number.NaN;
              if (!(rate > 0 && Number.isFinite(rate))) add('BAD_VALUE', `currency.rates.${isScalar(rp.key) ? String(rp.key.value) : ''}`, (rp.value ?? rp.key) as Node, 'expected a positive number: the value of one unit in the base currency');
              else if (from !== null) currency.rates[from] = rate;
            }
          }
        }
        if (currency.rates && !entries.some((e) => e.name === 'base')) add('BAD_VALUE', 'currency', pair.key as Node, 'currency.rates needs currency.base: the currency the rates convert to');
        overrides.currency = currency;
        break;
      }
      case 'pipelines': {
        const entries = sectionEntries(key, value, pair.key, ['include', 'exclude'], 'expected { include: [Sales] } and/or { exclude: [Onboarding] }');
        if (!entries) break;
        const scope: PipelineScope = {};
        for (const pp of entries) {
          const k = pp.name as 'include' | 'exclude';
          const list = strList(pp.value, `pipelines.${k}`);
          if (list && list.length === 0) add('BAD_VALUE', `pipelines.${k}`, pp.value as Node, 'an empty list: name at least one pipeline (or leave the key out)');
          else if (list) scope[k] = list;
        }
        overrides.pipelines = scope;
        break;
      }
      case 'activation': {
        // The milestone a user reaches to count as activated, derived from events (src/ingest/derive-activation.ts).
        const entries = sectionEntries(key, value, pair.key, ['event', 'count', 'withinDays'], 'expected { event: report_created } and/or { count: 3, withinDays: 14 }');
        if (!entries) break;
        const milestone = { ...settings.activation };
        for (const ap of entries) {
          const k = ap.name;
          const v = isScalar(ap.value) ? ap.value.value : undefined;
          if (k === 'event') {
            const name = str(ap.value, 'activation.event');
            if (name === null || name.trim() === '') add('BAD_VALUE', 'activation.event', (ap.value ?? ap.key) as Node, 'expected an event name, e.g. report_created');
            else milestone.event = name.trim();
          } else if (k === 'count' || k === 'withinDays') {
            if (typeof v === 'number' && Number.isInteger(v) && v >= 1) milestone[k] = v;
            else add('BAD_VALUE', `activation.${k}`, (ap.value ?? ap.key) as Node, `expected a whole number of at least 1, got ${v === undefined ? 'a non-scalar' : JSON.stringify(v)}`);
          }
        }
        settings.activation = milestone;
        break;
      }
      case 'motions': {
        const entries = sectionEntries(key, value, pair.key, MOTION_NAMES, 'expected motion: true/false pairs, e.g. { freeTier: false, selfServe: false }');
        if (!entries) break;
        const motions: AnalysisSettings['motions'] = {};
        for (const mp of entries) {
          const name = mp.name;
          if (isScalar(mp.value) && typeof mp.value.value === 'boolean') motions[name as Motion] = mp.value.value;
          else add('BAD_TYPE', `motions.${name}`, (mp.value ?? mp.key) as Node, `expected true or false, got ${isScalar(mp.value) ? JSON.stringify(mp.value.value) : 'a non-scalar'}`);
        }
        settings.motions = motions;
        break;
      }
      case 'features': {
        const entries = sectionEntries(key, value, pair.key, ['map'], 'expected { map: { "Report *": reports, "dashboard_*": dashboards } }');
        if (!entries) break;
        for (const fp of entries) {
          if (!isMap(fp.value)) {
            add('BAD_TYPE', 'features.map', (fp.value ?? fp.key) as Node, 'expected event-name pattern: feature pairs, e.g. { "Report *": reports } (`*` matches any text)');
            continue;
          }
          const rules: FeatureRule[] = [];
          for (const mp of fp.value.items) {
            const pattern = str(mp.key, 'features.map');
            const feature = str(mp.value, `features.map.${pattern ?? ''}`);
            if (pattern === null || feature === null) continue;
            if (pattern.trim() === '' || feature.trim() === '') add('BAD_VALUE', `features.map.${pattern}`, (mp.value ?? mp.key) as Node, 'an empty pattern or feature name');
            else rules.push({ pattern: pattern.trim(), feature: feature.trim(), line: lineOf(mp.key as Node) ?? undefined });
          }
          overrides.featureRules = rules;
        }
        break;
      }
      case 'staff': {
        const entries = sectionEntries(key, value, pair.key, ['domains'], 'expected { domains: [ourcompany.com] }');
        if (!entries) break;
        for (const sp of entries) {
          const list = strList(sp.value, 'staff.domains');
          if (!list) continue;
          const bad = list.filter((d) => domainOf(d) === null);
          if (bad.length) add('BAD_VALUE', 'staff.domains', sp.value as Node, `not a domain: ${bad.map((d) => `"${d}"`).join(', ')} (expected e.g. ourcompany.com)`);
          else overrides.staffDomains = list;
        }
        break;
      }
      default:
        unknownKey('', pair.key, TOP_KEYS);
    }
  }
  overrides.values.analysis = settings;
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { config: issues.length ? null : config, issues };
}
