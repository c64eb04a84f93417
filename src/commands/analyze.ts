/** `pullcheck analyze DIR`: parse options → analyze → render → write. No domain logic here. */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { analyze, parseAsOf } from '../pipeline/analyze.js';
import { PullcheckError } from '../core/errors.js';
import { throttledChecks, throttledProgress } from '../ingest/progress.js';
import { plainText } from '../renderers/sanitise.js';
import type { CommandIo, Io } from '../core/io.js';
import { addCiOptions, planCi } from './ci.js';
import { finishReport, type CiFlags } from '../output/finish.js';
import { assertNotInput } from '../core/output-files.js';
import { historyEntry, readHistory, runTimestamp, writeHistory } from '../report/history.js';
import { TREND_PERIODS, type TrendPeriod } from '../report/trend.js';

/** --format, --output and the CI options are in CiFlags (commands/ci.ts). */
interface AnalyzeFlags extends CiFlags {
  rubric?: string;
  asOf?: string;
  answers?: string;
  config?: string;
  strict?: boolean;
  quiet?: boolean;
  debug?: boolean;
  trend?: TrendPeriod;
  history?: string;
}

export function registerAnalyze(program: Command, io: CommandIo): void {
  const command = program
    .command('analyze')
    .description('score a folder of CRM and product-analytics CSV exports')
    .argument('<dir>', 'folder of CSV exports (any subset of: deals, activities, contacts, accounts, events, users, releases, feature requests)');
  // --format, --output, --output-dir and the CI gate options (--baseline, --min-score, …): commands/ci.ts.
  addCiOptions(command)
    .option('-r, --rubric <file>', 'rubric YAML to score with (default: rubrics/default.yaml)')
    .option('--as-of <date>', 'analysis date YYYY-MM-DD (default: the latest date in the data)')
    .option('--answers <file>', 'survey answers (pullcheck survey --answers-out): fill checks without data, and show the perception gap')
    .option('-c, --config <file>', 'pullcheck.config.yaml to read the exports with (default: the one in DIR, else in the current folder; docs/config.md)')
    .addOption(new Option('--trend <period>', 'also score as of each month or quarter end within the data\'s span (report.trend)').choices(TREND_PERIODS))
    .option('--history <file>', 'append this run\'s summary to a JSON-lines file (created if missing) and show the runs over time')
    .option('--strict', 'exit 2 when any row of the exports was rejected')
    .option('-q, --quiet', 'no progress spinner')
    .option('--debug', 'show stack traces for errors')
    .addHelpText(
      'after',
      `
Examples:
  pullcheck analyze fixtures/product-led
  pullcheck analyze exports/ --format json --output report.json
  pullcheck analyze exports/ --rubric my-rubric.yaml --as-of 2026-06-30
  pullcheck analyze exports/ --save-baseline .pullcheck/baseline.json
  pullcheck analyze exports/ --trend quarterly --history .pullcheck/history.jsonl
  pullcheck analyze exports/ --baseline .pullcheck/baseline.json --max-drop 5 --min-score 50 \\
    --format terminal,markdown,junit --output-dir reports/      (CI set-up: docs/ci.md)

Exit codes: 0 analysis completed, gate passed · 1 gate failed · 2 usage, input, rubric or baseline error · 3 internal error
`,
    )
    .action(async (dir: string, flags: AnalyzeFlags) => {
      if (flags.asOf !== undefined) parseAsOf(flags.asOf);
      // option combinations, outputs that would overwrite an input, the baseline: before any data is read
      const plan = planCi(flags, { dataDir: dir, files: [flags.rubric, flags.config, flags.answers, 'pullcheck.config.yaml'] });
      const history = flags.history === undefined ? null : planHistory(flags.history, dir, flags);
      // ora is loaded only for a spinner: most runs (CI, pipes) never show one.
      const spinner = showSpinner(io, flags) ? (await import('ora')).default({ text: `reading ${plainText(dir)}`, stream: io.stderr }).start() : null;
      try {
        const report = await analyze({
          dataDir: dir,
          rubricPath: flags.rubric,
          asOf: flags.asOf,
          answersPath: flags.answers,
          configPath: flags.config,
          trend: flags.trend,
          // file, rows, rows/s and % of bytes, at most 10 updates a second (ingest/progress.ts)
          onProgress: spinner ? throttledProgress((line) => { spinner.text = line; }) : undefined,
          // then the checks; drawn at once, as computing them leaves the spinner's timer no turn
          onCheck: spinner
            ? throttledChecks((line) => {
              spinner.text = line;
              spinner.render();
            })
            : undefined,
        });
        spinner?.stop();
        // Every run goes in the history, whatever the gate says; the report shows the runs so far and this one.
        const runs = history === null ? null : [...history.runs, historyEntry(report, runTimestamp(io.env), io.env)];
        io.result.exitCode = finishReport(runs === null ? report : { ...report, history: runs }, plan, flags, io, dir);
        if (history !== null && runs !== null) {
          writeHistory(history.file, runs);
          io.stderr.write(`history: ${runs.length === 1 ? '1 run' : `${runs.length} runs`} in ${history.file}\n`);
        }
        if (flags.strict) assertNoRejectedRows(report.inputs.files);
      } finally {
        spinner?.stop();
      }
    });
}

/**
 * --history FILE: not an input of this run nor the report's own output file, and its earlier
 * runs readable (a bad line fails here, before any data is read, and the file is left as it was).
 */
function planHistory(file: string, dir: string, flags: AnalyzeFlags): { file: string; runs: ReturnType<typeof readHistory> } {
  assertNotInput(file, '--history', { dataDir: dir, files: [flags.rubric, flags.config, flags.answers, flags.baseline, 'pullcheck.config.yaml'] });
  for (const [other, name] of [[flags.output, '--output'], [flags.saveBaseline, '--save-baseline'], [flags.gateOutput, '--gate-output']] as const) {
    if (other !== undefined && resolve(other) === resolve(file)) {
      throw new PullcheckError('BAD_OPTIONS', `--history ${file} and ${name} name the same file`, { hint: 'keep the history in its own file, e.g. .pullcheck/history.jsonl' });
    }
  }
  return { file, runs: readHistory(file) };
}

/**
 * A spinner only on a real terminal: stderr is a TTY with a known width (ora loops forever
 * clearing lines on a zero-width pseudo-terminal), and not with --quiet.
 */
function showSpinner(io: Io, flags: AnalyzeFlags): boolean {
  return !flags.quiet && io.stderr.isTTY === true && (io.stderr.columns ?? 0) > 0;
}

/** --strict: any rejected row is an input error (exit 2), after the report has been written. */
function assertNoRejectedRows(files: ReadonlyArray<{ path: string; rejected: number; rejectedByReason: Record<string, number> }>): void {
  const rejected = files.filter((f) => f.rejected > 0);
  if (rejected.length === 0) return;
  const total = rejected.reduce((sum, f) => sum + f.rejected, 0);
  const detail = rejected.map((f) => `${f.path}: ${Object.entries(f.rejectedByReason).map(([code, n]) => `${n} ${code}`).join(', ')}`).join('; ');
  throw new PullcheckError('STRICT_REJECTED_ROWS', `--strict: ${total} row${total === 1 ? '' : 's'} rejected (${detail})`, {
    hint: 'run `pullcheck inspect DIR` for examples with line numbers; fix the rows or map the columns in pullcheck.config.yaml',
  });
}
