/**
 * Hostile data in outputs: the one place that decides how data values and paths are made safe
 * for each output format (docs/report-format.md, "Data in outputs").
 *
 * Two layers, because renderers are added to in parallel and one forgotten call must not reopen
 * a hole:
 * - values: `sanitiseValues` runs over a report (every string and every key) before a text
 *   format renders it: control characters (C0, DEL, C1, bidirectional overrides) become U+FFFD and
 *   line breaks become spaces, so no data value can clear a screen, set a window title, open an
 *   OSC 8 hyperlink or start a line of its own. `markdownText` escapes one value for Markdown.
 * - whole outputs: `guard…Output` runs over the rendered text of each format and neutralises the
 *   CI systems' command markers wherever they landed (word-wrapping can put a value's `::` at
 *   the start of a line): GitHub Actions reads a line starting (after spaces) with `::` and
 *   `##[` anywhere; Azure Pipelines `##vso[`; TeamCity `##teamcity[`. The marker is broken in a
 *   way that reads the same: a zero-width space in text, an escape in Markdown, a character
 *   reference in XML, a `\u0023` escape in JSON (which parses back to the same value).
 *
 * pullcheck's own workflow commands (src/renderers/annotations.ts) are written separately and
 * never pass through a guard.
 */

/** Control characters a terminal or a log viewer may act on; line breaks are handled apart. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029\t]+/g;
/** Markers CI runners read as commands anywhere in a line. */
const INLINE_MARKER = /##(?=\[|vso\[|teamcity\[)/gi;
/** A line a GitHub runner reads as a workflow command. */
const LINE_COMMAND = /^([ \t]*):(?=:)/gm;
const ZWSP = '\u200B';

/** One data value as safe plain text: one line, no control characters. */
export function plainText(s: string): string {
  return s.replace(LINE_BREAKS, ' ').replace(CONTROL, '\uFFFD');
}

/**
 * A message of several lines written by pullcheck (errors listing several problems) that quotes
 * data: its own line breaks stay, control characters go; `guardTextOutput` then breaks any line
 * a quoted value could have started.
 */
export function plainLines(s: string): string {
  return s
    .split('\n')
    .map((line) => plainText(line))
    .join('\n');
}

/** A deep copy of a JSON-like value with every string and key passed through `clean`. */
export function sanitiseValues<T>(value: T, clean: (s: string) => string = plainText): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitiseValues(v, clean)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[clean(k)] = sanitiseValues(v, clean);
    return out as T;
  }
  return value;
}

/** Rendered plain text (terminal, report.txt, stderr messages): CI command markers broken. */
export function guardTextOutput(text: string): string {
  return text.replace(LINE_COMMAND, `$1:${ZWSP}`).replace(INLINE_MARKER, `#${ZWSP}#`);
}

/**
 * One value for Markdown (a line or a table cell): plain text, then no raw HTML, no links,
 * images or emphasis, no @-mentions (a zero-width space after `@`, as dependency bots do), no
 * table breaks.
 */
export function markdownText(s: string): string {
  return plainText(s)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[|[\]!*_`]/g, '\\$&')
    .replace(/@/g, '@&#8203;');
}

/** Text inside a Markdown code span: no backticks (which would end it), no pipes, one line. */
export function markdownCode(s: string): string {
  return plainText(s).replace(/[`|]/g, '');
}

/** Rendered Markdown: CI command markers escaped (`\:` and `\#` render as `:` and `#`). */
export function guardMarkdownOutput(text: string): string {
  return text.replace(LINE_COMMAND, '$1\\:').replace(INLINE_MARKER, '#\\#');
}

/**
 * Rendered JSON: JSON.stringify already escapes C0 controls; C1 controls, bidi overrides and
 * line separators are escaped too, and `#` in CI markers, all as `\uXXXX` (same parsed values).
 */
export function guardJsonOutput(text: string): string {
  return text
    .replace(/[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(INLINE_MARKER, '#\\u0023');
}

/** Rendered XML: CI command markers broken with character references (text and attributes). */
export function guardXmlOutput(text: string): string {
  return text.replace(LINE_COMMAND, '$1&#58;').replace(INLINE_MARKER, '#&#35;');
}
