/**
 * `pullcheck rubric init` (a starting rubric, optionally fitted to a motion) and
 * `pullcheck rubric validate FILE…` (every problem of each rubric at once, with file:line).
 * No domain logic here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import type { CommandIo } from '../core/io.js';
import { EXIT, PullcheckError } from '../core/errors.js';
import { writeFileSafely } from '../core/output-files.js';
import { initRubric, withSchemaLine } from '../rubric/init.js';
import { PROFILE_IDS, PROFILES, type ProfileId } from '../rubric/profiles.js';
import { METRICS } from '../metrics/index.js';
import { guardTextOutput, plainLines } from '../renderers/sanitise.js';
import { defaultRubricPath, formatRubricIssue, loadRubric, RubricError } from '../rubric/load.js';

export function registerRubric(program: Command, io: CommandIo): void {
  const rubric = program.command('rubric').description('write and check rubric files');
  rubric
    .command('init')
    .description('write a starting rubric: the default, or one fitted to a go-to-market motion')
    .addOption(new Option('--profile <profile>', 'fit the thresholds that depend on the motion').choices([...PROFILE_IDS]))
    .option('-o, --output <file>', 'where to write it ("-" for stdout)', 'rubric.yaml')
    .option('--force', 'replace the file if it exists')
    .addHelpText('after', `
Profiles:
${PROFILE_IDS.map((id) => `  ${id.padEnd(11)} ${PROFILES[id].description}`).join('\n')}

Examples:
  pullcheck rubric init --profile enterprise
  pullcheck rubric init --profile plg --output rubrics/ours.yaml

Exit codes: 0 written · 2 the file exists (use --force) or cannot be written · 3 internal error
`)
    .action((flags: { profile?: ProfileId; output: string; force?: boolean }) => {
      const { text: body, changes } = initRubric(readFileSync(defaultRubricPath(), 'utf8'), flags.profile ?? null, METRICS);
      // The schema shipped with this pullcheck, as a path from the rubric's folder (absolute on stdout).
      const schema = fileURLToPath(new URL('../../schemas/rubric.schema.json', import.meta.url));
      const text = withSchemaLine(body, flags.output === '-' ? schema : relative(dirname(resolve(flags.output)), schema));
      if (flags.output === '-') {
        io.stdout.write(text);
        return;
      }
      if (existsSync(flags.output) && !flags.force) {
        throw new PullcheckError('OUTPUT_EXISTS', `${flags.output} already exists`, { hint: 'choose another --output, or add --force to replace it' });
      }
      writeFileSafely(flags.output, text);
      const what = flags.profile ? `the default rubric fitted to ${PROFILES[flags.profile].name}` : 'a copy of the default rubric';
      io.stdout.write(guardTextOutput(`wrote ${plainLines(flags.output)}: ${what}\n${changes.map((c) => `  ${c}\n`).join('')}next: pullcheck rubric validate ${plainLines(flags.output)}, then pullcheck analyze DIR --rubric ${plainLines(flags.output)}\n`));
    });
  rubric
    .command('validate')
    .description('check rubric files and list every problem with file:line')
    .argument('<files...>', 'rubric YAML files')
    .addHelpText('after', `
Examples:
  pullcheck rubric validate my-rubric.yaml

Exit codes: 0 every file valid · 2 a file has problems or cannot be read · 3 internal error
`)
    .action((files: string[]) => {
      let invalid = 0;
      for (const file of files) {
        try {
          const r = loadRubric(file, METRICS);
          const checks = r.categories.reduce((n, c) => n + c.checks.length, 0);
          io.stdout.write(guardTextOutput(`${plainLines(file)}: valid: ${checks} check${checks === 1 ? '' : 's'} in ${r.categories.length} categor${r.categories.length === 1 ? 'y' : 'ies'} (rubric ${plainLines(r.id)} v${r.version})\n`));
        } catch (error) {
          if (!(error instanceof RubricError)) throw error;
          invalid++;
          const lines = error.issues.map((issue) => formatRubricIssue(file, issue));
          io.stdout.write(guardTextOutput(`${lines.map(plainLines).join('\n')}\n${plainLines(file)}: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}\n`));
        }
      }
      if (invalid > 0) io.result.exitCode = EXIT.usage;
    });
}
