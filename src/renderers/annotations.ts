/**
 * GitHub Actions annotations: workflow commands (`::error title=…::message`) that the runner
 * turns into annotations on the run and the pull request. Written when GITHUB_ACTIONS=true.
 *
 * Findings that fail the gate are errors, warnings are warnings, checks without data are
 * notices; the gate's summary comes first. GitHub shows at most 10 annotations of each kind per
 * step, so each kind is cut to 10, the last one saying how many more there are.
 * Escaping follows @actions/core: `%`, CR and LF in messages; also `:` and `,` in properties.
 */
import type { GateFinding, GateReport } from '../report/contract/gate.js';
import type { Report } from '../report/types.js';
import { coverageText, headlineIsRange, headlineScore } from './format.js';

type Kind = 'error' | 'warning' | 'notice';

/** GitHub's limit per kind and step. */
export const ANNOTATION_LIMIT = 10;

/** The gate's outcome and findings when a gate ran (`gate`); else one notice with the score. */
export function renderAnnotations(report: Report, gate?: GateReport): string {
  // Below the coverage floor: the range, never one number.
  const score =
    report.score === null
      ? 'no score'
      : headlineIsRange(report)
        ? `score ${headlineScore(report)} / 100 (${report.verdict}, ${coverageText(report)})`
        : `score ${Math.round(report.score * 10) / 10} / 100 (${report.verdict})`;
  if (!gate) return command('notice', 'pullcheck', `${score}, as of ${report.asOf}`);

  const byKind: Record<Kind, Array<{ title: string; message: string }>> = { error: [], warning: [], notice: [] };
  byKind[gate.passed ? 'notice' : 'error'].push({
    title: gate.passed ? 'pullcheck gate passed' : 'pullcheck gate failed',
    message: `${capitalise(gate.summary)}. ${capitalise(score)}.`,
  });
  for (const f of gate.findings) byKind[kindOf(f)].push({ title: `pullcheck: ${f.title}`, message: f.message });

  const lines: string[] = [];
  for (const kind of ['error', 'warning', 'notice'] as const) {
    const items = byKind[kind];
    const shown = items.length > ANNOTATION_LIMIT ? items.slice(0, ANNOTATION_LIMIT - 1) : items;
    for (const a of shown) lines.push(command(kind, a.title, a.message));
    if (items.length > ANNOTATION_LIMIT) {
      lines.push(command(kind, 'pullcheck', `…and ${items.length - shown.length} more ${kind}s: see the job summary or the report`));
    }
  }
  return lines.join('');
}

function kindOf(f: GateFinding): Kind {
  if (f.fails) return 'error';
  return f.severity === 'warn' ? 'warning' : 'notice';
}

function command(kind: Kind, title: string, message: string): string {
  return `::${kind} title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
