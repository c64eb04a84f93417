/**
 * Which files of a data folder are read, and why the others are not. The folder is walked
 * recursively in path order; every entry comes back, either as a data file (with its format and
 * compression) or as skipped with the reason, so that the report and `inspect` account for each
 * one. Hidden entries, `node_modules`, pullcheck's own outputs and files that are not data are
 * skipped; symbolic links are followed (with a warning when they leave the folder; loops and
 * links to what was already read are skipped); FIFOs, sockets and devices are never opened.
 * What counts as a data file is data (the tables below), not code.
 */
import { closeSync, constants, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * How a data file's bytes are read. `delimited`: CSV/TSV text; `json`: JSON lines, arrays or
 * `{"records": [...]}`; `xlsx`: a workbook's first sheet; `parquet`: by DuckDB (read-parquet.ts).
 */
export type FileFormat = 'delimited' | 'json' | 'xlsx' | 'parquet';

export interface ListedFile {
  /** The path to open. */
  path: string;
  /** The path relative to the data folder, with `/` (a folder ends with `/`). */
  rel: string;
  /** Set for a data file: how to read it. */
  format: FileFormat | null;
  /** `gzip` for `.csv.gz`, `.jsonl.gz`…: decompressed while read. */
  compression: 'gzip' | null;
  /** Why the entry is not read (null for a data file). */
  skipped: string | null;
  /** A warning to report with the entry (a link out of the folder, a FIFO…). */
  warning: { code: string; message: string } | null;
  /** Notes on how it was reached ("a symbolic link to …"). */
  notes: string[];
  /** Skipped only for its extension (a regular file of no known kind): a config entry naming it makes it read. */
  unknownKind?: boolean;
}

export interface ListLimits {
  /** Entries looked at before the walk stops (files and skipped folders). */
  maxFiles: number;
}

/** Default: the probe's 10,000-file folder is still read whole. */
export const DEFAULT_MAX_FILES = 20_000;

/** Deepest folder nesting walked (symbolic link loops are caught before, by real path). */
const MAX_DEPTH = 32;

/** Extensions read, by format. `.gz` of each is read too. */
const DATA_EXTENSIONS: Record<string, FileFormat> = {
  csv: 'delimited',
  tsv: 'delimited',
  txt: 'delimited',
  json: 'json',
  jsonl: 'json',
  ndjson: 'json',
  xlsx: 'xlsx',
  parquet: 'parquet',
};

/** Formats read from the file itself, never from a .gz of it. */
const NOT_GZIPPED: ReadonlySet<FileFormat> = new Set(['xlsx', 'parquet']);

/** Files people export that are not read, and what to do instead. */
const NOT_READ: Record<string, string> = {
  xls: 'an Excel 97-2003 .xls workbook, which pullcheck does not read: save it as .xlsx or as CSV UTF-8 (Excel: File › Save As)',
  xlsm: 'an Excel macro workbook, which pullcheck does not read: save the sheet as .xlsx or CSV UTF-8',
  xlsb: 'an Excel binary workbook, which pullcheck does not read: save the sheet as .xlsx or CSV UTF-8',
  ods: 'an OpenDocument spreadsheet, which pullcheck does not read: save it as .xlsx or CSV (LibreOffice: File › Save As › Text CSV)',
  numbers: 'an Apple Numbers file, which pullcheck does not read: export it as CSV (File › Export To › CSV)',
  zip: 'a zip archive: unzip it into the folder (pullcheck reads .csv, .csv.gz, .json, .jsonl, .xlsx, .parquet)',
  tar: 'a tar archive: unpack it into the folder',
  tgz: 'a tar archive: unpack it into the folder',
  gz: 'a gzip file of something other than .csv, .tsv, .txt, .json or .jsonl',
};

/**
 * Files recognised by their first 4 KB as not holding a table: pullcheck's own outputs (they
 * may sit beside the exports), and files that only describe other files.
 */
const KNOWN_CONTENTS: Array<{ test: RegExp; what: string }> = [
  { test: /^\s*\[\s*\{\s*"sobject"\s*:/, what: 'a Salesforce data tree plan (sf data export tree --plan): it names the record files, which are read themselves' },
  { test: /^\s*\{[\s\S]*"baselineVersion"\s*:/, what: 'a pullcheck baseline, not an export' },
  { test: /^\s*\{\s*"kind"\s*:\s*"pullcheck-gate"/, what: 'a pullcheck CI gate result (gate.json), not an export' },
  { test: /^\s*\{[\s\S]*"tool"\s*:\s*\{\s*"name"\s*:\s*"pullcheck"/, what: 'a pullcheck report (JSON), not an export' },
  { test: /^## pullcheck: /m, what: 'a pullcheck report (Markdown), not an export' },
  { test: /^pullcheck \S+ .*· as of .*· rubric /, what: 'a pullcheck report (text), not an export' },
  { test: /<testsuites?\b[^>]*\bname="pullcheck"/, what: 'a pullcheck JUnit report, not an export' },
  { test: /^# pullcheck survey answers/, what: 'pullcheck survey answers, not an export (pass them with --answers)' },
];

/** Files whose name says what they are. */
const KNOWN_NAMES: Record<string, string> = {
  'pullcheck.config.yaml': "pullcheck's config file (applied as configuration, not read as data)",
  'pullcheck.config.yml': "pullcheck's config file (applied as configuration, not read as data)",
};

/** True for pullcheck's own config file name (never data, never the subject of a files: entry). */
export function isConfigFileName(name: string): boolean {
  return KNOWN_NAMES[name.toLowerCase()] !== undefined;
}

/** `name.csv.gz` → { ext: 'csv', gzip: true }; `name.md` → { ext: 'md', gzip: false }. */
export function extensionOf(name: string): { ext: string; gzip: boolean } {
  const lower = name.toLowerCase();
  const gzip = lower.endsWith('.gz') && lower.length > 3;
  const stem = gzip ? lower.slice(0, -3) : lower;
  const dot = stem.lastIndexOf('.');
  const ext = dot > 0 ? stem.slice(dot + 1) : '';
  return gzip && ext === '' ? { ext: 'gz', gzip: false } : { ext, gzip };
}

/** How a single file would be read: its format and compression, or why it is not a data file. */
export function classifyFile(path: string, name: string): Pick<ListedFile, 'format' | 'compression' | 'skipped' | 'unknownKind'> {
  const named = KNOWN_NAMES[name.toLowerCase()];
  if (named) return { format: null, compression: null, skipped: named };
  const { ext, gzip } = extensionOf(name);
  const format = DATA_EXTENSIONS[ext];
  if (format && !(gzip && NOT_GZIPPED.has(format))) {
    if (!gzip && (format === 'json' || ext === 'txt')) {
      const known = knownContent(path);
      if (known) return { format: null, compression: null, skipped: known };
    }
    return { format, compression: gzip ? 'gzip' : null, skipped: null };
  }
  if (gzip) return { format: null, compression: null, skipped: NOT_READ.gz! };
  const notRead = NOT_READ[ext];
  if (notRead) return { format: null, compression: null, skipped: notRead };
  const known = ['md', 'xml', 'html', 'yaml', 'yml'].includes(ext) ? knownContent(path) : null;
  if (known) return { format: null, compression: null, skipped: known };
  return {
    format: null,
    compression: null,
    skipped: `not a data file (${ext ? `.${ext}` : 'no extension'}); pullcheck reads .csv, .tsv, .txt, .json, .jsonl (and their .gz), .xlsx and .parquet`,
    unknownKind: true,
  };
}

/** Why this file holds no table, from its first 4 KB (KNOWN_CONTENTS); null when nothing says so. */
function knownContent(path: string): string | null {
  let text: string;
  try {
    // Only regular files get here; O_NONBLOCK all the same, so nothing can make this wait.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const buffer = Buffer.alloc(4096);
      text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8').replace(/^\uFEFF/, '');
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // reported when read
  }
  return KNOWN_CONTENTS.find((o) => o.test.test(text))?.what ?? null;
}

function skippedEntry(path: string, rel: string, reason: string, warning: ListedFile['warning'] = null): ListedFile {
  return { path, rel, format: null, compression: null, skipped: reason, warning, notes: [] };
}

function describeSpecial(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

export interface Listing {
  entries: ListedFile[];
  /** Entries not looked at because the walk reached `maxFiles` (0: none). */
  truncated: boolean;
}

/**
 * Every entry under `dir`, in path order (see the module comment). Data files and skipped
 * entries alike; `truncated` when the folder holds more than `limits.maxFiles` entries.
 */
export function listFolder(dir: string, limits: ListLimits = { maxFiles: DEFAULT_MAX_FILES }): Listing {
  const root = realpathSync(dir);
  const entries: Array<ListedFile & { real?: string; viaLink: boolean }> = [];
  const foldersRead = new Set<string>([root]);
  let truncated = false;

  const walk = (folder: string, prefix: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch (error) {
      entries.push({ ...skippedEntry(folder, prefix || '.', `cannot list the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { code: 'FOLDER_UNREADABLE', message: `cannot list the folder (${(error as NodeJS.ErrnoException).code ?? String(error)}); its files are not read` }), viaLink: false });
      return;
    }
    for (const name of names) {
      if (entries.length >= limits.maxFiles) {
        truncated = true;
        return;
      }
      const path = join(folder, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      let link: Stats;
      try {
        link = lstatSync(path);
      } catch (error) {
        entries.push({ ...skippedEntry(path, rel, `cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}`), viaLink: false });
        continue;
      }
      const viaLink = link.isSymbolicLink();
      if (name.startsWith('.')) {
        const folderLike = link.isDirectory();
        entries.push({ ...skippedEntry(path, folderLike ? `${rel}/` : rel, folderLike ? 'a hidden folder (not looked into)' : 'a hidden file'), viaLink });
        continue;
      }
      let stats = link;
      let real = path;
      const notes: string[] = [];
      let warning: ListedFile['warning'] = null;
      if (viaLink) {
        try {
          real = realpathSync(path);
          stats = statSync(real);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason = code === 'ELOOP' ? 'a symbolic link that loops' : code === 'ENOENT' ? 'a broken symbolic link (its target does not exist)' : `a symbolic link that cannot be followed (${code ?? String(error)})`;
          entries.push({ ...skippedEntry(path, rel, reason, { code: 'BAD_SYMLINK', message: `${reason}; skipped` }), viaLink });
          continue;
        }
        if (!inside(root, real)) {
          notes.push(`a symbolic link to ${real}, outside the data folder`);
          warning = { code: 'SYMLINK_OUTSIDE', message: `a symbolic link to ${real}, outside the data folder; read all the same (check that it is meant to be here)` };
        } else notes.push(`a symbolic link to ${relative(root, real).split(sep).join('/') || '.'}`);
      }
      if (stats.isDirectory()) {
        if (name === 'node_modules') {
          entries.push({ ...skippedEntry(path, `${rel}/`, 'a node_modules folder (not looked into)'), viaLink });
          continue;
        }
        if (foldersRead.has(real)) {
          entries.push({ ...skippedEntry(path, `${rel}/`, 'a link to a folder already read (a loop or a second link)'), viaLink });
          continue;
        }
        if (depth >= MAX_DEPTH) {
          entries.push({ ...skippedEntry(path, `${rel}/`, `nested more than ${MAX_DEPTH} folders deep (not looked into)`, { code: 'TOO_DEEP', message: `nested more than ${MAX_DEPTH} folders deep; not looked into` }), viaLink });
          continue;
        }
        if (warning) entries.push({ ...skippedEntry(path, `${rel}/`, 'a folder (its files are listed below)', warning), notes, viaLink });
        foldersRead.add(real);
        walk(real === path ? path : real, rel, depth + 1);
        continue;
      }
      if (!stats.isFile()) {
        const what = describeSpecial(stats);
        entries.push({ ...skippedEntry(path, rel, `${what}, not a file; never opened`, { code: 'NOT_A_REGULAR_FILE', message: `${what}, not a regular file; skipped without opening it` }), notes, viaLink });
        continue;
      }
      entries.push({ path, rel, ...classifyFile(real, name), warning, notes, real, viaLink });
    }
  };
  walk(dir, '', 0);

  // The same file reached twice (a link beside its target) is read once: as itself, not the link.
  const byReal = new Map<string, ListedFile & { viaLink: boolean }>();
  for (const e of entries) {
    if (e.format === null || e.real === undefined) continue;
    const first = byReal.get(e.real);
    if (!first) {
      byReal.set(e.real, e);
      continue;
    }
    const [keep, drop] = first.viaLink && !e.viaLink ? [e, first] : [first, e];
    byReal.set(e.real, keep);
    drop.skipped = `the same file as ${keep.rel} (already read)`;
    drop.format = null;
    drop.compression = null;
  }
  const out = entries.map(({ real: _real, viaLink: _viaLink, ...e }) => e);
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { entries: out, truncated };
}
