/**
 * Personal data in the values the JSON report lists as exported (issue 17, item 2):
 * `inputs.files[].values.<field>[].from` showed raw lead sources and stages, so an e-mail or a
 * person's name used as a source appeared verbatim, in CI too. Non-ASCII addresses are found
 * whole, and a contact's name reused as a source is scrubbed like a deal owner's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, readCsv, tempDir, writeCsv } from './ci-data.js';
import { runCli } from './run-cli.js';

describe('values as exported, in the JSON report', () => {
  it('carry no e-mail address, owner or contact name, in CI or not', () => {
    const data = copyFixture('private');
    const file = join(data, 'deals.csv');
    const [header, ...rows] = readCsv(file);
    const contactName = readCsv(join(data, 'contacts.csv'))[1]![4]!;
    const owner = rows[0]![header!.indexOf('owner')]!;
    const sources = ['josé.garcía@empresa.es', `referral ${contactName}`, `partner of ${owner}`, 'ĳsbrand@bücher.de'];
    rows.forEach((row, i) => {
      row[header!.indexOf('source')] = sources[i % sources.length]!;
    });
    writeCsv(file, [header!, ...rows]);
    for (const ci of ['true', '']) {
      const out = join(tempDir(), 'report.json');
      const r = runCli(['analyze', data, '--format', 'json', '--output', out], { env: { CI: ci } });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { inputs: { files: Array<{ path: string; values?: Record<string, Array<{ from: string }>> }> } };
      const deals = report.inputs.files.find((f) => f.path.endsWith('deals.csv'))!;
      const shown = deals.values!.source!.map((v) => v.from);
      expect(shown.length).toBeGreaterThan(0);
      const text = readFileSync(out, 'utf8');
      for (const secret of ['josé', 'garcía', 'empresa.es', 'ĳsbrand', 'bücher', contactName, owner]) {
        expect(text, `CI=${ci}: ${secret}`).not.toContain(secret);
      }
      expect(shown).toContain('[email]');
      expect(shown).toContain('referral [person]');
    }
  });
});
