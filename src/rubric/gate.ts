/**
 * The optional `gate:` of a rubric check (docs/ci.md, docs/rubric.md): either a level
 * (`gate: error`) or a mapping with the level and limits
 * (`gate: { level: error, minScore: 50, maxDrop: 10, maxDropPct: 20 }`).
 * Like the rest of validation it never throws: problems are reported through `ctx.add`.
 */
import { isMap, isScalar, type Node, type YAMLMap } from '../core/yaml.js';
import { GATE_LEVELS, type CheckGate, type GateLevel, type RubricIssueCode } from './types.js';

export interface GateParseContext {
  add(code: RubricIssueCode, path: string, line: number | null, message: string): void;
  lineOf(node: Node | null | undefined): number | null;
  /** A likely intended word for a typo, if any. */
  nearest(word: string, candidates: readonly string[]): string | undefined;
}

export const LIMITS = {
  minScore: { min: 0, max: 100, what: 'a score between 0 and 100' },
  maxDrop: { min: 0, max: 100, what: 'points between 0 and 100' },
  maxDropPct: { min: 0, max: 100, what: 'a percentage between 0 and 100' },
} as const;
type LimitKey = keyof typeof LIMITS;
export const GATE_KEYS = ['level', ...(Object.keys(LIMITS) as LimitKey[])];

/** The gate, or null when it has issues (already reported). */
export function parseCheckGate(node: Node, path: string, line: number | null, ctx: GateParseContext): CheckGate | null {
  if (isScalar(node)) {
    const level = parseLevel(node.value, path, line, ctx);
    return level === null ? null : { level };
  }
  if (!isMap(node)) {
    ctx.add('WRONG_TYPE', path, line, `must be a level (${GATE_LEVELS.join(' | ')}) or a mapping like { level: error, maxDrop: 10 }`);
    return null;
  }
  let ok = true;
  let level: GateLevel | null | undefined;
  const gate: Partial<Record<LimitKey, number>> = {};
  for (const pair of (node as YAMLMap<unknown, unknown>).items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    const keyLine = ctx.lineOf(keyNode) ?? line;
    const value = pair.value as Node | null;
    if (typeof key !== 'string' || !GATE_KEYS.includes(key)) {
      const guess = typeof key === 'string' ? ctx.nearest(key, GATE_KEYS) : undefined;
      ctx.add(
        'UNKNOWN_FIELD',
        `${path}.${String(key)}`,
        keyLine,
        `unknown field '${String(key)}'` + (guess ? `; did you mean '${guess}'?` : `; allowed: ${GATE_KEYS.join(', ')}`),
      );
      ok = false;
      continue;
    }
    if (key === 'level') {
      level = parseLevel(isScalar(value) ? value.value : undefined, `${path}.level`, keyLine, ctx);
      if (level === null) ok = false;
      continue;
    }
    const limit = LIMITS[key as LimitKey];
    const n = isScalar(value) ? value.value : undefined;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      ctx.add('WRONG_TYPE', `${path}.${key}`, keyLine, `must be a number (${limit.what})`);
      ok = false;
    } else if (n < limit.min || n > limit.max) {
      ctx.add('BAD_VALUE', `${path}.${key}`, keyLine, `must be ${limit.what}, got ${n}`);
      ok = false;
    } else {
      gate[key as LimitKey] = n;
    }
  }
  if (level === undefined) {
    ctx.add('MISSING_FIELD', `${path}.level`, line, `missing required field 'level' (${GATE_LEVELS.join(' | ')})`);
    ok = false;
  }
  if (!ok || !level) return null;
  return { level, ...gate };
}

function parseLevel(value: unknown, path: string, line: number | null, ctx: GateParseContext): GateLevel | null {
  if (typeof value === 'string' && (GATE_LEVELS as readonly string[]).includes(value.trim())) return value.trim() as GateLevel;
  // YAML 1.1 habits: `off` may arrive as false when a parser is configured that way.
  if (value === false) return 'off';
  const guess = typeof value === 'string' ? ctx.nearest(value, GATE_LEVELS) : undefined;
  ctx.add(
    'BAD_VALUE',
    path,
    line,
    `must be one of ${GATE_LEVELS.join(' | ')}, got ${typeof value === 'string' ? `'${value}'` : String(value)}` + (guess ? `; did you mean '${guess}'?` : ''),
  );
  return null;
}
