import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

describe('config motions', () => {
  it('reads declared motions; the others stay undeclared', () => {
    const { config, issues } = parseConfig('motions:\n  freeTier: false\n  selfServe: true\n', 'c.yaml');
    expect(issues).toEqual([]);
    expect(config!.settings.motions).toEqual({ freeTier: false, selfServe: true });
  });

  it('declares nothing without the key', () => {
    const { config } = parseConfig('asOf: 2026-06-30\n', 'c.yaml');
    expect(config!.settings.motions).toEqual({});
  });

  it('reports every mistake with its line: unknown motion (with a suggestion), not a boolean, not a mapping', () => {
    const { config, issues } = parseConfig('motions:\n  freetier: false\n  trial: "no"\n  renewal: false\n', 'c.yaml');
    expect(config).toBeNull();
    expect(issues.map((i) => [i.code, i.line, i.path])).toEqual([
      ['UNKNOWN_FIELD', 2, 'motions.freetier'],
      ['WRONG_TYPE', 3, 'motions.trial'],
      ['UNKNOWN_FIELD', 4, 'motions.renewal'],
    ]);
    expect(issues[0]!.message).toContain("did you mean 'freeTier'?");
    expect(issues[1]!.message).toBe('expected true or false, got "no"');
    expect(issues[2]!.message).toContain("did you mean 'renewals'?");

    const list = parseConfig('motions: [freeTier]\n', 'c.yaml');
    expect(list.issues).toMatchObject([{ code: 'WRONG_TYPE', line: 1, path: 'motions' }]);
  });
});
