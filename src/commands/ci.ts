/**
 * The CI side of `pullcheck analyze` (docs/ci.md): output formats and where they go, the
 * baseline and gate options, privacy of names, annotations, and the exit code. Process edges
 * only; the gate itself is src/ci/, the formats src/renderers/.
 */
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readBaseline, baselineFromReport, writeBaseline, type Baseline } from '../ci/baseline.js';
import { evaluateGate, ratchet } from '../ci/gate.js';
import { FAIL_ON_VALUES, type FailOn } from '../ci/types.js';
import type { CommandIo } from '../cli.js';
import { EXIT, PullcheckError } from '../errors.js';
import { assertNotInput, writeFileSafely, type RunInputs } from '../output-files.js';
import { pseudonymiseReport } from '../privacy.js';
import type { Report } from '../report/types.js';
import { renderAnnotations } from '../renderers/annotations.js';
import { renderGateSummary } from '../renderers/gate-text.js';
import { renderHtml } from '../renderers/html.js';
import { renderJson } from '../renderers/json.js';
import { renderJunit } from '../renderers/junit.js';
import { renderMarkdown } from '../renderers/markdown.js';
import { renderTerminal } from '../renderers/terminal.js';
import { colorLevel, unicodeTerminal } from './color.js';

export const FORMATS = ['terminal', 'json', 'markdown', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** File names in --output-dir. */
export const FORMAT_FILES: Record<Format, string> = {
  terminal: 'report.txt',
  json: 'report.json',
  markdown: 'report.md',
  junit: 'report.junit.xml',
  html: 'report.html',
};

/** Formats meant for CI systems: names in them are always pseudonymised (unless --show-names). */
const CI_FORMATS: ReadonlySet<Format> = new Set(['markdown', 'junit']);
/** Formats whose stdout must stay parseable: annotations then go to stderr. */
const MACHINE_FORMATS: ReadonlySet<Format> = new Set(['json', 'markdown', 'junit', 'html']);

export interface CiFlags {
  format: Format[];
  output?: string;
  outputDir?: string;
  baseline?: string;
  saveBaseline?: string;
  updateBaseline?: boolean;
  minScore?: number;
  maxDrop?: number;
  maxDropPct?: number;
  failOn?: FailOn[];
  showNames?: boolean;
}

/** The output and CI options of `analyze`. */
export function addCiOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --format <formats>', `output format, or a comma list with --output-dir: ${FORMATS.join(', ')}`)
        .argParser(parseFormats)
        .default(['terminal'], 'terminal'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', `write one file per format: ${FORMATS.map((f) => FORMAT_FILES[f]).join(', ')}`)
    .option('--baseline <file>', 'compare with this baseline and gate on regressions (docs/ci.md)')
    .option('--save-baseline <file>', 'write this run as a baseline file')
    .option('--update-baseline', 'with --baseline: replace it with this run when the gate passed and nothing regressed (a ratchet)')
    .option('--min-score <n>', 'fail when the overall score is below n (0-100)', numberIn('--min-score', 0, 100))
    .option('--max-drop <points>', 'with --baseline: fail when the overall or a category score drops more than this, beyond the noise', numberIn('--max-drop', 0, 100))
    .option('--max-drop-pct <percent>', 'with --baseline: the same, as a percentage of the baseline score', numberIn('--max-drop-pct', 0, 100))
    .option('--fail-on <levels>', `also fail on: warn, insufficient-data (comma list; errors always fail)`, parseFailOn)
    .option('--show-names', 'keep company and deal names in the CI formats (pseudonymised by default)');
}

export interface CiPlan {
  baseline: { data: Baseline; file: string } | null;
  /** A gate option was given (the rubric's check gates also turn the gate on). */
  gateFlags: boolean;
}

/**
 * Checks the option combinations, that no output would overwrite an input, and reads the
 * baseline: before any data is read.
 */
export function planCi(flags: CiFlags, inputs: RunInputs = { files: [] }): CiPlan {
  const usage = (message: string, hint: string): never => {
    throw new PullcheckError('BAD_OPTIONS', message, { hint });
  };
  if (flags.output !== undefined && flags.outputDir !== undefined) usage('--output and --output-dir cannot be used together', 'use --output FILE for one format, --output-dir DIR for several');
  if (flags.format.length > 1 && flags.outputDir === undefined) {
    usage(`${flags.format.length} formats (${flags.format.join(', ')}) need --output-dir DIR`, `e.g. --format ${flags.format.join(',')} --output-dir reports/`);
  }
  if (flags.baseline === undefined) {
    for (const [set, name] of [[flags.maxDrop, '--max-drop'], [flags.maxDropPct, '--max-drop-pct'], [flags.updateBaseline, '--update-baseline']] as const) {
      if (set !== undefined) usage(`${name} compares with a baseline; add --baseline FILE`, 'create a baseline once with --save-baseline FILE and commit it');
    }
  }
  const reads: RunInputs = { ...inputs, files: [...inputs.files, flags.baseline] };
  if (flags.output !== undefined) assertNotInput(flags.output, '--output', reads);
  if (flags.outputDir !== undefined) for (const f of flags.format) assertNotInput(join(flags.outputDir, FORMAT_FILES[f]), '--output-dir', reads);
  if (flags.saveBaseline !== undefined) assertNotInput(flags.saveBaseline, '--save-baseline', reads);
  const baseline = flags.baseline === undefined ? null : { data: readBaseline(flags.baseline), file: flags.baseline };
  const gateFlags = baseline !== null || flags.minScore !== undefined || flags.failOn !== undefined;
  return { baseline, gateFlags };
}

/** Gate, render, write, save the baseline; returns the exit code. */
export function finishReport(raw: Report, plan: CiPlan, flags: CiFlags, io: CommandIo, dataDir: string): number {
  const rubricGates = raw.categories.some((c) => c.checks.some((k) => k.gate !== undefined));
  const report: Report =
    plan.gateFlags || rubricGates
      ? {
          ...raw,
          gate: evaluateGate(raw, {
            baseline: plan.baseline,
            minScore: flags.minScore,
            maxDrop: flags.maxDrop,
            maxDropPct: flags.maxDropPct,
            failOn: flags.failOn,
          }),
        }
      : raw;

  const inCi = truthy(io.env.CI);
  const key = io.env.PULLCHECK_PSEUDONYM_KEY || undefined;
  let pseudonymised: Report | null = null;
  const forFormat = (format: Format | 'annotations'): Report => {
    const hide = !flags.showNames && (format === 'annotations' || CI_FORMATS.has(format as Format) || inCi);
    if (!hide) return report;
    pseudonymised ??= pseudonymiseReport(report, { key });
    return pseudonymised;
  };
  const render = (format: Format, toFile: boolean): string => {
    const r = forFormat(format);
    switch (format) {
      case 'terminal':
        // A file gets Unicode (it is UTF-8); a terminal only when it can show it.
        return renderTerminal(r, { colorLevel: toFile ? 0 : colorLevel(io.stdout, io.env), width: io.stdout.columns, dataDir, unicode: toFile || unicodeTerminal() });
      case 'json':
        return renderJson(r);
      case 'markdown':
        return renderMarkdown(r, { pseudonymised: r !== report });
      case 'junit':
        return renderJunit(r);
      case 'html':
        return renderHtml(r);
    }
  };

  let stdoutFormat: Format | null = null;
  if (flags.outputDir !== undefined) {
    const dir = flags.outputDir;
    for (const format of flags.format) writeOutput(join(dir, FORMAT_FILES[format]), render(format, true), io);
  } else if (flags.output !== undefined) {
    writeOutput(flags.output, render(flags.format[0]!, true), io);
  } else {
    stdoutFormat = flags.format[0]!;
    io.stdout.write(render(stdoutFormat, false));
  }
  const gate = report.gate;
  if (gate && stdoutFormat === null) {
    // The reports went to files: the gate's outcome is still the run's result on stdout.
    io.stdout.write(renderGateSummary(forFormat('terminal'), { colorLevel: colorLevel(io.stdout, io.env), width: io.stdout.columns }));
  } else if (gate && stdoutFormat !== null && MACHINE_FORMATS.has(stdoutFormat)) {
    io.stderr.write(`${gate.summary}\n`);
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    // Workflow commands are read from stdout; when stdout carries JSON, Markdown or XML they go
    // to stderr instead (the runner reads commands there too) so the output stays parseable.
    const stream = stdoutFormat !== null && MACHINE_FORMATS.has(stdoutFormat) ? io.stderr : io.stdout;
    stream.write(renderAnnotations(forFormat('annotations')));
  }

  if (flags.saveBaseline !== undefined) {
    writeBaseline(flags.saveBaseline, baselineFromReport(raw));
    io.stderr.write(`baseline saved to ${flags.saveBaseline}\n`);
  }
  if (flags.updateBaseline && gate && plan.baseline) {
    const decision = ratchet(gate);
    if (decision.update) {
      writeBaseline(plan.baseline.file, baselineFromReport(raw));
      io.stderr.write(`baseline ${plan.baseline.file} updated: ${decision.reason}\n`);
    } else {
      io.stderr.write(`baseline ${plan.baseline.file} not updated: ${decision.reason}\n`);
    }
  }
  return gate && !gate.passed ? EXIT.gateFailed : EXIT.ok;
}

/** A report file: atomic, its folder created (output-files.ts). */
function writeOutput(file: string, text: string, io: CommandIo): void {
  writeFileSafely(file, text);
  io.stderr.write(`report written to ${file}\n`);
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function parseFormats(value: string): Format[] {
  const parts = value.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (parts.length === 0) throw new InvalidArgumentError(`expected one or more of ${FORMATS.join(', ')}`);
  for (const p of parts) {
    if (!(FORMATS as readonly string[]).includes(p)) throw new InvalidArgumentError(`'${p}' is not a format; allowed: ${FORMATS.join(', ')}`);
  }
  return [...new Set(parts)] as Format[];
}

export function parseFailOn(value: string): FailOn[] {
  const parts = value.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  for (const p of parts) {
    if (!(FAIL_ON_VALUES as readonly string[]).includes(p)) throw new InvalidArgumentError(`'${p}' is not a level; allowed: ${FAIL_ON_VALUES.join(', ')}`);
  }
  if (parts.length === 0) throw new InvalidArgumentError(`expected ${FAIL_ON_VALUES.join(', ')}`);
  return [...new Set(parts)] as FailOn[];
}

function numberIn(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}`);
    return n;
  };
}
