/**
 * Files pullcheck writes (reports, baselines, answers): the one place for how they are written.
 *
 * - Never over an input: a path that names a file this run reads (a data file, or anything
 *   already in the data folder; the rubric, config, answers or baseline file) is refused before
 *   anything is read, so `--output data/deals.csv` cannot replace the data.
 * - Atomically: the text goes to a temporary file in the same folder, is flushed to disk and
 *   renamed over the target (write-file-atomic), so a full disk or a kill never leaves a file cut
 *   short in place; the old file stays until the new one is complete.
 * - The folder is created when missing, for every kind of output alike.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { PullcheckError } from './errors.js';

/** What a run reads: its data folder and its single input files (undefined ones are ignored). */
export interface RunInputs {
  dataDir?: string;
  files: ReadonlyArray<string | undefined>;
}

/** Throws OUTPUT_IS_INPUT when writing `target` (given as `option`) would replace something the run reads. */
export function assertNotInput(target: string, option: string, inputs: RunInputs): void {
  const real = realIfExists(target);
  if (real === null) return; // a new file replaces nothing
  const refuse = (what: string): never => {
    throw new PullcheckError('OUTPUT_IS_INPUT', `${option} ${target} would overwrite ${what}, which this run reads as input`, {
      hint: 'write outputs to another file, outside the data folder (e.g. --output-dir reports/)',
    });
  };
  for (const file of inputs.files) {
    if (file !== undefined && realIfExists(file) === real) refuse(`the input file ${file}`);
  }
  if (inputs.dataDir !== undefined) {
    const dir = realIfExists(inputs.dataDir);
    if (dir !== null && isInside(real, dir)) refuse(`a file in the data folder ${inputs.dataDir}`);
  }
}

/**
 * Writes `text` to `file` atomically, creating its folder. Throws `code` (a PullcheckError) with
 * the system's reason when that fails.
 */
export function writeFileSafely(file: string, text: string, code = 'OUTPUT_UNWRITABLE', what = file): void {
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    writeFileAtomic.sync(file, text, { fsync: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new PullcheckError(code, `cannot write ${what}: ${reason}${reason === 'ENOSPC' ? ' (the disk is full)' : ''}`, {
      hint: reason === 'ENOSPC' ? 'free some space; the previous file, if any, was left as it was' : 'check that the folder is writable',
    });
  }
}

function realIfExists(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
