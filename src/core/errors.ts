/**
 * Errors a user can cause (a missing folder, a bad rubric, an unreadable file). The CLI prints
 * their message and hint on one line each, without a stack (unless --debug), and exits with
 * `exitCode`. Anything else is a bug and keeps its stack.
 */
export class PullcheckError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PullcheckError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  internal: 3,
} as const;

/** A user-caused error of any module: ours, or one that carries the same shape (RubricError). */
export function isUserError(error: unknown): error is Error & { code: string; exitCode: number; hint?: string } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { exitCode?: unknown }).exitCode === 'number'
  );
}
