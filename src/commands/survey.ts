/**
 * `pullcheck survey`: ask the rubric's questions in the terminal (or replay an answers file),
 * then score the answers like an analysis. Parse options → ask or load → report → write.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parseAsOf } from '../pipeline/analyze.js';
import type { Io } from '../core/io.js';
import { PullcheckError } from '../core/errors.js';
import { assertNotInput, writeFileSafely } from '../core/output-files.js';
import { METRICS } from '../metrics/index.js';
import { answersSummary } from '../questionnaire/apply.js';
import { loadAnswers, serializeAnswers, unansweredChecks, type Answers } from '../questionnaire/answers.js';
import { runSurvey } from '../questionnaire/flow.js';
import { surveyItems } from '../questionnaire/questions.js';
import { surveyReport } from '../report/survey.js';
import { renderJson } from '../renderers/json.js';
import { renderTerminal } from '../renderers/terminal.js';
import { defaultRubricPath, loadRubric } from '../rubric/load.js';
import { colorLevel } from '../output/color.js';

/** Exit code when the user stops the survey with Ctrl-C (128 + SIGINT, as shells do); 128 + n for the signals below. */
export const EXIT_INTERRUPTED = 130;
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

interface SurveyFlags {
  answers?: string;
  answersOut?: string;
  resume?: string;
  rubric?: string;
  format: 'terminal' | 'json';
  output?: string;
  asOf?: string;
  debug?: boolean;
}

export function registerSurvey(program: Command, io: Io): void {
  program
    .command('survey')
    .description('ask the team the checklist as a questionnaire and score the answers (no exports needed)')
    .option('--answers <file>', 'replay answers from a file instead of asking (for CI, and re-runs after a rubric change)')
    .option('--answers-out <file>', 'save the answers to a YAML file (also when you stop with Ctrl-C)')
    .option('--resume <file>', 'continue a survey stopped earlier: ask only what the answers file does not answer, and save back to it')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-r, --rubric <file>', 'rubric YAML whose questions to ask (default: rubrics/default.yaml)')
    .option('--as-of <date>', "date of the answers YYYY-MM-DD (default: today, stored in the answers file; with --answers, the file's date)")
    .option('--debug', 'show stack traces for errors')
    .addHelpText(
      'after',
      `
Examples:
  pullcheck survey --answers-out answers.yaml             # answer in the terminal, keep the answers
  pullcheck survey --resume answers.yaml                  # continue a survey stopped with Ctrl-C
  pullcheck survey --answers answers.yaml --format json   # replay them, no prompts
  pullcheck analyze exports/ --answers answers.yaml       # data where it exists, answers elsewhere, and the perception gap

Keys: ↑↓ or a number picks an answer, Enter accepts it · nothing is preselected (Enter alone = don't know) · "← back" returns to the previous question.
Exit codes: 0 report written · 2 usage, rubric or answers error, or no terminal and no --answers · 130 stopped with Ctrl-C (143 SIGTERM, 129 SIGHUP; answers saved alike)
`,
    )
    .action(async (flags: SurveyFlags) => {
      if (flags.asOf !== undefined) parseAsOf(flags.asOf);
      const rubric = loadRubric(flags.rubric ?? defaultRubricPath(), METRICS);
      const items = surveyItems(rubric);
      if (items.length === 0) {
        throw new PullcheckError('NO_QUESTIONS', `rubric ${rubric.id} has no questions, so there is nothing to ask`, {
          hint: 'give its checks a question: (docs/survey.md), or use the default rubric',
        });
      }

      if (flags.resume !== undefined && flags.answers !== undefined) {
        throw new PullcheckError('BAD_OPTIONS', '--resume and --answers cannot be used together', {
          hint: '--answers replays a file without asking; --resume asks the questions the file does not answer yet',
        });
      }
      const resumed = flags.resume === undefined ? null : loadAnswers(flags.resume, rubric);
      const answersOut = flags.answersOut ?? flags.resume;
      // Fail before the questions, not after them: answers must not be lost to a bad path.
      if (answersOut !== undefined) checkWritable(answersOut);
      // No output over an input (--resume saves back to its file on purpose).
      if (flags.answersOut !== undefined) assertNotInput(flags.answersOut, '--answers-out', { files: [flags.rubric, flags.answers] });
      if (flags.output !== undefined) assertNotInput(flags.output, '--output', { files: [flags.rubric, flags.answers, flags.resume, answersOut] });

      let answers: Answers;
      if (flags.answers !== undefined) {
        answers = loadAnswers(flags.answers, rubric);
        if (flags.asOf !== undefined) answers = { ...answers, date: flags.asOf };
        const missing = unansweredChecks(answers, rubric);
        if (missing.length > 0) {
          io.stderr.write(
            `note: ${missing.length} question${missing.length === 1 ? ' has' : 's have'} no answer in ${flags.answers} and count as not answered: ${missing.map((c) => c.id).join(', ')}\n`,
          );
        }
      } else {
        if (!process.stdin.isTTY || !io.stderr.isTTY) {
          throw new PullcheckError('NO_TERMINAL', 'survey asks its questions in a terminal, and there is none here (stdin or stderr is not a terminal)', {
            hint: 'run it in a terminal, or replay saved answers: pullcheck survey --answers answers.yaml (save them with --answers-out; format in docs/survey.md)',
          });
        }
        const level = colorLevel(io.stderr, io.env);
        // inquirer is loaded only for an interactive survey.
        const { surveyIntro, terminalPrompter } = await import('../questionnaire/prompter.js');
        io.stderr.write(surveyIntro(items.length, items[items.length - 1]!.parts, answersOut, level));
        if (resumed) {
          const given = resumed.values.size;
          io.stderr.write(`Resuming ${flags.resume}: ${given} of ${items.length} questions already answered; "← back" reaches them.\n`);
        }
        // SIGTERM and SIGHUP (a closed terminal, a killed job) stop like Ctrl-C: the answers are saved.
        const stop = new AbortController();
        let stoppedBy: NodeJS.Signals | null = null;
        const onSignal = (signal: NodeJS.Signals): void => {
          stoppedBy = signal;
          stop.abort();
        };
        for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
        const prompter = terminalPrompter({ input: process.stdin, output: io.stderr, colorLevel: level, width: io.stderr.columns, signal: stop.signal });
        let outcome: Awaited<ReturnType<typeof runSurvey>>;
        try {
          outcome = await runSurvey(items, prompter, resumed?.values);
        } finally {
          for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
        }
        answers = { date: flags.asOf ?? resumed?.date ?? today(), rubric: rubric.id, values: outcome.values };
        const summary = answersSummary(answers, rubric);
        if (!outcome.completed) {
          const given = summary.answered + summary.skipped;
          if (answersOut !== undefined) save(answersOut, answers, rubric);
          throw new PullcheckError(
            'SURVEY_STOPPED',
            `survey stopped${stoppedBy ? ` by ${stoppedBy as string}` : ''} at question ${outcome.stoppedAt} of ${items.length}` +
              (answersOut !== undefined ? `; ${given} answer${given === 1 ? '' : 's'} saved to ${answersOut}` : '; no answers saved'),
            {
              exitCode: stoppedBy === null ? EXIT_INTERRUPTED : 128 + (osConstants.signals[stoppedBy as NodeJS.Signals] ?? 0),
              hint:
                answersOut !== undefined
                  ? `continue with: pullcheck survey --resume ${answersOut}   (or score what is there: pullcheck survey --answers ${answersOut})`
                  : 'add --answers-out answers.yaml to keep the answers when you stop',
            },
          );
        }
        io.stderr.write(
          `\nAll ${items.length} questions done: ${summary.answered} answered, ${summary.skipped} skipped.` +
            (answersOut !== undefined ? ` Answers saved to ${answersOut}.` : '') +
            '\n\n',
        );
      }
      if (answersOut !== undefined) save(answersOut, answers, rubric);

      const report = surveyReport(rubric, answers);
      const toFile = flags.output !== undefined;
      const text =
        flags.format === 'json'
          ? renderJson(report)
          : renderTerminal(report, undefined, { colorLevel: toFile ? 0 : colorLevel(io.stdout, io.env), width: io.stdout.columns });
      if (toFile) {
        writeOrFail(flags.output!, text);
        io.stderr.write(`report written to ${flags.output}\n`);
      } else {
        io.stdout.write(text);
      }
    });
}

function save(file: string, answers: Answers, rubric: Parameters<typeof serializeAnswers>[1]): void {
  writeOrFail(file, serializeAnswers(answers, rubric));
}

function checkWritable(file: string): void {
  const path = resolve(file);
  let problem: string | null = null;
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) problem = 'it is a directory';
    else accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : 'its folder is not writable';
  }
  if (problem) {
    throw new PullcheckError('OUTPUT_UNWRITABLE', `cannot save answers to ${file}: ${problem}`, { hint: 'choose another --answers-out path' });
  }
}

/** Atomically, its folder created (src/core/output-files.ts). */
function writeOrFail(file: string, text: string): void {
  writeFileSafely(file, text);
}

/** Today's local date, YYYY-MM-DD: the date a new set of answers is stored with. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
