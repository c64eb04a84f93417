/**
 * Load a rubric file: read → validate (see validate.ts) → Rubric, or a RubricError listing
 * every issue as `file:line: path: message`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Rubric, RubricIssue, RubricMetricInfo } from './types.js';
import { validateRubric } from './validate.js';

export type { RubricValidation } from './validate.js';
export { validateRubric, rubricHash } from './validate.js';

export type RubricErrorCode = 'RUBRIC_INVALID' | 'RUBRIC_UNREADABLE';

/** A rubric the user pointed at is missing, unreadable or invalid. Carries all issues found. */
export class RubricError extends Error {
  readonly code: RubricErrorCode;
  readonly file: string;
  readonly issues: RubricIssue[];
  readonly exitCode = 2;
  readonly hint?: string;

  constructor(code: RubricErrorCode, file: string, issues: RubricIssue[], hint?: string) {
    super(issues.map((issue) => formatRubricIssue(file, issue)).join('\n'));
    this.name = 'RubricError';
    this.code = code;
    this.file = file;
    this.issues = issues;
    if (hint !== undefined) this.hint = hint;
  }
}

/** `file:line: path: message` (line and path omitted when unknown/empty). */
export function formatRubricIssue(file: string, issue: RubricIssue): string {
  const where = issue.line === null ? file : `${file}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

const INVALID_HINT = 'The rubric format is described in docs/rubric.md; rubrics/default.yaml is a working example to copy.';

/** Parse and validate rubric text. Throws RubricError (RUBRIC_INVALID) listing all issues. */
export function parseRubric(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): Rubric {
  const { rubric, issues } = validateRubric(text, file, metrics);
  if (rubric === null || issues.length > 0) {
    throw new RubricError('RUBRIC_INVALID', file, issues, INVALID_HINT);
  }
  return rubric;
}

/** Read, parse and validate a rubric file. Throws RubricError (RUBRIC_UNREADABLE or RUBRIC_INVALID). */
export function loadRubric(file: string, metrics: ReadonlyArray<RubricMetricInfo>): Rubric {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const notFound = errno === 'ENOENT' || errno === 'ENOTDIR';
    const issue: RubricIssue = notFound
      ? { code: 'FILE_NOT_FOUND', path: '', line: null, message: 'rubric file not found' }
      : {
          code: 'FILE_UNREADABLE',
          path: '',
          line: null,
          message: `cannot read rubric file: ${errno === 'EISDIR' ? 'it is a directory' : (error as Error).message}`,
        };
    throw new RubricError(
      'RUBRIC_UNREADABLE',
      file,
      [issue],
      notFound ? 'Check the --rubric path, or leave --rubric out to use the default rubric.' : 'Check the file and its permissions.',
    );
  }
  return prebuiltRubric(text, file, metrics) ?? parseRubric(text, file, metrics);
}

/**
 * The default rubric is validated at build time (`scripts/prebuild-rubric.mjs` writes
 * dist/rubric/default-rubric.json), so no run parses it or loads the yaml library at start-up
 * (docs/performance.md). The stored result is used only for the same text, file
 * name, metrics and validation code, so an edited rubric, or code rebuilt without the prebuild,
 * is validated as usual.
 */
const PREBUILT = new URL('./default-rubric.json', import.meta.url);

/** What a stored validation result depends on. */
export function prebuiltKey(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): string {
  const hash = createHash('sha256').update(JSON.stringify([text, file, metrics.map((m) => [m.id, m.defaultParams])]));
  for (const code of ['./validate.js', './types.js', './gate.js']) {
    try {
      hash.update(readFileSync(new URL(code, import.meta.url)));
    } catch {
      // Running from the TypeScript sources: there is no built file and no prebuilt rubric.
    }
  }
  return hash.digest('hex');
}

function prebuiltRubric(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): Rubric | null {
  let stored: { key?: unknown; rubric?: Rubric };
  try {
    stored = JSON.parse(readFileSync(PREBUILT, 'utf8')) as { key?: unknown; rubric?: Rubric };
  } catch {
    return null;
  }
  return stored.key === prebuiltKey(text, file, metrics) && stored.rubric !== undefined ? stored.rubric : null;
}

/** Absolute path of the bundled rubrics/default.yaml (works from src/ and from dist/). */
export function defaultRubricPath(): string {
  return fileURLToPath(new URL('../../rubrics/default.yaml', import.meta.url));
}
