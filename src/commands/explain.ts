/** `pullcheck explain CHECK`: load the rubric → explain the check → render. No domain logic here. */
import { Command, Option } from 'commander';
import type { Io } from '../core/io.js';
import { explainCheck } from '../report/explain.js';
import { METRICS } from '../metrics/index.js';
import { renderExplanation } from '../renderers/explain.js';
import { guardJsonOutput, guardTextOutput } from '../renderers/sanitise.js';
import { defaultRubricPath, loadRubric } from '../rubric/load.js';

export function registerExplain(program: Command, io: Io): void {
  program
    .command('explain')
    .description('explain one check: definition, formula, thresholds with their basis, the data it needs')
    .argument('<check>', 'check id (or a metric id used by one check), e.g. unassisted-activation-rate')
    .option('-r, --rubric <file>', 'rubric YAML the check is in (default: rubrics/default.yaml)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['terminal', 'json']).default('terminal'))
    .addHelpText('after', `
Examples:
  pullcheck explain time-to-value-days
  pullcheck explain touches-per-won-deal-large --rubric my-rubric.yaml --format json

Exit codes: 0 explained · 2 unknown check or invalid rubric · 3 internal error
`)
    .action((name: string, flags: { rubric?: string; format: 'terminal' | 'json' }) => {
      const rubric = loadRubric(flags.rubric ?? defaultRubricPath(), METRICS);
      // The default rubric by its name in the package, not the install path.
      const explanation = explainCheck(flags.rubric ? rubric : { ...rubric, file: 'rubrics/default.yaml' }, name);
      io.stdout.write(flags.format === 'json' ? guardJsonOutput(`${JSON.stringify(explanation, null, 2)}\n`) : guardTextOutput(renderExplanation(explanation)));
    });
}
