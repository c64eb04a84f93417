/**
 * Features from event names: many products name the feature only in the event ("Report
 * Created", `dashboard_shared`). When no events file carries a feature property, each distinct
 * event name is given a feature, once after loading:
 *   1. config `features.map` patterns (glob, `*` = any text, case-insensitive), first match in
 *      config order — a pattern always wins over a release name;
 *   2. else the release/changelog feature whose name's words (case, punctuation, `_`/space,
 *      camelCase and simple plurals ignored) appear in a row in the event name's words; the
 *      longest such name wins, and two equally long names leave the event unmapped (ambiguous);
 *   3. else no feature (counted as unmatched).
 * Work and memory are bounded by distinct event names and features, not by events.
 */
import type { DerivedFeatures, EventTable, FeatureRule } from '../core/model.js';

/** Words of a name, lower-cased and singular: "Reports Created" and `report_created` → [report, created]. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(singular);
}

// Simple plurals only: "reports" → report, "categories" → category; "access", "analysis" stay.
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function containsRun(words: string[], run: string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((w, k) => words[i + k] === w)) return true;
  return false;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** How one event name gets its feature; null feature when unmatched or ambiguous. */
export function featureForEvent(
  event: string,
  rules: ReadonlyArray<{ re: RegExp; rule: FeatureRule }>,
  releasesByFirstWord: ReadonlyMap<string, ReadonlyArray<{ feature: string; words: string[] }>>,
): { feature: string | null; how: 'config' | 'release' | 'ambiguous' | 'unmatched'; by: string | null } {
  const rule = rules.find((r) => r.re.test(event.trim()));
  if (rule) return { feature: rule.rule.feature, how: 'config', by: rule.rule.pattern };
  const words = nameWords(event);
  // Only names starting with one of the event's words can match: no pass over every release.
  const candidates = new Set(words.flatMap((w) => releasesByFirstWord.get(w) ?? []));
  let best: Array<{ feature: string; words: string[] }> = [];
  for (const r of candidates) {
    if (r.words.length === 0 || !containsRun(words, r.words)) continue;
    if (best.length === 0 || r.words.length > best[0]!.words.length) best = [r];
    else if (r.words.length === best[0]!.words.length) best.push(r);
  }
  if (best.length === 1) return { feature: best[0]!.feature, how: 'release', by: best[0]!.feature };
  if (best.length > 1) return { feature: null, how: 'ambiguous', by: best.map((b) => b.feature).join(' | ') };
  return { feature: null, how: 'unmatched', by: null };
}

/**
 * Gives events their feature from their name when no events file has one; returns what was
 * done (null when events already carry features or there are none).
 */
export function deriveEventFeatures(events: EventTable, releaseFeatures: readonly string[], rules: readonly FeatureRule[]): DerivedFeatures | null {
  if (events.length === 0 || events.features.size > 0) return null;
  const compiled = rules.map((rule) => ({ re: globToRegExp(rule.pattern.trim()), rule }));
  // One entry per release feature name, spelled as the changelog spells it (first seen wins).
  const byWords = new Map<string, { feature: string; words: string[] }>();
  for (const f of releaseFeatures) {
    const words = nameWords(f);
    const key = words.join(' ');
    if (!byWords.has(key)) byWords.set(key, { feature: f, words });
  }
  const releases = new Map<string, Array<{ feature: string; words: string[] }>>();
  for (const r of byWords.values()) {
    if (r.words.length === 0) continue;
    const list = releases.get(r.words[0]!) ?? [];
    list.push(r);
    releases.set(r.words[0]!, list);
  }
  const names = events.names.values;
  const decided = names.map((event) => featureForEvent(event, compiled, releases));
  const rows = events.countByName();
  const byEvent = names
    .map((event, k) => ({ event, feature: decided[k]!.feature, rows: rows[k] ?? 0, how: decided[k]!.how, by: decided[k]!.by }))
    .sort((a, b) => b.rows - a.rows || (a.event < b.event ? -1 : 1));
  const sum = (how: string): number => byEvent.filter((e) => e.how === how).reduce((s, e) => s + e.rows, 0);
  const derivedRows = sum('config') + sum('release');
  if (derivedRows > 0) events.setFeaturesByName(decided.map((d) => d.feature));
  return {
    rule: rules.length
      ? `config features.map (${rules.length} pattern${rules.length === 1 ? '' : 's'}), then ${byWords.size} release feature name${byWords.size === 1 ? '' : 's'}`
      : `${byWords.size} release feature name${byWords.size === 1 ? '' : 's'}`,
    derivedRows,
    unmatchedRows: sum('unmatched'),
    ambiguousRows: sum('ambiguous'),
    features: new Set(decided.map((d) => d.feature).filter((f) => f !== null)).size,
    byEvent,
  };
}
