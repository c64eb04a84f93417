/**
 * `pullcheck rubric init`: the text of a starting rubric. It is the default rubric's own text, with
 * a profile's changes spliced in at the ranges the YAML parser gives for each value, so every
 * other byte (comments, wrapping, order) stays as written; each change is preceded by a comment
 * saying what it was and why. The result is validated like any rubric before it is returned, so
 * init never writes a rubric that would not load.
 */
import { isMap, isScalar, parseDocument, type Node, type YAMLMap } from '../core/yaml.js';
import type { RubricMetricInfo } from './types.js';
import { parseRubric } from './load.js';
import { PROFILES, type ProfileChange, type ProfileId } from './profiles.js';

export interface InitResult {
  text: string;
  /** One line per change, for the command's summary. */
  changes: string[];
}

/** Replace text[from, to) with `text`. */
interface Splice {
  from: number;
  to: number;
  text: string;
}

export function initRubric(defaultText: string, profileId: ProfileId | null, metrics: ReadonlyArray<RubricMetricInfo>): InitResult {
  if (profileId === null) return { text: defaultText, changes: [] };
  const profile = PROFILES[profileId];
  const doc = parseDocument(defaultText);
  const splices: Splice[] = [];
  const top = doc.contents as YAMLMap;
  splices.push(replaceValue(top, 'id', `${scalarText(top, 'id')}-${profile.id}`));
  splices.push(replaceValue(top, 'name', `${scalarText(top, 'name')}, ${profile.name} profile`));
  const checks = new Map<string, YAMLMap>();
  for (const category of (top.get('categories') as unknown as { items: YAMLMap[] }).items) {
    for (const check of (category.get('checks') as unknown as { items: YAMLMap[] }).items) checks.set(String(check.get('id')), check);
  }
  const changes: string[] = [];
  for (const change of profile.changes) {
    const check = checks.get(change.check);
    if (!check) throw new Error(`profile ${profile.id} changes check ${change.check}, which the default rubric does not have`);
    const { summary, edits } = changeCheck(defaultText, check, change, profile.id);
    splices.push(...edits);
    changes.push(summary);
  }
  let text = defaultText;
  for (const s of splices.sort((a, b) => b.from - a.from || b.to - a.to)) text = text.slice(0, s.from) + s.text + text.slice(s.to);
  parseRubric(text, `rubric init --profile ${profile.id}`, metrics); // throws on a profile that breaks the rubric
  return { text, changes };
}

function scalarText(map: YAMLMap, key: string): string {
  return String(map.get(key));
}

/** The value of `key` in `map`, as a YAML scalar in the source (a double-quoted string when not a plain number or word). */
function replaceValue(map: YAMLMap, key: string, value: string | number): Splice {
  const node = map.get(key, true) as Node | undefined;
  if (!node?.range) throw new Error(`no ${key} in the rubric`);
  return { from: node.range[0], to: node.range[1], text: yamlScalar(value) };
}

function yamlScalar(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z][\w-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value);
}

/** The start of the line holding `offset`, and that line's indentation. */
function lineOf(text: string, offset: number): { start: number; indent: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { start, indent: /^[ \t]*/.exec(text.slice(start))![0] };
}

function changeCheck(source: string, check: YAMLMap, change: ProfileChange, profile: string): { summary: string; edits: Splice[] } {
  const edits: Splice[] = [];
  const was: string[] = [];
  const now: string[] = [];
  const threshold = check.get('threshold') as YAMLMap;
  if (change.threshold) {
    for (const key of ['pass', 'fail'] as const) {
      const node = threshold.get(key, true) as Node;
      was.push(`${key} ${source.slice(node.range![0], node.range![1])}`);
      edits.push(replaceValue(threshold, key, change.threshold[key]));
      now.push(`${key} ${change.threshold[key]}`);
    }
  }
  const thresholdPair = check.items.find((p) => isScalar(p.key) && p.key.value === 'threshold')!;
  const thresholdLine = lineOf(source, (thresholdPair.key as Node).range![0]);
  if (change.params) {
    const params = check.get('params', true);
    if (isMap(params) && params.flow && params.range) {
      for (const [key, value] of Object.entries(change.params)) {
        const old = params.get(key, true) as Node | undefined;
        was.push(`${key} ${old === undefined ? '(default)' : String(isScalar(old) ? old.value : old)}`);
        now.push(`${key} ${String(value)}`);
        if (old) edits.push(replaceValue(params, key, value as string));
        else {
          // Before the closing brace of the flow map.
          const close = source.lastIndexOf('}', params.range[1]);
          edits.push({ from: close, to: close, text: `${params.items.length ? ', ' : ''}${key}: ${yamlScalar(value as string)} ` });
        }
      }
    } else if (params === undefined) {
      for (const [key, value] of Object.entries(change.params)) {
        was.push(`${key} (default)`);
        now.push(`${key} ${String(value)}`);
      }
      const line = `${thresholdLine.indent}params: { ${Object.entries(change.params).map(([k, v]) => `${k}: ${yamlScalar(v as string)}`).join(', ')} }\n`;
      edits.push({ from: thresholdLine.start, to: thresholdLine.start, text: line });
    } else throw new Error(`check ${change.check} has params written in block style; the profile cannot change them`);
  }
  edits.push(replaceValue(check, 'basis', change.basis));
  const sourcePair = check.items.find((p) => isScalar(p.key) && p.key.value === 'source');
  if (change.source && sourcePair) edits.push(replaceValue(check, 'source', change.source));
  else if (change.source) {
    const basisLine = lineOf(source, (check.get('basis', true) as Node).range![0]);
    const next = source.indexOf('\n', basisLine.start) + 1;
    edits.push({ from: next, to: next, text: `${basisLine.indent}source: ${yamlScalar(change.source)}\n` });
  } else if (sourcePair) {
    // A judgement needs no source, and the default's no longer applies.
    const start = lineOf(source, (sourcePair.key as Node).range![0]).start;
    const end = source.indexOf('\n', (sourcePair.value as Node).range![2] - 1) + 1;
    edits.push({ from: start, to: end, text: '' });
  }
  const note = `profile ${profile}: ${now.join(', ')} (default: ${was.join(', ')}); ${change.why}`;
  edits.push({ from: thresholdLine.start, to: thresholdLine.start, text: `${thresholdLine.indent}# ${note}\n` });
  return { summary: `${change.check}: ${now.join(', ')} (default: ${was.join(', ')}); basis ${change.basis}${change.source ? `: ${change.source}` : ''}`, edits };
}

/**
 * The first line editors read to complete and check the file (YAML language server, e.g. VS
 * Code's YAML extension): `schema` is the path of schemas/rubric.schema.json as seen from the
 * rubric's folder.
 */
export function withSchemaLine(text: string, schema: string): string {
  return `# yaml-language-server: $schema=${schema.split('\\').join('/')}\n${text}`;
}
