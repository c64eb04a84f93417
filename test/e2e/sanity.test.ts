/**
 * Data-sanity findings and config errors on small fixtures (fixtures/sanity/<case>/), through the
 * built CLI: each finding counted, shown with file:line, and never silent.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('config entries checked against the data (exit 2)', () => {
  it('a config column that is not in the file: config:line, the header and a did-you-mean', () => {
    for (const command of ['analyze', 'inspect']) {
      const r = runCli([command, 'fixtures/sanity/config-column']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/pullcheck\.config\.yaml:6: files\."opps\.csv"\.columns\.dealId: "Opp No" is not a column of .*opps\.csv; did you mean "Opp #"\?/);
      expect(r.stderr).toMatch(/pullcheck\.config\.yaml:8: files\."opps\.csv"\.columns\.amount: "Valeu" .*did you mean "Value"\?/);
      expect(r.stderr).toMatch(/CONFIG_COLUMN_NOT_FOUND/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('a files: entry that matches no file: config:line and the closest file name', () => {
    const r = runCli(['analyze', 'fixtures/sanity/config-file', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/pullcheck\.config\.yaml:3: files\."opp\.csv": matches no file in the folder; did you mean "opps\.csv"\? \(files: opps\.csv\)/);
    expect(r.stderr).toMatch(/CONFIG_FILE_NOT_MATCHED/);
  });
});
