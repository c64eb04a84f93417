#!/usr/bin/env node
// Compare two folders of golden reports, leaving out some fields of every check: to show that a
// change touched only what it meant to (e.g. evidence) and no score, status or other field.
//   node scripts/golden-compare.mjs OLD_DIR NEW_DIR [--except evidence,notes]
// OLD_DIR can come from git: mkdir /tmp/old && for f in $(git ls-tree --name-only main test/golden/); do git show main:$f > /tmp/old/${f##*/}; done
// Exit 0 when every report is the same outside the excepted fields, 1 otherwise (each differing file named).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--except');
const except = at >= 0 ? (args[at + 1] ?? '').split(',').filter(Boolean) : ['evidence'];
const [oldDir, newDir] = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (!oldDir || !newDir) {
  console.error('usage: node scripts/golden-compare.mjs OLD_DIR NEW_DIR [--except evidence,notes]');
  process.exit(2);
}
const strip = (report) => ({
  ...report,
  categories: report.categories.map((c) => ({
    ...c,
    checks: c.checks.map((k) => Object.fromEntries(Object.entries(k).filter(([key]) => !except.includes(key)))),
  })),
});
let differ = 0;
let checks = 0;
const files = readdirSync(newDir).filter((f) => f.endsWith('.json')).sort();
for (const f of files) {
  const before = strip(JSON.parse(readFileSync(join(oldDir, f), 'utf8')));
  const after = strip(JSON.parse(readFileSync(join(newDir, f), 'utf8')));
  checks += after.categories.reduce((n, c) => n + c.checks.length, 0);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    differ++;
    console.log(`differs outside ${except.join(', ')}: ${f}`);
  }
}
console.log(`${files.length} reports, ${checks} checks: ${differ} differ outside ${except.join(', ')}`);
process.exit(differ ? 1 : 0);
