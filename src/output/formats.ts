/**
 * The output formats: one registry entry per format (its file name under --output-dir, whether
 * CI readers get pseudonyms, whether stdout must stay parseable, and its renderer). A new format
 * is an entry here and a renderer in src/renderers/; nothing else switches on formats.
 * Renderers take the report and, when a gate ran, the gate document (docs/ci.md); the json
 * format is the report alone (the gate document is written apart: finish.ts).
 */
import type { GateDocument } from '../report/contract/gate.js';
import type { Report } from '../report/types.js';
import { renderHtml } from '../renderers/html.js';
import { renderJson } from '../renderers/json.js';
import { renderJunit } from '../renderers/junit.js';
import { renderMarkdown } from '../renderers/markdown.js';
import { renderTerminal } from '../renderers/terminal.js';

/** What a renderer may need besides the report. */
export interface RenderContext {
  /** The report was pseudonymised for this format (Markdown says so). */
  pseudonymised: boolean;
  /** Written to a file (Unicode, no colour) rather than to a terminal. */
  toFile: boolean;
  /** Terminal colour level and width, and whether it shows Unicode. */
  colorLevel: 0 | 1 | 2 | 3;
  width: number | undefined;
  unicode: boolean;
  /** The data folder, shown relative in the terminal report. */
  dataDir: string;
}

export interface OutputFormat {
  /** File name under --output-dir. */
  file: string;
  /** Meant for CI systems (PR comments, test reports): names are always pseudonymised unless --show-names. */
  ci: boolean;
  /** Parsed by machines: on stdout it must stay clean, so the gate summary and annotations go to stderr. */
  machine: boolean;
  render(report: Report, gate: GateDocument | undefined, context: RenderContext): string;
}

export const OUTPUT_FORMATS = {
  terminal: {
    file: 'report.txt',
    ci: false,
    machine: false,
    // A file gets Unicode (it is UTF-8) and no colour; a terminal what it can show.
    render: (r, g, c) => renderTerminal(r, g, { colorLevel: c.toFile ? 0 : c.colorLevel, width: c.width, dataDir: c.dataDir, unicode: c.toFile || c.unicode }),
  },
  json: { file: 'report.json', ci: false, machine: true, render: (r) => renderJson(r) },
  markdown: { file: 'report.md', ci: true, machine: true, render: (r, g, c) => renderMarkdown(r, g, { pseudonymised: c.pseudonymised }) },
  junit: { file: 'report.junit.xml', ci: true, machine: true, render: (r, g) => renderJunit(r, g) },
  html: { file: 'report.html', ci: false, machine: true, render: (r, g) => renderHtml(r, g) },
} as const satisfies Record<string, OutputFormat>;

export type Format = keyof typeof OUTPUT_FORMATS;
export const FORMATS = Object.keys(OUTPUT_FORMATS) as Format[];
