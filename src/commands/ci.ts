/**
 * The output and CI options of `pullcheck analyze` (docs/ci.md): parsing them and checking their
 * combinations before any data is read. What happens to the report after it is built (gate,
 * pseudonyms, renderers, files, baseline) is the output stage, src/output/.
 */
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readBaseline } from '../ci/baseline.js';
import { FAIL_ON_VALUES, type FailOn } from '../ci/types.js';
import { PullcheckError } from '../core/errors.js';
import { assertNotInput, type RunInputs } from '../core/output-files.js';
import { GATE_FILE, type CiFlags, type CiPlan } from '../output/finish.js';
import { FORMATS, OUTPUT_FORMATS, type Format } from '../output/formats.js';

/** The output and CI options of `analyze`. */
export function addCiOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --format <formats>', `output format, or a comma list with --output-dir: ${FORMATS.join(', ')}`)
        .argParser(parseFormats)
        .default(['terminal'], 'terminal'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', `write one file per format: ${FORMATS.map((f) => OUTPUT_FORMATS[f].file).join(', ')}; and ${GATE_FILE} when a gate ran`)
    .option('--gate-output <file>', 'write the CI gate\'s outcome as JSON (the gate document, docs/ci.md); turns the gate on')
    .option('--baseline <file>', 'compare with this baseline and gate on regressions (docs/ci.md)')
    .option('--save-baseline <file>', 'write this run as a baseline file')
    .option('--update-baseline', 'with --baseline: replace it with this run when the gate passed and nothing regressed (a ratchet)')
    .option('--min-score <n>', 'fail when the overall score is below n (0-100)', numberIn('--min-score', 0, 100))
    .option('--max-drop <points>', 'with --baseline: fail when the overall or a category score drops more than this, beyond the noise', numberIn('--max-drop', 0, 100))
    .option('--max-drop-pct <percent>', 'with --baseline: the same, as a percentage of the baseline score', numberIn('--max-drop-pct', 0, 100))
    .option('--fail-on <levels>', `also fail on: warn, insufficient-data (comma list; errors always fail)`, parseFailOn)
    .option('--show-names', 'keep company and deal names in the CI formats (pseudonymised by default)');
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
  if (flags.outputDir !== undefined) for (const f of flags.format) assertNotInput(join(flags.outputDir, OUTPUT_FORMATS[f].file), '--output-dir', reads);
  if (flags.outputDir !== undefined) assertNotInput(join(flags.outputDir, GATE_FILE), '--output-dir', reads);
  if (flags.saveBaseline !== undefined) assertNotInput(flags.saveBaseline, '--save-baseline', reads);
  if (flags.gateOutput !== undefined) {
    assertNotInput(flags.gateOutput, '--gate-output', reads);
    const others: Array<[string | undefined, string]> = [
      [flags.output, '--output'],
      [flags.saveBaseline, '--save-baseline'],
      ...(flags.outputDir === undefined ? [] : [...flags.format.map((f) => OUTPUT_FORMATS[f].file), GATE_FILE].map((file): [string, string] => [join(flags.outputDir!, file), '--output-dir'])),
    ];
    for (const [other, name] of others) {
      if (other !== undefined && resolve(other) === resolve(flags.gateOutput)) usage(`--gate-output ${flags.gateOutput} and ${name} name the same file`, 'write the gate document to its own file, e.g. --gate-output gate.json');
    }
  }
  const baseline = flags.baseline === undefined ? null : { data: readBaseline(flags.baseline), file: flags.baseline };
  // Asking for the gate's document asks for the gate (like --fail-on error: errors always fail).
  const gateFlags = baseline !== null || flags.minScore !== undefined || flags.failOn !== undefined || flags.gateOutput !== undefined;
  return { baseline, gateFlags };
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
