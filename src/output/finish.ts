/**
 * The output stage of `pullcheck analyze` (docs/ci.md): the report as built → the CI gate, a
 * document of its own that refers to the report (gate-document.ts) → pseudonyms for CI readers →
 * each format's renderer (formats.ts), given the report and the gate → stdout or files (atomic,
 * never over an input), the gate document to --gate-output and --output-dir → annotations → the
 * baseline saved or ratcheted; returns the exit code.
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
import { renderGateJson, renderJson } from '../renderers/json.js';
import type { Report } from '../report/types.js';
import { OUTPUT_FORMATS, type Format } from './formats.js';
import { gateDocument } from './gate-document.js';
import type { GateDocument } from '../report/contract/gate.js';

/** The gate document's file name under --output-dir. */
export const GATE_FILE = 'gate.json';

export interface CiFlags {
  format: Format[];
  output?: string;
  outputDir?: string;
  /** Where to write the gate document (docs/ci.md); asking for it turns the gate on. */
  gateOutput?: string;
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
export function finishReport(report: Report, plan: CiPlan, flags: CiFlags, io: CommandIo, dataDir: string): number {
  const rubricGates = report.categories.some((c) => c.checks.some((k) => k.gate !== undefined));
  const gateOn = plan.gateFlags || rubricGates;

  const inCi = truthy(io.env.CI);
  const key = io.env.PULLCHECK_PSEUDONYM_KEY || undefined;
  let pseudonymised: Report | null = null;
  const forFormat = (format: Format | 'annotations'): Report => {
    const hide = !flags.showNames && (format === 'annotations' || OUTPUT_FORMATS[format].ci || inCi);
    if (!hide) return report;
    pseudonymised ??= pseudonymiseReport(report, { key });
    return pseudonymised;
  };
  // The gate judges the report each output shows, so its messages (which quote check reasons)
  // carry the same pseudonyms; pass or fail never depends on names.
  const gates = new Map<Report, GateDocument>();
  const gateFor = (r: Report): GateDocument | undefined => {
    if (!gateOn) return undefined;
    let document = gates.get(r);
    if (!document) {
      const outcome = evaluateGate(r, { baseline: plan.baseline, minScore: flags.minScore, maxDrop: flags.maxDrop, maxDropPct: flags.maxDropPct, failOn: flags.failOn });
      gates.set(r, (document = gateDocument(outcome, r, renderJson(r))));
    }
    return document;
  };
  // The gate document refers to the report as the json format writes it (pseudonymised in CI).
  const gate = gateFor(forFormat('json'));
  const render = (format: Format, toFile: boolean): string => {
    const r = forFormat(format);
    return OUTPUT_FORMATS[format].render(r, gateFor(r), {
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
    if (gate) writeOutput(join(dir, GATE_FILE), renderGateJson(gate), io, 'gate');
  } else if (flags.output !== undefined) {
    writeOutput(flags.output, render(flags.format[0]!, true), io);
  } else {
    stdoutFormat = flags.format[0]!;
    io.stdout.write(render(stdoutFormat, false));
  }
  if (gate && flags.gateOutput !== undefined) writeOutput(flags.gateOutput, renderGateJson(gate), io, 'gate');
  if (gate && stdoutFormat === null) {
    // The reports went to files: the gate's outcome is still the run's result on stdout.
    io.stdout.write(renderGateSummary(forFormat('terminal'), gateFor(forFormat('terminal'))!, { colorLevel: colorLevel(io.stdout, io.env), width: io.stdout.columns }));
  } else if (gate && stdoutFormat !== null && OUTPUT_FORMATS[stdoutFormat].machine) {
    io.stderr.write(`${gate.summary}\n`);
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    // Workflow commands are read from stdout; when stdout carries JSON, Markdown or XML they go
    // to stderr instead (the runner reads commands there too) so the output stays parseable.
    const stream = stdoutFormat !== null && OUTPUT_FORMATS[stdoutFormat].machine ? io.stderr : io.stdout;
    stream.write(renderAnnotations(forFormat('annotations'), gateFor(forFormat('annotations'))));
  }

  if (flags.saveBaseline !== undefined) {
    writeBaseline(flags.saveBaseline, baselineFromReport(report));
    io.stderr.write(`baseline saved to ${flags.saveBaseline}\n`);
  }
  if (flags.updateBaseline && gate && plan.baseline) {
    const decision = ratchet(gate);
    if (decision.update) {
      writeBaseline(plan.baseline.file, baselineFromReport(report));
      io.stderr.write(`baseline ${plan.baseline.file} updated: ${decision.reason}\n`);
    } else {
      io.stderr.write(`baseline ${plan.baseline.file} not updated: ${decision.reason}\n`);
    }
  }
  return gate && !gate.passed ? EXIT.gateFailed : EXIT.ok;
}

/** A report or gate file: atomic, its folder created (output-files.ts). */
function writeOutput(file: string, text: string, io: CommandIo, what: 'report' | 'gate' = 'report'): void {
  writeFileSafely(file, text);
  io.stderr.write(`${what} written to ${file}\n`);
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

