/**
 * The output stage of `pullcheck analyze` (docs/ci.md): the report as built → the CI gate →
 * pseudonyms for CI readers → each format's renderer (formats.ts) → stdout or files (atomic,
 * never over an input) → annotations → the baseline saved or ratcheted; returns the exit code.
 */
import { join } from 'node:path';
import { baselineFromReport, writeBaseline, type Baseline } from '../ci/baseline.js';
import { evaluateGate, ratchet } from '../ci/gate.js';
import type { FailOn } from '../ci/types.js';
import { colorLevel, unicodeTerminal } from './color.js';
import { EXIT } from '../core/errors.js';
import type { CommandIo } from '../core/io.js';
import { writeFileSafely } from '../core/output-files.js';
import { pseudonymiseReport } from '../core/privacy.js';
import { renderAnnotations } from '../renderers/annotations.js';
import { renderGateSummary } from '../renderers/gate-text.js';
import type { Report } from '../report/types.js';
import { OUTPUT_FORMATS, type Format } from './formats.js';

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

export interface CiPlan {
  baseline: { data: Baseline; file: string } | null;
  /** A gate option was given (the rubric's check gates also turn the gate on). */
  gateFlags: boolean;
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
    const hide = !flags.showNames && (format === 'annotations' || OUTPUT_FORMATS[format].ci || inCi);
    if (!hide) return report;
    pseudonymised ??= pseudonymiseReport(report, { key });
    return pseudonymised;
  };
  const render = (format: Format, toFile: boolean): string => {
    const r = forFormat(format);
    return OUTPUT_FORMATS[format].render(r, {
      pseudonymised: r !== report,
      toFile,
      colorLevel: colorLevel(io.stdout, io.env),
      width: io.stdout.columns,
      unicode: unicodeTerminal(),
      dataDir,
    });
  };

  let stdoutFormat: Format | null = null;
  if (flags.outputDir !== undefined) {
    const dir = flags.outputDir;
    for (const format of flags.format) writeOutput(join(dir, OUTPUT_FORMATS[format].file), render(format, true), io);
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
  } else if (gate && stdoutFormat !== null && OUTPUT_FORMATS[stdoutFormat].machine) {
    io.stderr.write(`${gate.summary}\n`);
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    // Workflow commands are read from stdout; when stdout carries JSON, Markdown or XML they go
    // to stderr instead (the runner reads commands there too) so the output stays parseable.
    const stream = stdoutFormat !== null && OUTPUT_FORMATS[stdoutFormat].machine ? io.stderr : io.stdout;
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

