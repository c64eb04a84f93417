/** The question flow with injected answers: answer, skip, back, quit and resume. */
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/index.js';
import { runSurvey, type AskContext, type Prompter, type Step } from '../../src/questionnaire/flow.js';
import { parseNumberAnswer, surveyItems, type SurveyItem } from '../../src/questionnaire/questions.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';

const rubric = loadRubric(defaultRubricPath(), METRICS);
const items = surveyItems(rubric);
const ids = items.map((i) => i.check.id);

/** Plays a script of steps; records what it was asked, with the context it got. */
function scripted(steps: Step[]): Prompter & { asked: Array<{ index: number; context: AskContext }> } {
  const queue = [...steps];
  const asked: Array<{ index: number; context: AskContext }> = [];
  return {
    asked,
    async ask(item: SurveyItem, context: AskContext) {
      asked.push({ index: item.index, context: { ...context } });
      return queue.shift() ?? { kind: 'answer', value: item.check.question.default };
    },
  };
}

describe('runSurvey', () => {
  it('asks every question in rubric order; defaults fill the rest; back is offered from the second question', async () => {
    const prompter = scripted([{ kind: 'answer', value: 0.3 }, { kind: 'skip' }]);
    const outcome = await runSurvey(items, prompter);
    expect(outcome.completed).toBe(true);
    expect(outcome.stoppedAt).toBeNull();
    expect([...outcome.values.keys()]).toEqual(ids);
    expect(outcome.values.get('unused-feature-share')).toBe(0.3);
    expect(outcome.values.get('new-feature-retention-90d')).toBeNull();
    expect(outcome.values.get('sales-cycle-ratio')).toBe(2.2);
    expect(prompter.asked.map((a) => a.index)).toEqual(items.map((i) => i.index));
    expect(prompter.asked[0]?.context.canGoBack).toBe(false);
    expect(prompter.asked[1]?.context.canGoBack).toBe(true);
  });

  it('goes back to the previous question with its answer as the current one, and lets it change', async () => {
    const prompter = scripted([
      { kind: 'answer', value: 0.9 }, // Q1
      { kind: 'skip' }, // Q2
      { kind: 'back' }, // Q3 → Q2
      { kind: 'back' }, // Q2 → Q1
      { kind: 'back' }, // Q1: stays on Q1
      { kind: 'answer', value: 0.5 }, // Q1 changed
      { kind: 'answer', value: 0.6 }, // Q2 changed
    ]);
    const outcome = await runSurvey(items, prompter);
    expect(prompter.asked.slice(0, 8).map((a) => [a.index, a.context.current])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [2, null],
      [1, 0.9],
      [1, 0.9],
      [2, null],
      [3, undefined],
    ]);
    expect(outcome.values.get('unused-feature-share')).toBe(0.5);
    expect(outcome.values.get('new-feature-retention-90d')).toBe(0.6);
  });

  it('stops on quit, keeping only the questions reached, in rubric order', async () => {
    const prompter = scripted([{ kind: 'answer', value: 0.3 }, { kind: 'skip' }, { kind: 'back' }, { kind: 'quit' }]);
    const outcome = await runSurvey(items, prompter);
    expect(outcome).toEqual({
      completed: false,
      stoppedAt: 2,
      values: new Map<string, number | null>([
        ['unused-feature-share', 0.3],
        ['new-feature-retention-90d', null],
      ]),
    });
  });

  it('resumes at the first question the earlier answers do not cover', async () => {
    const initial = new Map<string, number | null>([
      [ids[0]!, 0.3],
      [ids[1]!, null],
    ]);
    const prompter = scripted([{ kind: 'back' }, { kind: 'answer', value: 0.6 }]);
    const outcome = await runSurvey(items, prompter, initial);
    expect(prompter.asked.slice(0, 3).map((a) => [a.index, a.context.current])).toEqual([
      [3, undefined],
      [2, null],
      [3, undefined],
    ]);
    expect(outcome.completed).toBe(true);
    expect(outcome.values.get(ids[0]!)).toBe(0.3);
    expect(outcome.values.get(ids[1]!)).toBe(0.6);
    expect(outcome.values.size).toBe(items.length);
  });

  it('asks nothing when resuming a complete set of answers', async () => {
    const initial = new Map(items.map((i) => [i.check.id, i.check.question.default] as const));
    const prompter = scripted([]);
    const outcome = await runSurvey(items, prompter, initial);
    expect(prompter.asked).toEqual([]);
    expect(outcome.completed).toBe(true);
  });
});

describe('parseNumberAnswer', () => {
  const days = rubric.categories.flatMap((c) => c.checks).find((c) => c.id === 'time-to-value-days')!;
  const percentCheck = { ...rubric.categories[0]!.checks[0]!, question: { ...rubric.categories[0]!.checks[0]!.question!, kind: 'number' as const, choices: [] } };

  it.each([
    ['7', { value: 7 }],
    [' 2.5 ', { value: 2.5 }],
    ['skip', { word: 'skip' }],
    ['?', { word: 'skip' }],
    ['BACK', { word: 'back' }],
    ['<', { word: 'back' }],
  ])('days: %j → %j', (typed, expected) => {
    expect(parseNumberAnswer(days, typed)).toEqual(expected);
  });

  it('rejects words, negatives and percent signs where no percentage is asked', () => {
    expect(parseNumberAnswer(days, 'soon')).toHaveProperty('error');
    expect(parseNumberAnswer(days, '-1')).toHaveProperty('error');
    expect(parseNumberAnswer(days, '5%')).toHaveProperty('error');
  });

  it('takes percentages on percent checks and stores fractions', () => {
    expect(parseNumberAnswer(percentCheck, '35')).toEqual({ value: 0.35 });
    expect(parseNumberAnswer(percentCheck, '35%')).toEqual({ value: 0.35 });
    expect(parseNumberAnswer(percentCheck, '12.5 %')).toEqual({ value: 0.125 });
    expect(parseNumberAnswer(percentCheck, '250')).toHaveProperty('error');
  });
});
