/**
 * The terminal side of the survey: one inquirer prompt per question, on stderr (stdout stays
 * free for the report). Each question shows its progress, its help, its choices with the
 * default highlighted, "don't know / skip" and "← back". Ctrl-C becomes a `quit` step.
 */
import { input, select, Separator } from '@inquirer/prompts';
import { Chalk } from 'chalk';
import type { AskContext, Prompter, Step } from './flow.js';
import { displayNumber, parseNumberAnswer, sameValue, SKIP_LABEL, unitLabel, type SurveyItem } from './questions.js';
import { wrap } from '../renderers/format.js';

export const BACK_LABEL = '← back';

export interface TerminalPrompterOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  colorLevel: 0 | 1 | 2 | 3;
  width?: number;
  /** Aborting it (SIGTERM, SIGHUP) ends the open question like Ctrl-C: a `quit` step. */
  signal?: AbortSignal;
}

type Pick = number | 'skip' | 'back';

export function terminalPrompter(options: TerminalPrompterOptions): Prompter {
  const c = new Chalk({ level: options.colorLevel });
  const width = Math.max(50, Math.min(options.width ?? 100, 110));
  const context = { input: options.input, output: options.output, ...(options.signal ? { signal: options.signal } : {}) };
  const write = (text: string) => options.output.write(text);
  let shownPart = 0;

  return {
    async ask(item: SurveyItem, ctx: AskContext): Promise<Step> {
      if (options.signal?.aborted) return { kind: 'quit' };
      if (item.part !== shownPart) {
        shownPart = item.part;
        const item_ = item.category.item ? ` (${item.category.item})` : '';
        write(`\n${c.bold(`── Part ${item.part} of ${item.parts}: ${item.category.title}${item_}`)} ${c.dim(`· ${item.partSize} question${item.partSize === 1 ? '' : 's'}`)}\n`);
      }
      const question = item.check.question;
      write(`\n${wrap(`Why it matters: ${question.help}`, width - 2).map((l) => `  ${c.dim(l)}`).join('\n')}\n`);
      const message = `(${item.index}/${item.total}) ${question.text}`;
      try {
        if (question.kind === 'choice') {
          const current = ctx.current;
          // Nothing is preselected: Enter on a new question is "don't know", never a middle answer
          // no one gave. Coming back, the answer given is highlighted.
          const byDefault: Pick =
            current === null || current === undefined ? 'skip' : Math.max(0, question.choices.findIndex((ch) => sameValue(ch.value, current)));
          const choices = [
            ...question.choices.map((ch, i) => ({ name: ch.label, value: i as Pick })),
            new Separator(),
            { name: SKIP_LABEL, value: 'skip' as Pick },
            ...(ctx.canGoBack ? [{ name: BACK_LABEL, value: 'back' as Pick }] : []),
          ];
          const picked = await select<Pick>(
            { message, choices, default: byDefault, pageSize: choices.length, loop: false, theme: { indexMode: 'number' } },
            context,
          );
          if (picked === 'skip') return { kind: 'skip' };
          if (picked === 'back') return { kind: 'back' };
          return { kind: 'answer', value: question.choices[picked]!.value };
        }
        const unit = unitLabel(item.check);
        write(`  ${c.dim(`Type a number${unit ? ` in ${unit === '%' ? 'percent' : unit}` : ''}; Enter alone keeps what is in brackets; "skip" if you don't know${ctx.canGoBack ? '; "back" for the previous question' : ''}.`)}\n`);
        // no suggested number: an untouched question stays unanswered (see the choice case)
        const suggestion = ctx.current === null || ctx.current === undefined ? 'skip' : displayNumber(item.check, ctx.current);
        const typed = await input(
          {
            message: `${message}${unit ? ` (${unit})` : ''}`,
            default: suggestion,
            validate: (value) => {
              const parsed = parseNumberAnswer(item.check, value);
              if ('error' in parsed) return parsed.error;
              if ('word' in parsed && parsed.word === 'back' && !ctx.canGoBack) return 'this is the first question';
              return true;
            },
          },
          context,
        );
        const parsed = parseNumberAnswer(item.check, typed);
        if ('word' in parsed) return { kind: parsed.word };
        if ('value' in parsed) return { kind: 'answer', value: parsed.value };
        return { kind: 'skip' };
      } catch (error) {
        if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) return { kind: 'quit' };
        throw error;
      }
    },
  };
}

/** The text shown before the first question. */
export function surveyIntro(total: number, parts: number, saving: string | undefined, colorLevel: 0 | 1 | 2 | 3): string {
  const c = new Chalk({ level: colorLevel });
  const minutes = Math.max(1, Math.round(total / 5));
  return [
    c.bold(`pullcheck survey · ${total} questions in ${parts} parts · about ${minutes} minutes`),
    c.dim('Answer for your company as it is today.'),
    c.dim(`Nothing is preselected: Enter alone means "${SKIP_LABEL}"; ↑↓ or a number picks an answer.`),
    c.dim(`"${SKIP_LABEL}" leaves a check unscored: it is never guessed.`),
    c.dim(`"${BACK_LABEL}" returns to the previous question.`),
    c.dim(`Ctrl-C stops at any time${saving ? ` and saves the answers so far to ${saving}` : ''}.`),
    '',
  ].join('\n');
}

