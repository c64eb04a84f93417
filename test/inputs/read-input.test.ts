/** The one reader of YAML/JSON inputs (src/inputs/read-input.ts) on small hand-checked files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, invalidInput, issue, parseInput, readInputFile, says, validateInput, type InputKind } from '../../src/inputs/read-input.js';

const KIND: InputKind = { noun: 'thing', code: 'THING', hints: { unreadable: 'check the path', invalid: 'see docs/thing.md' } };
const dir = mkdtempSync(join(tmpdir(), 'pullcheck-read-input-'));

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const schema = z.strictObject({
  name: z.string().trim().min(1),
  share: z.number().min(0, says('BAD_VALUE', 'must be 0 or more')).max(1, says('BAD_VALUE', 'must be at most 1')),
  tags: z.array(z.string()).optional(),
  level: z.union([z.enum(['low', 'high']), z.strictObject({ level: z.enum(['low', 'high']), limit: z.number() })]).optional(),
});
const issuesOf = (text: string, synonyms?: Record<string, string>) => {
  const parsed = parseInput(text, KIND);
  validateInput(parsed, schema, { synonyms });
  return parsed.issues.map((i) => [i.code, i.line, i.column, i.path, i.message]);
};

describe('readInputFile', () => {
  it('a missing file, a directory and bytes that are not UTF-8: one message each, exit 2', () => {
    const missing = errorOf(() => readInputFile(join(dir, 'none.yaml'), KIND));
    expect(missing).toMatchObject({ code: 'THING_UNREADABLE', exitCode: 2, hint: 'check the path' });
    expect(missing.message).toBe(`${join(dir, 'none.yaml')}: thing file not found`);
    expect(errorOf(() => readInputFile(dir, KIND)).message).toBe(`${dir}: cannot read thing file: it is a directory`);
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const bom = join(dir, 'bom.yaml');
    writeFileSync(bom, '\uFEFFname: x\n');
    expect(readInputFile(bom, KIND)).toBe('\uFEFFname: x\n'); // kept: a rubric's hash is of the file as written
    expect(errorOf(() => readInputFile(latin1, KIND)).issues).toEqual([
      { code: 'FILE_UNREADABLE', path: '', line: null, column: null, message: 'cannot read thing file: it is not UTF-8 text; save it as UTF-8' },
    ]);
  });
});

describe('validateInput: every problem with file:line:column', () => {
  it('a valid file gives the schema output and no issue; a BOM does not move lines', () => {
    const parsed = parseInput('\uFEFFname: " x "\nshare: 0.5\n', KIND);
    expect(validateInput(parsed, schema)).toEqual({ name: 'x', share: 0.5 });
    expect(parsed.issues).toEqual([]);
    expect(issuesOf('\uFEFFname: x\nshare: 2\n')).toEqual([['BAD_VALUE', 2, 1, 'share', 'must be at most 1']]);
  });

  it('a missing field at its mapping, an empty one at its key, one issue for a blank text', () => {
    expect(issuesOf('share: 0.5\n')).toEqual([['MISSING_FIELD', 1, 1, 'name', "missing required field 'name'"]]);
    expect(issuesOf('share: 0.5\nname:\n')).toEqual([['MISSING_FIELD', 2, 1, 'name', "'name' is empty"]]);
    expect(issuesOf('share: 0.5\nname: "  "\n')).toEqual([['MISSING_FIELD', 2, 1, 'name', "'name' is empty"]]);
  });

  it('wrong types say what was found, with the fraction for a percentage', () => {
    expect(issuesOf('name: x\nshare: 60%\ntags: none\n')).toEqual([
      ['WRONG_TYPE', 2, 1, 'share', "must be a number, got text '60%'; write percentages as fractions, e.g. 0.6 for 60%"],
      ['WRONG_TYPE', 3, 1, 'tags', "must be a list, got text 'none'"],
    ]);
    expect(issuesOf('name: x\nshare: 0.5\ntags: [a, 3]\n')).toEqual([['WRONG_TYPE', 3, 11, 'tags[1]', 'must be text, got the number 3']]);
  });

  it('unknown keys: the nearest field or a synonym, else the allowed ones; no second issue for the field it meant', () => {
    expect(issuesOf('nmae: x\nshare: 0.5\n')).toEqual([['UNKNOWN_FIELD', 1, 1, 'nmae', "unknown field 'nmae'; did you mean 'name'?"]]);
    expect(issuesOf('title: x\nshare: 0.5\n', { title: 'name' })).toEqual([['UNKNOWN_FIELD', 1, 1, 'title', "unknown field 'title'; did you mean 'name'?"]]);
    expect(issuesOf('name: x\nshare: 0.5\ncolour: red\n')).toEqual([['UNKNOWN_FIELD', 3, 1, 'colour', "unknown field 'colour'; allowed: name, share, tags, level"]]);
  });

  it('a union reports the branch the value was meant for, and enum values with a suggestion', () => {
    expect(issuesOf('name: x\nshare: 0.5\nlevel: hihg\n')).toEqual([['BAD_VALUE', 3, 1, 'level', "must be one of low | high, got 'hihg'; did you mean 'high'?"]]);
    expect(issuesOf('name: x\nshare: 0.5\nlevel:\n  level: low\n  limit: many\n')).toEqual([['WRONG_TYPE', 5, 3, 'level.limit', "must be a number, got text 'many'"]]);
  });

  it('YAML syntax is one issue at the line of the mistake; a duplicate key names the key', () => {
    expect(issuesOf('name: "x\nshare: 0.5\n').map((i) => [i[0], i[1]])).toEqual([['YAML_SYNTAX', 1]]);
    expect(issuesOf('name: x\nshare: 0.5\nname: y\n')).toEqual([['DUPLICATE_KEY', 3, 1, '', "'name' appears twice in the same mapping; keep one"]]);
  });

  it('reads JSON with lines too, and names it JSON when it is not', () => {
    const json: InputKind = { ...KIND, format: 'json' };
    const parsed = parseInput('{\n  "name": "x",\n  "share": "half"\n}\n', json);
    expect(validateInput(parsed, schema)).toBeNull();
    expect(parsed.issues.map((i) => [i.line, i.path])).toEqual([[3, 'share']]);
    const broken = parseInput('{ "name": ', json);
    validateInput(broken, schema);
    expect(broken.issues[0]?.message).toMatch(/^not valid JSON: /);
  });

  it('a refinement issue carries its code and may be placed at another field', () => {
    const rule = z.strictObject({ basis: z.string(), source: z.string().optional() }).superRefine((v, ctx) => {
      if (v.source === undefined) ctx.addIssue(issue('MISSING_SOURCE', ['source'], 'needs a source', ['basis']));
    });
    const nested = parseInput('rule:\n  basis: sourced\n', KIND);
    validateInput(nested, z.strictObject({ rule }));
    expect(nested.issues).toEqual([{ code: 'MISSING_SOURCE', path: 'rule.source', line: 2, column: 3, message: 'needs a source' }]);
  });

  it('invalidInput: one InputError with every issue in line order and the invalid hint', () => {
    const parsed = parseInput('tags: 1\nshare: -1\n', KIND);
    expect(validateInput(parsed, schema)).toBeNull();
    const error = invalidInput('thing.yaml', KIND, parsed.issues);
    expect(error).toMatchObject({ code: 'THING_INVALID', exitCode: 2, hint: 'see docs/thing.md' });
    expect(error.message.split('\n')).toEqual([
      "thing.yaml:1: name: missing required field 'name'",
      'thing.yaml:1: tags: must be a list, got the number 1',
      'thing.yaml:2: share: must be 0 or more',
    ]);
  });
});
