/** `pullcheck analyze DIR`: parse options → analyze → render → write. No domain logic here. */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import ora from 'ora';
import { analyze, parseAsOf } from '../analyze.js';
import { PullcheckError } from '../errors.js';
import type { Io } from '../cli.js';
import { renderJson } from '../renderers/json.js';
import { renderTerminal } from '../renderers/terminal.js';
import { colorLevel } from './color.js';

interface AnalyzeFlags {
  format: 'terminal' | 'json';
  output?: string;
  rubric?: string;
  asOf?: string;
  quiet?: boolean;
  debug?: boolean;
}

export function registerAnalyze(program: Command, io: Io): void {
  program
    .command('analyze')
    .description('score a folder of CRM and product-analytics CSV exports')
    .argument('<dir>', 'folder of CSV exports (any subset of: deals, activities, contacts, accounts, events, users, releases, feature requests)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-r, --rubric <file>', 'rubric YAML to score with (default: rubrics/default.yaml)')
    .option('--as-of <date>', 'analysis date YYYY-MM-DD (default: the latest date in the data)')
    .option('-q, --quiet', 'no progress spinner')
    .option('--debug', 'show stack traces for errors')
    .addHelpText(
      'after',
      `
Examples:
  pullcheck analyze fixtures/product-led
  pullcheck analyze exports/ --format json --output report.json
  pullcheck analyze exports/ --rubric my-rubric.yaml --as-of 2026-06-30

Exit codes: 0 analysis completed · 2 usage, input or rubric error · 3 internal error
`,
    )
    .action(async (dir: string, flags: AnalyzeFlags) => {
      if (flags.asOf !== undefined) parseAsOf(flags.asOf);
      const spinner = showSpinner(io, flags) ? ora({ text: `reading ${dir}`, stream: io.stderr }).start() : null;
      try {
        const report = await analyze({
          dataDir: dir,
          rubricPath: flags.rubric,
          asOf: flags.asOf,
          onProgress: spinner ? ({ file, rows }) => { spinner.text = `reading ${file}: ${rows.toLocaleString('en-US')} rows`; } : undefined,
        });
        spinner?.stop();
        const toFile = flags.output !== undefined;
        const text =
          flags.format === 'json'
            ? renderJson(report)
            : renderTerminal(report, {
                colorLevel: toFile ? 0 : colorLevel(io.stdout, io.env),
                width: io.stdout.columns,
                dataDir: dir,
              });
        if (toFile) {
          try {
            writeFileSync(flags.output!, text);
          } catch (error) {
            throw new PullcheckError('OUTPUT_UNWRITABLE', `cannot write ${flags.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
              hint: 'check that the folder exists and is writable',
            });
          }
          io.stderr.write(`report written to ${flags.output}\n`);
        } else {
          io.stdout.write(text);
        }
      } finally {
        spinner?.stop();
      }
    });
}

/**
 * A spinner only on a real terminal: stderr is a TTY with a known width (ora loops forever
 * clearing lines on a zero-width pseudo-terminal), and not with --quiet.
 */
function showSpinner(io: Io, flags: AnalyzeFlags): boolean {
  return !flags.quiet && io.stderr.isTTY === true && (io.stderr.columns ?? 0) > 0;
}
