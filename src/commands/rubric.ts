/** `pullcheck rubric validate FILE…`: every problem of each rubric at once, with file:line. No domain logic here. */
import { Command } from 'commander';
import type { CommandIo } from '../cli.js';
import { EXIT } from '../errors.js';
import { METRICS } from '../metrics/index.js';
import { guardTextOutput, plainLines } from '../renderers/sanitise.js';
import { formatRubricIssue, loadRubric, RubricError } from '../rubric/load.js';

export function registerRubric(program: Command, io: CommandIo): void {
  const rubric = program.command('rubric').description('write and check rubric files');
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
