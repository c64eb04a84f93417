/**
 * Load a rubric file: read → validate (see validate.ts) → Rubric, or a RubricError listing
 * every issue as `file:line: path: message`.
 */
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
  return parseRubric(text, file, metrics);
}

/** Absolute path of the bundled rubrics/default.yaml (works from src/ and from dist/). */
export function defaultRubricPath(): string {
  return fileURLToPath(new URL('../../rubrics/default.yaml', import.meta.url));
}
