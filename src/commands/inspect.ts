/** `pullcheck inspect DIR`: parse options → inspect the folder → render → write. No domain logic here. */
import { Command, Option } from 'commander';
import type { Io } from '../core/io.js';
import { inspectFolder, renderInspect } from '../pipeline/inspect.js';
import { guardJsonOutput, guardTextOutput, sanitiseValues } from '../renderers/sanitise.js';

interface InspectFlags {
  format: 'terminal' | 'json';
  config?: string;
}

export function registerInspect(program: Command, io: Io): void {
  program
    .command('inspect')
    .description('show how each export in a folder is recognised, mapped and parsed (no scoring)')
    .argument('<dir>', 'folder of CSV / JSON-lines exports')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .option('-c, --config <file>', 'pullcheck.config.yaml to apply (default: the one in DIR, else in the current folder)')
    .option('--debug', 'show stack traces for errors')
    .addHelpText(
      'after',
      `
Examples:
  pullcheck inspect exports/
  pullcheck inspect exports/ --format json > mapping.json

Exit codes: 0 inspected · 2 usage, input or config error · 3 internal error
`,
    )
    .action(async (dir: string, flags: InspectFlags) => {
      const result = await inspectFolder(dir, flags.config);
      // Data values, names and paths made safe for a terminal and a CI log (renderers/sanitise.ts).
      io.stdout.write(flags.format === 'json' ? guardJsonOutput(`${JSON.stringify(result, null, 2)}\n`) : guardTextOutput(renderInspect(sanitiseValues(result))));
    });
}
