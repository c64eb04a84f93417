/**
 * The verdict of one speed target of issue 14's table (scripts/bench.mjs --targets), and why a
 * missed target cannot be met on the bench company: the target's budget is its ratio times the
 * DuckDB reference, and two parts of the work each take longer alone than some budgets:
 * - the day-keyed floor: DuckDB grouping the events into the keys the prescribed summaries need,
 *   counts only (scripts/bench-duckdb.mjs `floor`);
 * - the CRM files alone: pullcheck on the same folder without its events file (start-up, the CRM
 *   tables, links and checks).
 * The floor over the budget means no implementation of the prescribed design meets the target on
 * this company. The CRM files over it mean this code does not, however fast its events path, until
 * reading the CRM tables alone takes less than the whole budget.
 */

/**
 * @param {{ seconds: number, reference: number, ratio: number, floor?: number | null, crmOnly?: number | null }} run
 *   wall seconds of pullcheck, the reference, the floor and the CRM-only run (null: not measured)
 * @returns {{ met: boolean, budget: number, text: string }}
 */
export function speedVerdict({ seconds, reference, ratio, floor = null, crmOnly = null }) {
  const budget = ratio * reference;
  if (!(reference > 0) || !Number.isFinite(seconds)) return { met: false, budget: NaN, text: 'not measured' };
  if (seconds <= budget) return { met: true, budget, text: 'met' };
  const over = [];
  if (floor !== null && floor > budget) over.push(`the floor alone (${floor.toFixed(2)} s)`);
  if (crmOnly !== null && crmOnly > budget) over.push(`the CRM files alone (${crmOnly.toFixed(2)} s)`);
  const why = over.length ? `; over the ${budget.toFixed(2)} s budget: ${over.join(' and ')}` : '';
  return { met: false, budget, text: `not met${why}` };
}
