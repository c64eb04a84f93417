/**
 * The HTML report's building blocks: one escaping rule for every data value, a tagged template
 * that applies it to everything it is not told is already markup, and the safe embedding of the
 * report JSON in a script element. The report (html.ts) is built only from these.
 */
import { createHash } from 'node:crypto';
import { guardJsonOutput } from './sanitise.js';

/** Markup built by `html` (or `raw`): the only values `html` inserts without escaping. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Markup pullcheck writes itself (tags, CSS, the inline script): never a data value. */
export function raw(text: string): Markup {
  return new Markup(text);
}

/**
 * The one escaping function for text and attribute values: `& < > " '` become character
 * references, and the `#` of a CI command marker (`##[`, `##vso[`…) too, so a CI log that prints
 * the file reads no command (docs/ci.md, "Hostile data in outputs").
 */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/##(?=\[|vso\[|teamcity\[)/gi, '#&#35;');
}

/**
 * Tagged template: every interpolated value is escaped unless it is `Markup`; arrays are joined;
 * null, undefined and false render as nothing. Data can only reach the page through here.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return new Markup(out);
}

function part(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` as `\u003c`… so no
 * `</script>` or `<!--` can end or change the element, U+2028/2029 and C1 controls escaped, CI
 * markers broken as in the JSON format. `JSON.parse` of the element's text gives the same value.
 */
export function scriptJson(value: unknown): string {
  return guardJsonOutput(JSON.stringify(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** A CSP source for an inline element's exact text ('sha256-…'). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Rounded to at most 2 decimals: SVG coordinates without float noise. */
export function px(n: number): string {
  return String(Math.round(n * 100) / 100);
}
