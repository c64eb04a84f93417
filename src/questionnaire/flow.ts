/**
 * The question flow as a small state machine, independent of any terminal: a Prompter asks one
 * question at a time and says what the user did (answer, skip, back, quit). Tests inject a
 * scripted Prompter; the CLI uses prompter.ts (inquirer).
 */
import type { SurveyItem } from './questions.js';

export type Step =
  | { kind: 'answer'; value: number }
  | { kind: 'skip' }
  | { kind: 'back' }
  /** Ctrl-C: stop, keeping the answers given so far. */
  | { kind: 'quit' };

export interface AskContext {
  /** The answer already given to this question (after going back): a value, null = skipped, undefined = none. */
  current: number | null | undefined;
  /** False on the first question. */
  canGoBack: boolean;
}

export interface Prompter {
  ask(item: SurveyItem, context: AskContext): Promise<Step>;
}

export interface SurveyOutcome {
  /** By check id: a value, or null for "don't know / skip". Only questions reached. */
  values: Map<string, number | null>;
  completed: boolean;
  /** 1-based question the user stopped at (quit); null when completed. */
  stoppedAt: number | null;
}

/**
 * Ask every item in order; "back" returns to the previous question with its answer highlighted.
 * With `initial` answers (resuming), start at the first question they do not answer.
 */
export async function runSurvey(
  items: readonly SurveyItem[],
  prompter: Prompter,
  initial: ReadonlyMap<string, number | null> = new Map(),
): Promise<SurveyOutcome> {
  const values = new Map(initial);
  const firstOpen = items.findIndex((item) => !values.has(item.check.id));
  let i = firstOpen === -1 ? items.length : firstOpen;
  while (i < items.length) {
    const item = items[i]!;
    const step = await prompter.ask(item, { current: values.get(item.check.id), canGoBack: i > 0 });
    switch (step.kind) {
      case 'answer':
        values.set(item.check.id, step.value);
        i++;
        break;
      case 'skip':
        values.set(item.check.id, null);
        i++;
        break;
      case 'back':
        i = Math.max(0, i - 1);
        break;
      case 'quit':
        return { values: inRubricOrder(items, values), completed: false, stoppedAt: item.index };
    }
  }
  return { values: inRubricOrder(items, values), completed: true, stoppedAt: null };
}

function inRubricOrder(items: readonly SurveyItem[], values: Map<string, number | null>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const item of items) {
    const id = item.check.id;
    if (values.has(id)) out.set(id, values.get(id) ?? null);
  }
  return out;
}
